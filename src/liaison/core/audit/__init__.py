"""Tamper-evident audit trail (Law Enforcement Directive (EU) 2016/680, Art. 25)."""

from liaison.core.audit.service import (
    Actions,
    AuditContext,
    NewRecord,
    new_record,
    not_found,
    queue,
    record,
    trail_for,
    verify_chain,
)

__all__ = [
    "Actions",
    "AuditContext",
    "NewRecord",
    "new_record",
    "not_found",
    "queue",
    "record",
    "trail_for",
    "verify_chain",
]
