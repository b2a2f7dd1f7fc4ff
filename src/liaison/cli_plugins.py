"""Where capabilities' command groups are mounted on the ``liaison`` command."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from liaison.entities.cli import entities_app
    from liaison.environment import cli as environment_cli
    from liaison.frontline.cli import register as frontline
    from liaison.matching.cli import names_app, persons_app

    app.add_typer(names_app, name="names")
    app.add_typer(persons_app, name="persons")
    app.add_typer(entities_app, name="entities")
    environment_cli.register(app)
    frontline(app)
