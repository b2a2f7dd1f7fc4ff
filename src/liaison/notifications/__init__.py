"""Notifications delivered to agencies and users."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    registry.add_models("liaison.notifications.models")
