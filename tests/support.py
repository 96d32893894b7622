"""Helpers shared by test modules."""

from __future__ import annotations

import importlib.util
import os

import pytest


def require_module(module: str) -> None:
    """Skip outside CI when a tool the test needs is missing; in CI, fail instead."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
