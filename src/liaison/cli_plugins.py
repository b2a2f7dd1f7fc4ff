"""Where capabilities' command groups are mounted on the ``liaison`` command."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from liaison.frontline.cli import register as frontline

    frontline(app)
