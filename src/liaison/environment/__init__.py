"""Environmental crime: customs screening, NEST task forces, seizure records and their statistics."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.core.web import templates
    from liaison.environment import api, cli, graph, seizures, views
    from liaison.environment.screening import i18n as screening_i18n

    # Screening texts are stored and served in English; pages show them in the reader's language.
    templates.env.filters["screening"] = screening_i18n.translate
    templates.env.globals["screening_labels"] = screening_i18n

    registry.add_models("liaison.environment.models")
    registry.add_graph_source(graph.source)
    registry.add_migrations("0005")
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_case_panel(views.seizures_panel)
    registry.add_cli(cli.register)
    registry.on("case_erased", seizures.on_case_erased)
    registry.add_demo_step("liaison.environment.demo:seed_environment")
