"""Reports: Joint Action Day communiqué, SPOC statistics (Directive 2023/977 Art. 18), TE-SAT contribution,
migration indicators and results, counted within the reader's rights and traced to their records."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.reports import api, cli, views

    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_cli(cli.register)
