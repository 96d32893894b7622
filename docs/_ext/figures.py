"""Sphinx extension: pictures drawn from the data at build time (matplotlib, SVG, no network).

``places`` is the map of ``placemap``, followed by the table that names each of its numbers.
``timeline`` lists the dated happenings (not ongoing, with a date better than "unknown") down
a vertical time axis, each labelled with its date and title, which stays legible on a phone;
``ongoing`` gives the ongoing situations a panel of their own, one labelled bar per situation.

The pictures are written into the build's doctree folder on every build and placed with the
``data-figure`` directive, so they always show the installed data and are never committed.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Final

from docutils import nodes
from docutils.parsers.rst import directives
from drawing import PT, save
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from placemap import draw_places, mapped_places, numbered_places
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import syria_is_2024
from syria_is_2024.model import DateSpan, Event

_STATUS: Final = {
    "stated": "#1f5f99",
    "reported": "#2a9d8f",
    "claimed": "#e07a1f",
    "alleged": "#c0392b",
    "denied": "#7d3c98",
    "hypothesised": "#8c8c8c",
}
# The timelines -------------------------------------------------------------------------------


def short_date(span: DateSpan) -> str:
    """A date as a reader says it: a day, a month, a year, or the two ends of a span."""
    start, end = span.start, span.end
    if span.precision == "day":
        text = start.isoformat()
    elif span.precision == "month":
        text = start.strftime("%B %Y")
    elif span.precision == "year":
        text = str(start.year)
    else:
        text = f"{start.isoformat()} to {end.isoformat()}"
    return f"about {text}" if span.approximate else text


def dated(events: Sequence[Event]) -> list[Event]:
    """The single happenings the text dates (not ongoing, a precision better than unknown)."""
    chosen = [e for e in events if not e.ongoing and e.date.precision != "unknown"]
    return sorted(chosen, key=lambda e: (e.date.start, e.date.end, e.id))


def spread(
    wanted: Sequence[float], heights: Sequence[float], gap: float, low: float, high: float
) -> list[float]:
    """Tops for boxes wanted at ``wanted``: kept in order, ``gap`` apart, between low and high."""
    tops = list(wanted)
    for i in range(len(tops)):
        tops[i] = max(tops[i], tops[i - 1] + heights[i - 1] + gap if i else low)
    for i in reversed(range(len(tops))):
        ceiling = tops[i + 1] - gap if i + 1 < len(tops) else high
        tops[i] = min(tops[i], ceiling - heights[i])
    return tops


def month_axis(
    days: Sequence[dt.date], needs: Sequence[float], start: float, empty: float
) -> Callable[[dt.date], float]:
    """A time axis on which each month takes the room its events need (``empty`` if none).

    ``needs[i]`` is the room wanted by the event dated ``days[i]``; the axis starts at
    ``start``, at the first month of ``days``, and ends with the last. Within a month, time
    runs linearly; a day outside the months is put at the nearer end.
    """
    first = dt.date(min(days).year, min(days).month, 1)
    months = (max(days).year - first.year) * 12 + max(days).month - first.month + 1
    room = [0.0] * months
    for day, need in zip(days, needs, strict=True):
        room[(day.year - first.year) * 12 + day.month - first.month] += need
    tops = [start]
    for value in room:
        tops.append(tops[-1] + max(value, empty))

    def at(day: dt.date) -> float:
        index = (day.year - first.year) * 12 + day.month - first.month
        if index < 0:
            return tops[0]
        if index >= months:
            return tops[-1]
        length = (
            dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - day.replace(day=1)
        ).days
        return tops[index] + (day.day - 1) / length * (tops[index + 1] - tops[index])

    return at


def _legend(figure: Figure, statuses: Sequence[str], y: float) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=_STATUS[status], label=status)
        for status in statuses
    ]
    figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, y),
        ncols=3,
        frameon=False,
        fontsize=9,
        handletextpad=0.2,
        columnspacing=1.0,
    )


def draw_timeline(events: Sequence[Event], path: Path, width: float = 4.6) -> None:
    """The dated happenings down a time axis, each labelled, as SVG at ``path``.

    Each month of the axis takes the room its happenings' labels need, so every label sits by
    its date; months without a happening are narrow. A day is a dot and a longer span a bar
    along the axis; an approximate date is hollow. The colour is the event's status.
    """
    chosen = dated(events)
    if not chosen:
        raise ValueError("no dated happening to draw")
    line, gap, head, axis, text_x = 13.0, 5.0, 44.0, 56.0, 84.0
    labels = [textwrap.wrap(f"{short_date(e.date)} · {e.title}", 44) for e in chosen]
    heights = [line * len(lines) for lines in labels]
    days = [e.date.start for e in chosen] + [e.date.end for e in chosen]
    at = month_axis(days, [h + gap for h in heights] + [0.0] * len(chosen), head, 1.5)
    end = max(at(e.date.end) for e in chosen)
    wanted = [at(e.date.start) - h / 2 for e, h in zip(chosen, heights, strict=True)]
    bottom = max(end, head + sum(heights) + gap * len(heights))
    tops = spread(wanted, heights, gap, head, bottom)
    size = (width * PT, bottom + 12)
    figure = Figure(figsize=(size[0] / PT, size[1] / PT))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, size[0])
    ax.set_ylim(size[1], 0)
    ax.set_axis_off()
    first, last = chosen[0].date.start, max(e.date.end for e in chosen)
    ax.add_line(Line2D([axis, axis], [at(first), end], color="#cccccc", linewidth=2))
    for year in range(first.year, last.year + 1):
        y = at(max(dt.date(year, 1, 1), first))
        ax.add_line(Line2D([axis - 6, axis], [y, y], color="#888888", linewidth=1))
        ax.text(axis - 9, y, str(year), ha="right", va="center", fontsize=10, color="#555555")
    for event, lines, top in zip(chosen, labels, tops, strict=True):
        colour = _STATUS[event.status]
        y0, y1 = at(event.date.start), at(event.date.end)
        hollow = "white" if event.date.approximate else colour
        if y1 - y0 < 4:
            ax.plot([axis], [y0], marker="o", markersize=6, color=colour, markerfacecolor=hollow)
        else:
            ax.add_line(
                Line2D([axis, axis], [y0, y1], color=colour, linewidth=6, solid_capstyle="butt")
            )
        middle = top + line * len(lines) / 2
        ax.add_line(Line2D([axis + 5, text_x - 4], [y0, middle], color=colour, linewidth=0.7))
        for n, text in enumerate(lines):
            ax.text(text_x, top + line * (n + 0.5), text, va="center", fontsize=10, color="#222222")
    _legend(figure, [s for s in _STATUS if any(e.status == s for e in chosen)], 1 - 4 / size[1])
    save(figure, path)


def draw_ongoing(events: Sequence[Event], path: Path, width: float = 4.6) -> None:
    """The ongoing situations, one labelled bar each on a shared time axis, as SVG at ``path``."""
    chosen = sorted(
        (e for e in events if e.ongoing), key=lambda e: (e.date.start, e.date.end, e.id)
    )
    if not chosen:
        raise ValueError("no ongoing situation to draw")
    line, bar, gap, head, margin = 13.0, 6.0, 7.0, 64.0, 16.0
    labels = [textwrap.wrap(e.title, 58) for e in chosen]
    total = sum(line * len(lines) + bar + gap for lines in labels)
    size = (width * PT, total + head + 26)
    first = dt.date(min(e.date.start for e in chosen).year, 1, 1)
    last = dt.date(max(e.date.end for e in chosen).year + 1, 1, 1)

    def at(day: dt.date) -> float:
        return margin + (day - first).days / (last - first).days * (size[0] - 2 * margin)

    figure = Figure(figsize=(size[0] / PT, size[1] / PT))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, size[0])
    ax.set_ylim(size[1], 0)
    ax.set_axis_off()
    years = range(first.year, last.year + 1)
    step = 2 if len(years) > 8 else 1
    for year in years:
        x = at(dt.date(year, 1, 1))
        ax.add_line(
            Line2D([x, x], [head - 8, size[1] - 20], color="#e3e3e3", linewidth=0.8, zorder=0)
        )
        if (year - first.year) % step == 0:
            for y, va in ((head - 10, "bottom"), (size[1] - 18, "top")):
                ax.text(x, y, str(year), ha="center", va=va, fontsize=9, color="#555555")
    y = head
    for event, lines in zip(chosen, labels, strict=True):
        for n, text in enumerate(lines):
            ax.text(margin, y + line * (n + 0.5), text, va="center", fontsize=10, color="#222222")
        y += line * len(lines)
        x0, x1 = at(event.date.start), at(event.date.end + dt.timedelta(days=1))
        colour = _STATUS[event.status]
        face = "white" if event.date.approximate else colour
        hatch = "////" if event.date.approximate else None
        box = (x0, y + 1), max(x1 - x0, 2), bar
        ax.add_patch(Rectangle(*box, facecolor=face, edgecolor=colour, hatch=hatch, linewidth=0.8))
        y += bar + gap
    _legend(figure, [s for s in _STATUS if any(e.status == s for e in chosen)], 1 - 4 / size[1])
    save(figure, path)


# The directive -----------------------------------------------------------------------------------


def _generated(doctreedir: str | os.PathLike[str]) -> Path:
    """The folder of generated files: inside the build's doctree folder, not the sources."""
    folder = Path(doctreedir) / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PICTURES: Final[dict[str, Callable[[Path], None]]] = {
    "timeline": lambda path: draw_timeline(syria_is_2024.events(), path),
    "ongoing": lambda path: draw_ongoing(syria_is_2024.events(), path),
    "places": lambda path: draw_places(mapped_places(), path),
}
"""Each picture by name, with the function that draws it from the bundled data."""


def draw_all(app: Sphinx) -> None:
    """Draw every picture into the build, at the start of each build."""
    for name, draw in PICTURES.items():
        draw(_generated(app.doctreedir) / f"{name}.svg")


def _places_table() -> nodes.table:
    """The key of the map: each number with its place, kind, parent and precision."""
    rows = [("No.", "place", "kind", "in", "± km")]
    for number, place in numbered_places(syria_is_2024.entities("place")):
        parent = syria_is_2024.entity(place.located_in).name if place.located_in else ""
        precision = f"{place.coordinates.precision_km:g}" if place.coordinates else ""
        rows.append((str(number), place.name, place.subtype or place.kind, parent, precision))
    table = nodes.table(classes=["data-figure-key"])
    group = nodes.tgroup(cols=len(rows[0]))
    table += group
    for width in (8, 36, 20, 26, 10):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    for n, cells in enumerate(rows):
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph(cell, cell))
        (head if n == 0 else body).append(row)
    return table


class DataFigure(SphinxDirective):
    """``data-figure NAME`` places a picture drawn from the data; its content is the caption.

    The map (``places``) is followed by the table that names each of its numbers.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"alt": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Build the figure node pointing at the picture drawn for this build."""
        name = self.arguments[0]
        if name not in PICTURES:
            raise self.error(f"unknown picture {name!r}; known: {', '.join(PICTURES)}")
        picture = _generated(self.env.doctreedir) / f"{name}.svg"
        here = Path(self.env.srcdir) / Path(self.env.docname).parent
        uri = Path(os.path.relpath(picture, here)).as_posix()
        image = nodes.image(uri=uri, alt=self.options.get("alt", name))
        figure = nodes.figure("", image)
        if self.content:
            text = " ".join(line.strip() for line in self.content)
            inline, messages = self.state.inline_text(text, self.lineno)
            figure += nodes.caption(text, "", *inline)
            figure += messages
        return [figure, _places_table()] if name == "places" else [figure]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and draw the pictures when the builder starts."""
    app.add_directive("data-figure", DataFigure)
    app.connect("builder-inited", draw_all)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
