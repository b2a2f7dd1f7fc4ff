"""Issue 15: the HTTP fast path of frontline checks answers and logs exactly like the ordinary endpoint.

PostgreSQL only (the fast path is PostgreSQL's; on SQLite every check goes the ordinary way, which the
rest of the frontline tests cover). Each comparison runs the same check twice: once through the fast
path (the ordinary endpoint made to fail, so an answer proves the fast path gave it), once with the fast
path switched off, and compares the answers byte for byte and the rows written column by column.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from liaison.frontline import fastpath, service
from liaison.frontline.demo import RESTRICTED_DOCUMENT, demo_mrz, expired_mrz
from tests.helpers import api, client

URL = "/api/v1/frontline/checks"

QUERIES: dict[str, dict[str, str]] = {
    "hit": {"mrz": demo_mrz(), "crossing_point": "Vraćenovići", "reason": "entry check"},
    "hit_plate": {"plate": "M-LX 4711", "plate_country": "DE"},
    "hit_person": {"name": "Драган Петровић", "birth_date": "1979-03-14", "crossing_point": "Trebinje"},
    "withheld": {"document": RESTRICTED_DOCUMENT[1], "document_country": RESTRICTED_DOCUMENT[0]},
    "clear": {"document": "X1234567", "document_country": "ME", "reason": ""},
    "amber": {"mrz": expired_mrz(), "crossing_point": "  Batrovci  "},
}


@pytest.fixture
def pg(db_url: str) -> Iterator[str]:
    if not db_url.startswith("postgresql"):
        pytest.skip("the fast path serves PostgreSQL; on SQLite checks go the ordinary way")
    yield db_url


@pytest.fixture
def fast_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ordinary endpoint fails: a 200 can only come from the fast path."""

    def ordinary(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the ordinary endpoint ran a check the fast path should have answered")

    monkeypatch.setattr(service, "check", ordinary)


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpath, "_conninfo", lambda: None)


def _written(check_id: int) -> dict[str, Any]:
    """What a check wrote, without what differs between any two checks (ids, times, the chain)."""
    from liaison.core.audit.models import AuditRecord, AuditSubject
    from liaison.core.db import session_scope
    from liaison.frontline.models import FrontlineCheck
    from liaison.notifications.models import Notification

    me = str(check_id)
    with session_scope() as s:
        row = s.get(FrontlineCheck, check_id)
        assert row is not None
        check = {k: getattr(row, k) for k in ("user_id", "agency_id", "crossing_point", "reason", "kinds", "verdict")}
        check["hits"] = row.hits
        records = s.execute(
            select(AuditRecord)
            .where(AuditRecord.object_type == "frontline_check", AuditRecord.object_id == me)
            .order_by(AuditRecord.id)
        ).scalars()
        audit = []
        for r in records:
            subjects = sorted(
                f"{t}:{'ME' if (t, i) == ('frontline_check', me) else i}"
                for t, i in s.execute(
                    select(AuditSubject.object_type, AuditSubject.object_id).where(AuditSubject.audit_id == r.id)
                )
            )
            details = dict(r.details)
            details["subjects"] = [
                x.replace(f"frontline_check:{me}", "frontline_check:ME") for x in details["subjects"]
            ]
            audit.append(
                (
                    r.action,
                    r.actor_id,
                    r.actor_name,
                    r.actor_agency_id,
                    r.justification,
                    r.recipient,
                    r.ip,
                    details,
                    subjects,
                )
            )
        notes = [
            (n.agency_id, n.user_id, n.kind, n.text, n.read, {**n.details, "check": "ME"})
            for n in s.execute(
                select(Notification)
                .where(Notification.link == f"/frontline/checks/{check_id}")
                .order_by(Notification.id)
            ).scalars()
        ]
    return {"check": check, "audit": audit, "notifications": notes}


_SAME_HEADERS = (
    "content-type",
    "content-length",
    "cache-control",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
)


@pytest.mark.parametrize("case", sorted(QUERIES))
def test_the_fast_path_answers_and_logs_like_the_endpoint(pg: str, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    c = api("ba.pcc")
    c.headers["Accept-Language"] = "sq"  # action labels are translated for the reader on both paths
    with monkeypatch.context() as m:
        m.setattr(service, "check", lambda *a, **k: (_ for _ in ()).throw(AssertionError("not fast")))
        fast = c.post(URL, json=QUERIES[case])
    assert fast.status_code == 200, fast.text
    _slow(monkeypatch)
    slow = c.post(URL, json=QUERIES[case])
    assert slow.status_code == 200, slow.text
    fast_id, slow_id = fast.json()["check_id"], slow.json()["check_id"]
    assert slow_id > fast_id
    assert fast.content.replace(f'"check_id":{fast_id},'.encode(), b"") == slow.content.replace(
        f'"check_id":{slow_id},'.encode(), b""
    )
    assert {h: fast.headers.get(h) for h in _SAME_HEADERS} == {h: slow.headers.get(h) for h in _SAME_HEADERS} | {
        "content-length": fast.headers["content-length"]
    }
    assert _written(fast_id) == _written(slow_id)
    expected = {"hit": "hit", "hit_plate": "hit", "hit_person": "hit", "withheld": "hit", "clear": "clear"}
    assert fast.json()["verdict"] == expected.get(case, "check_document")
    if case == "withheld":
        assert fast.json()["hits"][0]["withheld"] is True and fast.json()["hits"][0]["list"] == ""
    if case.startswith("hit"):
        assert _written(fast_id)["notifications"], "the owner of a hit is notified"


def _token(username: str, **change: object) -> str:
    from liaison.accounts.models import ApiToken, User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope

    with session_scope() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        token = issue_api_token(s, user, "tests")
        if change:
            s.flush()
            s.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(**change))
    return token


def _both(monkeypatch: pytest.MonkeyPatch, post: Any) -> tuple[httpx.Response, httpx.Response]:
    first = post()
    with monkeypatch.context() as m:
        m.setattr(fastpath, "_conninfo", lambda: None)
        second = post()
    return first, second


def test_refusals_and_bad_input_are_the_endpoints_own(pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from liaison.core.timeutil import utcnow

    good = {"plate": "M-LX 4711", "plate_country": "DE"}
    cases: list[tuple[dict[str, str], Any, int]] = [
        ({"Authorization": "Bearer lsn_nonsense"}, good, 401),
        ({"Authorization": f"Bearer {_token('ba.pcc', revoked=True)}"}, good, 401),
        ({"Authorization": f"Bearer {_token('ba.pcc', expires_at=utcnow() - timedelta(days=1))}"}, good, 401),
        ({"Authorization": f"Bearer {_token('dpo')}"}, good, 403),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, {"document": "123", "birth_date": "1980-02-30"}, 422),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, {}, 422),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, {"vin": "x" * 500}, 422),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, {"plate": 12, "plate_country": "DE"}, 422),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, [good], 422),
        ({"Authorization": f"Bearer {_token('ba.pcc')}"}, {**good, "reason": "a\u0000b"}, 422),
    ]
    for headers, body, status in cases:
        c = client()
        c.headers.update(headers)
        fast, slow = _both(monkeypatch, lambda: c.post(URL, json=body))  # noqa: B023 - used at once
        assert fast.status_code == slow.status_code == status, (body, fast.text, slow.text)
        assert fast.json() == slow.json()
    c = api("ba.pcc")
    fast, slow = _both(
        monkeypatch, lambda: c.post(URL, content=b"{not json", headers={"Content-Type": "application/json"})
    )
    assert fast.status_code == slow.status_code == 422 and fast.json() == slow.json()
    # A refused check is audited by the endpoint, as before: two refusals of dpo (one per run above).
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        refused = (
            s.execute(select(AuditRecord).where(AuditRecord.action == "access_denied", AuditRecord.actor_name == "dpo"))
            .scalars()
            .all()
        )
    assert len(refused) == 2 and all(r.details["event"] == "check_refused" for r in refused)


def _fast_layer(app: Any) -> fastpath.FastCheck:
    layer = app.middleware_stack
    while not isinstance(layer, fastpath.FastCheck):
        layer = layer.app
    return layer


def test_concurrent_checks_share_transactions_and_the_chain_verifies(pg: str, fast_only: None) -> None:
    from liaison.core.audit import verify_chain
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope
    from liaison.frontline.models import FrontlineCheck
    from liaison.web.app import create_app

    token = _token("ba.pcc")
    app = create_app()
    queries = [QUERIES[name] for name in sorted(QUERIES)] * 8

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 4711))
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as c:
            return list(await asyncio.gather(*(c.post(URL, json=q) for q in queries)))

    answers = asyncio.run(run())
    assert [r.status_code for r in answers] == [200] * len(queries)
    ids = [r.json()["check_id"] for r in answers]
    assert len(set(ids)) == len(queries)
    writer = _fast_layer(app)._worker.writer  # type: ignore[union-attr]
    assert writer.written == len(queries)
    assert writer.batches < len(queries), "concurrent checks are committed together"
    with session_scope() as s:
        logged = s.execute(select(FrontlineCheck.id, FrontlineCheck.verdict).where(FrontlineCheck.id.in_(ids))).all()
        assert {i: v for i, v in logged} == {r.json()["check_id"]: r.json()["verdict"] for r in answers}
        consulted = s.execute(
            select(AuditRecord.object_id, AuditRecord.ip).where(
                AuditRecord.action == "consultation", AuditRecord.object_type == "frontline_check"
            )
        ).all()
        assert {o for o, ip in consulted if ip == "10.1.2.3"} == {str(i) for i in ids}
        result = verify_chain(s)
    assert result.ok and result.pending == 0, result.reason


def test_a_failed_batch_hands_its_checks_to_the_endpoint(pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch that cannot be written rolls back whole; the endpoint then runs and logs each check itself."""
    from liaison.frontline import batchlog

    monkeypatch.setattr(batchlog, "_INSERT_SUBJECTS", "INSERT INTO no_such_table VALUES (%s, %s, %s)")
    c = api("ba.pcc")
    r = c.post(URL, json=QUERIES["hit"])
    assert r.status_code == 200 and r.json()["verdict"] == "hit"
    written = _written(r.json()["check_id"])
    assert [a[0] for a in written["audit"]] == ["consultation", "disclosure", "disclosure"][: len(written["audit"])]
    from liaison.core.db import session_scope
    from liaison.frontline.models import FrontlineCheck

    with session_scope() as s:
        assert s.query(FrontlineCheck).count() == 1, "the failed batch left nothing behind"
