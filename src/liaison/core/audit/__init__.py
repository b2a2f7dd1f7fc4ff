"""Tamper-evident audit trail (Law Enforcement Directive (EU) 2016/680, Art. 25)."""

from liaison.core.audit.service import (
    Actions,
    AuditContext,
    not_found,
    record,
    trail_for,
    verify_chain,
)

__all__ = ["Actions", "AuditContext", "not_found", "record", "trail_for", "verify_chain"]
