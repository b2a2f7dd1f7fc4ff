"""The edge projection (analysis_edge): it answers exactly what the capabilities' graph sources answer, for
every reader, and it follows adding an entity, a seizure, an FtM link, a hit decision, sharing and erasing
a case; ``liaison graph rebuild`` yields the same rows as the events did.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from liaison.cli import app
from tests.factories import make_agency, make_case, make_entity, make_user


def _snapshot() -> set[tuple[Any, ...]]:
    from liaison.analysis.models import AnalysisEdge
    from liaison.core.db import session_scope

    with session_scope() as s:
        cols = [c for c in AnalysisEdge.__table__.columns if c.name != "id"]
        return {tuple(str(v) for v in row) for row in s.execute(select(*cols)).all()}


def _rebuilt() -> set[tuple[Any, ...]]:
    r = CliRunner().invoke(app, ["graph", "rebuild"])
    assert r.exit_code == 0, r.output
    assert " edges (" in r.output
    return _snapshot()


def _norm(part: Any) -> tuple[dict[str, str], dict[str, str]]:
    nodes = {n.key: json.dumps(n.as_dict(), sort_keys=True, default=str) for n in part.nodes}
    edges = {e.key: json.dumps(e.as_dict(), sort_keys=True, default=str) for e in part.edges}
    return nodes, edges


def _graph(username: str, key: str) -> tuple[dict[str, str], dict[str, str]]:
    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.analysis import service
    from liaison.core.db import session_scope

    with session_scope() as s:
        actor = Actor(s.execute(select(User).where(User.username == username)).scalar_one())
        return _norm(service.collect(s, actor, [key]))


def test_projection_answers_what_every_source_answers_for_every_reader(db_url: str) -> None:
    """The demo network, every node, one user of every agency: same nodes, same edges, same restricted nodes."""
    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.analysis import service
    from liaison.analysis.models import AnalysisEdge
    from liaison.core.db import session_scope

    with session_scope() as s:
        keys = sorted({k for row in s.execute(select(AnalysisEdge.src, AnalysisEdge.dst)).all() for k in row})
        users: dict[int, User] = {}
        for user in s.execute(select(User).order_by(User.id)).scalars():
            users.setdefault(user.agency_id, user)
        assert len(keys) > 30 and len(users) > 5
        restricted = 0
        for user in users.values():
            actor = Actor(user)
            for key in keys:
                mine = _norm(service.collect(s, actor, [key]))
                theirs = _norm(service.collect_from_sources(s, actor, [key]))
                assert mine == theirs, (user.username, key)
                restricted += sum(k.startswith("restricted:") for k in mine[0])
            # A whole frontier at once answers the same too.
            assert _norm(service.collect(s, actor, keys)) == _norm(service.collect_from_sources(s, actor, keys))
        assert restricted  # the demo's "held by X, ask" nodes are among what was compared


def test_projection_follows_entities_hits_sharing_and_erasure(db_url: str) -> None:
    from liaison.cases import service as cases
    from liaison.core.db import session_scope
    from liaison.matching import service as matching
    from liaison.matching.models import Hit
    from tests.factories import _actor

    assert _snapshot() == _rebuilt()
    a, b = make_agency(country="RS"), make_agency(country="AL")
    ua, ub = make_user(a, "analyst", "supervisor"), make_user(b, "analyst", "supervisor")
    case_a, case_b = make_case(ua), make_case(ub)
    phone = {"type": "phone", "number": "+381 64 555 0199"}
    ea = make_entity(ua, case_a, phone)
    eb = make_entity(ub, case_b, {"type": "phone", "number": "+381645550199"})
    # Added: each entity on its case, and the hit between them, at once.
    nodes, edges = _graph(ua.username, f"entity:{ea}")
    assert f"recorded:{ea}" in edges and f"case:{case_a.id}" in nodes
    hit = [k for k in edges if k.startswith("hit:")]
    assert len(hit) == 1 and f"restricted:{hit[0]}" in nodes  # B's side: held by B, ask
    assert f"entity:{eb}" not in nodes
    # Sharing B's case with A: the same projection row now shows B's entity itself.
    with session_scope() as s:
        cases.share_case(s, _actor(s, ub), case_b.id, a.id, "joint analysis")
    nodes, edges = _graph(ua.username, f"entity:{ea}")
    assert f"entity:{eb}" in nodes and not any(k.startswith("restricted:") for k in nodes)
    assert json.loads(edges[hit[0]])["status"] == "pending"
    # Rejecting the hit: no longer a link.
    hit_id = int(hit[0].split(":")[1])
    with session_scope() as s:
        assert s.get(Hit, hit_id) is not None
        matching.decide(s, _actor(s, ua), hit_id, "rejected", "different subscriber")
    nodes, edges = _graph(ua.username, f"entity:{ea}")
    assert hit[0] not in edges and f"entity:{eb}" not in nodes
    assert _snapshot() == _rebuilt()
    # Erasing B's case: its entity, case node and edges leave the projection.
    with session_scope() as s:
        cases.erase_case(s, _actor(s, ub), case_b.id, "retention period over")
    snap = _snapshot()
    assert not any(f"case:{case_b.id}" in row or f"entity:{eb}" in row for row in snap)
    assert snap == _rebuilt()


def test_projection_follows_confirmed_hits_seizures_and_ftm_links(db_url: str) -> None:
    from liaison.core.db import session_scope
    from liaison.environment import seizures
    from liaison.matching import service as matching
    from tests.factories import _actor

    a, b = make_agency(country="RS"), make_agency(country="RS")
    ua, ub = make_user(a, "analyst", "officer"), make_user(b, "analyst", "officer")
    case_a, case_b = make_case(ua), make_case(ub)
    ea = make_entity(ua, case_a, {"type": "phone", "number": "+381 64 555 0177"})
    make_entity(ub, case_b, {"type": "phone", "number": "+381 64 555 0177"})
    nodes, edges = _graph(ub.username, f"entity:{ea}")
    assert not nodes  # A's entity does not exist for B
    hit_id = int(next(k for k in _graph(ua.username, f"entity:{ea}")[1] if k.startswith("hit:")).split(":")[1])
    with session_scope() as s:
        matching.decide(s, _actor(s, ua), hit_id, "confirmed", "same subscriber")
    assert json.loads(_graph(ua.username, f"entity:{ea}")[1][f"hit:{hit_id}"])["status"] == "confirmed"
    with session_scope() as s:
        row = seizures.create_from_screening(
            s, _actor(s, ua), case_a.id,
            {"hs_code": "2903.71", "description": "Refrigerant R-22", "refrigerant": "R-22", "quantity": 10,
             "unit": "kg"},
            seizures.SeizureDetails(seized_on="2026-01-02", place="Horgoš"),
        )
        seizure = row.id
    nodes, edges = _graph(ua.username, f"case:{case_a.id}")
    assert f"seizure:{seizure}" in nodes and edges[f"seized:{seizure}"]
    assert f"seizure:{seizure}" not in _graph(ub.username, f"case:{case_a.id}")[0]
    lines = [
        {"id": "p-a", "schema": "Person", "properties": {"name": ["Proj Caller"], "birthDate": ["1990-01-01"]}},
        {"id": "p-b", "schema": "Person", "properties": {"name": ["Proj Receiver"], "birthDate": ["1991-01-01"]}},
        {"id": "p-call", "schema": "Call", "properties": {"caller": ["p-a"], "receiver": ["p-b"]}},
    ]
    from tests.factories import api_client

    r = api_client(ua).post(
        f"/api/v1/cases/{case_a.id}/entities/import", content="\n".join(json.dumps(x) for x in lines),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert r.status_code == 200 and r.json()["relations"] == 1, r.text
    assert any(row[3] == "call" for row in _snapshot())
    assert _snapshot() == _rebuilt()
