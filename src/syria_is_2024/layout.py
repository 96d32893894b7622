"""The layout of a data folder: the manifest, the data files it lists, the schema version.

Kept apart from the loader so that anything needing these names (the schema, the build tool)
reads them without importing cattrs.
"""

from __future__ import annotations

from typing import Final

SCHEMA_VERSION: Final = 2
"""The version of the record model this code reads; a manifest must name the same."""

MANIFEST: Final = "manifest.json"
"""The file every data folder starts from: names, hashes and record counts of the others."""

DATA_FILES: Final = ("source.json", "entities.json", "events.json", "figures.json", "changes.json")
"""The data files a manifest lists, in the order they are read."""

MAX_FILE_BYTES: Final = 64 * 2**20
"""The largest data file a folder may hold (64 MiB); a larger one is refused unread."""
