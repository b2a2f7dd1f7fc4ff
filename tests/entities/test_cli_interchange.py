"""`liaison entities export/import`: FtM lines out of one case and into another, all or nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from liaison.cli import app


def test_export_then_import_with_a_bad_line(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "bar.jsonl"
    r = runner.invoke(app, ["entities", "export", "1", "--as", "me.drugs", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert len(out.read_text().splitlines()) == 2
    # AL is not a participant: the case does not exist for it.
    r = runner.invoke(app, ["entities", "export", "1", "--as", "al.officer"])
    assert r.exit_code == 2 and "Not found" in r.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(out.read_text() + "{not json}\n")
    r = runner.invoke(app, ["entities", "import", str(bad), "--case", "2", "--as", "rs.spoc"])
    assert r.exit_code == 1 and "line 3" in r.output and "nothing imported" in r.output
    r = runner.invoke(app, ["entities", "import", str(bad), "--case", "2", "--as", "rs.spoc", "--accept-valid"])
    assert r.exit_code == 0 and "2 entities imported, 1 rejected" in r.output
