"""The link-analysis graph's vocabulary, shared by every capability that contributes to it.

A capability that holds links (entities on cases, hits, seizures, later arrests and other results)
registers a *graph source* with ``registry.add_graph_source(source)`` in its ``register``: the statement,
on its own tables, of which of its links a reader sees. At scale the analysis capability reads the same
links from its edge projection (``analysis/projection.py``, kept in step by the capabilities' events) and
``tests/analysis/test_projection.py`` checks that the projection answers exactly what the sources answer.

A source applies its own capability's access rule (which in turn asks ``cases/access.py``): it returns
only the nodes and edges the actor may see, and, where the Prüm-style hit rule allows, a *restricted*
node that carries nothing but the holding agency and how to ask.

Node keys are ``"<kind>:<id>"`` (``entity:12``, ``case:3``, ``seizure:5``, ``restricted:hit:9``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

#: The node kinds a source may be asked about; a source ignores keys of kinds it does not own.
RESTRICTED = "restricted"


def node_key(kind: str, ident: int | str) -> str:
    return f"{kind}:{ident}"


def split_key(key: str) -> tuple[str, str]:
    """``"entity:12"`` -> ``("entity", "12")``; a restricted key keeps its tail (``hit:9``)."""
    kind, _, rest = key.partition(":")
    return kind, rest


def ids_of(keys: Sequence[str], kind: str) -> list[int]:
    """The integer ids of the keys of one kind (malformed keys are ignored: they match nothing)."""
    out: list[int] = []
    for key in keys:
        k, rest = split_key(key)
        if k == kind and rest.isdigit() and len(rest) < 19:
            out.append(int(rest))
    return out


@dataclass
class GraphNode:
    """A node as a reader may see it. ``restricted`` nodes carry only ``agency`` and ``ask``."""

    key: str
    kind: str  # entity type (person, phone…), "case", "seizure", or "restricted"
    label: str
    agency: str = ""  # code of the holding agency
    agency_label: str = ""
    handling_code: str = ""
    case_id: int | None = None
    restricted: bool = False
    ask: str = ""  # restricted nodes: how to ask the holder
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class GraphEdge:
    """An edge with its provenance: every edge says where it comes from, when, how reliable, how restricted."""

    key: str
    source: str
    target: str
    kind: str  # recorded_on, hit, seized_in, ownership, membership, associate, call, payment, …
    ref: str  # the case reference / message the link comes from
    on: date | datetime | None
    evaluation: str
    handling_code: str
    status: str = ""  # hits: "confirmed" or "pending"
    label: str = ""
    case_id: int | None = None
    message_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["on"] = self.on.isoformat() if self.on is not None else None
        return out


@dataclass
class Contribution:
    """What one source answers: the nodes it knows (visible ones) and the edges incident to those asked."""

    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


#: ``source(session, actor, keys) -> Contribution``: the nodes among ``keys`` the source owns and the actor
#: may see, every edge incident to them that the actor may see, and the nodes at the other end.
GraphSource = Callable[[Any, Any, Sequence[str]], Contribution]
