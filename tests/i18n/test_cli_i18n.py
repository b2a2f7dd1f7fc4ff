"""The CLI speaks the language of LIAISON_LANG (else LANG), and leaves no locale behind when it ends."""

from __future__ import annotations

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
