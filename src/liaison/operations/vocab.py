"""The operations capability's own vocabularies (the shared ones are in core/vocab.py)."""

from __future__ import annotations

from liaison.core.i18n import _

OPERATION_KINDS: dict[str, str] = {
    "joint_action_day": _("Joint Action Day"),
    "action_day": _("Action day"),
    "empact_action": _("EMPACT operational action"),
    "joint_operation": _("Joint operation"),
    "joint_investigation": _("Joint investigation (JIT-like)"),
}

TARGET_KINDS: dict[str, str] = {"person": _("Person"), "group": _("Group"), "place": _("Place")}

ACTION_STATUSES: dict[str, str] = {"open": _("Open"), "done": _("Done"), "cancelled": _("Cancelled")}

#: What a result records, and its default unit.
RESULT_KINDS: dict[str, str] = {
    "arrest": _("Arrest"),
    "seizure": _("Seizure"),
    "check": _("Checks performed"),
    "investigation": _("Investigations opened"),
    "victims": _("Victims identified"),
    "deployment": _("Officers deployed"),
    "offence": _("Terrorist offence"),
    "attack": _("Terrorist attack"),
    "court_decision": _("Court decision"),
}

#: Seizure categories: drugs by type (kg), firearms by kind (pieces), ammunition (rounds), cash and assets
#: (by currency), vehicles, documents, environmental goods (the environment's seizure record).
SEIZURE_CATEGORIES: dict[str, tuple[str, str]] = {
    "cannabis": (_("Cannabis"), "kg"),
    "cocaine": (_("Cocaine"), "kg"),
    "heroin": (_("Heroin"), "kg"),
    "synthetic_drugs": (_("Synthetic drugs and NPS"), "kg"),
    "pistol": (_("Pistols"), "pcs"),
    "rifle": (_("Rifles and automatic weapons"), "pcs"),
    "explosives": (_("Explosives"), "kg"),
    "ammunition": (_("Ammunition"), "rounds"),
    "cash": (_("Cash"), "EUR"),
    "assets": (_("Other assets"), "EUR"),
    "vehicle": (_("Vehicles"), "pcs"),
    "documents": (_("Forged or false documents"), "pcs"),
    "environmental": (_("Goods under environmental treaties"), ""),
}

CHECK_CATEGORIES: dict[str, str] = {
    "persons": _("Persons checked"),
    "vehicles": _("Vehicles checked"),
    "parcels": _("Parcels checked"),
    "premises": _("Premises checked"),
}

MIGRATION_KINDS: dict[str, str] = {
    "apprehension": _("Apprehension of a group (illegal border crossing)"),
    "illegal_stay": _("Illegal stay"),
    "refusal_of_entry": _("Refusal of entry"),
    "asylum_application": _("Asylum application at the border"),
}

READMISSION_STATUSES: dict[str, str] = {
    "requested": _("Requested"),
    "accepted": _("Accepted"),
    "refused": _("Refused"),
    "handed_over": _("Handed over"),
}
