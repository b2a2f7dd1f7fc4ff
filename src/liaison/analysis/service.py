"""The reader's graph: every capability's links, within the reader's rights.

Nothing here decides who sees what. The links are read from the edge projection (``analysis/reader.py``,
``analysis/projection.py``) and the rights asked of ``cases/access.py`` for the cases and messages they
touch; each capability's graph source states the same rule on its own tables and the tests check that
both answer the same graph (``collect_from_sources``). Algorithms
(paths, communities, centrality, k-core) run with networkx on that visible subgraph only, so a result
never depends on a node or edge the reader may not see. Consultations and exports are audited with the
ids of the entities shown, never their data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.analysis import reader
from liaison.cases.access import case_visible
from liaison.cases.models import Case
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.graphs import Contribution, GraphEdge, GraphNode, ids_of, node_key, split_key
from liaison.core.i18n import _
from liaison.core.registry import installed
from liaison.entities.models import EntityRecord

#: The most nodes one graph answer holds (the page stays readable; the answer says it was cut).
MAX_NODES = 2000
MAX_DEPTH = 4
MAX_HOPS = 6
MAX_PATHS = 10
#: Above this many nodes betweenness is estimated from a sample of this many sources.
BETWEENNESS_SAMPLE = 256
_KEY = re.compile(r"^(?:[a-z_]{1,30}:[0-9]{1,18}|restricted:hit:[0-9]{1,18})$")


@dataclass
class Graph:
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: dict[str, GraphEdge] = field(default_factory=dict)
    truncated: bool = False

    def merge(self, part: Contribution, *, allowed: set[str] | None = None, limit: int = MAX_NODES) -> set[str]:
        """Add a contribution; return the keys of nodes that were new. ``allowed`` keeps only those nodes."""
        new: set[str] = set()
        for node in part.nodes:
            if allowed is not None and node.key not in allowed:
                continue
            if node.key not in self.nodes:
                if len(self.nodes) >= limit:
                    self.truncated = True
                    continue
                new.add(node.key)
            self.nodes[node.key] = node
        for edge in part.edges:
            if edge.source in self.nodes and edge.target in self.nodes:
                self.edges[edge.key] = edge
        return new

    def to_networkx(self) -> nx.Graph:
        """A simple undirected graph (parallel edges folded) for the algorithms."""
        g = nx.Graph()
        g.add_nodes_from(self.nodes)
        for e in self.edges.values():
            if e.source != e.target:
                g.add_edge(e.source, e.target)
        return g

    def timeline(self) -> list[dict[str, Any]]:
        """The events behind the visible edges, oldest first (edges without a date last)."""
        events = [e.as_dict() for e in self.edges.values()]
        return sorted(events, key=lambda e: (e["on"] is None, e["on"] or ""))

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.as_dict() for n in self.nodes.values()],
            "edges": [e.as_dict() for e in self.edges.values()],
            "truncated": self.truncated,
            "timeline": self.timeline(),
        }

    def entity_ids(self) -> list[int]:
        return ids_of(list(self.nodes), "entity")


def collect(session: Session, actor: Actor, keys: Sequence[str], *, within: set[str] | None = None) -> Contribution:
    """What the actor may see around ``keys`` (``within``: only among those nodes), from the projection."""
    keys = [k for k in keys if isinstance(k, str) and _KEY.match(k)]
    return reader.collect(session, actor, keys, within=within) if keys else Contribution()


def collect_from_sources(session: Session, actor: Actor, keys: Sequence[str]) -> Contribution:
    """Ask every installed graph source about ``keys``: the rule as each capability states it on its own
    tables (slow at scale; the reference the projection is checked against)."""
    out = Contribution()
    keys = [k for k in keys if isinstance(k, str) and _KEY.match(k)]
    if not keys:
        return out
    for source in installed().graph_sources:
        part = source(session, actor, keys)
        out.nodes += part.nodes
        out.edges += part.edges
    return out


# --- who may analyse, and from where ----------------------------------------------------------------------


def _refuse(actor: Actor, via: str) -> None:
    ctx = actor.ctx
    error = Forbidden(
        _("Link analysis is for analysts, and for officers on their own agency's cases.")
    )

    def audit(session: Session) -> None:
        record(session, ctx, Actions.ACCESS_DENIED, "graph", "-", details={"event": "analysis_refused", "via": via})

    error.then(audit)
    raise error


def may_analyse(session: Session, actor: Actor, seeds: Sequence[str]) -> bool:
    """Analysts analyse anything they may see; other users only starting from their agency's own cases."""
    if actor.has_role("analyst"):
        return True
    case_ids = set(ids_of(seeds, "case"))
    entity_ids = ids_of(seeds, "entity")
    if entity_ids:
        case_ids |= set(session.execute(select(EntityRecord.case_id).where(EntityRecord.id.in_(entity_ids))).scalars())
    if not case_ids or len(seeds) != len(ids_of(seeds, "case")) + len(entity_ids):
        return False
    owners = set(session.execute(select(Case.owner_agency_id).where(Case.id.in_(case_ids))).scalars())
    return owners == {actor.agency_id}


def require_analysis(session: Session, actor: Actor, seeds: Sequence[str], via: str) -> None:
    if not may_analyse(session, actor, seeds):
        _refuse(actor, via)


def resolve_start(session: Session, actor: Actor, start: str, *, limit: int = 20) -> list[str]:
    """A node key (``entity:12``, ``case:3``), a case reference, an identifier or a person's name -> seeds.

    What the actor may not see answers "not found", like an absent id.
    """
    start = (start or "").strip()
    if not start or len(start) > 200:
        raise InvalidInput(_("Say where to start."), fields={"start": _("A person, an identifier or a case.")})
    if _KEY.match(start):
        kind, _rest = split_key(start)
        shown = {n.key for n in collect(session, actor, [start]).nodes}
        if start not in shown:
            raise not_found(actor.ctx, kind, _rest)
        return [start]
    case = session.execute(select(Case).where(Case.reference == start, case_visible(actor.user))).scalar_one_or_none()
    if case is not None:
        return [node_key("case", case.id)]
    from liaison.matching import search

    rows: list[EntityRecord] = []
    if any(ch.isdigit() for ch in start):
        rows = search.find(session, actor, identifier=start, limit=limit)
    if not rows:
        rows = search.find(session, actor, name=start, limit=limit)
    if not rows:
        raise not_found(actor.ctx, "graph_start", "-")
    return [node_key("entity", r.id) for r in rows]


# --- the graph around seeds ------------------------------------------------------------------------------


def _audit_consultation(session: Session, actor: Actor, graph: Graph, what: str, details: dict[str, Any]) -> None:
    ids = graph.entity_ids()
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "graph",
        what[:100],
        subjects=[("entity", i) for i in ids[:MAX_NODES]],
        details={"nodes": len(graph.nodes), "edges": len(graph.edges), **details},
    )


def grow(
    session: Session,
    actor: Actor,
    seeds: Sequence[str],
    depth: int,
    *,
    types: Iterable[str] = (),
    graph: Graph | None = None,
    limit: int = MAX_NODES,
) -> Graph:
    """Breadth-first: the seeds and everything within ``depth`` links that the actor may see.

    ``types`` keeps only neighbours of those kinds (cases are always crossed: entities meet through them).
    """
    graph = graph or Graph()
    wanted = set(types)
    first = collect(session, actor, list(seeds))
    graph.merge(first, allowed=set(seeds), limit=limit)
    frontier = [k for k in seeds if k in graph.nodes]
    for level in range(depth):
        if not frontier or graph.truncated:
            break
        asked = [k for k in frontier if not k.startswith("restricted:")]
        # The seeds' surroundings were read to find the seeds: read once when every seed is visible.
        part = first if level == 0 and asked == list(seeds) else collect(session, actor, asked)
        if wanted:
            part.nodes = [n for n in part.nodes if n.key in graph.nodes or n.kind in wanted or n.kind == "case"]
        frontier = sorted(graph.merge(part, limit=limit))
    return graph


def neighbourhood(
    session: Session, actor: Actor, start: str, depth: int = 1, types: Iterable[str] = (), *, via: str = "api"
) -> Graph:
    depth = _depth(depth)
    seeds = resolve_start(session, actor, start)
    require_analysis(session, actor, seeds, via)
    graph = grow(session, actor, seeds, depth, types=types)
    _audit_consultation(session, actor, graph, start, {"depth": depth, "via": via})
    return graph


def expand(session: Session, actor: Actor, keys: Sequence[str], types: Iterable[str] = ()) -> Graph:
    """One more level around nodes already on the reader's chart."""
    keys = _keys(keys)
    require_analysis(session, actor, keys, "expand")
    graph = grow(session, actor, keys, 1, types=types)
    _audit_consultation(session, actor, graph, "expand", {"asked": len(keys)})
    return graph


def paths(
    session: Session, actor: Actor, source: str, target: str, *, k: int = 1, max_hops: int = MAX_HOPS
) -> tuple[Graph, list[list[str]]]:
    """Shortest (and up to ``k`` shortest simple) paths of at most ``max_hops`` links between two nodes.

    Both ends grow breadth-first, the smaller frontier first, until they meet: the search never reads
    more of the graph than the two balls that touch. Paths run only through what the actor may see.
    """
    if not 1 <= k <= MAX_PATHS:
        raise InvalidInput(_("Ask for 1 to %(n)s paths.") % {"n": MAX_PATHS}, fields={"k": "1-10"})
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidInput(_("Paths have 1 to 6 links."), fields={"max_hops": "1-6"})
    ends = _keys([source, target])
    if len(ends) != 2:
        raise InvalidInput(_("Choose two different nodes."), fields={"target": _("Choose another node.")})
    require_analysis(session, actor, ends, "paths")
    first = reader.read(session, actor, ends)
    for end in ends:
        if end not in first.nodes:
            raise not_found(actor.ctx, split_key(end)[0], split_key(end)[1])
    found, seen = _shortest(session, actor, ends, k=k, max_hops=max_hops)
    pairs = {frozenset(pair) for p in found for pair in zip(p, p[1:], strict=False)}
    on_paths = {n for p in found for n in p} | set(ends)
    seen.stubs = {key: st for key, st in seen.stubs.items() if frozenset((st.source, st.target)) in pairs}
    for end in ends:
        seen.add_node(end, first.nodes[end])
    reader.complete(session, seen)
    part = reader.materialise(session, seen, only=on_paths)
    result = Graph(nodes={n.key: n for n in part.nodes})
    result.edges = {e.key: e for e in part.edges}
    _audit_consultation(session, actor, result, "paths", {"paths": len(found), "max_hops": max_hops})
    return result, found


def _shortest(
    session: Session, actor: Actor, ends: list[str], *, k: int, max_hops: int
) -> tuple[list[list[str]], reader.Reading]:
    """Bidirectional breadth-first search over what the reader may see, the smaller frontier first.

    Each level is one indexed read of the frontier's links and one rights check of what they touch; no
    node's data is read until the paths are known. Stops when the two balls touch or after ``max_hops``
    levels in all, or when it has met ``MAX_NODES * 10`` nodes.
    """
    adjacency = reader.Reading(nodes=dict.fromkeys(ends))
    seen = [{ends[0]}, {ends[1]}]
    frontier = [[ends[0]], [ends[1]]]
    hops = 0
    while hops < max_hops and not (seen[0] & seen[1]) and (frontier[0] or frontier[1]):
        side = 0 if (len(frontier[0]) <= len(frontier[1]) and frontier[0]) or not frontier[1] else 1
        asked = set(frontier[side])
        level = reader.read(
            session, actor, [x for x in frontier[side] if not x.startswith("restricted:")], light=True
        )
        reached: set[str] = set()
        for key, stub in level.stubs.items():
            adjacency.stubs.setdefault(key, stub)
            if stub.source in asked:
                reached.add(stub.target)
            if stub.target in asked:
                reached.add(stub.source)
        for key, agency in level.nodes.items():
            if len(adjacency.nodes) < MAX_NODES * 10:
                adjacency.add_node(key, agency)
        reached = {x for x in reached if x in adjacency.nodes} - seen[side]
        seen[side] |= reached
        frontier[side] = sorted(reached)
        hops += 1
    g = nx.Graph()
    g.add_nodes_from(ends)
    g.add_edges_from(
        (st.source, st.target) for st in adjacency.stubs.values()
        if st.source != st.target and st.source in adjacency.nodes and st.target in adjacency.nodes
    )
    found: list[list[str]] = []
    if nx.has_path(g, ends[0], ends[1]):
        for p in nx.shortest_simple_paths(g, ends[0], ends[1]):
            if len(p) - 1 > max_hops or len(found) >= k:
                break
            found.append(list(p))
    return found, adjacency


def visible_subgraph(session: Session, actor: Actor, keys: Sequence[str]) -> Graph:
    """The nodes among ``keys`` the actor may see and the visible edges between them (never the client's word)."""
    keys = _keys(keys, limit=20000)
    require_analysis(session, actor, keys, "metrics")
    graph = Graph()
    wanted = set(keys)
    graph.merge(collect(session, actor, keys, within=wanted), allowed=wanted, limit=len(wanted) + 1)
    return graph


def metrics(session: Session, actor: Actor, keys: Sequence[str]) -> dict[str, Any]:
    """Communities (Louvain), degree, betweenness (sampled when large), eigenvector centrality and k-core."""
    graph = visible_subgraph(session, actor, keys)
    result = compute_metrics(graph.to_networkx())
    _audit_consultation(session, actor, graph, "metrics", {})
    return result


def compute_metrics(g: nx.Graph) -> dict[str, Any]:
    n = g.number_of_nodes()
    if n == 0:
        return {"communities": [], "degree": {}, "betweenness": {}, "eigenvector": {}, "core": {}, "sampled": False}
    communities = nx.community.louvain_communities(g, seed=42)
    sampled = n > 1000
    betweenness = nx.betweenness_centrality(g, k=min(BETWEENNESS_SAMPLE, n) if sampled else None, seed=42)
    try:
        eigen = nx.eigenvector_centrality(g, max_iter=500, tol=1e-6)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = dict.fromkeys(g, 0.0)
    return {
        "communities": [sorted(c) for c in sorted(communities, key=len, reverse=True)],
        "degree": nx.degree_centrality(g),
        "betweenness": betweenness,
        "eigenvector": eigen,
        "core": nx.core_number(g),
        "sampled": sampled,
    }


def around(session: Session, actor: Actor, *, case_id: int | None, entity_id: int | None, depth: int) -> Graph:
    """The graph an export writes: a case or an entity and ``depth`` levels around it."""
    if (case_id is None) == (entity_id is None):
        raise InvalidInput(_("Export a case or an entity."), fields={"case": _("Give a case or an entity.")})
    start = node_key("case", case_id) if case_id is not None else node_key("entity", entity_id or 0)
    seeds = resolve_start(session, actor, start)
    require_analysis(session, actor, seeds, "export")
    return grow(session, actor, seeds, _depth(depth))


def _depth(depth: int) -> int:
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidInput(_("Depth is 0 to %(n)s.") % {"n": MAX_DEPTH}, fields={"depth": f"0-{MAX_DEPTH}"})
    return depth


def _keys(keys: Sequence[str], *, limit: int = MAX_NODES) -> list[str]:
    if not isinstance(keys, list | tuple) or len(keys) > limit:
        raise InvalidInput(_("Too many nodes."), fields={"keys": f"≤ {limit}"})
    bad = [k for k in keys if not isinstance(k, str) or not _KEY.match(k)]
    if bad:
        raise InvalidInput(_("Unknown node keys."), fields={"keys": str(bad[0])[:40]})
    return list(dict.fromkeys(keys))


def on_date(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""
