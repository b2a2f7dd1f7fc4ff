"""Retention and erasure (LED Art. 5): cases due for review, keeping them longer with a reason, erasing them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases import attachments as blobs
from liaison.cases.cases import get_case, require_justification
from liaison.cases.models import Attachment, Blob, Case, Message
from liaison.core import hooks
from liaison.core.audit import Actions, record
from liaison.core.errors import Forbidden
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow
from liaison.notifications.service import forget_links


def reviews_due(session: Session, actor: Actor, today: date | None = None) -> list[Case]:
    today = today or utcnow().date()
    return list(
        session.execute(
            select(Case)
            .where(Case.owner_agency_id == actor.agency_id, Case.review_date <= today)
            .order_by(Case.review_date)
        ).scalars()
    )


def extend_review(session: Session, actor: Actor, case_id: int, justification: str) -> Case:
    case = get_case(session, actor, case_id)
    if case.owner_agency_id != actor.agency_id or not actor.has_role("supervisor", "dpo"):
        raise Forbidden(_("Only a supervisor or the data-protection officer of the owning agency can review a case."))
    require_justification(justification, _("Say why the data are still needed."))
    case.review_date = utcnow().date() + timedelta(days=case.owner_agency.retention_days)
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "case",
        case.id,
        justification=justification,
        details={"event": "review_kept", "next_review": case.review_date.isoformat()},
    )
    return case


def erase_case(session: Session, actor: Actor, case_id: int, justification: str) -> str:
    """Erase a case and everything in it; only the audit record of the erasure remains."""
    case = get_case(session, actor, case_id)
    if case.owner_agency_id != actor.agency_id or not actor.has_role("supervisor", "dpo"):
        raise Forbidden(_("Only a supervisor or the data-protection officer of the owning agency can erase a case."))
    require_justification(justification, _("Give the reason for the erasure."))
    reference = case.reference
    message_ids = list(session.execute(select(Message.id).where(Message.case_id == case.id)).scalars())
    shas = (
        set(session.execute(select(Attachment.blob_sha256).where(Attachment.message_id.in_(message_ids))).scalars())
        if message_ids
        else set()
    )
    hooks.fire("case_erased", session=session, actor=actor, case_id=case.id, message_ids=message_ids)
    forget_links(session, f"/cases/{case.id}")
    session.delete(case)
    session.flush()
    orphans = [
        sha
        for sha in shas
        if session.execute(select(Attachment.id).where(Attachment.blob_sha256 == sha)).first() is None
    ]
    for sha in orphans:
        session.execute(delete(Blob).where(Blob.sha256 == sha))
    record(
        session,
        actor.ctx,
        Actions.ERASURE,
        "case",
        case_id,
        justification=justification,
        subjects=[("message", i) for i in message_ids],
        details={"reference": reference, "messages": len(message_ids)},
    )
    blobs.remove_after_commit(session, orphans)
    return reference
