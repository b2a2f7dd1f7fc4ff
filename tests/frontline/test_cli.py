"""The command line: ``liaison check``, ``liaison watchlist import``, ``liaison replica …``."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from liaison.cli import app
from liaison.frontline.demo import demo_mrz, expired_mrz, td3_mrz
from tests.frontline.util import csv_text, doc

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_json_shape_and_exit_codes(db_url: str) -> None:
    code, out, _ = run("check", "--mrz", demo_mrz(), "--json")
    assert code == 1, "a hit is not a clear check"
    hits = json.loads(out)["hits"]
    assert [(h["list"], h["entry_id"]) for h in hits] == [
        ("rs-persons", "RS-P-0001"),
        ("rs-sltd", "RS-SLTD-DEMO"),
    ]
    assert all({"list", "entry_id", "score", "action", "explanation"} <= set(h) for h in hits)
    code, out, _ = run("check", "--plate", "XX 000 XX", "--plate-country", "IT", "--json")
    assert code == 0 and json.loads(out)["hits"] == []
    code, out, err = run("check", "--birth-date", "1980-01-01", "--document", "123")
    assert code == 2 and "Traceback" not in out + err
    assert "document_country" in err and "name" in err
    code, out, _ = run("check", "--name", "Драган Петровић", "--birth-date", "1979-03-14")
    assert code == 1 and "HIT — ARREST" in out


def _bad_digit(mrz: str) -> str:
    l1, l2 = mrz.splitlines()
    return l1 + "\n" + l2[:19] + ("5" if l2[19] != "5" else "6") + l2[20:]


def test_check_verdicts_and_exit_codes(db_url: str) -> None:
    """0 only for CLEAR; 1 HIT; 3 CHECK DOCUMENT (wrong check digits, expired, unreadable); 2 bad input."""
    unlisted = td3_mrz("JOVANOVIC", "ANA", "007711223", "900101", "310101")
    cases = [
        (unlisted, 0, "clear", None),
        (_bad_digit(unlisted), 3, "check_document", "birth date check digit"),
        (expired_mrz(), 3, "check_document", "document expired on 2020-01-01"),
        ("P<SRB THIS IS NOT AN MRZ", 3, "check_document", "MRZ could not be read"),
        (demo_mrz(), 1, "hit", None),
        (_bad_digit(demo_mrz()), 1, "hit", "birth date check digit"),  # a hit wins, problems still listed
    ]
    for mrz, code, verdict, problem in cases:
        status, out, _ = run("check", "--mrz", mrz, "--json")
        body = json.loads(out)
        assert (status, body["verdict"]) == (code, verdict), (mrz, status, body)
        assert isinstance(body["document_problems"], list)
        assert (problem is None) == (not body["document_problems"]), body["document_problems"]
        if problem:
            assert any(problem in p for p in body["document_problems"])
    # The text answer says it in words, never CLEAR for a suspect document.
    status, out, _ = run("check", "--mrz", expired_mrz())
    assert status == 3 and "CHECK DOCUMENT" in out and "CLEAR" not in out and "expired on 2020-01-01" in out
    status, out, _ = run("check", "--mrz", _bad_digit(demo_mrz()))
    assert status == 1 and "HIT — ARREST" in out and "Document problems as well" in out
    status, out, _ = run("check", "--mrz", unlisted)
    assert status == 0 and "CLEAR" in out


def test_watchlist_import_cli(db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(csv_text([doc("C-1", "123456789"), doc("C-2", "987654321")]))
    code, out, _ = run("watchlist", "import", str(good), "--list", "cli-list", "--owner", "RS-SPOC")
    assert code == 0 and "2 rows imported (2 new, 0 updated)" in out
    code, out, _ = run("watchlist", "import", str(good), "--list", "cli-list", "--json")
    assert code == 0 and json.loads(out)["updated"] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text([doc("C-3", "111111111"), doc("C-4", "222222222", "ZZ")]))
    code, out, err = run("watchlist", "import", str(bad), "--list", "cli-list")
    assert code == 2 and "line 3 (record C-4)" in err and "nothing was imported" in err
    code, out, _ = run("check", "--document", "111111111", "--document-country", "RS", "--json")
    assert json.loads(out)["hits"] == []
    code, out, err = run("watchlist", "import", str(bad), "--list", "cli-list", "--accept-valid-rows")
    assert code == 0 and "1 row imported" in out and "1 rejected" in out
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("record_id,category,name\nP-1,wanted_person,Petrovi\xe6\n".encode("latin-1"))
    code, out, err = run("watchlist", "import", str(latin1), "--list", "cli-list")
    assert code == 2 and "not UTF-8" in err
    code, _, err = run("watchlist", "import", str(tmp_path / "missing.csv"), "--list", "cli-list")
    assert code == 2 and "No such file" in err
    code, out, _ = run("watchlist", "remove", "cli-list", "C-1")
    assert code == 0 and "1 entries removed" in out


def test_replica_round_trip_tamper_expiry_and_handling(db_url: str, tmp_path: Path) -> None:
    code, out, _ = run("replica", "keygen", "--out-dir", str(tmp_path / "keys"))
    assert code == 0
    key, pub = tmp_path / "keys" / "replica-signing.key", tmp_path / "keys" / "replica-signing.pub"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    replica = tmp_path / "desk.lrep"
    code, out, err = run("replica", "export", "--out", str(replica), "--key", str(key))
    assert code == 0, err
    # Wanted persons are H1 in the demo: in. H2 entries stay out unless allowed.
    code, out, _ = run(
        "replica", "check", "--replica", str(replica), "--public-key", str(pub), "--mrz", demo_mrz(), "--json"
    )
    assert code == 1 and json.loads(out)["verdict"] == "hit"
    assert [h["entry_id"] for h in json.loads(out)["hits"]] == ["RS-P-0001", "RS-SLTD-DEMO"]
    code, out, _ = run(
        "replica", "check", "--replica", str(replica), "--public-key", str(pub), "--mrz", expired_mrz(), "--json"
    )
    assert code == 3 and json.loads(out)["verdict"] == "check_document", "offline as online"
    b64 = [
        line
        for line in run("replica", "keygen", "--out-dir", str(tmp_path / "other"))[1].splitlines()
        if "base64" in line
    ][0].split(": ")[1]
    code, _, err = run("replica", "check", "--replica", str(replica), "--public-key", b64, "--vin", "WBA")
    assert code == 2 and "signature does not verify" in err
    code, _, err = run("replica", "check", "--replica", str(replica), "--public-key", str(pub), "--plate", "X")
    assert code == 2 and "plate_country" in err
    # Tampering with the data (even through SQLite itself) is refused.
    db = sqlite3.connect(replica)
    db.execute("UPDATE entries SET action = 0")
    db.commit()
    db.close()
    code, _, err = run(
        "replica", "check", "--replica", str(replica), "--public-key", str(pub), "--vin", "WBA12345678901234"
    )
    assert code == 2 and "altered after it was signed" in err


def test_replica_stale_expired_and_restricted(db_url: str, tmp_path: Path) -> None:
    from liaison.core.db import session_scope
    from liaison.frontline.matching import CheckQuery
    from liaison.frontline.replica import (
        Replica,
        ReplicaError,
        export,
        keygen,
        load_private_key,
        load_public_key,
    )
    from tests.frontline.util import do_import

    do_import(
        csv_text([doc("H-2", "777777777", handling_code="H2"), doc("H-0", "666666666")]),
        list_name="restricted",
        owner="RS-SPOC",
    )
    keygen(tmp_path / "k.key", tmp_path / "k.pub")
    key, pub = load_private_key(tmp_path / "k.key"), load_public_key(str(tmp_path / "k.pub"))
    then = datetime.now(UTC) - timedelta(hours=60)
    with session_scope() as s:
        report = export(s, tmp_path / "old.lrep", key, now=then, stale_hours=48, valid_hours=72)
    assert report.excluded_restricted == 2  # H-2 and the demo's RS-SLTD-H2-DEMO
    rep = Replica(tmp_path / "old.lrep", pub)
    assert rep.warnings and "STALE" in rep.warnings[0]
    assert not rep.check(CheckQuery(document="777777777", document_country="RS")).hits
    assert rep.check(CheckQuery(document="666666666", document_country="RS")).hits
    rep.close()
    try:
        Replica(tmp_path / "old.lrep", pub, now=datetime.now(UTC) + timedelta(hours=13))
        raise AssertionError("an expired replica must be refused")
    except ReplicaError as exc:
        assert "expired" in str(exc)
    with session_scope() as s:
        export(s, tmp_path / "rs.lrep", key, agency_code="RS-SPOC")
        export(s, tmp_path / "h2.lrep", key, allow_handling=["H2"])
    for name in ("rs.lrep", "h2.lrep"):
        rep = Replica(tmp_path / name, pub)
        assert rep.check(CheckQuery(document="777777777", document_country="RS")).hits, name
        assert not rep.warnings
        rep.close()


def test_replica_entries_read_back_as_the_database_has_them(db_url: str, tmp_path: Path) -> None:
    """The replica's columns come from one spec (replica.ENTRY_COLUMNS): the file has exactly those
    columns, and every entry answers at the desk as the online check's source answers it."""
    from dataclasses import replace

    from sqlalchemy import select

    from liaison.core.db import session_scope
    from liaison.frontline.models import WatchlistEntry
    from liaison.frontline.replica import ENTRY_COLUMNS, ENTRY_NAMES, Replica, export, keygen, load_private_key
    from liaison.frontline.replica import load_public_key as public
    from liaison.frontline.service import DatabaseSource

    assert all(hasattr(WatchlistEntry, attr) for _name, _type, attr in ENTRY_COLUMNS)
    keygen(tmp_path / "k.key", tmp_path / "k.pub")
    with session_scope() as s:
        export(s, tmp_path / "all.lrep", load_private_key(tmp_path / "k.key"), allow_handling=["H2", "H3"])
        numbers = sorted({n for n in s.execute(select(WatchlistEntry.doc_number)).scalars() if n})
        online = {n: {replace(e, owner_id=None) for e in DatabaseSource(s).documents(n)} for n in numbers}
    db = sqlite3.connect(tmp_path / "all.lrep")
    assert tuple(row[1] for row in db.execute("PRAGMA table_info(entries)")) == ENTRY_NAMES
    db.close()
    rep = Replica(tmp_path / "all.lrep", public(str(tmp_path / "k.pub")))
    assert numbers
    for n in numbers:
        assert set(rep.documents(n)) == online[n], n
    rep.close()
