"""Seizure records in the link-analysis graph: each seizure linked to its case.

Visibility is the seizure rule (``seizures._seizure_visible``: the seizing agency and those who see the
case's own data). The node shows what the seizure record page shows to the same reader; the persons and
companies named in free text stay in the record and are not turned into nodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases.access import case_visible
from liaison.cases.models import Case
from liaison.core.graphs import Contribution, GraphEdge, GraphNode, ids_of, node_key
from liaison.entities.graph import UNEVALUATED, case_node
from liaison.environment.models import Seizure
from liaison.environment.seizures import _seizure_visible

MAX_FANOUT = 200


def seizure_node(seizure: Seizure) -> GraphNode:
    """The node a reader who may see the seizure record sees (what its record page shows)."""
    return GraphNode(
        key=node_key("seizure", seizure.id),
        kind="seizure",
        label=f"{seizure.hs_code} · {seizure.place} · {seizure.seized_on.isoformat()}",
        agency=seizure.agency.code,
        agency_label=seizure.agency.label,
        handling_code=seizure.handling_code,
        case_id=seizure.case_id,
        data={"hs_code": seizure.hs_code, "place": seizure.place, "country": seizure.country_code,
              "quantity": seizure.quantity, "unit": seizure.unit, "treaties": list(seizure.treaties)},
    )


def source(session: Session, actor: Actor, keys: Sequence[str]) -> Contribution:
    out = Contribution()
    seizure_ids = ids_of(keys, "seizure")
    case_ids = ids_of(keys, "case")
    if not seizure_ids and not case_ids:
        return out
    stmt = (
        select(Seizure, Case)
        .join(Case, Case.id == Seizure.case_id)
        .where(or_(Seizure.id.in_(seizure_ids), Seizure.case_id.in_(case_ids)), _seizure_visible(actor))
        .order_by(Seizure.id)
        .limit(MAX_FANOUT * max(1, len(case_ids)))
    )
    rows = session.execute(stmt).all()
    shown: set[int] = set()
    if rows:
        stmt_cases = select(Case.id).where(Case.id.in_({c.id for _s, c in rows}), case_visible(actor.user))
        shown = set(session.execute(stmt_cases).scalars())
    for seizure, case in rows:
        out.nodes.append(seizure_node(seizure))
        if case.id in shown:
            out.nodes.append(case_node(case))
            out.edges.append(
                GraphEdge(
                    key=f"seized:{seizure.id}",
                    source=node_key("seizure", seizure.id),
                    target=node_key("case", case.id),
                    kind="seized_in",
                    ref=f"{case.reference} / seizure #{seizure.id}",
                    on=seizure.seized_on,
                    evaluation=UNEVALUATED,
                    handling_code=seizure.handling_code,
                    case_id=case.id,
                )
            )
    return out
