"""Pages of the reports: the list, each report with its charts, and the records behind a figure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.web import DB, attachment_disposition, render
from liaison.reports import service

router = APIRouter(include_in_schema=False)


def _date(raw: str, name: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        message = _("A date as YYYY-MM-DD.")
        raise InvalidInput(message, fields={name: message}) from None


def _build(session: Session, actor: Actor, name: str, start: str, end: str, country: str) -> service.Report:
    return service.build(
        session, actor, name[:40], start=_date(start, "from"), end=_date(end, "to"), country=country[:2] or None
    )


@router.get("/reports")
def index(request: Request, actor: PageActor) -> Response:
    return render(request, "reports/index.html", {"reports": service.REPORTS})


@router.get("/reports/{name}")
def report_page(
    request: Request,
    session: DB,
    actor: PageActor,
    name: str,
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    report = _build(session, actor, name, start, end, country)
    charts = {sec: [f.as_dict() for f in figs] for sec, figs in report.sections().items()}
    return render(
        request,
        "reports/report.html",
        {"report": report, "charts": charts, "query": {"from": start, "to": end, "country": country}},
    )


@router.get("/reports/{name}/csv")
def report_csv(
    session: DB,
    actor: PageActor,
    name: str,
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    report = _build(session, actor, name, start, end, country)
    return Response(
        report.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment_disposition(f"{report.name}-report.csv")},
    )


@router.get("/reports/{name}/explain")
def explain_page(
    request: Request,
    session: DB,
    actor: PageActor,
    name: str,
    key: Annotated[str, Query(max_length=300)],
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    report = _build(session, actor, name, start, end, country)
    figure = report.figure(key)
    traced: list[Any] = service.explain(session, actor, report, key)
    return render(request, "reports/explain.html", {"report": report, "figure": figure, "traced": traced})
