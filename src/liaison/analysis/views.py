"""The analyst's page: the graph drawn with the vendored Cytoscape.js, driven by the analysis API.

The page itself holds no data: its script (static/analysis.js, no inline script under the CSP) asks
``/api/v1/analysis/...`` with the session cookie and the CSRF header, so every node reaches the browser
through the same rights-aware service as the API.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from liaison.accounts.deps import PageActor
from liaison.analysis import charts
from liaison.analysis.export import FORMATS
from liaison.core.vocab import HANDLING_CODES
from liaison.core.web import DB, render

router = APIRouter(include_in_schema=False)


@router.get("/analysis")
def analysis_page(request: Request, session: DB, actor: PageActor, start: str = "", chart: int = 0) -> Response:
    return render(
        request,
        "analysis/graph.html",
        {
            "start": start[:200],
            "chart_id": chart if 0 < chart < 2**31 else 0,
            "charts": charts.charts_for(session, actor),
            "is_analyst": actor.has_role("analyst"),
            "formats": list(FORMATS),
            "handling_codes": HANDLING_CODES,
        },
    )
