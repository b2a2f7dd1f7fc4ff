"""The reader's graph read from the edge projection: indexed lookups, one batched rights check, then nodes.

Three steps, each bounded by what the frontier touches and never by the size of the database:

1. the edges incident to the asked keys (B-tree on ``analysis_edge.src`` and ``.dst``);
2. one rights check of the cases and messages those edges name, by ``cases/access.py``'s rule
   (``case_visible``, ``case_data_visible``, ``message_visible`` applied to those ids only);
3. only for what must be shown: the nodes' own rows (entities, cases, seizures) by primary key.

Paths use steps 1-2 alone per breadth-first level and fetch the nodes of the paths found at the end.
What a reader sees is what each capability's graph source (``entities/graph.py``, ``matching/graph.py``,
``environment/graph.py``, ``analysis/links.py``) answers; ``tests/analysis`` checks the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ARRAY, Integer, Row, String, any_, literal, literal_column, or_, select, union_all
from sqlalchemy.orm import Session, joinedload, noload

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.analysis.models import AnalysisEdge
from liaison.analysis.projection import UNGATED_KINDS
from liaison.cases.access import case_data_visible, case_visible, message_visible
from liaison.cases.models import Case, Message
from liaison.core.graphs import RESTRICTED, Contribution, GraphEdge, GraphNode, ids_of, node_key
from liaison.core.i18n import _
from liaison.entities.graph import MAX_FANOUT as ENTITY_FANOUT
from liaison.entities.graph import case_node, entity_node
from liaison.entities.models import EntityRecord
from liaison.environment.graph import MAX_FANOUT as SEIZURE_FANOUT
from liaison.environment.graph import seizure_node
from liaison.environment.models import Seizure
from liaison.matching.graph import STATUS, restricted_node

_CHUNK = 2000
_ORDER = {"recorded_on": 0, "hit": 1, "seized_in": 2}
_E = AnalysisEdge
_FIELDS = (
    _E.key, _E.src, _E.dst, _E.kind, _E.label, _E.ref, _E.on_date, _E.on_time, _E.evaluation, _E.handling_code,
    _E.status, _E.score, _E.case_id, _E.message_id, _E.src_case_id, _E.src_message_id, _E.src_agency_id,
    _E.dst_case_id, _E.dst_message_id, _E.dst_agency_id,
)
#: What a breadth-first level needs to decide what the reader sees; the rest is read for the paths found.
_LIGHT = (
    _E.key, _E.src, _E.dst, _E.kind, _E.case_id, _E.message_id, _E.src_case_id, _E.src_message_id,
    _E.src_agency_id, _E.dst_case_id, _E.dst_message_id, _E.dst_agency_id,
)


@dataclass
class Stub:
    """A visible edge before its nodes are read: the projection row and the ends the reader gets."""

    row: Row[Any]
    source: str
    target: str
    mine: str = ""  # hits: the visible end the handling code of a restricted edge comes from


@dataclass
class Reading:
    nodes: dict[str, int | None] = field(default_factory=dict)  # key -> agency id (restricted nodes)
    stubs: dict[str, Stub] = field(default_factory=dict)

    def add_node(self, key: str, agency_id: int | None = None) -> None:
        self.nodes.setdefault(key, agency_id)

    def neighbours(self) -> list[tuple[str, str]]:
        return [(s.source, s.target) for s in self.stubs.values()]


def _pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _member(pg: bool, column: Any, values: Sequence[Any]) -> Any:
    """``column IN values``; on PostgreSQL ``= ANY(array)``: one parameter whatever the frontier's size, so
    the statement is compiled and planned once, not once per length of the list."""
    if pg:
        item = String if values and isinstance(values[0], str) else Integer
        return column == any_(literal(list(values), ARRAY(item)))
    return column.in_(list(values))


def _chunks(pg: bool, values: Sequence[Any]) -> list[list[Any]]:
    """SQLite bounds the number of parameters of a statement; PostgreSQL gets one array."""
    if pg or len(values) <= _CHUNK:
        return [list(values)] if values else []
    return [list(values[start:start + _CHUNK]) for start in range(0, len(values), _CHUNK)]


def _rows(session: Session, keys: Sequence[str], fields: tuple[Any, ...] = _FIELDS) -> list[Row[Any]]:
    out: list[Row[Any]] = []
    pg = _pg(session)
    for chunk in _chunks(pg, keys):
        stmt = select(*fields).where(or_(_member(pg, _E.src, chunk), _member(pg, _E.dst, chunk)))
        out += list(session.connection().execute(stmt).all())  # type: ignore[arg-type]
    return out


class _Rights:
    """The reader's rights on the cases and messages a batch of edges names: three queries, asked once."""

    def __init__(self, session: Session, actor: Actor, rows: Iterable[Row[Any]], cases: Iterable[int]) -> None:
        self.agency_id = actor.agency_id
        exist, data, messages = set(cases), set(), set()
        for r in rows:
            for kind, case_id, message_id in (
                (r.src.partition(":")[0], r.src_case_id, r.src_message_id),
                (r.dst.partition(":")[0], r.dst_case_id, r.dst_message_id),
                ("" if r.kind in UNGATED_KINDS else "entity", r.case_id, r.message_id),
            ):
                if kind == "case":
                    exist.add(case_id)
                elif message_id is not None and kind == "entity":
                    messages.add(message_id)
                elif kind in ("entity", "seizure") and case_id is not None:
                    data.add(case_id)
        user = actor.user
        found: dict[str, set[int]] = {"case": set(), "data": set(), "message": set()}
        pg = _pg(session)
        asks: list[tuple[str, Any, Any, set[int]]] = [
            ("case", Case.id, case_visible(user), exist),
            ("data", Case.id, case_data_visible(user), data),
            ("message", Message.id, message_visible(user), messages),
        ]
        # One statement for the three questions (one round trip per frontier).
        parts: list[Any] = []
        for tag, column, rule, ids in asks:
            for chunk in _chunks(pg, sorted(i for i in ids if i is not None)):
                parts.append(select(literal_column(f"'{tag}'"), column).where(_member(pg, column, chunk), rule))
        batches: list[list[Any]] = [parts] if pg and parts else [[p] for p in parts]
        conn = session.connection()
        for batch in batches:
            stmt: Any = batch[0] if len(batch) == 1 else union_all(*batch)
            for tag, ident in conn.execute(stmt).all():
                found[tag].add(ident)
        self.cases, self.data, self.messages = found["case"], found["data"], found["message"]

    def entity(self, case_id: int | None, message_id: int | None) -> bool:
        return message_id in self.messages if message_id is not None else case_id in self.data

    def end(self, key: str, case_id: int | None, message_id: int | None, agency_id: int | None) -> bool:
        kind = key.partition(":")[0]
        if kind == "entity":
            return self.entity(case_id, message_id)
        if kind == "case":
            return case_id in self.cases
        if kind == "seizure":
            return agency_id == self.agency_id or case_id in self.data
        return False


def read(
    session: Session, actor: Actor, keys: Sequence[str], *, within: set[str] | None = None, light: bool = False
) -> Reading:
    """What the actor may see around ``keys``: the visible nodes and edges, not yet their data.

    ``within``: keep only nodes among these keys (a subgraph's own edges). ``light``: the edges carry only
    what decides visibility (a search level); ``complete`` reads the rest for the edges kept.
    """
    asked = [k for k in dict.fromkeys(keys) if not k.startswith(RESTRICTED + ":")]
    out = Reading()
    if not asked:
        return out
    asked_set = set(asked)
    asked_cases = ids_of(asked, "case")
    rows = _rows(session, asked, _LIGHT if light else _FIELDS)
    rights = _Rights(session, actor, rows, asked_cases)
    for case_id in asked_cases:
        if case_id in rights.cases:
            out.add_node(node_key("case", case_id))
    per_case: dict[str, int] = {}
    seizures = 0
    for r in sorted(rows, key=lambda r: (_ORDER.get(r.kind, 3), _num(r.src), r.key)):
        src_ok = rights.end(r.src, r.src_case_id, r.src_message_id, r.src_agency_id)
        dst_ok = rights.end(r.dst, r.dst_case_id, r.dst_message_id, r.dst_agency_id)
        if r.kind == "hit":
            _hit(out, r, asked_set, src_ok, dst_ok)
        elif r.kind == "recorded_on":
            if not src_ok:
                continue
            if r.dst in asked_set and r.src not in asked_set:
                if not dst_ok or per_case.get(r.dst, 0) >= ENTITY_FANOUT:
                    continue
                per_case[r.dst] = per_case.get(r.dst, 0) + 1
            _pair(out, r, src_ok, dst_ok)
        elif r.kind == "seized_in":
            if not src_ok or seizures >= SEIZURE_FANOUT * max(1, len(asked_cases)):
                continue
            seizures += 1
            _pair(out, r, src_ok, dst_ok)
        elif src_ok and dst_ok and rights.entity(r.case_id, r.message_id):
            _pair(out, r, True, True)
    if within is not None:
        out.nodes = {k: v for k, v in out.nodes.items() if k in within}
        out.stubs = {k: s for k, s in out.stubs.items() if s.source in within and s.target in within}
    return out


def _num(key: str) -> int:
    tail = key.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def _pair(out: Reading, r: Row[Any], src_ok: bool, dst_ok: bool) -> None:
    """A link whose first end is shown; the link itself only where the second end is too."""
    out.add_node(r.src)
    if dst_ok:
        out.add_node(r.dst)
        out.stubs.setdefault(r.key, Stub(r, r.src, r.dst))


def _hit(out: Reading, r: Row[Any], asked: set[str], src_ok: bool, dst_ok: bool) -> None:
    """The hit rule of ``matching/graph.py``: an edge, or an edge to a restricted node naming the holder."""
    for mine, theirs, mine_ok, theirs_ok, their_agency in (
        (r.src, r.dst, src_ok, dst_ok, r.dst_agency_id),
        (r.dst, r.src, dst_ok, src_ok, r.src_agency_id),
    ):
        if mine not in asked or not mine_ok:
            continue
        if theirs_ok:
            target = theirs
            out.add_node(theirs)
        else:
            target = node_key(RESTRICTED, r.key)  # restricted:hit:<id>
            out.add_node(target, their_agency)
        a, b = sorted((mine, target))
        out.stubs.setdefault(r.key, Stub(r, a, b, mine))


def complete(session: Session, reading: Reading) -> None:
    """Read the provenance of the edges of a ``light`` reading (those kept: the paths' links)."""
    if not reading.stubs:
        return
    pg = _pg(session)
    full: dict[str, Any] = {
        r.key: r
        for chunk in _chunks(pg, sorted(reading.stubs))
        for r in session.connection().execute(select(*_FIELDS).where(_member(pg, _E.key, chunk))).all()
    }
    for key, stub in reading.stubs.items():
        if key in full:
            stub.row = full[key]


def materialise(session: Session, reading: Reading, only: set[str] | None = None) -> Contribution:
    """The nodes' own rows, read by primary key, and the edges between them as the reader sees them."""
    keys = [k for k in reading.nodes if only is None or k in only]
    nodes: dict[str, GraphNode] = {}
    pg = _pg(session)
    entity_rows: dict[int, EntityRecord] = {}
    for chunk in _chunks(pg, ids_of(keys, "entity")):
        stmt_e = select(EntityRecord).where(_member(pg, EntityRecord.id, chunk))
        entity_rows |= {r.id: r for r in session.execute(stmt_e).scalars()}
    agency_ids = {r.owner_agency_id for r in entity_rows.values()} | {
        a for k, a in reading.nodes.items() if a is not None and k in keys
    }
    agencies = {
        a.id: a for a in session.execute(select(Agency).where(Agency.id.in_(sorted(agency_ids)))).scalars()
    } if agency_ids else {}
    for row in entity_rows.values():
        nodes[node_key("entity", row.id)] = entity_node(row, agencies.get(row.owner_agency_id))
    for chunk in _chunks(pg, ids_of(keys, "case")):
        stmt = (
            select(Case).options(joinedload(Case.owner_agency), noload(Case.participants))
            .where(_member(pg, Case.id, chunk))
        )
        for case in session.execute(stmt).scalars():
            nodes[node_key("case", case.id)] = case_node(case)
    if seizure_ids := ids_of(keys, "seizure"):
        stmt_s = select(Seizure).options(joinedload(Seizure.agency)).where(Seizure.id.in_(seizure_ids))
        for seizure in session.execute(stmt_s).scalars():
            nodes[node_key("seizure", seizure.id)] = seizure_node(seizure)
    for key in keys:
        if key.startswith(RESTRICTED + ":"):
            agency = agencies.get(reading.nodes[key] or 0)
            if agency is not None:
                nodes[key] = restricted_node(_num(key), agency)
    out = Contribution(nodes=[nodes[k] for k in keys if k in nodes])
    for stub in reading.stubs.values():
        if stub.source in nodes and stub.target in nodes:
            out.edges.append(_edge(stub, nodes))
    return out


def _edge(stub: Stub, nodes: dict[str, GraphNode]) -> GraphEdge:
    r = stub.row
    if r.kind == "hit":
        ends = [nodes[k] for k in (stub.source, stub.target) if not k.startswith(RESTRICTED + ":")]
        handling = max(n.handling_code for n in ends) if ends else "H0"
        hit_id = _num(r.key)
        return GraphEdge(
            key=r.key, source=stub.source, target=stub.target, kind="hit",
            ref=_("hit #%(id)s") % {"id": hit_id} + f" ({r.label}, {r.score or 0:.2f})",
            on=r.on_time, evaluation="", handling_code=handling, status=STATUS.get(r.status, r.status),
            label=r.label,
        )
    return GraphEdge(
        key=r.key, source=stub.source, target=stub.target, kind=r.kind, ref=r.ref,
        on=r.on_date or r.on_time, evaluation=r.evaluation, handling_code=r.handling_code, label=r.label,
        case_id=r.case_id, message_id=r.message_id,
    )


def collect(session: Session, actor: Actor, keys: Sequence[str], *, within: set[str] | None = None) -> Contribution:
    """``read`` then ``materialise``: what the graph sources would answer for ``keys``."""
    return materialise(session, read(session, actor, keys, within=within))
