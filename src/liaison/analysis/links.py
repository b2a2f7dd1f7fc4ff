"""Relationship links imported from FtM (Ownership, Membership, Associate, Call, Payment…): stored on
the ``ftm_relations_imported`` event, and contributed to the graph like any other capability's links.

A link is seen with its context, by the entity rule (``entities.service.visible`` composes
``cases/access``): on a message, with the message; on the case, with the case's own data; and only
where the reader sees both of its ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.analysis import projection
from liaison.analysis.models import AnalysisLink
from liaison.cases.access import case_data_visible, message_visible
from liaison.cases.models import Case, Message
from liaison.core.audit import Actions, record
from liaison.core.graphs import Contribution, GraphEdge, ids_of, node_key
from liaison.entities import service as entities
from liaison.entities.ftm import Relation
from liaison.entities.graph import UNEVALUATED, entity_node
from liaison.entities.models import EntityRecord


def on_relations_imported(
    session: Session,
    actor: Actor,
    case_id: int,
    message_id: int | None,
    links: list[tuple[Relation, int, int]],
    **_: Any,
) -> None:
    """Store the imported relationships as links, with the handling code of their context."""
    case = session.get(Case, case_id)
    message = session.get(Message, message_id) if message_id else None
    handling = max(case.handling_code if case else "H0", message.handling_code if message else "H0")
    stored: list[int] = []
    for rel, src, dst in links:
        row = AnalysisLink(
            case_id=case_id,
            message_id=message_id,
            owner_agency_id=actor.agency_id,
            source_entity_id=src,
            target_entity_id=dst,
            kind=rel.schema.lower(),
            label=rel.label,
            ftm_id=rel.id[:200],
            on=date.fromisoformat(rel.on[:10]) if rel.on and len(rel.on) >= 10 else None,
            handling_code=handling,
        )
        session.add(row)
        session.flush()
        stored.append(row.id)
        record(
            session,
            actor.ctx,
            Actions.COLLECTION,
            "analysis_link",
            row.id,
            subjects=[("entity", src), ("entity", dst), ("case", case_id)],
            details={"kind": row.kind},
        )
    projection.add_links(session, stored)


def _link_visible(actor: Actor) -> Any:
    return or_(
        and_(
            AnalysisLink.message_id.is_not(None),
            AnalysisLink.message_id.in_(select(Message.id).where(message_visible(actor.user))),
        ),
        and_(
            AnalysisLink.message_id.is_(None),
            AnalysisLink.case_id.in_(select(Case.id).where(case_data_visible(actor.user))),
        ),
    )


def source(session: Session, actor: Actor, keys: Sequence[str]) -> Contribution:
    out = Contribution()
    asked = ids_of(keys, "entity")
    if not asked:
        return out
    stmt = (
        select(AnalysisLink, Case.reference, Message.evaluation)
        .join(Case, Case.id == AnalysisLink.case_id)
        .outerjoin(Message, Message.id == AnalysisLink.message_id)
        .where(
            or_(AnalysisLink.source_entity_id.in_(asked), AnalysisLink.target_entity_id.in_(asked)),
            _link_visible(actor),
        )
    )
    rows = session.execute(stmt).all()
    if not rows:
        return out
    ends = {r[0].source_entity_id for r in rows} | {r[0].target_entity_id for r in rows}
    seen = {
        e.id: e
        for e in session.execute(
            select(EntityRecord).where(EntityRecord.id.in_(ends), entities.visible(actor))
        ).scalars()
    }
    agencies = {a.id: a for a in session.execute(select(Agency)).scalars()}
    for link, reference, evaluation in rows:
        if link.source_entity_id not in seen or link.target_entity_id not in seen:
            continue
        for eid in (link.source_entity_id, link.target_entity_id):
            out.nodes.append(entity_node(seen[eid], agencies.get(seen[eid].owner_agency_id)))
        out.edges.append(
            GraphEdge(
                key=f"link:{link.id}",
                source=node_key("entity", link.source_entity_id),
                target=node_key("entity", link.target_entity_id),
                kind=link.kind,
                ref=reference + (f" / message #{link.message_id}" if link.message_id else ""),
                on=link.on or link.created_at,
                evaluation=evaluation or UNEVALUATED,
                handling_code=link.handling_code,
                label=link.label,
                case_id=link.case_id,
                message_id=link.message_id,
            )
        )
    return out
