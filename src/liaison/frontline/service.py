"""Frontline checks against the database: lookup, the log of checks, notifications, follow-up.

:func:`check` is what the desk page, the API and ``liaison check`` call. It reads the lists,
records the check (who, at which crossing point, why; ids and counts only), notifies every owning
agency of a hit at once, and returns the answer. It never commits: the caller's unit of work does,
so a check and its audit record are written together.

Only users holding the frontline role run checks (:func:`require_frontline`); ``liaison check`` on the
server is the operator's tool and runs without an account. A hit on an entry the checking agency may
not see (handling code H2/H3 of another agency, :func:`~liaison.frontline.matching.may_disclose`)
answers "hit, contact the owner" without the entry's data, and stays so in the desk's log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.core.audit import Actions, AuditContext, NewRecord, new_record, queue, record
from liaison.core.errors import Forbidden, InvalidInput, NotFound
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow
from liaison.frontline.matching import (
    Audience,
    BadQuery,
    CheckQuery,
    CheckResult,
    EntryView,
    Hit,
    evaluate,
    prepare,
)
from liaison.frontline.models import FrontlineCheck, Watchlist, WatchlistEntry
from liaison.notifications.service import notify

log = logging.getLogger("liaison.security")

E = WatchlistEntry
_CHECK = cast(Table, FrontlineCheck.__table__)
#: What of a stored hit the checking agency does not see when the entry's data were withheld from it.
WITHHELD_KEYS = ("list", "record_id", "category")
_COLUMNS = (
    E.id,
    E.record_id,
    Watchlist.name,
    E.category,
    E.action,
    Agency.code,
    E.owner_agency_id,
    E.contact_point,
    E.reference,
    E.handling_code,
    E.valid_from,
    E.expires_on,
    E.doc_country,
    E.plate_country,
    E.name,
    E.birth_date,
    E.nationality,
    E.description,
)
_BASE = select(*_COLUMNS).join(Watchlist, Watchlist.id == E.list_id).join(Agency, Agency.id == E.owner_agency_id)


class DatabaseSource:
    """Finds candidate entries by normalised key with one indexed query per key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, stmt: Any) -> list[EntryView]:
        return [EntryView(*row) for row in self.session.execute(stmt)]

    def documents(self, number: str) -> Iterable[EntryView]:
        return self._rows(_BASE.where(E.doc_number == number))

    def plates(self, plate: str) -> Iterable[EntryView]:
        return self._rows(_BASE.where(E.plate == plate))

    def vins(self, vin: str) -> Iterable[EntryView]:
        return self._rows(_BASE.where(E.vin == vin))

    def serials(self, serial: str) -> Iterable[EntryView]:
        return self._rows(_BASE.where(E.serial == serial))

    def born_on(self, dates: tuple[str, ...]) -> Iterable[EntryView]:
        return self._rows(_BASE.where(E.birth_date.in_(dates)))


def _ctx(who: Actor | AuditContext) -> tuple[AuditContext, int | None, int | None]:
    if isinstance(who, AuditContext):
        return who, who.actor_id, who.agency_id
    return who.ctx, who.user.id, who.agency_id


def require_frontline(actor: Actor, via: str) -> None:
    """Refuse a check to a user without the frontline role: audited, and logged as a security event.

    Checks query every agency's watchlists, so they are an operational duty of border and PCC officers
    (and of supervisors or administrators given the role), not something any account may do. Neither the
    log line nor the audit record holds what was to be checked.
    """
    if actor.has_role("frontline"):
        return
    log.warning(
        "frontline check refused: user %s (agency %s) lacks the frontline role (%s)",
        actor.user.id,
        actor.agency_id,
        via,
    )
    ctx, role = actor.ctx, actor.user.role  # read now: the audit write runs after the rollback
    error = Forbidden(
        _(
            "Frontline checks need the frontline role (border or PCC officer). "
            "Ask your administrator if checks are part of your duties."
        )
    )

    def audit(session: Session) -> None:
        record(
            session,
            ctx,
            Actions.ACCESS_DENIED,
            "frontline_check",
            "-",
            details={"event": "check_refused", "via": via, "role": role},
        )

    error.then(audit)
    raise error


def check(
    session: Session,
    who: Actor | AuditContext,
    query: CheckQuery,
    *,
    crossing_point: str = "",
    reason: str = "",
) -> CheckResult:
    """Run one check, log it, notify owners of hits; bad input raises InvalidInput (nothing written).

    A signed-in user needs the frontline role (Forbidden otherwise, audited); an :class:`AuditContext`
    is the operator's command line on the server.
    """
    if isinstance(who, Actor):
        require_frontline(who, "check")
    crossing_point, reason = clean_point_and_reason(crossing_point, reason)
    try:
        prepared = prepare(query)
    except BadQuery as exc:
        raise InvalidInput(exc.message, fields=exc.fields) from None
    checker = _checker_code(session, who)
    audience = None if checker is None else Audience(checker or None)
    result = evaluate(prepared, DatabaseSource(session), audience=audience)
    ctx, user_id, agency_id = _ctx(who)
    # A Core insert rather than the ORM unit of work: a check needs its id and nothing else back, and this
    # is the hottest write of the node (issue 15). The audit record commits with it, unchained and without
    # a lock (the sequencer links it right after commit).
    check_id = session.execute(
        insert(_CHECK).returning(_CHECK.c.id), log_row(result, user_id, agency_id, crossing_point, reason)
    ).scalar_one()
    result.check_id = check_id
    queue(session, consultation(ctx, check_id, result, crossing_point, reason))
    for note, disclosure in owner_notices(ctx, check_id, result.hits, crossing_point, checker or ""):
        notify(session, **note)
        queue(session, disclosure)
    return result


def clean_point_and_reason(crossing_point: str, reason: str) -> tuple[str, str]:
    """Where and why, as logged: trimmed to what the log's columns hold."""
    return crossing_point.strip()[:100], reason.strip()[:300]


def log_row(
    result: CheckResult, user_id: int | None, agency_id: int | None, crossing_point: str, reason: str
) -> dict[str, Any]:
    """The ``frontline_check`` columns of one check (without its id). Shared with the batch writer of
    the HTTP fast path (``frontline/fastpath.py``), so both log a check alike."""
    return {
        "at": utcnow(),
        "user_id": user_id,
        "agency_id": agency_id,
        "crossing_point": crossing_point,
        "reason": reason,
        "kinds": result.kinds,
        "verdict": result.verdict,
        "hits": [_logged(h) for h in result.hits],
    }


def consultation(
    ctx: AuditContext, check_id: int, result: CheckResult, crossing_point: str, reason: str
) -> NewRecord:
    """The CONSULTATION audit record of a check: what was checked, where, why, and which entries hit."""
    return new_record(
        ctx,
        Actions.CONSULTATION,
        "frontline_check",
        check_id,
        justification=reason or "frontline check",
        details={
            "crossing_point": crossing_point,
            "checked": result.kinds,
            "hits": len(result.hits),
            "verdict": result.verdict,
            "mrz_valid": None if result.mrz is None else result.mrz.valid,
        },
        subjects=[("watchlist_entry", h.db_id) for h in result.hits],
    )


def _logged(h: Hit) -> dict[str, Any]:
    return {
        "entry": h.db_id,
        "list": h.source[0],
        "record_id": h.source[1],
        "action": h.action,
        "owner": h.owner,
        "owner_id": h.owner_id,
        "score": h.score,
        "matched_on": h.matched_on,
        "category": h.source[2],
        "handling": h.handling_code,
        "withheld": h.withheld,
    }


def _checker_code(session: Session, who: Actor | AuditContext) -> str | None:
    """The checking agency's code ("" when unknown); None for the server's operator, who sees every hit.

    A signed-in user's agency came with the user (joined), so this costs no query on the API path.
    """
    if isinstance(who, AuditContext):
        if who.agency_id is None:
            return None
        agency = session.get(Agency, who.agency_id)
        return agency.code if agency else ""
    return str(who.user.agency.code)


def owner_notices(
    ctx: AuditContext, check_id: int, hits: list[Hit], where: str, checker: str
) -> list[tuple[dict[str, Any], NewRecord]]:
    """For each agency owning a hit entry: its notification (arguments of
    :func:`~liaison.notifications.service.notify`) and the DISCLOSURE audit record of telling it."""
    by_owner: dict[int, list[Hit]] = {}
    for hit in hits:
        if hit.owner_id is not None:
            by_owner.setdefault(hit.owner_id, []).append(hit)
    notices: list[tuple[dict[str, Any], NewRecord]] = []
    for owner_id, owned in by_owner.items():
        listed = ", ".join(f"{h.source[0]}/{h.source[1]} ({h.action})" for h in owned[:5])
        more = f" and {len(owned) - 5} more" if len(owned) > 5 else ""
        text = (
            f"Frontline HIT on {listed}{more}"
            + (f" at {where}" if where else "")
            + (f" by {checker}" if checker else "")
        )
        note = {
            "agency_id": owner_id,
            "kind": "frontline_hit",
            "text": text[:500],
            "link": f"/frontline/checks/{check_id}",
            "details": {"check": check_id, "entries": [h.db_id for h in owned]},
        }
        disclosure = new_record(
            ctx,
            Actions.DISCLOSURE,
            "frontline_check",
            check_id,
            recipient=owned[0].owner,
            justification="hit notification to the owning agency",
            details={"entries": len(owned)},
        )
        notices.append((note, disclosure))
    return notices


@dataclass
class RecentCheck:
    id: int
    at: Any
    crossing_point: str
    kinds: list[str]
    verdict: str
    hits: list[dict[str, Any]]
    user_id: int | None


def recent_checks(session: Session, actor: Actor, crossing_point: str = "", limit: int = 15) -> list[RecentCheck]:
    """The latest checks of this desk: this agency, at this crossing point (or all of its points)."""
    stmt = select(FrontlineCheck).where(FrontlineCheck.agency_id == actor.agency_id)
    if crossing_point.strip():
        stmt = stmt.where(FrontlineCheck.crossing_point == crossing_point.strip())
    rows = session.execute(stmt.order_by(FrontlineCheck.id.desc()).limit(limit)).scalars()
    return [
        RecentCheck(r.id, r.at, r.crossing_point, list(r.kinds), r.verdict, hits_for(r, actor.agency_id), r.user_id)
        for r in rows
    ]


def hits_for(row: FrontlineCheck, agency_id: int) -> list[dict[str, Any]]:
    """A logged check's hits as ``agency_id`` may see them: copies, with a withheld entry's list, record
    and category blanked for everyone but its owner (the decision was taken at check time)."""
    return [
        {**h, **dict.fromkeys(WITHHELD_KEYS, "")} if h.get("withheld") and h.get("owner_id") != agency_id else dict(h)
        for h in row.hits
    ]


def get_check(session: Session, actor: Actor, check_id: int) -> FrontlineCheck:
    """A check is visible to the agency that ran it and to the owners of the entries it hit."""
    row = session.get(FrontlineCheck, check_id)
    if row is None:
        raise NotFound(_("Not found."))
    owners = {h.get("owner_id") for h in row.hits}
    if row.agency_id != actor.agency_id and actor.agency_id not in owners:
        raise NotFound(_("Not found."))
    record(session, actor.ctx, Actions.CONSULTATION, "frontline_check", row.id, details={"hits": len(row.hits)})
    return row


def entry_for_hit(session: Session, actor: Actor, check_id: int, index: int) -> tuple[FrontlineCheck, dict[str, Any]]:
    """One hit of a check, as the actor's agency may see it (see :func:`hits_for`)."""
    row = get_check(session, actor, check_id)
    if not 0 <= index < len(row.hits):
        raise NotFound(_("Not found."))
    return row, hits_for(row, actor.agency_id)[index]


def watchlists(session: Session) -> list[dict[str, Any]]:
    """Each list with its owner and size (for the desk page and ``liaison watchlist lists``)."""
    counts = dict(session.execute(select(E.list_id, func.count()).group_by(E.list_id)).all())
    rows = session.execute(
        select(Watchlist, Agency.code).join(Agency, Agency.id == Watchlist.owner_agency_id).order_by(Watchlist.name)
    ).all()
    return [
        {
            "name": wl.name,
            "owner": code,
            "entries": int(counts.get(wl.id, 0)),
            "updated_at": wl.updated_at.isoformat(),
        }
        for wl, code in rows
    ]
