"""REST API of the reports: ``/api/v1/reports/{name}`` (JSON or CSV) and the records behind a figure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from liaison.accounts.deps import ApiActor
from liaison.core.web import DB, attachment_disposition
from liaison.reports import service

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


@router.get("")
def list_reports(actor: ApiActor) -> list[dict[str, str]]:
    return [{"name": n, "title": str(d.title), "basis": str(d.basis)} for n, d in service.REPORTS.items()]


@router.get("/{name}", response_model=None)
def get_report(
    name: str,
    session: DB,
    actor: ApiActor,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    report = service.build(session, actor, name[:40], start=start, end=end, country=country)
    if format == "csv":
        return Response(
            report.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment_disposition(f"{name}-report.csv")},
        )
    return report.as_dict()


@router.get("/{name}/explain")
def explain(
    name: str,
    session: DB,
    actor: ApiActor,
    key: Annotated[str, Query(max_length=300)],
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
) -> dict[str, Any]:
    report = service.build(session, actor, name[:40], start=start, end=end, country=country)
    figure = report.figure(key)
    return {
        **figure.as_dict(),
        "traced": [t.__dict__ for t in service.explain(session, actor, report, key)],
    }
