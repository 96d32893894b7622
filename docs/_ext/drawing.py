"""What the documentation's pictures share: their ink, their unit and how they are saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import matplotlib
from matplotlib.figure import Figure

INK: Final = "#1f3b57"
"""The colour of text, badges and leader lines."""
PT: Final = 72.0
"""Points per inch."""
_RC: Final[dict[Any, Any]] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "syria-is-2024",
    "font.size": 10,
}


def save(figure: Figure, path: Path) -> None:
    """Write the figure as SVG with real text and stable ids, so a rebuild gives the same file."""
    with matplotlib.rc_context(_RC):
        figure.savefig(path, format="svg", metadata={"Date": None})
