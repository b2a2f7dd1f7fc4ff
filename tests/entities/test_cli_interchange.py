"""`liaison entities export/import`: FtM lines out of one case and into another, all or nothing."""

from __future__ import annotations

from pathlib import Path

from tests.factories import make_agency, make_case, make_entity, make_user
from typer.testing import CliRunner

from liaison.cli import app


def test_export_then_import_with_a_bad_line(db_url: str, tmp_path: Path) -> None:
    owner = make_user(make_agency(country="ME"))
    source = make_case(owner)
    make_entity(owner, source, {"type": "person", "names": ["Dragan Petrović"], "birth_date": "1979-04-12"})
    make_entity(owner, source, {"type": "phone", "number": "+389 70 123 456"})
    outsider = make_user(make_agency(country="AL"))
    importer = make_user(make_agency(country="RS"))
    target = make_case(importer)

    runner = CliRunner()
    out = tmp_path / "bar.jsonl"
    r = runner.invoke(app, ["entities", "export", str(source.id), "--as", owner.username, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert len(out.read_text().splitlines()) == 2
    # The outsider's agency is not a participant: the case does not exist for it.
    r = runner.invoke(app, ["entities", "export", str(source.id), "--as", outsider.username])
    assert r.exit_code == 2 and "Not found" in r.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(out.read_text() + "{not json}\n")
    case = str(target.id)
    r = runner.invoke(app, ["entities", "import", str(bad), "--case", case, "--as", importer.username])
    assert r.exit_code == 1 and "line 3" in r.output and "nothing imported" in r.output
    r = runner.invoke(
        app, ["entities", "import", str(bad), "--case", case, "--as", importer.username, "--accept-valid"]
    )
    assert r.exit_code == 0 and "2 entities imported, 1 rejected" in r.output
