"""The entities' contribution to the link-analysis graph: each entity linked to the case it was recorded on.

Visibility is ``service.visible`` (an entity is seen with its message, or with the case's own data) and
``cases/access.case_visible`` for case nodes: a case node shows only what a case that exists for the
reader shows (reference, title, owner, handling code), never its description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.cases.access import case_visible
from liaison.cases.models import Case, Message
from liaison.core.graphs import Contribution, GraphEdge, GraphNode, ids_of, node_key
from liaison.entities.models import EntityRecord
from liaison.entities.service import visible

#: At most this many entities of one case are returned per expansion (the page says when it is cut).
MAX_FANOUT = 500
#: The evaluation of information recorded on the case itself, which carries no 4x4 evaluation of its own.
UNEVALUATED = "X4"


def entity_node(row: EntityRecord, agency: Agency | None) -> GraphNode:
    return GraphNode(
        key=node_key("entity", row.id),
        kind=row.type,
        label=row.label,
        agency=agency.code if agency else "",
        agency_label=agency.label if agency else "",
        handling_code=row.handling_code,
        case_id=row.case_id,
        data=dict(row.data),
    )


def case_node(case: Case) -> GraphNode:
    return GraphNode(
        key=node_key("case", case.id),
        kind="case",
        label=f"{case.reference} {case.title}",
        agency=case.owner_agency.code,
        agency_label=case.owner_agency.label,
        handling_code=case.handling_code,
        case_id=case.id,
        data={"reference": case.reference, "title": case.title, "status": case.status,
              "crime_areas": list(case.crime_areas)},
    )


def _edge(row: EntityRecord, case: Case, message: Message | None) -> GraphEdge:
    ref = case.reference + (f" / message #{message.id}" if message else "")
    return GraphEdge(
        key=f"recorded:{row.id}",
        source=node_key("entity", row.id),
        target=node_key("case", case.id),
        kind="recorded_on",
        ref=ref,
        on=message.received_at if message else row.created_at,
        evaluation=message.evaluation if message else UNEVALUATED,
        handling_code=row.handling_code,
        case_id=case.id,
        message_id=message.id if message else None,
    )


def _rows(session: Session, actor: Actor, stmt: Any) -> list[tuple[EntityRecord, Case, Message | None, Agency]]:
    stmt = (
        stmt.add_columns(Case, Message, Agency)
        .join(Case, Case.id == EntityRecord.case_id)
        .outerjoin(Message, Message.id == EntityRecord.message_id)
        .join(Agency, Agency.id == EntityRecord.owner_agency_id)
        .where(visible(actor))
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(stmt).all()]


def source(session: Session, actor: Actor, keys: Sequence[str]) -> Contribution:
    out = Contribution()
    entity_ids = ids_of(keys, "entity")
    case_ids = ids_of(keys, "case")
    found: list[tuple[EntityRecord, Case, Message | None, Agency]] = []
    if entity_ids:
        found += _rows(session, actor, select(EntityRecord).where(EntityRecord.id.in_(entity_ids)))
    if case_ids:
        shown = list(session.execute(select(Case).where(Case.id.in_(case_ids), case_visible(actor.user))).scalars())
        out.nodes += [case_node(c) for c in shown]
        for case in shown:
            stmt = (
                select(EntityRecord).where(EntityRecord.case_id == case.id).order_by(EntityRecord.id).limit(MAX_FANOUT)
            )
            found += _rows(session, actor, stmt)
    # The case node and edge only where the case exists for the reader (an originator of a forwarded
    # message sees the message, not necessarily the case).
    cases_seen = set(
        session.execute(
            select(Case.id).where(Case.id.in_({c.id for _r, c, _m, _a in found}), case_visible(actor.user))
        ).scalars()
    ) if found else set()
    for row, case, message, agency in found:
        out.nodes.append(entity_node(row, agency))
        if case.id not in cases_seen:
            continue
        out.nodes.append(case_node(case))
        out.edges.append(_edge(row, case, message))
    return out
