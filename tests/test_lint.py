"""The code is type-checked (mypy --strict) and linted (ruff) as part of the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import require_module

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_mypy_strict() -> None:
    """Mypy in strict mode (configured in pyproject.toml) finds no error."""
    require_module("mypy")
    result = _run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check() -> None:
    """Ruff finds no lint problem."""
    require_module("ruff")
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    """The code is formatted as ruff formats it."""
    require_module("ruff")
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
