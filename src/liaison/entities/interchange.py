"""FollowTheMoney JSON lines in and out of a case (see docs/interchange.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.core import hooks
from liaison.core.audit import Actions, record
from liaison.entities import ftm, service


@dataclass
class CaseImport:
    imported: int = 0
    relations: int = 0
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
    """Import FtM lines; by default all or nothing, every rejected line reported with its reason.

    Relationship lines (Ownership, Membership, Associate, Call, Payment…) link two entities of the file or
    entities already recorded on the case that the actor sees; they are handed to whoever listens to
    ``ftm_relations_imported`` (the analysis capability stores them as edges of its graph). A relationship
    whose ends are not found is a rejected line.
    """
    result = ftm.read_ftm(lines, allow_partial=accept_valid)
    errors = [{"line": e.line, "reason": e.reason, "entity_id": e.entity_id} for e in result.errors]
    known = {m.id for m in result.entities if m.id} | set(_existing(session, actor, case_id))
    relations = []
    for rel in result.relations:
        missing = [end for end in (rel.source, rel.target) if end not in known]
        if missing:
            reason = f"{rel.schema}: unknown entity {missing[0]}"
            errors.append({"line": rel.line, "reason": reason, "entity_id": rel.id})
        else:
            relations.append(rel)
    out = CaseImport(errors=sorted(errors, key=lambda e: int(e["line"] or 0)))
    if out.errors and not accept_valid:
        return out
    ids: dict[str, int] = {}
    for model in result.to_write:
        row = service.add_entity(session, actor, case_id, model, message_id=message_id)
        if model.id:
            ids[model.id] = row.id
        out.imported += 1
    if relations:
        existing = _existing(session, actor, case_id)
        links = [(rel, ids.get(rel.source) or existing[rel.source], ids.get(rel.target) or existing[rel.target])
                 for rel in relations]
        hooks.fire(
            "ftm_relations_imported", session=session, actor=actor, case_id=case_id, message_id=message_id, links=links
        )
        out.relations = len(links)
    return out


def _existing(session: Session, actor: Actor, case_id: int) -> dict[str, int]:
    """FtM ids of the entities on the case that the actor sees (their stored ``id``) -> row ids."""
    return {str(r.data["id"]): r.id for r in service.for_case(session, actor, case_id) if r.data.get("id")}
