"""Creating and reading notifications. Other capabilities call :func:`notify`, never the table."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from liaison.core.timeutil import utcnow
from liaison.notifications.models import Notification


def notification_row(
    agency_id: int,
    kind: str,
    text: str,
    link: str = "",
    *,
    user_id: int | None = None,
    details: dict[str, object] | None = None,
) -> dict[str, Any]:
    """The ``notification`` columns of a new notification: what :func:`notify` inserts and
    what a writer outside it (the frontline check's batch writer) inserts, so both store the same row."""
    return {
        "agency_id": agency_id,
        "user_id": user_id,
        "kind": kind,
        "text": text,
        "link": link,
        "created_at": utcnow(),
        "read": False,
        "details": details or {},
    }


def notify(
    session: Session,
    agency_id: int,
    kind: str,
    text: str,
    link: str = "",
    *,
    user_id: int | None = None,
    details: dict[str, object] | None = None,
) -> None:
    """Store a notification in the caller's transaction.

    A plain insert on the session's connection rather than an ORM object: nothing reads the row back in
    the same request, and sending a message (the hot write path, issue 15) saves the unit of work for it.
    """
    row = notification_row(agency_id, kind, text, link, user_id=user_id, details=details)
    session.connection().execute(_INSERT, row)


#: Built once: the statement's construction is a measurable part of the hot write path (issue 15).
_INSERT = insert(cast(Table, Notification.__table__))


def for_user(
    session: Session, agency_id: int, user_id: int, *, unread_only: bool = False, limit: int = 50
) -> list[Notification]:
    stmt = select(Notification).where(
        Notification.agency_id == agency_id,
        or_(Notification.user_id.is_(None), Notification.user_id == user_id),
    )
    if unread_only:
        stmt = stmt.where(Notification.read.is_(False))
    return list(session.execute(stmt.order_by(Notification.id.desc()).limit(limit)).scalars())


def mark_read(session: Session, agency_id: int, user_id: int, ids: list[int]) -> None:
    session.execute(
        update(Notification)
        .where(
            Notification.id.in_(ids),
            Notification.agency_id == agency_id,
            or_(Notification.user_id.is_(None), Notification.user_id == user_id),
        )
        .values(read=True)
    )


def forget_links(session: Session, link: str) -> None:
    """Drop notifications that point into an erased object, so nothing of it remains."""
    session.execute(delete(Notification).where(or_(Notification.link == link, Notification.link.like(link + "#%"))))
