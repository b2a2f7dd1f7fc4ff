"""Where capabilities' command groups are mounted on the ``liaison`` command."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from liaison.environment import cli as environment_cli
    from liaison.environment import demo as _environment_demo  # noqa: F401 - seeds the NEST on demo_seeded
    from liaison.matching.cli import names_app, persons_app

    app.add_typer(names_app, name="names")
    app.add_typer(persons_app, name="persons")
    environment_cli.register(app)
