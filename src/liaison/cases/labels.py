"""Words for the codes the case system stores, so pages show "Drugs trafficking" and "Directive (EU)
2023/977" instead of ``drugs_trafficking`` and ``EU-2023-977``, and say how urgent an open request is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from liaison.cases.cases import OUTCOMES
from liaison.cases.deadlines import DEFAULT_PROFILES
from liaison.cases.inbox import DUE_SOON
from liaison.cases.models import Message
from liaison.core.i18n import N_, Label, _
from liaison.core.vocab import CHANNELS, CRIME_AREAS, LANGUAGES

MESSAGE_KINDS: dict[str, Label] = {
    "request": N_("Request"),
    "reply": N_("Reply"),
    "refusal": N_("Refusal"),
    "clarification_request": N_("Clarification requested"),
    "clarification": N_("Clarification"),
    "spontaneous": N_("Spontaneous information"),
    "notification": N_("Notification"),
    "forward": N_("Forwarded copy"),
}

STATUSES: dict[str, Label] = {
    "open": N_("open"),
    "assigned": N_("assigned"),
    "clarification_requested": N_("clarification requested"),
    "answered": N_("answered"),
    "refused": N_("refused"),
    "sent": N_("sent"),
    "closed": N_("closed"),
}

EVENTS: dict[str, Label] = {
    "assigned": N_("assigned"),
    "reply": N_("answered"),
    "refusal": N_("refused"),
    "clarification_request": N_("clarification requested"),
    "clarification": N_("clarification received"),
    "deadline_paused": N_("deadline paused"),
    "deadline_resumed": N_("deadline resumed"),
    "forwarded": N_("forwarded"),
    "permission_granted": N_("permission granted"),
    "closed": N_("case closed"),
    "reopened": N_("case reopened"),
    "edited": N_("case edited"),
}

FIELDS: dict[str, Label] = {
    "title": N_("Title"),
    "description": N_("Description"),
    "crime_areas": N_("Crime areas"),
    "handling_code": N_("Handling code"),
    "outcome": N_("Outcome"),
}

_BASES = {str(p["code"]): str(p["name"]) for p in DEFAULT_PROFILES}

#: Below this much time left a request is "due within a day".
DUE_TODAY = timedelta(hours=24)


def _word(table: Mapping[str, Label], code: str | None) -> str:
    if not code:
        return ""
    word = table.get(code)
    return str(word) if word else code.replace("_", " ")


def kind_label(kind: str) -> str:
    return _word(MESSAGE_KINDS, kind)


def status_label(status: str) -> str:
    return _word(STATUSES, status)


def event_label(kind: str) -> str:
    return _word(EVENTS, kind)


def field_label(name: str) -> str:
    return _word(FIELDS, name)


def area_label(code: str) -> str:
    return _word(CRIME_AREAS, code)


def areas_label(codes: list[str]) -> str:
    return ", ".join(area_label(c) for c in codes)


def basis_label(code: str | None) -> str:
    return _word(_BASES, code)


def outcome_label(code: str) -> str:
    return _word(OUTCOMES, code)


def channel_label(code: str) -> str:
    return _word(CHANNELS, code)


def language_label(code: str) -> str:
    return _word(LANGUAGES, code)


@dataclass(frozen=True)
class Urgency:
    """How pressing an open request is: a CSS class (colour) and the words (never colour alone)."""

    level: str
    words: str


def urgency(message: Message, now: datetime | None = None) -> Urgency:
    left = message.time_left(now)
    if left is None:
        return Urgency("done", status_label(message.status))
    if message.is_paused:
        return Urgency("paused", _("Paused: clarification awaited"))
    if left < timedelta(0):
        return Urgency("overdue", _("Overdue"))
    if left < DUE_SOON:
        return Urgency("critical", _("Due within 2 hours"))
    if left < DUE_TODAY:
        return Urgency("soon", _("Due within a day"))
    return Urgency("ok", _("On time"))


#: Template globals of the case system's pages (installed by ``cases.register``).
TEMPLATE_GLOBALS = {
    "kind_label": kind_label,
    "status_label": status_label,
    "event_label": event_label,
    "field_label": field_label,
    "area_label": area_label,
    "areas_label": areas_label,
    "basis_label": basis_label,
    "outcome_label": outcome_label,
    "channel_label": channel_label,
    "language_label": language_label,
    "urgency": urgency,
}
