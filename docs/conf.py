"""Sphinx configuration of the syria-is-2024 documentation: MyST Markdown pages, furo theme.

Local extensions in ``_ext`` generate content from the installed package at build time, so
nothing generated is ever committed: ``data_pages`` writes the data dictionary page and the
JSON Schema; ``figures`` draws the timeline of events and the map of places; ``browse``
counts the data for the front page, tables every record and writes the downloads;
``reference`` documents the package's ``__all__`` and links Python's types offline.
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
    "sphinx.ext.intersphinx",
    "data_pages",
    "figures",
    "reference",
    "browse",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# Every cross-reference and annotation must resolve: Python's own names through the offline
# inventory the reference extension writes, the package's through its own pages.
nitpicky = True
nitpick_ignore = [
    ("py:class", "pandas.DataFrame"),  # pandas is an optional extra, not documented here
    ("py:class", "pd.DataFrame"),
    ("py:class", "importlib_resources.abc.Traversable"),
    ("py:class", "_Facts"),  # private: the facts analysis.EVENT_COLUMNS' functions receive
    # Internal modules that module docstrings name; they are not part of the reference.
    ("py:mod", "syria_is_2024.checks"),
    ("py:mod", "syria_is_2024.taxonomy"),
    ("py:mod", "syria_is_2024.validators"),
]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"  # the record classes' attrs constructors are hidden: reference.py

html_theme = "furo"
html_title = f"syria-is-2024 {release}"
