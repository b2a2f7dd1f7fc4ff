"""Helpers for the frontline tests: write small watchlist files, run an import, run a check."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from liaison.core.audit import AuditContext
from liaison.core.db import session_scope
from liaison.frontline.importer import CSV_COLUMNS, ImportReport, import_watchlist
from liaison.frontline.matching import CheckQuery, CheckResult

CTX = AuditContext.system("tests")


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def ftm_text(entities: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities)


def do_import(text: str, list_name: str = "t-list", owner: str | None = "RS-SPOC", **kw: Any) -> ImportReport:
    with session_scope() as session:
        return import_watchlist(session, CTX, io.StringIO(text), list_name=list_name, owner_code=owner, **kw)


def do_check(**query: str) -> CheckResult:
    from liaison.frontline import service

    with session_scope() as session:
        return service.check(session, CTX, CheckQuery(**query), crossing_point="Test", reason="tests")


def doc(rid: str, number: str, country: str = "RS", **extra: str) -> dict[str, str]:
    return {
        "record_id": rid,
        "category": "stolen_document",
        "document_number": number,
        "document_country": country,
        **extra,
    }


def desk_client(username: str = "ba.pcc", point: str = "Trebinje") -> Any:
    """A signed-in desk whose crossing point for the shift is set (as the desk asks once per shift)."""
    from tests.helpers import csrf, login

    c = login(username)
    r = c.post("/frontline/desk/point", data={"csrf_token": csrf(c), "crossing_point": point}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return c
