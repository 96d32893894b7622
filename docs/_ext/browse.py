"""Sphinx extension: the data itself in the documentation, generated at build time.

- The front page's numbers (how many entities, events, figures and quotes; the version; the
  article's address) are MyST substitutions (``{{ events }}``) counted from the installed data.
- ``browse.md`` holds marker lines (``% browse: events``) replaced by a table of every event,
  entity or figure.
- The downloads are written with the package's own exports (:func:`syria_is_2024.export.
  to_datapackage` and :func:`~syria_is_2024.export.to_geojson`) into the build, copied to the
  site's ``downloads/`` folder, and listed by the ``data-downloads`` directive.

Nothing generated is committed: every build shows the data it is built with.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

import syria_is_2024
from syria_is_2024 import export
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import DateSpan, Entity, Event, Figure
from syria_is_2024.tables import TABLES
from syria_is_2024.taxonomy import EVENT_KINDS

DOWNLOADS: Final = "downloads"
"""The folder of the site that holds the files to download."""
_MARKER: Final = "% browse: "


def facts(dataset: Dataset) -> dict[str, str]:
    """The numbers and names the front page states, from the data (MyST substitutions)."""
    records: tuple[Entity | Event | Figure, ...] = (
        *dataset.entities(),
        *dataset.events(),
        *dataset.figures(),
    )
    located = [p for p in dataset.entities("place") if p.coordinates is not None]
    return {
        "version": syria_is_2024.__version__,
        "entities": str(len(dataset.entities())),
        "events": str(len(dataset.events())),
        "figures": str(len(dataset.figures())),
        "quotes": str(sum(len(record.evidence) for record in records)),
        "places": str(len(dataset.entities("place"))),
        "located": str(len(located)),
        "article_link": f"<{dataset.source.url}>" if dataset.source.url else "",
        "event_kinds": str(len(EVENT_KINDS)),
    }


def when(span: DateSpan) -> str:
    """A date span in words: one ISO date, a range, or the window of an undated happening."""
    dates = str(span.start) if span.start == span.end else f"{span.start} to {span.end}"
    if span.precision == "unknown":
        return f"not dated ({dates})"
    return f"about {dates}" if span.approximate else dates


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _names(dataset: Dataset, ids: Iterable[str]) -> str:
    return ", ".join(dataset.entity(i).name for i in ids)


def _event_row(d: Dataset, e: Event) -> list[str]:
    status = f"{e.status}, ongoing" if e.ongoing else e.status
    return [f"`{e.id}`", when(e.date), e.title, status, _names(d, e.places)]


def _entity_row(d: Dataset, e: Entity) -> list[str]:
    inside = d.entity(e.located_in).name if e.located_in else ""
    return [f"`{e.id}`", e.kind, e.name, e.subtype or "", inside]


def _figure_row(d: Dataset, f: Figure) -> list[str]:
    period = when(f.period) if f.period is not None else ""
    return [f"`{f.id}`", f.wording, f.counted, period, f.status, _names(d, f.places)]


_Rows = Callable[[Dataset, Any], list[str]]
TABLES_SHOWN: Final[
    dict[str, tuple[tuple[str, ...], Callable[[Dataset], Iterable[Any]], _Rows]]
] = {
    "events": (
        ("id", "date", "title", "status", "places"),
        lambda d: d.events(),
        _event_row,
    ),
    "entities": (
        ("id", "kind", "name", "subtype", "located in"),
        lambda d: d.entities(),
        _entity_row,
    ),
    "figures": (
        ("id", "wording", "what it counts", "period", "status", "places"),
        lambda d: d.figures(),
        _figure_row,
    ),
}
"""Each table of the browse page: its columns, its records in order, and a record's row."""


def browse_table(dataset: Dataset, name: str) -> str:
    """One table of the browse page as Markdown."""
    if name not in TABLES_SHOWN:
        raise ExtensionError(f"browse: no table {name!r}; known: {', '.join(TABLES_SHOWN)}")
    columns, records, row = TABLES_SHOWN[name]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for record in records(dataset):
        lines.append("| " + " | ".join(_cell(value) for value in row(dataset, record)) + " |")
    return "\n".join(lines)


def inject_tables(app: Sphinx, docname: str, source: list[str]) -> None:
    """Replace each ``% browse: NAME`` line with the table it names."""
    if _MARKER not in source[0]:
        return
    dataset = syria_is_2024.get_dataset()
    source[0] = "\n".join(
        browse_table(dataset, line.removeprefix(_MARKER).strip())
        if line.startswith(_MARKER)
        else line
        for line in source[0].splitlines()
    )


def _downloads_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "generated" / DOWNLOADS


def write_downloads(app: Sphinx) -> None:
    """Export the Data Package (CSV files and descriptor), its zip and the GeoJSON of places."""
    folder = _downloads_dir(app)
    shutil.rmtree(folder, ignore_errors=True)
    dataset = syria_is_2024.get_dataset()
    descriptor = export.to_datapackage(dataset, folder)
    export.to_geojson(dataset, folder / "places.geojson")
    archive = folder / f"syria-is-2024-{syria_is_2024.__version__}-datapackage.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in [descriptor, *(folder / f"{name}.csv" for name in TABLES)]:
            bundle.write(path, path.name)


def copy_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Put the downloads in the built site, next to the pages."""
    if exception is None and app.builder.format == "html":
        shutil.copytree(_downloads_dir(app), Path(app.outdir) / DOWNLOADS, dirs_exist_ok=True)


def _first_sentence(text: str) -> str:
    return text.split(". ", 1)[0].split(": ", 1)[0].rstrip(".") + "."


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} kB" if size >= 1024 else f"{size} bytes"


class DataDownloads(SphinxDirective):
    """``data-downloads``: a table of the files to download, with what each holds."""

    def run(self) -> list[nodes.Node]:
        """The table, linking each file in the site's ``downloads/`` folder."""
        folder = _downloads_dir(self.env.app)
        here = Path(self.env.docname).parent
        prefix = Path(os.path.relpath(DOWNLOADS, here)).as_posix()
        version = syria_is_2024.__version__
        files = [
            (f"syria-is-2024-{version}-datapackage.zip", "every table and the descriptor, zipped"),
            (export.DATAPACKAGE, "the Frictionless Data Package descriptor: types, keys, licenses"),
            *((f"{spec.name}.csv", _first_sentence(spec.description)) for spec in TABLES.values()),
            ("places.geojson", "the places that have coordinates, as GeoJSON points"),
        ]
        table = nodes.table()
        group = nodes.tgroup(cols=3)
        table += group
        for width in (30, 55, 15):
            group += nodes.colspec(colwidth=width)
        body = nodes.tbody()
        group += body
        for name, holds in files:
            path = folder / name
            if not path.is_file():
                raise self.error(f"the download {name} was not written")
            link = nodes.reference(name, name, refuri=f"{prefix}/{name}")
            described, messages = self.state.inline_text(holds, self.lineno)
            cells = [
                nodes.paragraph("", "", link),
                nodes.paragraph(holds, "", *described, *messages),
            ]
            cells.append(nodes.paragraph(_size(path), _size(path)))
            row = nodes.row()
            for cell in cells:
                row += nodes.entry("", cell)
            body += row
        return [table]


def always_reread(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read the pages showing the data on every build: the data may change without them."""
    return [name for name in ("index", "browse") if name in env.found_docs]


def add_facts(app: Sphinx, config: Config) -> None:
    """Make the front page's numbers available as MyST substitutions."""
    config.myst_substitutions = {**config.myst_substitutions, **facts(syria_is_2024.get_dataset())}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hooks, the directive and the substitutions."""
    app.add_directive("data-downloads", DataDownloads)
    app.connect("config-inited", add_facts)
    app.connect("builder-inited", write_downloads)
    app.connect("source-read", inject_tables)
    app.connect("build-finished", copy_downloads)
    app.connect("env-get-outdated", always_reread)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
