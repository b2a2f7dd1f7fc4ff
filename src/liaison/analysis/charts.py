"""Saved charts: named, versioned, shared with chosen agencies, with a handling code.

A chart stores node keys and the analyst's layout (pins, hidden nodes, groups, positions) — never the
data. Whoever opens it gets the nodes through their own rights: a shared chart discloses nothing its
reader could not already see. Charts belong to the agency that made them; only that agency saves new
versions or shares it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.service import by_code
from liaison.analysis import service
from liaison.analysis.models import AnalysisChart, AnalysisChartShare, AnalysisChartVersion
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow
from liaison.core.vocab import HANDLING_CODES

MAX_NAME = 200
LAYOUT_KEYS = ("nodes", "pinned", "hidden", "groups", "positions")


def clean_layout(layout: Any) -> dict[str, Any]:
    """Keep only well-formed node keys, group names and positions (the chart is data we store)."""
    if not isinstance(layout, dict):
        raise InvalidInput(_("The chart is not valid."), fields={"layout": _("An object.")})
    nodes = service._keys(list(layout.get("nodes") or []))
    keep = set(nodes)
    out: dict[str, Any] = {"nodes": nodes}
    for name in ("pinned", "hidden"):
        out[name] = [k for k in layout.get(name) or [] if k in keep]
    groups = layout.get("groups") or {}
    out["groups"] = {
        str(g)[:80]: [k for k in members if k in keep]
        for g, members in (groups.items() if isinstance(groups, dict) else [])
        if isinstance(members, list)
    }
    positions = layout.get("positions") or {}
    out["positions"] = {
        k: [float(p[0]), float(p[1])]
        for k, p in (positions.items() if isinstance(positions, dict) else [])
        if k in keep and isinstance(p, list | tuple) and len(p) == 2
        and all(isinstance(v, int | float) for v in p)
    }
    return out


def _visible(actor: Actor) -> Any:
    return or_(
        AnalysisChart.owner_agency_id == actor.agency_id,
        AnalysisChart.id.in_(
            select(AnalysisChartShare.chart_id).where(AnalysisChartShare.agency_id == actor.agency_id)
        ),
    )


def charts_for(session: Session, actor: Actor) -> list[AnalysisChart]:
    stmt = select(AnalysisChart).where(_visible(actor)).order_by(AnalysisChart.name, AnalysisChart.id)
    return list(session.execute(stmt).scalars())


def get_chart(session: Session, actor: Actor, chart_id: int) -> AnalysisChart:
    stmt = select(AnalysisChart).where(AnalysisChart.id == chart_id, _visible(actor))
    chart = session.execute(stmt).scalar_one_or_none()
    if chart is None:
        raise not_found(actor.ctx, "analysis_chart", chart_id)
    return chart


def _own(session: Session, actor: Actor, chart_id: int) -> AnalysisChart:
    chart = get_chart(session, actor, chart_id)
    if chart.owner_agency_id != actor.agency_id:
        raise InvalidInput(_("Only the agency that made the chart changes or shares it."))
    return chart


def create(session: Session, actor: Actor, name: str, handling_code: str, layout: Any) -> AnalysisChart:
    name = (name or "").strip()
    fields = {}
    if not name or len(name) > MAX_NAME:
        fields["name"] = _("1 to 200 characters.")
    if handling_code not in HANDLING_CODES:
        fields["handling_code"] = ", ".join(HANDLING_CODES)
    if fields:
        raise InvalidInput(_("The chart was not saved."), fields=fields)
    data = clean_layout(layout)
    service.require_analysis(session, actor, [k for k in data["nodes"] if not k.startswith("restricted:")], "chart")
    chart = AnalysisChart(name=name, owner_agency_id=actor.agency_id, handling_code=handling_code,
                          created_by_id=actor.user.id, created_at=utcnow(), version=1)
    chart.versions = [AnalysisChartVersion(version=1, layout=data, saved_by_id=actor.user.id, saved_at=utcnow())]
    session.add(chart)
    session.flush()
    record(session, actor.ctx, Actions.COLLECTION, "analysis_chart", chart.id, details={"nodes": len(data["nodes"])})
    return chart


def save_version(session: Session, actor: Actor, chart_id: int, layout: Any) -> AnalysisChart:
    chart = _own(session, actor, chart_id)
    data = clean_layout(layout)
    chart.version += 1
    chart.versions.append(
        AnalysisChartVersion(version=chart.version, layout=data, saved_by_id=actor.user.id, saved_at=utcnow())
    )
    session.flush()
    record(session, actor.ctx, Actions.ALTERATION, "analysis_chart", chart.id,
           details={"version": chart.version, "nodes": len(data["nodes"])})
    return chart


def share(session: Session, actor: Actor, chart_id: int, agency_codes: list[str]) -> AnalysisChart:
    chart = _own(session, actor, chart_id)
    have = {s.agency_id for s in chart.shares}
    for code in agency_codes:
        agency = by_code(session, str(code))
        if agency is None:
            raise InvalidInput(_("Unknown agency."), fields={"agencies": str(code)[:40]})
        if agency.id not in have and agency.id != chart.owner_agency_id:
            chart.shares.append(AnalysisChartShare(agency_id=agency.id, shared_at=utcnow()))
            have.add(agency.id)
            record(session, actor.ctx, Actions.DISCLOSURE, "analysis_chart", chart.id, recipient=agency.code)
    session.flush()
    return chart


def open_chart(
    session: Session, actor: Actor, chart_id: int, version: int | None = None
) -> tuple[AnalysisChart, AnalysisChartVersion, service.Graph]:
    """The chart's layout and its nodes as this reader may see them (the rest is left out)."""
    chart = get_chart(session, actor, chart_id)
    chosen = next((v for v in chart.versions if v.version == (version or chart.version)), None)
    if chosen is None:
        raise not_found(actor.ctx, "analysis_chart_version", f"{chart_id}/{version}")
    graph = service.Graph()
    keys = list(chosen.layout.get("nodes") or [])
    graph.merge(service.collect(session, actor, keys), allowed=set(keys), limit=len(keys) + 1)
    record(session, actor.ctx, Actions.CONSULTATION, "analysis_chart", chart.id,
           subjects=[("entity", i) for i in graph.entity_ids()], details={"version": chosen.version})
    return chart, chosen, graph


def as_dict(chart: AnalysisChart) -> dict[str, Any]:
    return {
        "id": chart.id,
        "name": chart.name,
        "handling_code": chart.handling_code,
        "version": chart.version,
        "owner_agency_id": chart.owner_agency_id,
        "shared_with": [s.agency_id for s in chart.shares],
        "created_at": chart.created_at.isoformat(),
    }
