"""The operations capability's own vocabularies (the shared ones are in core/vocab.py)."""

from __future__ import annotations

from liaison.core.i18n import N_, Label

OPERATION_KINDS: dict[str, Label] = {
    "joint_action_day": N_("Joint Action Day"),
    "action_day": N_("Action day"),
    "empact_action": N_("EMPACT operational action"),
    "joint_operation": N_("Joint operation"),
    "joint_investigation": N_("Joint investigation (JIT-like)"),
}

TARGET_KINDS: dict[str, Label] = {"person": N_("Person"), "group": N_("Group"), "place": N_("Place")}

ACTION_STATUSES: dict[str, Label] = {"open": N_("Open"), "done": N_("Done"), "cancelled": N_("Cancelled")}

#: What a result records, and its default unit.
RESULT_KINDS: dict[str, Label] = {
    "arrest": N_("Arrest"),
    "seizure": N_("Seizure"),
    "check": N_("Checks performed"),
    "investigation": N_("Investigations opened"),
    "victims": N_("Victims identified"),
    "deployment": N_("Officers deployed"),
    "offence": N_("Terrorist offence"),
    "attack": N_("Terrorist attack"),
    "court_decision": N_("Court decision"),
}

#: Seizure categories: drugs by type (kg), firearms by kind (pieces), ammunition (rounds), cash and assets
#: (by currency), vehicles, documents, environmental goods (the environment's seizure record).
SEIZURE_CATEGORIES: dict[str, tuple[Label, str]] = {
    "cannabis": (N_("Cannabis"), "kg"),
    "cocaine": (N_("Cocaine"), "kg"),
    "heroin": (N_("Heroin"), "kg"),
    "synthetic_drugs": (N_("Synthetic drugs and NPS"), "kg"),
    "pistol": (N_("Pistols"), "pcs"),
    "rifle": (N_("Rifles and automatic weapons"), "pcs"),
    "explosives": (N_("Explosives"), "kg"),
    "ammunition": (N_("Ammunition"), "rounds"),
    "cash": (N_("Cash"), "EUR"),
    "assets": (N_("Other assets"), "EUR"),
    "vehicle": (N_("Vehicles"), "pcs"),
    "documents": (N_("Forged or false documents"), "pcs"),
    "environmental": (N_("Goods under environmental treaties"), ""),
}

CHECK_CATEGORIES: dict[str, Label] = {
    "persons": N_("Persons checked"),
    "vehicles": N_("Vehicles checked"),
    "parcels": N_("Parcels checked"),
    "premises": N_("Premises checked"),
}

MIGRATION_KINDS: dict[str, Label] = {
    "apprehension": N_("Apprehension of a group (illegal border crossing)"),
    "illegal_stay": N_("Illegal stay"),
    "refusal_of_entry": N_("Refusal of entry"),
    "asylum_application": N_("Asylum application at the border"),
}

READMISSION_STATUSES: dict[str, Label] = {
    "requested": N_("Requested"),
    "accepted": N_("Accepted"),
    "refused": N_("Refused"),
    "handed_over": N_("Handed over"),
}
