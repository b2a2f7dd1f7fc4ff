"""The capabilities this installation runs, in dependency order: the composition roots' one list.

The web app, the ``liaison`` command and the tests call :func:`install`; each capability's
``register(registry)`` (in its package ``__init__``) says what it contributes. Adding a capability is adding
it here (see docs/architecture.md, "Adding a capability").
"""

from __future__ import annotations

from types import ModuleType

from liaison import (
    accounts,
    agencies,
    analysis,
    cases,
    entities,
    environment,
    frontline,
    matching,
    notifications,
    operations,
    reports,
)
from liaison.core.audit import capability as audit
from liaison.core.registry import Registry, installed, is_installed
from liaison.core.registry import install as _install

#: In dependency order: a capability may react to the events of those above it, never the reverse.
CAPABILITIES: tuple[tuple[str, ModuleType], ...] = (
    ("audit", audit),
    ("agencies", agencies),
    ("accounts", accounts),
    ("notifications", notifications),
    ("cases", cases),
    ("entities", entities),
    ("matching", matching),
    ("frontline", frontline),
    ("environment", environment),
    ("operations", operations),
    ("reports", reports),
    ("analysis", analysis),
)


def build() -> Registry:
    registry = Registry()
    for name, package in CAPABILITIES:
        registry.capability(name)
        package.register(registry)
    return registry


def install() -> Registry:
    """Build and install the registry once per process (idempotent)."""
    if is_installed():
        return installed()
    return _install(build())
