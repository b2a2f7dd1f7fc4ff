"""Words for the codes the case system stores, so pages show "Drugs trafficking" and "Directive (EU)
2023/977" instead of ``drugs_trafficking`` and ``EU-2023-977``, and say how urgent an open request is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from liaison.cases.cases import OUTCOMES
from liaison.cases.deadlines import DEFAULT_PROFILES
from liaison.cases.inbox import DUE_SOON
from liaison.cases.models import Message
from liaison.core.i18n import _
from liaison.core.vocab import CHANNELS, CRIME_AREAS, LANGUAGES

MESSAGE_KINDS: dict[str, str] = {
    "request": _("Request"),
    "reply": _("Reply"),
    "refusal": _("Refusal"),
    "clarification_request": _("Clarification requested"),
    "clarification": _("Clarification"),
    "spontaneous": _("Spontaneous information"),
    "notification": _("Notification"),
    "forward": _("Forwarded copy"),
}

STATUSES: dict[str, str] = {
    "open": _("open"),
    "assigned": _("assigned"),
    "clarification_requested": _("clarification requested"),
    "answered": _("answered"),
    "refused": _("refused"),
    "sent": _("sent"),
    "closed": _("closed"),
}

EVENTS: dict[str, str] = {
    "assigned": _("assigned"),
    "reply": _("answered"),
    "refusal": _("refused"),
    "clarification_request": _("clarification requested"),
    "clarification": _("clarification received"),
    "deadline_paused": _("deadline paused"),
    "deadline_resumed": _("deadline resumed"),
    "forwarded": _("forwarded"),
    "permission_granted": _("permission granted"),
    "closed": _("case closed"),
    "reopened": _("case reopened"),
    "edited": _("case edited"),
}

FIELDS: dict[str, str] = {
    "title": _("Title"),
    "description": _("Description"),
    "crime_areas": _("Crime areas"),
    "handling_code": _("Handling code"),
    "outcome": _("Outcome"),
}

_BASES = {str(p["code"]): str(p["name"]) for p in DEFAULT_PROFILES}

#: Below this much time left a request is "due within a day".
DUE_TODAY = timedelta(hours=24)


def _word(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return table.get(code) or code.replace("_", " ")


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
