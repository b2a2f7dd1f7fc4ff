"""The ``liaison screen`` contract, mounted on a test application."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from liaison.environment.cli import register, screen_command

app = typer.Typer()
register(app)


@app.command("version")
def _version() -> None:  # a second command keeps "screen" a named sub-command
    """Unused."""


runner = CliRunner()


def test_json_output_contract() -> None:
    result = runner.invoke(
        app,
        [
            "screen",
            "--hs",
            "2903.71",
            "--description",
            "R-22 refrigerant",
            "--packaging",
            "disposable cylinders",
            "--origin",
            "TR",
            "--destination",
            "AL",
            "--transit",
            "MK",
            "--document",
            "invoice",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"treaties", "requirements", "red_flags"} <= data.keys()
    assert data["treaties"][0]["code"] == "MONTREAL"
    assert {"code", "entry", "source"} <= data["treaties"][0].keys()
    assert {"code", "reason"} <= data["red_flags"][0].keys()
    assert "DISPOSABLE_CYLINDER" in {f["code"] for f in data["red_flags"]}
    assert "judgement" in data["note"]


def test_repeatable_options() -> None:
    result = runner.invoke(
        app,
        [
            "screen",
            "--hs",
            "3808.52",
            "--description",
            "insecticide",
            "--cas",
            "50-29-3",
            "--cas",
            "58-89-9",
            "--document",
            "PIC import response",
            "--document",
            "Stockholm exemption",
            "--json",
        ],
    )
    data = json.loads(result.stdout)
    assert {"ROTTERDAM", "STOCKHOLM"} <= {t["code"] for t in data["treaties"]}
    assert all(r["presented"] for r in data["requirements"])


def test_table_output() -> None:
    result = runner.invoke(
        app,
        ["screen", "--hs", "0302.89", "--description", "fresh fish", "--species", "Anguilla anguilla"],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0
    assert "CITES Appendix II Anguilla anguilla" in result.stdout
    assert "EEL_AS_GENERIC_FISH" in result.stdout


def test_bad_hs_exits_2_with_message_on_stderr() -> None:
    result = runner.invoke(app, ["screen", "--hs", "2903.98", "--description", "gas", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_quantity_exits_2() -> None:
    result = runner.invoke(app, ["screen", "--hs", "2903.71", "--description", "gas", "--quantity", "-1"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_command_function_is_exposed() -> None:
    assert callable(screen_command)
