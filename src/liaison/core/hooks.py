"""Tiny in-process hooks, so one capability can react to another's events without importing it.

Example: the entities capability registers a handler for ``case_erased`` so that erasing a case also
erases the people and identifiers attached to it, while ``cases`` never imports ``entities``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def register(event: str, handler: Callable[..., None]) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def fire(event: str, **kwargs: Any) -> None:
    for handler in list(_handlers[event]):
        handler(**kwargs)
