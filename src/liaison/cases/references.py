"""Reading the references people quote (``ME-2026-00001``, a message as ``ME-2026-00001/12`` or ``#m12``).

The audit trail stores numeric ids; the data-protection officer quotes the case reference from a letter or
a complaint. The trail (in ``core``, below ``cases``) asks the installed registry, which asks this.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison.cases.models import Case, Message

_REFERENCE = re.compile(r"^\s*([A-Za-z]{2}-\d{4}-\d{1,10})\s*(?:(?:/|#m|#|\s+m)\s*(\d{1,9}))?\s*$")


def resolve(session: Session, text: str) -> tuple[str, str] | None:
    """``("case", id)`` for a case reference, ``("message", id)`` for one of its messages; None otherwise.

    A message number that is not in the quoted case resolves to nothing, so a typo never shows the trail
    of another case's message.
    """
    match = _REFERENCE.match(text or "")
    if match is None:
        return None
    case_id = session.execute(
        select(Case.id).where(func.upper(Case.reference) == match.group(1).upper())
    ).scalar_one_or_none()
    if case_id is None:
        return None
    if match.group(2) is None:
        return ("case", str(case_id))
    message_id = session.execute(
        select(Message.id).where(Message.id == int(match.group(2)), Message.case_id == case_id)
    ).scalar_one_or_none()
    return ("message", str(message_id)) if message_id is not None else None


def reference_of(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The references of cases whose ids a caller already holds (search results list people by case)."""
    if not case_ids:
        return {}
    rows = session.execute(select(Case.id, Case.reference).where(Case.id.in_(set(case_ids))))
    return {int(i): str(r) for i, r in rows}
