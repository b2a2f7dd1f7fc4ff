"""Every migration belongs to exactly one capability, and the migrations form one line.

Each capability claims the revisions it owns with ``registry.add_migrations`` in its ``register``; a file
under ``migrations/versions`` that nobody claims, or that two capabilities (or one, twice) claim, fails
here, as does a branch or a gap in the chain of ``down_revision``s.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from liaison.core.registry import Registry

VERSIONS = Path(__file__).resolve().parents[2] / "src" / "liaison" / "migrations" / "versions"


def _revisions() -> dict[str, str | None]:
    """revision -> down_revision, read from each file's assignments (without running Alembic)."""
    found: dict[str, str | None] = {}
    for path in sorted(VERSIONS.glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text()).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            if target is None and isinstance(node, ast.AnnAssign):
                target = node.target
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                assert node.value is not None
                values[target.id] = ast.literal_eval(node.value)
        assert "revision" in values, f"{path.name} names no revision"
        revision = str(values["revision"])
        assert revision not in found, f"revision {revision} appears twice"
        down = values.get("down_revision")
        assert down is None or isinstance(down, str), f"{path.name}: a merge revision makes the chain branch"
        found[revision] = down
    return found


@dataclass
class _Recording(Registry):
    """A registry that remembers every claim, so a capability claiming a revision twice is seen too."""

    claims: list[tuple[str, str]] = field(default_factory=list)

    def add_migrations(self, *revisions: str) -> None:
        self.claims.extend((rev, self._current) for rev in revisions)
        super().add_migrations(*revisions)


def _claims() -> list[tuple[str, str]]:
    from liaison.capabilities import CAPABILITIES

    registry = _Recording()
    for name, package in CAPABILITIES:
        registry.capability(name)
        package.register(registry)
    return registry.claims


def test_every_migration_is_claimed_exactly_once() -> None:
    files = set(_revisions())
    claims = _claims()
    counted = Counter(rev for rev, _owner in claims)
    assert sorted(files - set(counted)) == [], "migrations no capability claims"
    assert sorted(set(counted) - files) == [], "claims of migrations that do not exist"
    assert {rev: n for rev, n in counted.items() if n > 1} == {}, "migrations claimed more than once"


def test_the_migrations_form_one_line() -> None:
    revisions = _revisions()
    bases = [rev for rev, down in revisions.items() if down is None]
    assert len(bases) == 1, f"one first migration, not {bases}"
    children = Counter(down for down in revisions.values() if down is not None)
    assert {down: n for down, n in children.items() if n > 1} == {}, "two migrations follow the same one"
    assert sorted(d for d in children if d not in revisions) == [], "a migration follows a missing one"
    # Walking from the base reaches every revision: one line, no gap.
    following = {down: rev for rev, down in revisions.items() if down is not None}
    line, rev = [bases[0]], bases[0]
    while rev in following:
        rev = following[rev]
        line.append(rev)
    assert sorted(line) == sorted(revisions)
