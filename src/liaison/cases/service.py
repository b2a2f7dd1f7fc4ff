"""The case system's operations, the capability's public face: other capabilities, the API and the pages
call ``liaison.cases.service.<operation>``; the operations live in modules by concern:

* :mod:`liaison.cases.cases` — open, read, list, consult and share cases;
* :mod:`liaison.cases.messages` — send messages (one rule per kind), read them and their attachments, assign;
* :mod:`liaison.cases.forwarding` — pass messages on, and the originator's permission to (H2/H3);
* :mod:`liaison.cases.inbox` — inbox, outbox, escalations and search;
* :mod:`liaison.cases.retention` — review dates and erasure.

Every operation checks rights, validates, writes, notifies and audits. Functions take the SQLAlchemy session
of the caller's unit of work and never commit: the web layer or the CLI commits once, so a request is
either wholly recorded (with its audit trail) or not at all.
"""

from __future__ import annotations

from liaison.cases.cases import (
    OUTCOMES,
    case_data_shown,
    case_history,
    close_case,
    consult_case,
    create_case,
    edit_case,
    get_case,
    list_cases,
    reopen_case,
    share_case,
)
from liaison.cases.forwarding import forward, grant_forward_permission
from liaison.cases.inbox import DUE_SOON, Escalation, escalations, inbox, outbox, query_digest, search
from liaison.cases.messages import NewMessage, assign, get_message, handling_floor, read_attachment, send_message
from liaison.cases.retention import erase_case, extend_review, reviews_due
from liaison.core.paging import Page

__all__ = [
    "DUE_SOON",
    "OUTCOMES",
    "case_history",
    "close_case",
    "edit_case",
    "reopen_case",
    "handling_floor",
    "Escalation",
    "NewMessage",
    "Page",
    "assign",
    "case_data_shown",
    "consult_case",
    "create_case",
    "erase_case",
    "escalations",
    "extend_review",
    "forward",
    "get_case",
    "get_message",
    "grant_forward_permission",
    "inbox",
    "list_cases",
    "outbox",
    "query_digest",
    "read_attachment",
    "reviews_due",
    "search",
    "send_message",
    "share_case",
]
