"""Turning what a data-protection officer types into an audit query (:class:`~.scope.EventQuery`).

A reference people quote (a case reference such as ``ME-2026-00001``, a message as
``ME-2026-00001/12``) is resolved through the capability that issued it (the installed registry's
reference resolvers: the trail sits below the cases and never imports them). Dates are days in the
display time zone (``LIAISON_DISPLAY_TIMEZONE``), ``until`` inclusive.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from liaison.core.audit.models import AuditRecord
from liaison.core.audit.scope import EventQuery, agency_by_code

__all__ = ["EventQuery", "build_query", "to_csv", "audit_export", "MAX_EVENTS", "RECENT"]
from liaison.core.audit.service import Actions, AuditContext, not_found, record
from liaison.core.config import get_settings
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.registry import installed

#: The most records a page or an export shows.
MAX_EVENTS = 5000
#: Recent events shown when the DPO has not filtered yet.
RECENT = 50


def _day(value: str, field: str, fields: dict[str, str]) -> datetime | None:
    if not value.strip():
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        fields[field] = _("A date as YYYY-MM-DD.")
        return None
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(get_settings().display_timezone))


def build_query(
    session: Session,
    ctx: AuditContext,
    *,
    reference: str = "",
    object_type: str = "",
    object_id: str = "",
    user: str = "",
    agency: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
) -> EventQuery:
    """The query, or InvalidInput naming each bad field; an unknown reference is NotFound (audited)."""
    fields: dict[str, str] = {}
    reference, object_id = reference.strip(), object_id.strip()
    if reference:
        found = installed().resolve_reference(session, reference)
        if found is None and reference.isdigit() and object_type:
            found = (object_type, reference)
        if found is None:
            raise not_found(ctx, "reference", reference[:80])
        object_type, object_id = found
    elif object_id and not object_type:
        fields["object_type"] = _("Say what kind of record the identifier is.")
    agency_id = None
    if agency.strip():
        agency_id = agency_by_code(session, agency)
        if agency_id is None:
            fields["agency"] = _("No agency has this code.")
    if action and action not in Actions.ALL:
        fields["action"] = _("Unknown action; one of: ") + ", ".join(Actions.ALL)
    start = _day(since, "since", fields)
    end = _day(until, "until", fields)
    if fields:
        raise InvalidInput(_("The audit query has errors."), fields=fields)
    return EventQuery(
        object_type=object_type if object_id else "",
        object_id=object_id,
        user=user.strip(),
        agency_id=agency_id,
        action=action,
        since=start,
        until=end + timedelta(days=1) if end else None,
    )


CSV_COLUMNS = (
    "seq",
    "at",
    "actor_name",
    "actor_agency_id",
    "action",
    "object_type",
    "object_id",
    "justification",
    "recipient",
    "ip",
)


def to_csv(rows: Iterable[AuditRecord]) -> str:
    """The records as CSV (UTC times, ISO 8601); cells that a spreadsheet would run as formulas are quoted."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = []
        for column in CSV_COLUMNS:
            value = getattr(row, column)
            text = value.isoformat() if isinstance(value, datetime) else "" if value is None else str(value)
            values.append("'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text)
        writer.writerow(values)
    return out.getvalue()


def audit_export(session: Session, ctx: AuditContext, query: EventQuery, count: int) -> None:
    """An export of the trail leaves the system: it is itself a record (what was asked, how many rows)."""
    record(
        session,
        ctx,
        Actions.CONSULTATION,
        "audit",
        "export",
        subjects=[(query.object_type, query.object_id)] if query.object_id else (),
        details={
            "format": "csv",
            "rows": count,
            "user": query.user,
            "agency_id": query.agency_id,
            "action": query.action,
            "since": query.since.isoformat() if query.since else "",
            "until": query.until.isoformat() if query.until else "",
        },
    )
