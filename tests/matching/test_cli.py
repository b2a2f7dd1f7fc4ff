"""CLI contract of ``liaison names score`` and ``liaison persons dedupe``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer
from typer.testing import CliRunner

from liaison.matching.cli import names_app, persons_app

app = typer.Typer()
app.add_typer(names_app, name="names")
app.add_typer(persons_app, name="persons")
runner = CliRunner()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_names_score_contract(tmp_path: Path) -> None:
    f = _write(tmp_path / "pairs.csv",
               "id,name1,name2,extra\n"
               "1,Милош Ђорђевић,DORDEVIC<<MILOS,x\n"
               "2,Marko Petrović,Marko Petković,y\n"
               '3,"ZHEKOVA, Tsvetelina",Цветелина Жекова,z\n'
               "4,,Marko,\n")
    res = runner.invoke(app, ["names", "score", str(f)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["name1", "name2", "score", "match"]
    assert [r[:2] for r in rows[1:]] == [["Милош Ђорђевић", "DORDEVIC<<MILOS"],
                                         ["Marko Petrović", "Marko Petković"],
                                         ["ZHEKOVA, Tsvetelina", "Цветелина Жекова"], ["", "Marko"]]
    assert [r[3] for r in rows[1:]] == ["true", "false", "true", "false"]
    for r in rows[1:]:
        assert 0.0 <= float(r[2]) <= 1.0 and len(r[2].split(".")[1]) == 4


def test_names_score_missing_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["names", "score", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2
    assert "not found" in res.output
    assert "Traceback" not in res.output


def test_names_score_missing_column(tmp_path: Path) -> None:
    f = _write(tmp_path / "bad.csv", "name1,other\nMarko,x\n")
    res = runner.invoke(app, ["names", "score", str(f)])
    assert res.exit_code == 2
    assert "name2" in res.output
    assert "name1,name2,score,match" not in res.output


def test_names_score_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "latin1.csv"
    f.write_bytes("name1,name2\nMilo\xe9,X\n".encode("latin-1"))
    res = runner.invoke(app, ["names", "score", str(f)])
    assert res.exit_code == 2


def test_persons_dedupe_contract(tmp_path: Path) -> None:
    f = _write(tmp_path / "reg.csv",
               "id,name,birth_date,nationality,notes\n"
               "a,Marko Petrović,1985-03-04,RS,\n"
               "b,PETROVIC<<MARKO,1985-04-03,,\n"
               "c,Marko Petrović,1990-01-01,RS,namesake\n"
               "d,Marko Petković,1985-03-04,RS,look-alike\n"
               "e,Jelena Tomić,,,\n")
    res = runner.invoke(app, ["persons", "dedupe", str(f)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["id1", "id2", "score"]
    assert [r[:2] for r in rows[1:]] == [["a", "b"]]


def test_persons_dedupe_missing_columns(tmp_path: Path) -> None:
    f = _write(tmp_path / "reg.csv", "id,name\n1,Marko\n")
    res = runner.invoke(app, ["persons", "dedupe", str(f)])
    assert res.exit_code == 2
    assert "birth_date" in res.output
