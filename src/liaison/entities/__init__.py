"""People, identifiers and objects recorded on cases and messages; their normalisation and interchange."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.entities import api, cli, graph, service, views

    registry.add_models("liaison.entities.models")
    registry.add_graph_source(graph.source)
    registry.add_migrations("0002")  # entities and hits
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_cli(cli.register)
    registry.on("case_erased", service.on_case_erased)
