"""The audit sequencer (issue 15): records commit with the action, one sequencer chains them after commit.

The crash windows are tested with real SIGKILLs of a separate process: between the commit of an action
and its chaining, and in the middle of the sequencer's own transaction. Nothing acknowledged may be
unaudited, ``audit verify`` reports the unchained records as pending (not an error within the bound),
and the sequencer chains them afterwards.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

import liaison
from liaison.cli import app as cli_app

SRC = str(Path(liaison.__file__).resolve().parents[1])

#: A process that commits ``n`` audited actions and is killed by SIGKILL at the spot named by ``where``.
_CHILD = """
import os, signal, sys
from liaison.core.audit import Actions, AuditContext, record, sequencer
from liaison.core.db import session_scope

where, n = sys.argv[1], int(sys.argv[2])
die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
if where == "after_commit":
    sequencer.committed = die          # the action is committed; the link never happens
elif where == "in_sequencer":
    original = sequencer._chain_batch
    def chain_then_die(conn, *, wait):
        original(conn, wait=wait)      # records numbered and linked, head moved: not committed
        die()
    sequencer._chain_batch = chain_then_die
ctx = AuditContext(actor_id=None, actor_name="crash-test")
with session_scope() as s:
    for i in range(n):
        record(s, ctx, Actions.COLLECTION, "crash_test", i, subjects=[("case", 1)])
print("survived", flush=True)
"""


def _run_child(where: str, n: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD), where, str(n)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _verify() -> object:
    from liaison.core.audit import verify_chain
    from liaison.core.db import session_scope

    with session_scope() as s:
        return verify_chain(s)


def _count(object_type: str) -> tuple[int, int]:
    """(records, of which chained) of one object type."""
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        total = s.execute(select(func.count()).where(AuditRecord.object_type == object_type)).scalar_one()
        chained = s.execute(
            select(func.count()).where(AuditRecord.object_type == object_type, AuditRecord.seq.is_not(None))
        ).scalar_one()
    return int(total), int(chained)


def _pg(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the sequencer runs on PostgreSQL; SQLite chains at commit under its writer lock")


def test_sqlite_and_cli_chain_right_after_commit(db_url: str) -> None:
    """Without a background sequencer (command line, tests) the committing process links its own records."""
    from liaison.core.audit import Actions, AuditContext, record
    from liaison.core.db import session_scope

    with session_scope() as s:
        record(s, AuditContext.system("t"), Actions.COLLECTION, "crash_test", 1)
    assert _count("crash_test") == (1, 1)
    result = _verify()
    assert result.ok and result.pending == 0  # type: ignore[attr-defined]


def test_kill_between_commit_and_chaining_loses_nothing(db_url: str) -> None:
    _pg(db_url)
    before = _verify()
    proc = _run_child("after_commit", 7)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # The action and its records are committed, not chained: pending, and not an error within the bound.
    assert _count("crash_test") == (7, 0)
    result = _verify()
    assert result.ok, result.reason  # type: ignore[attr-defined]
    assert result.pending == 7  # type: ignore[attr-defined]
    assert result.checked == before.checked  # type: ignore[attr-defined]
    out = CliRunner().invoke(cli_app, ["audit", "verify"])
    assert out.exit_code == 0 and "Pending 7 records" in out.output, out.output
    # The next sequencer run (a worker's start-up, its timer, or the command) chains them.
    out = CliRunner().invoke(cli_app, ["audit", "chain"])
    assert out.exit_code == 0 and "Chained 7" in out.output, out.output
    assert _count("crash_test") == (7, 7)
    after = _verify()
    assert after.ok and after.pending == 0  # type: ignore[attr-defined]
    assert after.checked == before.checked + 7  # type: ignore[attr-defined]


def test_kill_inside_the_sequencer_rolls_back_and_is_redone(db_url: str) -> None:
    _pg(db_url)
    proc = _run_child("in_sequencer", 5)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _count("crash_test") == (5, 0)  # the half-done link was rolled back whole
    result = _verify()
    assert result.ok and result.pending == 5, result.reason  # type: ignore[attr-defined]
    from liaison.core.audit.sequencer import start, stop
    from liaison.core.db import get_engine

    start(get_engine())  # what a worker does at start-up
    stop(get_engine())
    assert _count("crash_test") == (5, 5)
    assert _verify().ok


def test_pending_beyond_the_bound_fails_verification(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _pg(db_url)
    from liaison.core.config import reset_settings

    assert _run_child("after_commit", 2).returncode == -signal.SIGKILL
    monkeypatch.setenv("LIAISON_AUDIT_CHAIN_MAX_LAG_SECONDS", "0")
    reset_settings()
    try:
        result = _verify()
        assert not result.ok  # type: ignore[attr-defined]
        assert "not chained" in result.reason and "liaison audit chain" in result.reason  # type: ignore[attr-defined]
        out = CliRunner().invoke(cli_app, ["audit", "verify"])
        assert out.exit_code == 1
    finally:
        monkeypatch.delenv("LIAISON_AUDIT_CHAIN_MAX_LAG_SECONDS")
        reset_settings()


def test_concurrent_writers_and_sequencers_keep_one_linear_chain(db_url: str) -> None:
    """Many writers commit while several sequencers (one per simulated worker) race for the lock."""
    _pg(db_url)
    from liaison.core.audit import Actions, AuditContext, record
    from liaison.core.audit.models import AuditRecord
    from liaison.core.audit.sequencer import Sequencer, chain_pending
    from liaison.core.db import get_engine, session_scope

    engine = get_engine()
    sequencers = [Sequencer(engine) for _ in range(3)]
    for seq in sequencers:
        seq.start()
    from liaison.core.audit import sequencer as module

    module._running[id(engine)] = sequencers[0]  # commits wake a thread instead of linking inline

    def writer(n: int) -> None:
        for i in range(20):
            with session_scope() as s:
                record(s, AuditContext.system(f"w{n}"), Actions.COLLECTION, "race_test", f"{n}-{i}")
            sequencers[i % 3].wake()

    try:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        module._running.pop(id(engine), None)
        for seq in sequencers:
            seq.stop()
    chain_pending(engine)
    assert _count("race_test") == (120, 120)
    with session_scope() as s:
        seqs = s.execute(select(AuditRecord.seq).order_by(AuditRecord.seq)).scalars().all()
    assert seqs == list(range(1, len(seqs) + 1))  # no gap, no duplicate
    result = _verify()
    assert result.ok and result.pending == 0, result.reason  # type: ignore[attr-defined]
    assert sum(s.linked for s in sequencers) >= 1


def test_the_dpo_sees_pending_records_in_the_api_and_on_the_page(db_url: str) -> None:
    _pg(db_url)
    from tests.helpers import api, login

    # Signed in first: signing in commits audit records, and this process links them (and all) at once.
    dpo_api, dpo_page = api("dpo"), login("dpo")
    assert _run_child("after_commit", 4).returncode == -signal.SIGKILL
    answer = dpo_api.get("/api/v1/audit/verify").json()
    assert answer["ok"] is True and answer["pending"] == 4 and answer["pending_oldest_s"] >= 0
    assert _run_child("after_commit", 3).returncode == -signal.SIGKILL
    page = dpo_page.get("/audit", params={"verify": "1"})
    assert page.status_code == 200
    found = re.search(r"Trail intact[^<]*Pending: (\d+)", page.text)
    assert found and int(found.group(1)) == 4 + 3, page.text  # verifying writes no audit record


def test_verify_walks_on_when_the_sequencer_links_during_the_walk(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A head that moved while verify walked is not "records deleted from the end" (no false alarm)."""
    _pg(db_url)
    from liaison.core.audit import Actions, AuditContext, record, service, verify_chain
    from liaison.core.db import session_scope

    real = service._stored_subjects
    calls = {"n": 0}

    def write_meanwhile(session, rows):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:  # another worker commits and its sequencer links, mid-walk
            with session_scope() as other:
                record(other, AuditContext.system("meanwhile"), Actions.COLLECTION, "race_test", 1)
        return real(session, rows)

    monkeypatch.setattr(service, "_stored_subjects", write_meanwhile)
    before = _count("race_test")
    with session_scope() as s:
        result = verify_chain(s)
    assert _count("race_test") == (before[0] + 1, before[1] + 1)
    assert result.ok, result.reason
    assert calls["n"] >= 2  # it walked on to the record linked meanwhile
