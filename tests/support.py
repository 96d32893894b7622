"""Helpers shared by test modules."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from syria_is_2024 import DatasetError
from syria_is_2024.tables import Column, Table


def require_module(module: str) -> None:
    """Skip outside CI when a tool the test needs is missing; in CI, fail instead."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV file."""
    with path.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    return header, rows


SHIELDED = re.compile(r"'+[=+\-@\t\r]")
"""A text cell an export shielded from spreadsheets: read back without its first apostrophe."""


def parse_cell(column: Column, text: str) -> object:
    """A CSV cell read back as the value the table holds, as docs/exports.md says to read it.

    An empty cell is a missing value; a shielded text cell loses its first apostrophe.
    """
    if text == "":
        return None
    if column.type == "integer":
        return int(text)
    if column.type == "number":
        return float(text)
    if column.type == "boolean":
        assert text in ("true", "false")
        return text == "true"
    return text[1:] if SHIELDED.match(text) else text


def csv_rows(path: Path, table: Table) -> list[tuple[object, ...]]:
    """The rows of a CSV file written from ``table``, read back as the table's values."""
    header, rows = read_csv(path)
    assert tuple(header) == table.columns
    return [
        tuple(parse_cell(c, cell) for c, cell in zip(table.spec.columns, row, strict=True))
        for row in rows
    ]


def outcome(call: Callable[[], Any]) -> Any:
    """What the call returns, or the package error it raises; any other exception propagates."""
    try:
        return call()
    except DatasetError as error:
        return error


def tool(name: str) -> ModuleType:
    """A script of the repository's ``tools/`` folder, imported as a module."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)
