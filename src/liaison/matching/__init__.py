"""Cross-matching: names across scripts, person decisions, hits between agencies, batch deduplication."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.matching import api, cli, graph, service, views

    registry.add_models("liaison.matching.models")
    registry.add_graph_source(graph.source)
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_case_panel(views.entities_panel)
    registry.add_cli(cli.register)
    registry.on("entity_saved", service.on_entity_saved)
    registry.on("entities_erased", service.on_entities_erased)
