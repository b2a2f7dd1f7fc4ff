"""Hits in the link-analysis graph, disclosed as ``service.view`` discloses them (Prüm / FIU.net Ma3tch).

A hit whose two sides the reader may see is an edge between them. A hit whose other side the reader may
not see becomes a *restricted* node: the holding agency and how to ask, quoting the hit, nothing else
(no label, type, case or entity id) — the rule of ``service._side``. A hit neither side of which the
reader sees does not exist for it. Rejected pairs are not links. Pending (``new``) and confirmed hits are
told apart by the edge's ``status``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.core.graphs import RESTRICTED, Contribution, GraphEdge, GraphNode, ids_of, node_key
from liaison.core.i18n import _
from liaison.entities import service as entities
from liaison.entities.graph import entity_node
from liaison.entities.models import EntityRecord
from liaison.matching.models import Hit

STATUS = {"new": "pending", "confirmed": "confirmed"}


def restricted_node(hit_id: int, agency: Agency) -> GraphNode:
    """All a reader learns of a hit's side it may not see: who holds it and how to ask."""
    return GraphNode(
        key=node_key(RESTRICTED, f"hit:{hit_id}"),
        kind=RESTRICTED,
        label=_("restricted — held by %(agency)s, ask") % {"agency": agency.code},
        agency=agency.code,
        agency_label=agency.label,
        restricted=True,
        ask=_("Send a request to %(agency)s through your SPOC, quoting hit #%(id)s.")
        % {"agency": agency.label, "id": hit_id},
    )


def source(session: Session, actor: Actor, keys: Sequence[str]) -> Contribution:
    out = Contribution()
    asked = ids_of(keys, "entity")
    if not asked:
        return out
    hits = list(
        session.execute(
            select(Hit).where(
                or_(Hit.entity_a_id.in_(asked), Hit.entity_b_id.in_(asked)), Hit.status.in_(tuple(STATUS))
            )
        ).scalars()
    )
    if not hits:
        return out
    ends = {h.entity_a_id for h in hits} | {h.entity_b_id for h in hits}
    stmt = select(EntityRecord).where(EntityRecord.id.in_(ends), entities.visible(actor))
    seen = {r.id: r for r in session.execute(stmt).scalars()}
    agencies = {a.id: a for a in session.execute(select(Agency)).scalars()}
    asked_set = set(asked)
    for hit in hits:
        for mine, theirs, their_agency in (
            (hit.entity_a_id, hit.entity_b_id, hit.agency_b_id),
            (hit.entity_b_id, hit.entity_a_id, hit.agency_a_id),
        ):
            if mine not in asked_set or mine not in seen:
                continue
            if theirs in seen:
                other = seen[theirs]
                out.nodes.append(entity_node(other, agencies.get(other.owner_agency_id)))
                target = node_key("entity", theirs)
                handling = max(seen[mine].handling_code, other.handling_code)
            else:
                node = restricted_node(hit.id, agencies[their_agency])
                out.nodes.append(node)
                target = node.key
                handling = seen[mine].handling_code
            a, b = sorted((node_key("entity", mine), target))
            out.edges.append(
                GraphEdge(
                    key=f"hit:{hit.id}",
                    source=a,
                    target=b,
                    kind="hit",
                    ref=_("hit #%(id)s") % {"id": hit.id} + f" ({hit.kind}, {hit.score:.2f})",
                    on=hit.decided_at or hit.created_at,
                    evaluation="",
                    handling_code=handling,
                    status=STATUS[hit.status],
                    label=hit.kind,
                )
            )
    return out
