"""Tamper-evident audit trail (Law Enforcement Directive (EU) 2016/680, Art. 25)."""

from liaison.core.audit.service import (
    Actions,
    AuditContext,
    not_found,
    record,
    trail_for,
    verify_chain,
)
from liaison.core.registry import Registry

__all__ = ["Actions", "AuditContext", "not_found", "record", "trail_for", "verify_chain", "register"]


def register(registry: Registry) -> None:
    from liaison.core.audit import api, views

    registry.add_models("liaison.core.audit.models")
    registry.add_router(api.router)
    registry.add_router(views.router)
