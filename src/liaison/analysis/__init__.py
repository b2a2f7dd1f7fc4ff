"""Link analysis: the rights-aware graph of entities, cases, hits and seizures; paths, communities,
centrality and timelines; saved charts shared with chosen agencies; exports to GEXF, GraphML, FtM and
i2 Analyst's Notebook (ANX)."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.analysis import api, cli, links, projection, views

    registry.add_models("liaison.analysis.models")
    registry.add_migrations("0011", "0018")
    registry.add_graph_source(links.source)
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_cli(cli.register)
    registry.on("ftm_relations_imported", links.on_relations_imported)
    # The edge projection follows every capability's links (analysis registers after them, so matching
    # has stored an entity's hits before the projection reads them).
    registry.on("entity_saved", projection.on_entity_saved)
    registry.on("entities_erased", projection.on_entities_erased)
    registry.on("case_erased", projection.on_case_erased)
    registry.on("hit_decided", projection.on_hit_decided)
    registry.on("seizure_saved", projection.on_seizure_saved)
    registry.add_demo_step("liaison.analysis.demo:seed_network")
    registry.add_demo_step("liaison.analysis.demo:rebuild_projection")
