"""FollowTheMoney JSON lines in and out of a case (see docs/interchange.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.core.audit import Actions, record
from liaison.entities import ftm, service


@dataclass
class CaseImport:
    imported: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def export_case(session: Session, actor: Actor, case_id: int) -> str:
    rows = service.for_case(session, actor, case_id)
    models = []
    for row in rows:
        model = service.as_model(row)
        model.id = model.id or f"liaison-entity-{row.id}"
        model.handling_code = model.handling_code or row.handling_code  # type: ignore[assignment]
        models.append(model)
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "case",
        case_id,
        recipient="export (FollowTheMoney)",
        subjects=[("entity", r.id) for r in rows],
        details={"entities": len(rows), "format": "ftm"},
    )
    return "".join(line + "\n" for line in ftm.export_lines(models))


def import_case(
    session: Session,
    actor: Actor,
    case_id: int,
    lines: IO[str],
    *,
    message_id: int | None = None,
    accept_valid: bool = False,
) -> CaseImport:
    """Import FtM lines; by default all or nothing, every rejected line reported with its reason."""
    result = ftm.read_ftm(lines, allow_partial=accept_valid)
    out = CaseImport(errors=[{"line": e.line, "reason": e.reason, "entity_id": e.entity_id} for e in result.errors])
    if result.errors and not accept_valid:
        return out
    for model in result.to_write:
        service.add_entity(session, actor, case_id, model, message_id=message_id)
        out.imported += 1
    return out
