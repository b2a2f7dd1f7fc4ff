"""Controlled vocabularies shared by several capabilities (DOMAIN.md §1, §3, §5).

Codes are stable identifiers stored in the database; labels are translatable.
"""

from __future__ import annotations

from liaison.core.i18n import _

#: EU EMPACT priorities 2022–2025 plus the cross-cutting threats (DOMAIN.md §5).
CRIME_AREAS: dict[str, str] = {
    "high_risk_networks": _("High-risk criminal networks"),
    "cyber_attacks": _("Cyber-attacks"),
    "trafficking_human_beings": _("Trafficking in human beings"),
    "child_sexual_exploitation": _("Child sexual exploitation"),
    "migrant_smuggling": _("Migrant smuggling"),
    "drugs_trafficking": _("Drugs trafficking"),
    "fraud_economic_financial": _("Fraud, economic and financial crimes"),
    "organised_property_crime": _("Organised property crime"),
    "environmental_crime": _("Environmental crime"),
    "firearms_trafficking": _("Firearms trafficking"),
    "document_fraud": _("Document fraud"),
    "criminal_finances": _("Criminal finances"),
    "terrorism": _("Terrorism"),
}

CHANNELS: dict[str, str] = {
    "siena": "SIENA",
    "i24_7": "INTERPOL I-24/7",
    "sirene": "SIRENE",
    "liaison_officer": _("Liaison officer"),
    "pcc": _("PCC / bilateral"),
}

#: Europol handling codes.
HANDLING_CODES: dict[str, str] = {
    "H0": _("H0 — use only to prevent and combat crime"),
    "H1": _("H1 — not to be used in judicial proceedings without the provider's permission"),
    "H2": _("H2 — not to be disseminated without the provider's permission"),
    "H3": _("H3 — other restrictions (stated in the message)"),
}

SOURCE_EVALUATION: dict[str, str] = {
    "A": _("A — no doubt of authenticity, trustworthiness or competence"),
    "B": _("B — source mostly reliable"),
    "C": _("C — source mostly not reliable"),
    "X": _("X — reliability cannot be assessed"),
}

INFORMATION_EVALUATION: dict[str, str] = {
    "1": _("1 — no doubt of accuracy"),
    "2": _("2 — known personally to the source, not to the official passing it on"),
    "3": _("3 — not known personally to the source, but corroborated"),
    "4": _("4 — not known personally to the source and not corroborated"),
}

EVALUATION_CODES = tuple(s + i for s in SOURCE_EVALUATION for i in INFORMATION_EVALUATION)

AGENCY_KINDS: dict[str, str] = {
    "police": _("Police"),
    "border_police": _("Border police"),
    "customs": _("Customs"),
    "prosecution": _("Prosecution"),
    "environment": _("Environment inspectorate"),
    "fiu": _("Financial intelligence unit"),
    "judiciary": _("Judiciary"),
    "interpol_ncb": _("INTERPOL National Central Bureau"),
    "europol_liaison": _("Europol liaison bureau"),
    "selec": "SELEC",
    "pcc": _("Police cooperation centre"),
}

ROLES: dict[str, str] = {
    "officer": _("Officer"),
    "supervisor": _("Supervisor"),
    "analyst": _("Analyst"),
    "dpo": _("Data-protection officer"),
    "dpo_national": _("Data-protection officer (national)"),
    "dpo_system": _("Data-protection officer (whole system)"),
    "admin": _("Administrator"),
    "frontline": _("Frontline (border/PCC officer)"),
}

#: Roles an administrator does not hold implicitly: a frontline check is an operational duty, so even an
#: administrator must be given the role explicitly (``accounts.service.roles_allow``).
EXPLICIT_ROLES: frozenset[str] = frozenset({"frontline"})

LANGUAGES: dict[str, str] = {
    "sq": _("Albanian"),
    "sr": _("Serbian"),
    "mk": _("Macedonian"),
    "bs": _("Bosnian"),
    "hr": _("Croatian"),
    "cnr": _("Montenegrin"),
    "en": _("English"),
    "de": _("German"),
    "it": _("Italian"),
    "fr": _("French"),
}

#: EU EMPACT priorities 2022–2025 (DOMAIN.md §5): the crime-area codes an operational action may serve.
EMPACT_PRIORITIES: dict[str, str] = {
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
TERRORISM_AFFILIATIONS: dict[str, str] = {
    "jihadist": _("Jihadist"),
    "ethno_nationalist_separatist": _("Ethno-nationalist and separatist"),
    "left_wing_anarchist": _("Left-wing and anarchist"),
    "right_wing": _("Right-wing"),
    "single_issue": _("Single-issue"),
    "other": _("Other / not specified"),
}

#: TE-SAT attack outcomes.
ATTACK_OUTCOMES: dict[str, str] = {
    "completed": _("Completed"),
    "failed": _("Failed"),
    "foiled": _("Foiled"),
}
