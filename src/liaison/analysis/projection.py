"""The edge projection (``analysis_edge``): every capability's links in one table indexed by both ends.

Why: reading the graph through each capability's own tables meant, for every expansion, visibility
subqueries over whole tables and one query per source; at a million entities an expansion took seconds.
The projection holds what the links *are* (ends, kind, provenance) and the keys that govern who sees them
(case, message and agency of each end and of the link), never who sees them: ``analysis/reader.py``
asks ``cases/access.py`` about the touched cases and messages at every read, so the rule stays the one
rule and a share, a forward or a new participant applies at once without touching this table.

Kept in step by the capabilities' events, registered in ``analysis.register`` (nothing at import):
``entity_saved`` (the entity's ``recorded_on`` edge and the hits matching just stored for it),
``entities_erased``, ``case_erased``, ``hit_decided`` (a rejected hit is no link), ``seizure_saved``, and
the FtM links this capability stores itself. Every statement here is also what ``rebuild`` runs for the
whole database (``liaison graph rebuild``, and the migration that created the table), so the incremental
and the full projection cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, String, cast, delete, func, insert, literal, null, or_, select, text
from sqlalchemy.orm import aliased

from liaison.analysis.models import AnalysisEdge, AnalysisLink
from liaison.cases.models import Case, Message
from liaison.entities.graph import UNEVALUATED
from liaison.entities.models import EntityRecord
from liaison.environment.models import Seizure
from liaison.matching.models import Hit

#: Hits in these states are links (a rejected pair is not).
LINK_STATUSES = ("new", "confirmed")
#: Edge kinds whose own context (``case_id``/``message_id``) does not gate them: the ends' rules suffice.
UNGATED_KINDS = ("recorded_on", "hit", "seized_in")

_COLUMNS = (
    "key", "src", "dst", "kind", "label", "ref", "on_date", "on_time", "evaluation", "handling_code", "status",
    "score", "case_id", "message_id", "src_case_id", "src_message_id", "src_agency_id", "dst_case_id",
    "dst_message_id", "dst_agency_id",
)


def _k(prefix: str, column: Any) -> Any:
    return literal(prefix, String) + cast(column, String)


def _message_ref(message_id: Any) -> Any:
    return func.coalesce(literal(" / message #", String) + cast(message_id, String), literal("", String))


def _recorded(where: Any) -> Any:
    m = aliased(Message)
    return (
        select(
            _k("recorded:", EntityRecord.id), _k("entity:", EntityRecord.id), _k("case:", EntityRecord.case_id),
            literal("recorded_on", String), literal("", String), Case.reference + _message_ref(m.id),
            cast(null(), AnalysisEdge.on_date.type), func.coalesce(m.received_at, EntityRecord.created_at),
            func.coalesce(m.evaluation, literal(UNEVALUATED, String)), EntityRecord.handling_code,
            literal("", String), cast(null(), AnalysisEdge.score.type), EntityRecord.case_id, EntityRecord.message_id,
            EntityRecord.case_id, EntityRecord.message_id, EntityRecord.owner_agency_id,
            EntityRecord.case_id, cast(null(), Integer), Case.owner_agency_id,
        )
        .select_from(EntityRecord)
        .join(Case, Case.id == EntityRecord.case_id)
        .outerjoin(m, m.id == EntityRecord.message_id)
        .where(where)
    )


def _hits(where: Any) -> Any:
    a, b = aliased(EntityRecord), aliased(EntityRecord)
    return (
        select(
            _k("hit:", Hit.id), _k("entity:", Hit.entity_a_id), _k("entity:", Hit.entity_b_id),
            literal("hit", String), Hit.kind, literal("", String),
            cast(null(), AnalysisEdge.on_date.type), func.coalesce(Hit.decided_at, Hit.created_at),
            literal("", String), literal("", String), Hit.status, Hit.score,
            cast(null(), Integer), cast(null(), Integer),
            a.case_id, a.message_id, Hit.agency_a_id, b.case_id, b.message_id, Hit.agency_b_id,
        )
        .select_from(Hit)
        .join(a, a.id == Hit.entity_a_id)
        .join(b, b.id == Hit.entity_b_id)
        .where(Hit.status.in_(LINK_STATUSES), where)
    )


def _links(where: Any) -> Any:
    a, b, m = aliased(EntityRecord), aliased(EntityRecord), aliased(Message)
    link = AnalysisLink
    return (
        select(
            _k("link:", link.id), _k("entity:", link.source_entity_id), _k("entity:", link.target_entity_id),
            link.kind, link.label, Case.reference + _message_ref(link.message_id),
            link.on, link.created_at, func.coalesce(m.evaluation, literal(UNEVALUATED, String)), link.handling_code,
            literal("", String), cast(null(), AnalysisEdge.score.type), link.case_id, link.message_id,
            a.case_id, a.message_id, a.owner_agency_id, b.case_id, b.message_id, b.owner_agency_id,
        )
        .select_from(link)
        .join(Case, Case.id == link.case_id)
        .outerjoin(m, m.id == link.message_id)
        .join(a, a.id == link.source_entity_id)
        .join(b, b.id == link.target_entity_id)
        .where(where)
    )


def _seized(where: Any) -> Any:
    return (
        select(
            _k("seized:", Seizure.id), _k("seizure:", Seizure.id), _k("case:", Seizure.case_id),
            literal("seized_in", String), literal("", String),
            Case.reference + literal(" / seizure #", String) + cast(Seizure.id, String),
            Seizure.seized_on, cast(null(), AnalysisEdge.on_time.type), literal(UNEVALUATED, String),
            Seizure.handling_code, literal("", String), cast(null(), AnalysisEdge.score.type),
            Seizure.case_id, cast(null(), Integer),
            Seizure.case_id, cast(null(), Integer), Seizure.agency_id, Seizure.case_id, cast(null(), Integer),
            Case.owner_agency_id,
        )
        .select_from(Seizure)
        .join(Case, Case.id == Seizure.case_id)
        .where(where)
    )


def _insert(conn: Any, stmt: Any) -> None:
    conn.execute(insert(AnalysisEdge).from_select(list(_COLUMNS), stmt))


# --- the whole projection ---------------------------------------------------------------------------------


def rebuild(conn: Any) -> dict[str, int]:
    """Empty the projection and fill it from the capabilities' tables; ``conn`` is a Connection or Session.

    On PostgreSQL the two end indexes are dropped during the load and built afterwards (one sort each
    instead of millions of insertions). Returns the number of edges of each kind.
    """
    pg = _dialect(conn) == "postgresql"
    conn.execute(delete(AnalysisEdge))
    if pg:
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        conn.execute(text("DROP INDEX IF EXISTS ix_analysis_edge_src"))
        conn.execute(text("DROP INDEX IF EXISTS ix_analysis_edge_dst"))
    true = literal(True)
    for part in (_recorded, _hits, _links, _seized):
        _insert(conn, part(true))
    if pg:
        conn.execute(text("CREATE INDEX ix_analysis_edge_src ON analysis_edge (src)"))
        conn.execute(text("CREATE INDEX ix_analysis_edge_dst ON analysis_edge (dst)"))
        conn.execute(text("ANALYZE analysis_edge"))
    rows = conn.execute(select(AnalysisEdge.kind, func.count()).group_by(AnalysisEdge.kind)).all()
    return {str(kind): int(n) for kind, n in rows}


def _dialect(conn: Any) -> str:
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    return str(bind.dialect.name)


# --- kept in step by events -------------------------------------------------------------------------------


def _entity_keys(ids: Iterable[int]) -> list[str]:
    return [f"entity:{i}" for i in ids]


def on_entity_saved(session: Any, entity: EntityRecord, **_: Any) -> None:
    """A new or edited entity: its ``recorded_on`` edge, and its hits (matching stored them just before)."""
    session.flush()
    key = f"entity:{entity.id}"
    session.execute(
        delete(AnalysisEdge).where(
            or_(AnalysisEdge.key == f"recorded:{entity.id}",
                (AnalysisEdge.kind == "hit") & or_(AnalysisEdge.src == key, AnalysisEdge.dst == key))
        )
    )
    _insert(session, _recorded(EntityRecord.id == entity.id))
    _insert(session, _hits(or_(Hit.entity_a_id == entity.id, Hit.entity_b_id == entity.id)))


def on_entities_erased(session: Any, entity_ids: list[int], **_: Any) -> None:
    keys = _entity_keys(entity_ids)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        session.execute(delete(AnalysisEdge).where(or_(AnalysisEdge.src.in_(chunk), AnalysisEdge.dst.in_(chunk))))


def on_case_erased(session: Any, case_id: int, **_: Any) -> None:
    """Whatever is left of the case (its seizures, the case node's edges) leaves the graph with it."""
    session.execute(
        delete(AnalysisEdge).where(or_(AnalysisEdge.case_id == case_id, AnalysisEdge.dst == f"case:{case_id}"))
    )


def on_hit_decided(session: Any, hit: Hit, **_: Any) -> None:
    """Confirmed: the edge says so; rejected: the pair is no longer a link."""
    session.flush()
    session.execute(delete(AnalysisEdge).where(AnalysisEdge.key == f"hit:{hit.id}"))
    _insert(session, _hits(Hit.id == hit.id))


def on_seizure_saved(session: Any, seizure: Seizure, **_: Any) -> None:
    session.flush()
    session.execute(delete(AnalysisEdge).where(AnalysisEdge.key == f"seized:{seizure.id}"))
    _insert(session, _seized(Seizure.id == seizure.id))


def add_links(session: Any, link_ids: list[int]) -> None:
    """FtM relationships this capability just stored."""
    if link_ids:
        session.flush()
        _insert(session, _links(AnalysisLink.id.in_(link_ids)))
