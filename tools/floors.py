"""The declared floors of the runtime dependencies, as pip constraints (``name==minimum``).

``.ci/run`` installs the project under these constraints in one extra environment and runs the
suite there, so the minimum versions ``pyproject.toml`` declares are versions that are tested.
Every runtime dependency must declare its floor as ``name>=version``.

Usage: ``python tools/floors.py > constraints.txt``
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FLOOR = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)$")


def floors(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``name==minimum`` for every runtime dependency; ValueError if one declares no floor."""
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = []
    for requirement in dependencies:
        match = _FLOOR.match(requirement)
        if match is None:
            raise ValueError(f"{pyproject.name}: {requirement!r} does not declare a floor (>=)")
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    sys.stdout.write("".join(pin + "\n" for pin in floors()))
