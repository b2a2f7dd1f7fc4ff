"""Several worker processes against one database (issue 15): nothing a request needs lives in one process.

``liaison serve --workers 2`` runs in its own process group on the test database. Every request below goes
on a new connection, from several threads at once, so that both workers answer (checked from the CPU each
worker used); sessions, CSRF tokens, the login throttle, TOTP replay memory and the audit sequencer must
all hold whichever worker answers.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyotp
import pytest
from sqlalchemy import select, update

import liaison
from liaison.demo import PASSWORD

pytestmark = pytest.mark.slow

WORKERS = 2
HZ = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The worker processes (multiprocessing spawns them; its resource tracker is not one)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return [p for p in found if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


@contextmanager
def served(workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(liaison.__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "liaison.cli", "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    try:
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200 and len(_children(proc.pid)) >= workers:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
                pytest.fail(f"server did not start: {err[-2000:]}")
            time.sleep(0.2)
        time.sleep(1.0)  # let every worker finish its start-up
        yield base, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


def _login(base: str, username: str, password: str = PASSWORD, totp: str = "") -> httpx.Response:
    """The login form, on fresh connections (the form and the post may reach different workers)."""
    with httpx.Client(base_url=base, timeout=20) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
        assert token, page.text[:500]
        cookies = dict(c.cookies)
    with httpx.Client(base_url=base, timeout=20, cookies=cookies) as c:
        data = {"username": username, "password": password, "totp": totp, "csrf_token": token.group(1)}
        return c.post("/login", data=data, follow_redirects=False)


def test_sessions_csrf_throttle_totp_and_audit_hold_across_workers(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several workers are a PostgreSQL deployment (SQLite serialises writers in one file)")
    from liaison.accounts.models import User
    from liaison.core.db import dispose_engines, session_scope

    with session_scope() as s:
        s.execute(update(User).where(User.username == "admin").values(totp_last_step=None))
        secret = s.execute(select(User.totp_secret).where(User.username == "admin")).scalar_one()
    dispose_engines()

    with served(WORKERS) as (base, proc):
        workers = _children(proc.pid)
        assert len(workers) == WORKERS
        cpu_before = {pid: _cpu(pid) for pid in workers}

        # A browser session made on one worker is honoured, with its CSRF token, by every worker.
        r = _login(base, "mk.duty")
        assert r.status_code == 303, r.text
        cookies = dict(r.cookies)
        with httpx.Client(base_url=base, timeout=20, cookies=cookies) as c:
            m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', c.get("/inbox").text)
            assert m
        csrf = m.group(1)

        def one(n: int) -> tuple[int, int]:
            with httpx.Client(base_url=base, timeout=30, cookies=cookies) as c:
                page = c.get("/inbox").status_code
            with httpx.Client(base_url=base, timeout=30, cookies=cookies, headers={"X-CSRF-Token": csrf}) as c:
                made = c.post("/api/v1/cases", json={"title": f"worker test {n}", "crime_areas": ["drugs_trafficking"]})
            return page, made.status_code

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(one, range(48)))
        assert answers == [(200, 201)] * 48

        # A one-time code used on one worker is refused on every other.
        code = pyotp.TOTP(secret).now()
        assert _login(base, "admin", totp=code).status_code == 303
        replays = [_login(base, "admin", totp=code) for _ in range(3)]
        assert all(r.status_code == 401 and "already used" in r.text for r in replays)

        # The login throttle counts failures made on any worker (3 replays + 2 wrong passwords from this
        # address: the next attempt, even with the right password, waits).
        failures = [_login(base, "mk.colleague", "wrong").status_code for _ in range(2)]
        assert failures == [401] * 2
        assert _login(base, "mk.colleague").status_code == 429

        used = {pid: _cpu(pid) - cpu_before[pid] for pid in workers}
        assert all(v > 0.05 for v in used.values()), f"not every worker answered: CPU seconds {used}"

        # The workers' sequencers chain what they committed, without any command.
        from liaison.core.audit import verify_chain

        deadline = time.monotonic() + 10
        while True:
            with session_scope() as s:
                result = verify_chain(s)
            if result.pending == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert result.ok and result.pending == 0, (result.reason, result.pending)
        assert result.checked > 48
