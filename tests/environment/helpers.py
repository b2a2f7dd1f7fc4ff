"""Helpers shared by the environment screening tests."""

from __future__ import annotations

from typing import Any

from liaison.environment.screening import ScreeningResult, screen


def run(**kwargs: Any) -> ScreeningResult:
    """Screen a declaration given as keyword arguments."""
    return screen(kwargs)


def codes(result: ScreeningResult) -> set[str]:
    return set(result.treaty_codes)


def flags(result: ScreeningResult) -> set[str]:
    return set(result.red_flag_codes)


def entries(result: ScreeningResult, code: str) -> list[str]:
    return [t.entry for t in result.treaties if t.code == code]
