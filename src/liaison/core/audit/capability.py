"""The audit trail's contribution to the app: the DPO's API and page.

Kept apart from ``core/audit/__init__.py``, which is the trail's public face imported by every capability:
registering there would tie the trail to the sign-in dependencies its pages need, in a circle.
"""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.core.audit import api, views

    registry.add_models("liaison.core.audit.models")
    registry.add_migrations("0012")
    registry.add_router(api.router)
    registry.add_router(views.router)
