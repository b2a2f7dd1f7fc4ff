"""Fixtures for the environment screening tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _warm_reference() -> None:
    """Build the reference indexes once so per-test timings stay small."""
    from liaison.environment.screening.reference import get_reference

    get_reference()
