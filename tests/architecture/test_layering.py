"""The structure rules of docs/architecture.md, checked on the code's real import graph.

`lint-imports` (run by `make test`) checks the order of the capabilities; these tests check what a
layers contract cannot: no file-level import circles anywhere, and the two tiers (domain modules never
import the interface modules: api, views, cli, or a capability's register).
"""

from __future__ import annotations

import grimp
import networkx as nx
import pytest

INTERFACE = {"api", "views", "cli", "capability"}
COMPOSITION = {"liaison.cli", "liaison.capabilities", "liaison.schema", "liaison.demo"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("liaison", include_external_packages=False)


def _is_interface(module: str) -> bool:
    return module.rsplit(".", 1)[-1] in INTERFACE


def _is_domain(graph: grimp.ImportGraph, module: str) -> bool:
    """A module of a capability's rules and data: not an interface, not a package's register, not the web."""
    if module in COMPOSITION or module.startswith(("liaison.web", "liaison.migrations")):
        return False
    if _is_interface(module):
        return False
    # A package's __init__ that imports its own interface modules is its register(): interface tier.
    children = graph.find_children(module)
    return not children


def test_no_import_circles(graph: grimp.ImportGraph) -> None:
    g = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            g.add_edge(module, imported)
    circles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert circles == []


def test_domain_modules_never_import_interface_modules(graph: grimp.ImportGraph) -> None:
    wrong = sorted(
        (module, imported)
        for module in graph.modules
        if _is_domain(graph, module)
        for imported in graph.find_modules_directly_imported_by(module)
        if _is_interface(imported) or imported in COMPOSITION
    )
    assert wrong == []


def test_every_capability_registers(graph: grimp.ImportGraph) -> None:
    from liaison.capabilities import CAPABILITIES, build

    registry = build()
    assert [name for name, _package in CAPABILITIES] == registry.capabilities
    for _name, package in CAPABILITIES:
        assert callable(getattr(package, "register", None)), package.__name__


def test_nothing_registers_at_import() -> None:
    """A fresh registry is empty until the capabilities' register functions fill it."""
    from liaison.core.registry import Registry

    registry = Registry()
    assert registry.routers == [] and registry.handlers == {} and registry.case_panels == []


def test_endpoints_with_database_work_are_synchronous() -> None:
    """Database work never runs on the event loop: such endpoints are plain functions (thread pool)."""
    import inspect

    from fastapi.routing import APIRoute

    from liaison.web.app import create_app

    wrong = [
        route.path
        for route in create_app().routes
        if isinstance(route, APIRoute)
        and inspect.iscoroutinefunction(route.endpoint)
        and "session" in inspect.signature(route.endpoint).parameters
    ]
    assert wrong == []
