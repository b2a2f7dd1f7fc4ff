"""Controlled vocabularies shared by several capabilities (DOMAIN.md §1, §3, §5).

Codes are stable identifiers stored in the database; labels are translatable.
"""

from __future__ import annotations

from liaison.core.i18n import N_, NP_, Label

#: EU EMPACT priorities 2022–2025 plus the cross-cutting threats (DOMAIN.md §5).
CRIME_AREAS: dict[str, Label] = {
    "high_risk_networks": N_("High-risk criminal networks"),
    "cyber_attacks": N_("Cyber-attacks"),
    "trafficking_human_beings": N_("Trafficking in human beings"),
    "child_sexual_exploitation": N_("Child sexual exploitation"),
    "migrant_smuggling": N_("Migrant smuggling"),
    "drugs_trafficking": N_("Drugs trafficking"),
    "fraud_economic_financial": N_("Fraud, economic and financial crimes"),
    "organised_property_crime": N_("Organised property crime"),
    "environmental_crime": N_("Environmental crime"),
    "firearms_trafficking": N_("Firearms trafficking"),
    "document_fraud": N_("Document fraud"),
    "criminal_finances": N_("Criminal finances"),
    "terrorism": N_("Terrorism"),
}

CHANNELS: dict[str, Label] = {
    "siena": "SIENA",
    "i24_7": "INTERPOL I-24/7",
    "sirene": "SIRENE",
    "liaison_officer": N_("Liaison officer"),
    "pcc": N_("PCC / bilateral"),
}

#: Europol handling codes.
HANDLING_CODES: dict[str, Label] = {
    "H0": N_("H0 — use only to prevent and combat crime"),
    "H1": N_("H1 — not to be used in judicial proceedings without the provider's permission"),
    "H2": N_("H2 — not to be disseminated without the provider's permission"),
    "H3": N_("H3 — other restrictions (stated in the message)"),
}

SOURCE_EVALUATION: dict[str, Label] = {
    "A": N_("A — no doubt of authenticity, trustworthiness or competence"),
    "B": N_("B — source mostly reliable"),
    "C": N_("C — source mostly not reliable"),
    "X": N_("X — reliability cannot be assessed"),
}

INFORMATION_EVALUATION: dict[str, Label] = {
    "1": N_("1 — no doubt of accuracy"),
    "2": N_("2 — known personally to the source, not to the official passing it on"),
    "3": N_("3 — not known personally to the source, but corroborated"),
    "4": N_("4 — not known personally to the source and not corroborated"),
}

EVALUATION_CODES = tuple(s + i for s in SOURCE_EVALUATION for i in INFORMATION_EVALUATION)

AGENCY_KINDS: dict[str, Label] = {
    "police": N_("Police"),
    "border_police": N_("Border police"),
    "customs": N_("Customs"),
    "prosecution": N_("Prosecution"),
    "environment": N_("Environment inspectorate"),
    "fiu": N_("Financial intelligence unit"),
    "judiciary": N_("Judiciary"),
    "interpol_ncb": N_("INTERPOL National Central Bureau"),
    "europol_liaison": N_("Europol liaison bureau"),
    "selec": "SELEC",
    "pcc": N_("Police cooperation centre"),
}

ROLES: dict[str, Label] = {
    "officer": N_("Officer"),
    "supervisor": N_("Supervisor"),
    "analyst": N_("Analyst"),
    "dpo": N_("Data-protection officer"),
    "dpo_national": N_("Data-protection officer (national)"),
    "dpo_system": N_("Data-protection officer (whole system)"),
    "admin": N_("Administrator"),
    "frontline": N_("Frontline (border/PCC officer)"),
}

#: Roles an administrator does not hold implicitly: a frontline check is an operational duty, so even an
#: administrator must be given the role explicitly (``accounts.service.roles_allow``).
EXPLICIT_ROLES: frozenset[str] = frozenset({"frontline"})

LANGUAGES: dict[str, Label] = {
    "sq": N_("Albanian"),
    "sr": N_("Serbian"),
    "mk": N_("Macedonian"),
    "bs": N_("Bosnian"),
    "hr": N_("Croatian"),
    "cnr": N_("Montenegrin"),
    "en": N_("English"),
    "de": N_("German"),
    "it": N_("Italian"),
    "fr": N_("French"),
}

#: What a message's ``status`` says, for the badge on inbox, outbox and case pages.
MESSAGE_STATUSES: dict[str, Label] = {
    "sent": N_("sent"),
    "open": N_("open"),
    "assigned": N_("assigned"),
    "clarification_requested": N_("clarification requested"),
    "answered": N_("answered"),
    "closed": N_("closed"),
}

#: Kinds of message, as the thread of a case names them.
MESSAGE_KINDS: dict[str, Label] = {
    "request": N_("Request"),
    "reply": N_("Reply"),
    "clarification_request": N_("Clarification request"),
    "clarification": N_("Clarification"),
    "refusal": N_("Refusal"),
    "spontaneous": N_("Spontaneous information"),
    "notification": N_("Notification"),
    "forward": NP_("message kind", "Forward"),
}

#: What happened to a message after it was sent (the events under a message).
MESSAGE_EVENTS: dict[str, Label] = {
    "assigned": N_("assigned"),
    "permission_granted": N_("permission granted"),
    "forwarded": N_("forwarded"),
    "reply": N_("replied"),
    "clarification_request": N_("clarification requested"),
    "clarification": N_("clarified"),
    "refusal": N_("refused"),
}

#: EU EMPACT priorities 2022–2025 (DOMAIN.md §5): the crime-area codes an operational action may serve.
EMPACT_PRIORITIES: dict[str, Label] = {
    code: CRIME_AREAS[code]
    for code in (
        "high_risk_networks",
        "cyber_attacks",
        "trafficking_human_beings",
        "child_sexual_exploitation",
        "migrant_smuggling",
        "drugs_trafficking",
        "fraud_economic_financial",
        "organised_property_crime",
        "environmental_crime",
        "firearms_trafficking",
    )
}

#: TE-SAT affiliations of terrorist attacks and arrests (Council Decision 2005/671/JHA; DOMAIN.md §5, §9).
TERRORISM_AFFILIATIONS: dict[str, Label] = {
    "jihadist": N_("Jihadist"),
    "ethno_nationalist_separatist": N_("Ethno-nationalist and separatist"),
    "left_wing_anarchist": N_("Left-wing and anarchist"),
    "right_wing": N_("Right-wing"),
    "single_issue": N_("Single-issue"),
    "other": N_("Other / not specified"),
}

#: TE-SAT attack outcomes.
ATTACK_OUTCOMES: dict[str, Label] = {
    "completed": N_("Completed"),
    "failed": N_("Failed"),
    "foiled": N_("Foiled"),
}

#: The operations of the audit trail (``core.audit.service.Actions``), as the DPO page names them.
AUDIT_ACTIONS: dict[str, Label] = {
    "collection": N_("collection"),
    "alteration": N_("alteration"),
    "consultation": N_("consultation"),
    "disclosure": N_("disclosure"),
    "combination": N_("combination"),
    "erasure": N_("erasure"),
    "login": N_("sign-in"),
    "login_failed": N_("failed sign-in"),
    "access_denied": N_("access denied"),
    "administration": N_("administration"),
}

#: The kinds of record the audit trail names (its ``object_type``); an unknown kind is shown as its code.
AUDIT_OBJECTS: dict[str, Label] = {
    "message": N_("message"),
    "case": N_("case"),
    "person": N_("person"),
    "entity": N_("entity"),
    "attachment": N_("attachment"),
    "user": N_("user account"),
    "agency": N_("agency"),
    "hit": N_("hit"),
    "watchlist": N_("watchlist"),
    "watchlist_entry": N_("watchlist entry"),
    "action_item": N_("action item"),
    "analysis_chart": N_("analysis chart"),
    "contact_point": N_("contact point"),
    "frontline_check": N_("frontline check"),
    "graph": N_("link graph"),
    "meeting": N_("meeting"),
    "migration_incident": N_("migration incident"),
    "operation": N_("operation"),
    "operation_target": N_("operation target"),
    "readmission": N_("readmission"),
    "readmission_rule": N_("readmission rule"),
    "result": N_("operation result"),
    "env_seizure": N_("environmental seizure"),
    "env_task_force": N_("environmental task force"),
    "env_case": N_("environmental case"),
    "analysis_link": N_("analysis link"),
    "audit": N_("audit trail"),
    "report": N_("report"),
    "search": N_("search"),
}

#: A hit's status (``matching.models.Hit.status``).
HIT_STATUSES: dict[str, Label] = {
    "new": N_("new"),
    "confirmed": N_("confirmed"),
    "rejected": N_("rejected"),
}

#: The fields a hit's explanation names: the person comparison and the identifier kinds.
HIT_FIELDS: dict[str, Label] = {
    "name": N_("name"),
    "identifier": N_("identifiers"),
    "birth_date": N_("birth date"),
    "sex": N_("sex"),
    "nationality": N_("nationality"),
    "document": N_("document number"),
    "mrz": N_("MRZ"),
    "plate": N_("plate"),
    "vin": N_("VIN"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
    "iban": N_("IBAN"),
    "imo": N_("IMO number"),
    "container": N_("container number"),
    "firearm_serial": N_("firearm serial number"),
    "registration_number": N_("registration number"),
}

#: How a field of a hit compared.
HIT_OUTCOMES: dict[str, Label] = {
    "match": N_("agrees"),
    "same": N_("same"),
    "shared": N_("shared"),
    "different": N_("differs"),
    "exact": N_("identical"),
    "swapped": N_("day and month swapped"),
    "year": N_("year agrees"),
    "year_month": N_("year and month agree"),
    "conflict": N_("conflict"),
    "unknown": N_("unknown"),
}


def code_label(labels: dict[str, Label], code: str | None) -> str:
    """The reader's word for ``code`` in ``labels``; a code with no label is shown as it is (data)."""
    if code is None:
        return ""
    label = labels.get(code)
    return str(label) if label is not None else code
