"""Link-analysis API: the graph around a start, expansion, paths, metrics, exports and saved charts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from liaison.accounts.deps import ApiActor
from liaison.analysis import charts, export, service
from liaison.core.web import DB, PathId

router = APIRouter(prefix="/api/v1/analysis", tags=["analysis"])

Keys = Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=20000)]


class KeysIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keys: Keys
    types: list[Annotated[str, Field(max_length=30)]] = Field(default_factory=list, max_length=20)


class ChartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(max_length=200)]
    handling_code: Annotated[str, Field(max_length=2)] = "H0"
    layout: dict[str, Any]


class LayoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    layout: dict[str, Any]


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agencies: list[Annotated[str, Field(max_length=40)]] = Field(max_length=50)


@router.get("/graph")
def graph(
    session: DB,
    actor: ApiActor,
    start: Annotated[str, Query(max_length=200)],
    depth: Annotated[int, Query(ge=0, le=service.MAX_DEPTH)] = 1,
    types: Annotated[str, Query(max_length=300)] = "",
) -> dict[str, Any]:
    """Start from a node key, a case reference, an identifier or a name; ``depth`` levels of neighbours."""
    kinds = [t for t in types.split(",") if t]
    return service.neighbourhood(session, actor, start, depth, kinds).as_dict()


@router.post("/expand")
def expand(session: DB, actor: ApiActor, body: KeysIn) -> dict[str, Any]:
    return service.expand(session, actor, body.keys, body.types).as_dict()


@router.get("/paths")
def paths(
    session: DB,
    actor: ApiActor,
    source: Annotated[str, Query(alias="from", max_length=60)],
    target: Annotated[str, Query(alias="to", max_length=60)],
    k: Annotated[int, Query(ge=1, le=service.MAX_PATHS)] = 1,
    max_hops: Annotated[int, Query(ge=1, le=service.MAX_HOPS)] = service.MAX_HOPS,
) -> dict[str, Any]:
    g, found = service.paths(session, actor, source, target, k=k, max_hops=max_hops)
    return {**g.as_dict(), "paths": found}


@router.post("/metrics")
def metrics(session: DB, actor: ApiActor, body: KeysIn) -> dict[str, Any]:
    return service.metrics(session, actor, body.keys)


@router.get("/export", response_class=Response)
def export_graph(
    session: DB,
    actor: ApiActor,
    format: Annotated[str, Query(pattern="^(gexf|graphml|ftm|anx)$")],
    case: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    entity: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    depth: Annotated[int, Query(ge=0, le=service.MAX_DEPTH)] = 1,
) -> Response:
    text = export.export(session, actor, case_id=case, entity_id=entity, depth=depth, fmt=format)
    media, ext = export.FORMATS[format]
    name = f"graph-{'case-' + str(case) if case else 'entity-' + str(entity)}.{ext}"
    return Response(text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/charts")
def list_charts(session: DB, actor: ApiActor) -> list[dict[str, Any]]:
    return [charts.as_dict(c) for c in charts.charts_for(session, actor)]


@router.post("/charts", status_code=201)
def create_chart(session: DB, actor: ApiActor, body: ChartIn) -> dict[str, Any]:
    return charts.as_dict(charts.create(session, actor, body.name, body.handling_code, body.layout))


@router.get("/charts/{chart_id}")
def open_chart(
    chart_id: PathId, session: DB, actor: ApiActor, version: Annotated[int | None, Query(ge=1, le=10**6)] = None
) -> dict[str, Any]:
    chart, chosen, g = charts.open_chart(session, actor, chart_id, version)
    return {**charts.as_dict(chart), "shown_version": chosen.version, "layout": chosen.layout, "graph": g.as_dict()}


@router.post("/charts/{chart_id}/versions")
def save_chart(chart_id: PathId, session: DB, actor: ApiActor, body: LayoutIn) -> dict[str, Any]:
    return charts.as_dict(charts.save_version(session, actor, chart_id, body.layout))


@router.post("/charts/{chart_id}/shares")
def share_chart(chart_id: PathId, session: DB, actor: ApiActor, body: ShareIn) -> dict[str, Any]:
    return charts.as_dict(charts.share(session, actor, chart_id, body.agencies))
