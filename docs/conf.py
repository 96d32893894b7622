"""Sphinx configuration of the syria-is-2024 documentation: MyST Markdown pages, furo theme.

Two local extensions in ``_ext`` generate content from the installed package at build time,
so nothing generated is ever committed: ``data_pages`` writes the data dictionary page and the
JSON Schema; ``figures`` draws the timeline of events and the map of places.
Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.

The docstrings are plain reStructuredText, not Google or NumPy style, so napoleon is not used:
it would read the first clause of a property's docstring ("The span as ...: ...") as a type.
"""

from __future__ import annotations

import sys
from pathlib import Path

import syria_is_2024

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "syria-is-2024"
author = "syria-is-2024 contributors"
project_copyright = author
version = release = syria_is_2024.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "data_pages",
    "figures",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "separated"

html_theme = "furo"
html_title = f"syria-is-2024 {release}"
