"""The CLI speaks the language of LIAISON_LANG (else LANG), and leaves no locale behind when it ends."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from liaison.cli import app
from liaison.core.i18n import current_locale

runner = CliRunner()


def test_cli_messages_follow_liaison_lang(db_url: str) -> None:
    r = runner.invoke(app, ["users", "totp", "nobody"], env={"LIAISON_LANG": "en-XA", "LANG": "C.UTF-8"})
    assert r.exit_code != 0
    assert "⟦No user %(name)s with a second factor.⟧".replace("%(name)s", "nobody") in r.output, r.output
    r = runner.invoke(app, ["users", "totp", "nobody"], env={"LIAISON_LANG": "", "LANG": "C.UTF-8"})
    assert "No user nobody with a second factor." in r.output and "⟦" not in r.output
    assert current_locale() == "en"


def test_lang_is_used_without_liaison_lang(db_url: str) -> None:
    r = runner.invoke(app, ["db", "upgrade"], env={"LIAISON_LANG": "", "LANG": "en_XA.UTF-8"})
    assert r.exit_code == 0, r.output
    assert "⟦Database schema is up to date.⟧" in r.output


def test_help_is_in_the_language_of_liaison_lang() -> None:
    """Typer reads the help texts at import; they are translated when the help is drawn."""
    from typer import rich_utils

    from liaison.core.i18n import translations

    sq = translations("sq")
    r = runner.invoke(app, ["--help"], env={"LIAISON_LANG": "sq", "LANG": "C.UTF-8"})
    assert r.exit_code == 0, r.output
    for english in (
        "Liaison: cross-border law-enforcement cooperation for South-East Europe.",
        "User accounts.",
        "Show this message and exit.",
        "Options",
        "Commands",
    ):
        assert sq.gettext(english) != english
        assert sq.gettext(english) in r.output, (english, r.output)
    assert "Show this message and exit." not in r.output
    r = runner.invoke(app, ["users", "--help"], env={"LIAISON_LANG": "sr-Cyrl"})
    assert translations("sr-Cyrl").gettext("Change a user's role.") in r.output, r.output
    # Nothing is left behind for the next (English) invocation.
    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"
    r = runner.invoke(app, ["--help"], env={"LIAISON_LANG": "", "LANG": "C.UTF-8"})
    assert "User accounts." in r.output and "Show this message and exit." in r.output
    assert current_locale() == "en"


def test_screen_prints_its_tables_in_the_language_of_liaison_lang() -> None:
    from liaison.core.i18n import translations

    args = ["screen", "--hs", "2903.71", "--description", "R-22 in disposable cylinders", "--refrigerant", "R-22"]
    r = runner.invoke(app, args, env={"LIAISON_LANG": "hr", "COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    hr = translations("hr")
    assert hr.gettext("Treaties that apply") in r.output
    assert "Montrealski protokol" in r.output or "Montreal, Prilog" in r.output, r.output
    reason = "Refrigerant in disposable (non-refillable) cylinders"
    assert reason not in r.output


def test_watchlist_import_reasons_follow_liaison_lang(db_url: str, tmp_path: Path) -> None:
    """The owner importing a list reads why rows were refused in their language; what the file holds (the
    record id, the country code, the column name) stays as written."""
    from tests.frontline.util import csv_text, doc

    env = {"LIAISON_LANG": "sq", "COLUMNS": "300"}
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text([doc("C-3", "111111111"), doc("C-4", "222222222", "ZZ")]))
    args = ["watchlist", "import", str(bad), "--list", "sq-list", "--owner", "RS-SPOC"]
    r = runner.invoke(app, args, env=env)
    assert r.exit_code == 2, r.output
    assert "1 rresht u refuzua:" in r.stderr, r.stderr
    assert "rreshti 3 (regjistrimi C-4): document_country 'ZZ' nuk është kod vendi" in r.stderr, r.stderr
    assert "Gabim" in r.stderr and "1 nga 2 rreshta u refuzuan; asgjë nuk u importua" in r.stderr, r.stderr
    header = tmp_path / "header.csv"
    header.write_text("record_id,category,colour\nX-1,stolen_document,red\n")
    r = runner.invoke(app, ["watchlist", "import", str(header), "--list", "sq-list", "--owner", "RS-SPOC"], env=env)
    assert "koka: kolona të panjohura: colour" in r.stderr, r.stderr
    r = runner.invoke(app, args, env={"LIAISON_LANG": "", "LANG": "C.UTF-8", "COLUMNS": "300"})
    assert "line 3 (record C-4)" in r.stderr and "1 row rejected:" in r.stderr, r.stderr
    assert current_locale() == "en"
