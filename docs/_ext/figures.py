"""Sphinx extension: pictures drawn from the data at build time (matplotlib, no network).

``timeline`` shows every event on a time axis, one band per event kind, drawn so that the
precision of each date can be seen: a single day is a point, a span a bar, an approximate span
lighter and hatched, an undated one (the widest span the text supports) pale and dotted; the
time the report was written and the month its English edition was published are shaded.
``places`` plots the places that carry coordinates by longitude and latitude, each with a
circle of its ``precision_km``; there is no basemap, since none can be downloaded.

The pictures are written into the build's doctree folder on every build and placed with the
``data-figure`` directive, so they always show the installed data and are never committed.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Final

from docutils import nodes
from docutils.parsers.rst import directives
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, Patch
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import syria_is_2024
from syria_is_2024.model import DateSpan, Entity, Event
from syria_is_2024.taxonomy import EVENT_KINDS

KM_PER_DEGREE: Final = 111.32
"""Kilometres in one degree of latitude (and of longitude at the equator)."""

_FIRM: Final = "#1f5f99"
_SOFT: Final = "#6fa8dc"
_VAGUE: Final = "#d9d9d9"
_WRITTEN: Final = "#c0392b"
_PUBLISHED: Final = "#d98080"
_ONE_DAY: Final = dt.timedelta(days=1)


def _lanes(events: Sequence[Event], gap: dt.timedelta) -> list[list[Event]]:
    """Pack events into as few lanes as possible so that no two in a lane overlap."""
    lanes: list[list[Event]] = []
    for event in sorted(events, key=lambda e: (e.date.start, e.date.end, e.id)):
        for lane in lanes:
            if lane[-1].date.end + gap < event.date.start:
                lane.append(event)
                break
        else:
            lanes.append([event])
    return lanes


def _draw_event(ax: Axes, event: Event, y: float) -> None:
    date = event.date
    if date.precision == "day":
        ax.plot(
            [mdates.date2num(date.start)],
            [y],
            marker="o",
            markersize=6,
            color=_FIRM,
            markerfacecolor="white" if date.approximate else _FIRM,
            linestyle="none",
        )
        return
    left = mdates.date2num(date.start)
    width = mdates.date2num(date.end + _ONE_DAY) - left
    if date.precision == "unknown":
        style: dict[str, Any] = {"color": _VAGUE, "edgecolor": "#8c8c8c", "hatch": "...."}
    elif date.approximate:
        style = {"color": _SOFT, "edgecolor": _FIRM, "hatch": "////", "alpha": 0.6}
    else:
        style = {"color": _FIRM, "edgecolor": _FIRM}
    ax.barh(y, width, left=left, height=0.6, linewidth=0.6, **style)


def _shade(ax: Axes, span: DateSpan, color: str, alpha: float) -> None:
    ax.axvspan(
        float(mdates.date2num(span.start)),
        float(mdates.date2num(span.end + _ONE_DAY)),
        color=color,
        alpha=alpha,
        linewidth=0,
    )


def draw_timeline(
    events: Sequence[Event], written: DateSpan, published: DateSpan, path: Path
) -> None:
    """Draw the events on a time axis, one band per event kind, and save the PNG at ``path``.

    ``written`` (the time of writing, against which relative dates are resolved) and
    ``published`` (the publication of the edition) are shaded.
    """
    kinds = [kind for kind in EVENT_KINDS if any(e.kind == kind for e in events)]
    gap = dt.timedelta(days=45)
    bands = [(kind, _lanes([e for e in events if e.kind == kind], gap)) for kind in kinds]
    rows = sum(len(lanes) for _, lanes in bands)
    figure = Figure(figsize=(10, 2.2 + 0.24 * rows), layout="constrained")
    ax = figure.subplots()
    ticks, labels = [], []
    y = 0.0
    for number, (kind, lanes) in enumerate(bands):
        top = y
        for lane in lanes:
            for event in lane:
                _draw_event(ax, event, y)
            y += 1
        if number % 2 == 0:
            ax.axhspan(top - 0.5, y - 0.5, color="#f2f2f2", zorder=0, linewidth=0)
        ticks.append((top + y - 1) / 2)
        labels.append(kind.replace("_", " "))
    _shade(ax, published, _PUBLISHED, 0.35)
    _shade(ax, written, _WRITTEN, 0.7)
    first = min(e.date.start for e in events) - dt.timedelta(days=120)
    last = max(written.end, published.end) + dt.timedelta(days=120)
    ax.set_xlim(float(mdates.date2num(first)), float(mdates.date2num(last)))
    ax.set_yticks(ticks, labels)
    ax.set_ylim(y - 0.5, -0.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title("Events of the report by kind and date")
    figure.legend(
        handles=[
            Line2D([], [], marker="o", color=_FIRM, linestyle="none", label="one day"),
            Line2D(
                [],
                [],
                marker="o",
                color=_FIRM,
                markerfacecolor="white",
                linestyle="none",
                label="one day, approximate",
            ),
            Patch(color=_FIRM, label="span: days, month(s), year(s)"),
            Patch(
                facecolor=_SOFT, edgecolor=_FIRM, hatch="////", alpha=0.6, label="approximate span"
            ),
            Patch(
                facecolor=_VAGUE,
                edgecolor="#8c8c8c",
                hatch="....",
                label="not dated: widest span the text supports",
            ),
            Patch(color=_WRITTEN, alpha=0.7, label="report written"),
            Patch(color=_PUBLISHED, alpha=0.35, label="English edition published"),
        ],
        loc="outside lower center",
        ncols=3,
        fontsize="small",
        frameon=False,
    )
    figure.savefig(path, dpi=120)


def _overlaps(box: Bbox, placed: Sequence[Bbox]) -> bool:
    return any(box.overlaps(other) for other in placed)


def _label(
    ax: Axes,
    renderer: RendererBase,
    text: str,
    point: tuple[float, float],
    placed: list[Bbox],
) -> None:
    """Put a label next to its point where it covers no label already placed."""
    candidates = [(6, 3, "left"), (6, -11, "left"), (-6, 3, "right"), (-6, -11, "right")]
    candidates += [(6, 14, "left"), (6, -22, "left"), (-6, 14, "right"), (-6, -22, "right")]
    annotation: Annotation | None = None
    for dx, dy, align in candidates:
        annotation = ax.annotate(
            text, point, xytext=(dx, dy), textcoords="offset points", ha=align, fontsize=8
        )
        box = annotation.get_window_extent(renderer)
        if not _overlaps(box, placed):
            placed.append(box)
            return
        annotation.remove()
    assert annotation is not None
    ax.add_artist(annotation)
    placed.append(annotation.get_window_extent(renderer))


def draw_places(places: Sequence[Entity], path: Path) -> None:
    """Plot the places with coordinates and their precision circles; save the PNG at ``path``."""
    located = [(p, p.coordinates) for p in places if p.coordinates is not None]
    if not located:
        raise ValueError("no place has coordinates")
    mid_latitude = sum(c.latitude for _, c in located) / len(located)
    stretch = math.cos(math.radians(mid_latitude))
    figure = Figure(figsize=(8, 7), layout="constrained")
    ax = figure.subplots()
    xs, ys = [], []
    for _, c in located:
        radius = c.precision_km / KM_PER_DEGREE
        rx = radius / math.cos(math.radians(c.latitude))
        ax.add_patch(
            Ellipse(
                (c.longitude, c.latitude),
                2 * rx,
                2 * radius,
                facecolor=(*to_rgb(_SOFT), 0.15),
                edgecolor=_FIRM,
                linestyle="--",
                linewidth=0.8,
            )
        )
        xs += [c.longitude - rx, c.longitude + rx]
        ys += [c.latitude - radius, c.latitude + radius]
    ax.scatter(
        [c.longitude for _, c in located],
        [c.latitude for _, c in located],
        s=10,
        color=_FIRM,
        zorder=3,
    )
    margin = 0.3
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    ax.set_aspect(1 / stretch)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title("Places with coordinates; circles show each point's precision")
    renderer = FigureCanvasAgg(figure).get_renderer()
    placed: list[Bbox] = []
    for place, c in sorted(located, key=lambda item: -item[1].latitude):
        _label(
            ax,
            renderer,
            f"{place.name} (\u00b1{c.precision_km:g} km)",
            (c.longitude, c.latitude),
            placed,
        )
    figure.savefig(path, dpi=120)


def _generated(doctreedir: str | os.PathLike[str]) -> Path:
    """The folder of generated files: inside the build's doctree folder, not the sources."""
    folder = Path(doctreedir) / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PICTURES: Final[dict[str, Callable[[Path], None]]] = {
    "timeline": lambda path: draw_timeline(
        syria_is_2024.events(),
        syria_is_2024.source().written,
        syria_is_2024.source().published,
        path,
    ),
    "places": lambda path: draw_places(  # Syria and the places in it: not Yemen or Afghanistan
        [p for p in syria_is_2024.entities("place") if p.subtype != "country" or p.id == "syria"],
        path,
    ),
}
"""Each picture by name, with the function that draws it from the bundled data."""


def draw_all(app: Sphinx) -> None:
    """Draw every picture into the build, at the start of each build."""
    for name, draw in PICTURES.items():
        draw(_generated(app.doctreedir) / f"{name}.png")


class DataFigure(SphinxDirective):
    """``data-figure`` places a picture drawn from the data; its content is the caption."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"alt": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Build the figure node pointing at the picture drawn for this build."""
        name = self.arguments[0]
        if name not in PICTURES:
            raise self.error(f"unknown picture {name!r}; known: {', '.join(PICTURES)}")
        picture = _generated(self.env.doctreedir) / f"{name}.png"
        here = Path(self.env.srcdir) / Path(self.env.docname).parent
        uri = Path(os.path.relpath(picture, here)).as_posix()
        image = nodes.image(uri=uri, alt=self.options.get("alt", name))
        figure = nodes.figure("", image)
        if self.content:
            text = " ".join(line.strip() for line in self.content)
            inline, messages = self.state.inline_text(text, self.lineno)
            figure += nodes.caption(text, "", *inline)
            figure += messages
        return [figure]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and draw the pictures when the builder starts."""
    app.add_directive("data-figure", DataFigure)
    app.connect("builder-inited", draw_all)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
