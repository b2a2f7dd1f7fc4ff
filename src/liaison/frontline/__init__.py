"""Frontline checks: watchlists, instant checks at border crossings and PCC desks, offline replica."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.frontline import api, cli, views

    registry.add_models("liaison.frontline.models")
    registry.add_migrations("0004")
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_cli(cli.register)
    registry.add_demo_step("liaison.frontline.demo:seed_demo")
    registry.add_migrations("0014")
    registry.add_migrations("0019")
