"""Operations: joint operations and action days, meetings and action items, results and migration incidents."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.operations import api, views

    registry.add_models("liaison.operations.models")
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_inbox_source(views.action_items_source)
    registry.add_migrations("0010")
    registry.add_demo_step("liaison.operations.demo:seed")
