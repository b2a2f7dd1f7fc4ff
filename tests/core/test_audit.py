"""The audit trail cannot be rewritten unnoticed, and a DPO reads only the trail in their scope (issue 8)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from tests.helpers import agency_id, api, login


def _message_me_to_al() -> dict:  # type: ignore[type-arg]
    """A Montenegrin request to Albania: no North Macedonian agency is party to it."""
    me = api("me.drugs")
    case = me.post("/api/v1/cases", json={"title": "stolen cars via Shkodër", "crime_areas": ["drugs_trafficking"]})
    assert case.status_code == 201, case.text
    r = me.post(
        f"/api/v1/cases/{case.json()['id']}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": agency_id("AL-SPOC"),
            "subject": "Registered keeper",
            "body": "Keeper of AA 123 BB",
            "priority": "normal",
            "data_access": "direct",
            "legal_basis_code": "EU-2023-977",
            "handling_code": "H0",
            "evaluation": "B2",
            "purpose": "Identify the keeper.",
        },
    )
    assert r.status_code == 201, r.text
    msg: dict = r.json()  # type: ignore[type-arg]
    return msg


def _add_user(username: str, agency: str, role: str) -> None:
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.demo import PASSWORD

    with session_scope() as s:
        create_user(
            s, username=username, full_name=username, agency_code=agency, role=role, password=PASSWORD, totp_secret=None
        )


def _verify() -> object:
    from liaison.core.audit import verify_chain
    from liaison.core.db import session_scope

    with session_scope() as s:
        return verify_chain(s)


def _keys(tmp_path: Path) -> tuple[object, Path]:
    from liaison.core.audit.checkpoint import keygen, load_private_key

    private, public = keygen(tmp_path / "keys")
    return load_private_key(private), public


def _checkpoint(private_key: object, out: Path) -> tuple[object, bool]:
    from liaison.core.audit.checkpoint import write_checkpoint
    from liaison.core.db import session_scope

    with session_scope() as s:
        return write_checkpoint(s, private_key, out)  # type: ignore[arg-type]


def _against(out: Path, public: Path) -> list[str]:
    from liaison.core.audit.checkpoint import check_against, checkpoint_file, load_public_key, read_checkpoints
    from liaison.core.db import session_scope

    cps, problems = read_checkpoints(checkpoint_file(out), load_public_key(str(public)))
    with session_scope() as s:
        return problems + check_against(s, cps)


def _top() -> tuple[int, str]:
    from liaison.core.db import get_engine

    with get_engine().connect() as conn:
        row = conn.execute(text("select seq, hash from audit_record order by seq desc limit 1")).one()
        return int(row.seq), str(row.hash)


def _recompute_from(seq: int) -> None:
    """What an attacker holding the secret key does: re-link every record from ``seq`` on, and the head."""
    from liaison.core.audit.models import AuditHead, AuditRecord
    from liaison.core.audit.service import link_hash
    from liaison.core.db import session_scope

    with session_scope() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.seq >= seq).order_by(AuditRecord.seq)).scalars().all()
        prev = s.execute(select(AuditRecord.hash).where(AuditRecord.seq == seq - 1)).scalar_one()
        for rec in rows:
            rec.prev_hash = prev
            rec.hash = prev = link_hash(prev, rec)
        head = s.get(AuditHead, 1)
        assert head is not None
        head.hash = prev


# --- b. the subject index is covered by the chain ------------------------------------------------------


def test_deleted_subject_rows_are_detected(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from liaison.core.db import get_engine

    msg = _message_me_to_al()
    dpo = api("dpo")
    assert dpo.get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]}).json()
    assert dpo.get("/api/v1/audit/verify").json()["ok"] is True
    with get_engine().begin() as conn:
        conn.execute(
            text("delete from audit_subject where object_type = 'message' and object_id = :i"), {"i": str(msg["id"])}
        )
    # The message's trail is now silently empty for a trail query...
    assert dpo.get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]}).json() == []
    # ...but verification names the record whose subject index lost it.
    with caplog.at_level(logging.ERROR, logger="liaison.audit"):
        result = dpo.get("/api/v1/audit/verify").json()
    assert result["ok"] is False
    assert "subject index" in result["reason"] and f"message:{msg['id']}" in result["reason"]
    assert any("verification failed" in r.getMessage() for r in caplog.records)
    from liaison.cli import app

    broken = CliRunner().invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1 and "subject index" in broken.output


def test_added_subject_rows_are_detected(db_url: str) -> None:
    from liaison.core.db import get_engine

    with get_engine().begin() as conn:
        audit_id = conn.execute(text("select id from audit_record where seq = 3")).scalar_one()
        conn.execute(
            text("insert into audit_subject (audit_id, object_type, object_id) values (:a, 'message', '999')"),
            {"a": audit_id},
        )
    result = _verify()
    assert not result.ok and result.first_broken_seq == 3 and "added message:999" in result.reason  # type: ignore[attr-defined]


# --- a./c. checkpoints catch truncation, a rewound head and a recomputed chain --------------------------


def test_truncation_with_rewound_head_passes_the_chain_but_not_the_checkpoint(db_url: str, tmp_path: Path) -> None:
    from liaison.core.db import get_engine

    key, public = _keys(tmp_path)
    out = tmp_path / "cps"
    out.mkdir()
    cp, written = _checkpoint(key, out)
    assert written
    top, _hash = _top()
    with get_engine().begin() as conn:
        keep = conn.execute(text("select seq, hash from audit_record where seq = :s"), {"s": top - 3}).one()
        conn.execute(
            text("delete from audit_subject where audit_id in (select id from audit_record where seq > :s)"),
            {"s": keep.seq},
        )
        conn.execute(text("delete from audit_record where seq > :s"), {"s": keep.seq})
        conn.execute(text("update audit_head set seq = :s, hash = :h"), {"s": keep.seq, "h": keep.hash})
    assert _verify().ok  # type: ignore[attr-defined]  # the attack the chain alone cannot see
    problems = _against(out, public)
    assert any(f"records {top - 2}..{top} are missing" in p for p in problems)
    assert any(f"head was rewound to record {top - 3}" in p for p in problems)
    runner = CliRunner()
    from liaison.cli import app

    broken = runner.invoke(app, ["audit", "verify", "--checkpoint", str(out), "--public-key", str(public)])
    assert broken.exit_code == 1 and "truncated" in broken.output, broken.output


def test_recomputed_chain_passes_the_chain_but_not_the_checkpoint(db_url: str, tmp_path: Path) -> None:
    from liaison.core.db import get_engine

    key, public = _keys(tmp_path)
    out = tmp_path / "audit.jsonl"
    _checkpoint(key, out)
    with get_engine().begin() as conn:
        conn.execute(text("update audit_record set justification = 'nothing to see' where seq = 5"))
    assert not _verify().ok  # type: ignore[attr-defined]
    _recompute_from(5)
    assert _verify().ok  # type: ignore[attr-defined]  # with the key, the edit is invisible to the chain
    problems = _against(out, public)
    assert len(problems) == 1 and "rewritten" in problems[0] and "recomputed at or before record" in problems[0]
    # The checkpoint job refuses to sign over it.
    from liaison.core.audit.checkpoint import CheckpointError

    with pytest.raises(CheckpointError, match="not signing"):
        _checkpoint(key, out)


def test_deletion_inside_checkpointed_part_is_counted(db_url: str, tmp_path: Path) -> None:
    from liaison.core.db import get_engine

    key, public = _keys(tmp_path)
    out = tmp_path / "audit.jsonl"
    _checkpoint(key, out)
    with get_engine().begin() as conn:
        conn.execute(text("delete from audit_subject where audit_id in (select id from audit_record where seq = 4)"))
        conn.execute(text("delete from audit_record where seq = 4"))
    assert not _verify().ok  # type: ignore[attr-defined]
    assert any("1 record(s) up to record" in p for p in _against(out, public))


def test_checkpoint_is_idempotent_incremental_and_its_file_is_signed(db_url: str, tmp_path: Path) -> None:
    key, public = _keys(tmp_path)
    out = tmp_path / "audit.jsonl"
    first, written = _checkpoint(key, out)
    assert written
    again, written = _checkpoint(key, out)
    assert not written and again == first
    assert len(out.read_text().splitlines()) == 1
    _message_me_to_al()
    second, written = _checkpoint(key, out)
    assert written and second.seq > first.seq  # type: ignore[attr-defined]
    assert second.count == second.seq  # type: ignore[attr-defined]
    assert _against(out, public) == []
    # Editing the checkpoint file (here: lowering the seq to hide a truncation) breaks its signature.
    lines = out.read_text().splitlines()
    forged = json.loads(lines[-1])
    forged["seq"] = first.seq  # type: ignore[attr-defined]
    out.write_text("\n".join([lines[0], json.dumps(forged)]) + "\n")
    assert any("signature does not hold" in p for p in _against(out, public))
    # Another key's public half does not verify it either.
    _other, other_public = _keys(tmp_path / "other")
    assert any("signature does not hold" in p for p in _against(out, other_public))


def test_cli_keygen_checkpoint_verify(db_url: str, tmp_path: Path) -> None:
    from liaison.cli import app

    runner = CliRunner()
    keys = tmp_path / "keys"
    r = runner.invoke(app, ["audit", "keygen", "--out", str(keys)])
    assert r.exit_code == 0, r.output
    private = keys / "audit-checkpoint.key"
    assert private.stat().st_mode & 0o077 == 0
    assert runner.invoke(app, ["audit", "keygen", "--out", str(keys)]).exit_code == 2  # never overwritten silently
    out = tmp_path / "cps.jsonl"
    r = runner.invoke(app, ["audit", "checkpoint", "--key", str(private), "--out", str(out)])
    assert r.exit_code == 0 and "Checkpoint written" in r.output, r.output
    r = runner.invoke(app, ["audit", "checkpoint", "--key", str(private), "--out", str(out)])
    assert r.exit_code == 0 and "unchanged" in r.output
    args = ["audit", "verify", "--checkpoint", str(out), "--public-key", str(keys / "audit-checkpoint.pub")]
    r = runner.invoke(app, args)
    assert r.exit_code == 0 and "Agrees with 1 signed checkpoint" in r.output, r.output
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(out)]).exit_code == 2
    # The private key is nowhere in the database.
    from liaison.core.db import get_engine

    pem = private.read_text().splitlines()[1]
    with get_engine().connect() as conn:
        rows = conn.execute(text("select details from audit_record")).scalars().all()
    assert not any(pem in json.dumps(d) for d in rows)


# --- d. the server refuses a weak secret key ------------------------------------------------------------


@pytest.mark.parametrize("key", ["dev-insecure-change-me", "short-but-not-default"])
def test_server_refuses_a_weak_secret(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    from liaison.cli import app
    from liaison.core.config import WeakSecretKey, reset_settings
    from liaison.web.app import create_app, create_demo_app

    monkeypatch.setenv("LIAISON_SECRET_KEY", key)
    reset_settings()
    try:
        with pytest.raises(WeakSecretKey, match="LIAISON_SECRET_KEY"):
            create_app()
        r = CliRunner().invoke(app, ["serve", "--port", "1"])
        assert r.exit_code == 2
        assert "Refusing to serve" in r.output and "secrets.token_urlsafe(48)" in r.output
        assert create_demo_app() is not None  # the demo keeps its development key
    finally:
        monkeypatch.undo()
        reset_settings()


def test_server_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    from liaison.core.config import reset_settings
    from liaison.web.app import create_app

    monkeypatch.setenv("LIAISON_SECRET_KEY", secrets.token_urlsafe(48))
    reset_settings()
    try:
        assert create_app() is not None
    finally:
        monkeypatch.undo()
        reset_settings()


# --- e. DPO scope ---------------------------------------------------------------------------------------


def _trail(username: str, msg: dict) -> object:  # type: ignore[type-arg]
    return api(username).get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]})


def test_dpo_scopes(db_url: str) -> None:
    from liaison.core.db import get_engine

    msg = _message_me_to_al()
    _add_user("mk.dpo", "MK-SPOC", "dpo")
    _add_user("me.spoc.dpo", "ME-SPOC", "dpo")
    _add_user("me.drugs.dpo", "ME-POL-DRUGS", "dpo")
    _add_user("sys.dpo", "MK-SPOC", "dpo_system")
    # An agency DPO of another country: answered as not found, and the attempt is audited.
    r = _trail("mk.dpo", msg)
    assert r.status_code == 404  # type: ignore[attr-defined]
    with get_engine().connect() as conn:
        denied = conn.execute(
            text(
                "select count(*) from audit_record where action = 'access_denied' and actor_name = 'mk.dpo' "
                "and object_type = 'message' and object_id = :i"
            ),
            {"i": str(msg["id"])},
        ).scalar_one()
    assert denied == 1
    # An agency DPO of a sister agency in the same country sees nothing of it either.
    assert _trail("me.spoc.dpo", msg).status_code == 404  # type: ignore[attr-defined]
    # The sending agency's DPO, the national DPO of its country and the system DPO see the whole trail.
    own = _trail("me.drugs.dpo", msg).json()  # type: ignore[attr-defined]
    assert {"collection", "disclosure"} <= {t["action"] for t in own}
    national = _trail("dpo", msg).json()  # type: ignore[attr-defined]  # demo dpo: dpo_national of ME
    assert {t["seq"] for t in national} == {t["seq"] for t in own}
    system = _trail("sys.dpo", msg).json()  # type: ignore[attr-defined]
    assert {t["seq"] for t in system} == {t["seq"] for t in own}


def test_dpo_sees_own_users_actions_on_other_agencies_records(db_url: str) -> None:
    """An agency DPO supervises its own users: their refused attempts on foreign records show up, alone."""
    msg = _message_me_to_al()
    _add_user("mk.dpo", "MK-SPOC", "dpo")
    case = {"object_type": "case", "object_id": msg["case_id"]}
    assert api("mk.dpo").get("/api/v1/audit", params=case).status_code == 404
    assert api("mk.duty").get(f"/api/v1/cases/{msg['case_id']}").status_code == 404
    rows = api("mk.dpo").get("/api/v1/audit", params=case).json()
    # Only MK users' actions: mk.duty's refused look, and the DPO's own refused query before it.
    assert {(t["actor_name"], t["action"]) for t in rows} == {("mk.duty", "access_denied"), ("mk.dpo", "access_denied")}
    everything = api("dpo").get("/api/v1/audit", params=case).json()
    assert len(everything) > len(rows)


def test_dpo_scope_on_the_audit_page(db_url: str) -> None:
    msg = _message_me_to_al()
    _add_user("mk.dpo", "MK-SPOC", "dpo")
    page = login("mk.dpo").get("/audit", params={"object_type": "message", "object_id": msg["id"]})
    assert page.status_code == 404
    page = login("dpo").get("/audit", params={"object_type": "message", "object_id": msg["id"]})
    assert page.status_code == 200 and "me.drugs" in page.text and 'id="audit-rows"' in page.text


def test_every_owner_column_exists() -> None:
    """The scope reads owners by table and column name: a rename elsewhere must fail here, not widen scope."""
    import liaison.web.app  # noqa: F401 - imports every capability's models
    from liaison.core.audit.scope import OWNER_COLUMNS
    from liaison.core.db import Base

    for object_type, (table, columns) in OWNER_COLUMNS.items():
        assert table in Base.metadata.tables, object_type
        assert all(c in Base.metadata.tables[table].c for c in columns), object_type
