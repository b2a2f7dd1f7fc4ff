"""The one way a capability plugs into Liaison.

Each capability package exposes ``register(registry)`` in its ``__init__.py`` (in the spirit of Warehouse's
``includeme`` and Datasette's hook specifications) and says there everything it contributes: API routers,
pages, case-page panels, handlers for other capabilities' events, CLI command groups, reference data every
installation needs, demo seed steps, sources of the link-analysis graph, and the models and migrations it
owns. The composition roots (the web app, the ``liaison`` command, the tests) build one registry from the
explicit list in ``liaison.capabilities`` and install it; nothing registers itself as a side effect of being
imported, so what happens when an entity is saved never depends on which modules an entry point happened to
import.

Demo steps are given as ``"module:function"`` strings and imported only when the demo is seeded, so the
production app never loads demo code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A panel of the case page: ``(session, actor, case) -> object with a .template, or None``.
CasePanel = Callable[..., Any]
#: Mounts command groups on the ``liaison`` Typer app.
CliMount = Callable[[Any], None]
#: Something an agency owes besides requests, for its inbox and escalations:
#: ``(session, actor, *, view) -> object with a .template, or None`` (``view`` is "inbox" or "escalations").
InboxSource = Callable[..., Any]
#: Reads a reference people type (``ME-2026-00001``) as an audited object: ``(session, text) -> (type, id) or None``.
ReferenceResolver = Callable[[Any, str], "tuple[str, str] | None"]
#: Contributes nodes and edges to the link-analysis graph (see ``core.graphs``).
GraphSource = Callable[..., Any]
#: Writes rows every installation needs (countries, legal-basis profiles); must be idempotent.
ReferenceStep = Callable[[Any], None]


@dataclass(frozen=True)
class DemoStep:
    """A demo seed step, imported only when the demo is seeded: ``func(session, password)``."""

    capability: str
    target: str  # "module:function"

    def load(self) -> Callable[..., None]:
        module, _, name = self.target.partition(":")
        func: Callable[..., None] = getattr(importlib.import_module(module), name)
        return func


@dataclass
class Registry:
    """What the installed capabilities contribute; filled by their ``register`` functions, in list order."""

    capabilities: list[str] = field(default_factory=list)
    routers: list[Any] = field(default_factory=list)
    case_panels: list[CasePanel] = field(default_factory=list)
    inbox_sources: list[InboxSource] = field(default_factory=list)
    cli_mounts: list[CliMount] = field(default_factory=list)
    reference_steps: list[ReferenceStep] = field(default_factory=list)
    demo_steps: list[DemoStep] = field(default_factory=list)
    model_modules: list[str] = field(default_factory=list)
    migrations: dict[str, str] = field(default_factory=dict)  # revision id -> owning capability
    handlers: dict[str, list[Callable[..., None]]] = field(default_factory=dict)
    reference_resolvers: list[ReferenceResolver] = field(default_factory=list)
    graph_sources: list[GraphSource] = field(default_factory=list)
    asgi_middleware: list[Callable[[Any], Any]] = field(default_factory=list)
    _last_routers: list[Any] = field(default_factory=list)
    _current: str = ""

    # --- what a capability calls from its register() -------------------------------------------------

    def capability(self, name: str) -> None:
        """Start the contributions of capability ``name`` (called by the composition root)."""
        if name in self.capabilities:
            raise ValueError(f"capability {name!r} registered twice")
        self.capabilities.append(name)
        self._current = name

    def add_router(self, router: Any, *, last: bool = False) -> None:
        """``last``: mounted after every other router (the OpenAPI fuzz test walks operations in that
        order, so endpoints that revoke its own credentials come after everything else)."""
        if last:
            self._last_routers.append(router)
        else:
            self.routers.append(router)

    def all_routers(self) -> list[Any]:
        return self.routers + self._last_routers

    def add_asgi_middleware(self, factory: Callable[[Any], Any]) -> None:
        """A plain ASGI middleware ``factory(app) -> app`` the web app mounts inside its own hardening and
        locale layers, right in front of the routers: for a hot endpoint that answers without FastAPI's
        per-request machinery and hands everything else on unchanged (the frontline check's fast path)."""
        self.asgi_middleware.append(factory)

    def add_case_panel(self, panel: CasePanel) -> None:
        self.case_panels.append(panel)

    def add_inbox_source(self, source: InboxSource) -> None:
        """Items another capability puts in an agency's inbox and escalations (action items of meetings)."""
        self.inbox_sources.append(source)

    def add_cli(self, mount: CliMount) -> None:
        self.cli_mounts.append(mount)

    def add_reference_data(self, step: ReferenceStep) -> None:
        self.reference_steps.append(step)

    def add_demo_step(self, target: str) -> None:
        if ":" not in target:
            raise ValueError(f"demo step {target!r} must be 'module:function'")
        self.demo_steps.append(DemoStep(self._current, target))

    def add_reference_resolver(self, resolver: ReferenceResolver) -> None:
        """Let the audit trail (below every capability) find objects by the references a capability issues."""
        self.reference_resolvers.append(resolver)

    def resolve_reference(self, session: Any, text: str) -> tuple[str, str] | None:
        """The first registered reading of ``text`` as ``(object type, id)``, or None."""
        for resolver in self.reference_resolvers:
            found = resolver(session, text)
            if found is not None:
                return found
        return None

    def add_models(self, module: str) -> None:
        self.model_modules.append(module)

    def add_migrations(self, *revisions: str) -> None:
        for rev in revisions:
            owner = self.migrations.setdefault(rev, self._current)
            if owner != self._current:
                raise ValueError(f"migration {rev} claimed by {owner} and {self._current}")

    def add_graph_source(self, source: GraphSource) -> None:
        """Contribute the capability's links to the analysis graph: ``source(session, actor, keys)`` returns a
        ``core.graphs.Contribution`` of what the actor may see around those node keys."""
        if source not in self.graph_sources:
            self.graph_sources.append(source)

    def on(self, event: str, handler: Callable[..., None]) -> None:
        """React to another capability's event (see ``core.hooks`` for the events and their arguments)."""
        handlers = self.handlers.setdefault(event, [])
        if handler not in handlers:
            handlers.append(handler)

    # --- what the platform calls ---------------------------------------------------------------------

    def fire(self, event: str, **kwargs: Any) -> None:
        for handler in list(self.handlers.get(event, ())):
            handler(**kwargs)


_installed: Registry | None = None


def install(registry: Registry) -> Registry:
    """Make ``registry`` the one the running process uses (events, case panels, reference data)."""
    global _installed
    _installed = registry
    return registry


def installed() -> Registry:
    """The installed registry; a clear error where an entry point forgot to install the capabilities."""
    if _installed is None:
        raise RuntimeError(
            "No capabilities are installed: call liaison.capabilities.install() in the entry point "
            "(the web app, the CLI and the tests do)."
        )
    return _installed


def is_installed() -> bool:
    return _installed is not None
