"""Frontline checks: watchlists, instant checks at border crossings and PCC desks, offline replica."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.frontline import api, cli, fastpath, views

    registry.add_models("liaison.frontline.models")
    registry.add_migrations("0004")
    registry.add_router(api.router)
    # POST /api/v1/frontline/checks on PostgreSQL without FastAPI's machinery (issue 15); anything
    # unusual is handed to api.router's endpoint unchanged.
    registry.add_asgi_middleware(lambda app: fastpath.FastCheck(app, api.CheckIn))
    registry.add_router(views.router)
    registry.add_cli(cli.register)
    registry.add_demo_step("liaison.frontline.demo:seed_demo")
    registry.add_migrations("0014")
    registry.add_migrations("0019")
