"""The command-line contracts the issues name, through the real ``liaison`` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from liaison.cli import app

runner = CliRunner()


def test_names_score_contract(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "id,name1,name2,note\n1,Ђорђевић Милош,DJORDJEVIC<<MILOS,x\n2,Marko Petrović,Marko Petković,y\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["names", "score", str(pairs)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["name1", "name2", "score", "match"]
    assert [row["match"] for row in rows] == ["true", "false"]
    assert all(0.0 <= float(row["score"]) <= 1.0 for row in rows)


def test_persons_dedupe_contract(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "id,name,birth_date,nationality,extra\n"
        "a,Милош Ђорђевић,1984-02-11,RS,1\n"
        "b,DJORDJEVIC<<MILOS,1984-11-02,,2\n"
        "c,Miloš Đorđević,1990-05-05,RS,3\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["persons", "dedupe", str(register)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(row["id1"], row["id2"]) for row in rows] == [("a", "b")]


def test_screen_contract() -> None:
    r = runner.invoke(
        app,
        [
            "screen",
            "--hs",
            "2903.71",
            "--description",
            "R-22 refrigerant in disposable cylinders",
            "--origin",
            "TR",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"treaties", "requirements", "red_flags"} <= set(out)
    assert "MONTREAL" in {t["code"] for t in out["treaties"]}
    bad = runner.invoke(app, ["screen", "--hs", "0101.99", "--description", "horses", "--json"])
    assert bad.exit_code == 2


def test_check_contract_shape(db_url: str) -> None:
    r = runner.invoke(app, ["check", "--document", "000000001", "--document-country", "RS", "--json"])
    assert r.exit_code == 0, r.output
    assert isinstance(json.loads(r.stdout)["hits"], list)
    bad = runner.invoke(app, ["check", "--birth-date", "1990-13-45", "--json"])
    assert bad.exit_code == 2
