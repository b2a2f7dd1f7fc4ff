"""Users, roles, sessions, API tokens and login throttling."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.accounts import api, views

    registry.add_models("liaison.accounts.models")
    registry.add_migrations("0007", "0009", "0020")  # user roles, sign-in, session sources
    registry.add_router(views.router)
    registry.add_router(api.router, last=True)
