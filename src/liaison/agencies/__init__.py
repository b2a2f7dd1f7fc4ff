"""Countries, agencies and the network of officers (contact points)."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.agencies import api, views
    from liaison.agencies.reference import ensure_countries

    registry.add_models("liaison.agencies.models")
    registry.add_reference_data(ensure_countries)
    registry.add_router(api.router)
    registry.add_router(views.router)
