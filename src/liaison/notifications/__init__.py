"""Notifications delivered to agencies and users."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.notifications import views

    registry.add_models("liaison.notifications.models")
    registry.add_router(views.router)
