"""The map of the documentation: every place with coordinates, numbered, over Natural Earth.

The countries, and the governorates of Syria as dash-dotted lines, are read from files that
packages on PyPI ship (``borders``: no download). Each place is a numbered badge; a badge that
would cover another is moved aside and joined to its point by a leader line, and the table
under the map (drawn by ``figures``) names each number, so no name can be read against the
wrong dot. A neighbour's name is set inside it, clear of every badge and of the map's edge.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import shapely
from borders import Extent, countries, unit_borders
from drawing import INK, PT, save
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, Polygon
from shapely.geometry.base import BaseGeometry

import syria_is_2024
from syria_is_2024.model import Entity

KM_PER_DEGREE: Final = 111.32
"""Kilometres in one degree of latitude (and of longitude at the equator)."""

_LAND: Final = "#f4f1ea"
_HOME: Final = "#fffdf7"
_SEA: Final = "#dcebf5"
_BORDER: Final = "#6b6b6b"


def _rings(shape: BaseGeometry) -> Iterator[list[tuple[float, float]]]:
    """The outer and inner rings of a (multi)polygon, as lists of points."""
    for polygon in getattr(shape, "geoms", [shape]):
        if isinstance(polygon, shapely.Polygon):
            for ring in (polygon.exterior, *polygon.interiors):
                yield [(x, y) for x, y in ring.coords]


def governorate_lines(extent: Extent) -> list[list[tuple[float, float]]]:
    """The borders between Syria's governorates inside the extent, simplified, as point lists."""
    window = shapely.box(*extent)
    lines = []
    for border in unit_borders("SYR"):
        for part in shapely.get_parts(border.line.intersection(window).simplify(0.005)):
            if isinstance(part, shapely.LineString) and not part.is_empty:
                lines.append([(x, y) for x, y in part.coords])
    return lines


def numbered_places(places: Sequence[Entity]) -> list[tuple[int, Entity]]:
    """The places with coordinates, numbered from north to south (then west to east)."""
    located = [p for p in places if p.coordinates is not None]
    located.sort(key=lambda p: (-p.coordinates.latitude, p.coordinates.longitude, p.id))  # type: ignore[union-attr]
    return list(enumerate(located, start=1))


def mapped_places() -> list[Entity]:
    """The places the map shows: Syria and the places in it (not Yemen or Afghanistan)."""
    places = syria_is_2024.entities("place")
    return [p for p in places if p.subtype != "country" or p.id == "syria"]


def _badge_spots() -> Iterator[tuple[float, float]]:
    """Offsets (points) tried for a badge: on its dot first, then on rings around it."""
    yield 0.0, 0.0
    for radius in (20.0, 32.0, 44.0, 56.0):
        for step in range(12):
            angle = math.radians(90 - 30 * step)
            yield radius * math.cos(angle), radius * math.sin(angle)


def place_badges(
    points: Sequence[tuple[float, float]], radius: float, size: tuple[float, float]
) -> list[tuple[float, float]]:
    """Badge centres (points) for dots at ``points``: no two badges overlap, all in ``size``."""
    placed: list[tuple[float, float]] = []
    for x, y in points:
        for dx, dy in _badge_spots():
            cx, cy = x + dx, y + dy
            inside = radius <= cx <= size[0] - radius and radius <= cy <= size[1] - radius
            free = all(math.hypot(cx - px, cy - py) > 2 * radius + 1 for px, py in placed)
            if inside and free:
                placed.append((cx, cy))
                break
        else:
            raise ValueError(f"no room for the badge of the dot at {x:.0f}, {y:.0f} pt")
    return placed


def label_spot(
    shape: BaseGeometry, size: tuple[float, float], taken: Sequence[BaseGeometry]
) -> tuple[float, float] | None:
    """A centre in ``shape`` for a label box of ``size`` that touches nothing in ``taken``.

    The spot nearest the shape's representative point wins; None if no spot is free.
    """
    start = shape.representative_point()
    x0, y0, x1, y1 = shape.bounds
    step = size[1] / 2
    grid = [
        (x0 + i * step, y0 + j * step)
        for i in range(int((x1 - x0) / step) + 1)
        for j in range(int((y1 - y0) / step) + 1)
    ]
    grid.sort(key=lambda p: math.hypot(p[0] - start.x, p[1] - start.y))
    for x, y in [(start.x, start.y), *grid]:
        box = shapely.box(x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2)
        if shape.contains(shapely.Point(x, y)) and not any(box.intersects(t) for t in taken):
            return x, y
    return None


def draw_places(places: Sequence[Entity], path: Path, width: float = 4.2) -> None:
    """The map of the numbered places over the borders of countries and governorates, as SVG."""
    numbered = numbered_places(places)
    if not numbered:
        raise ValueError("no place has coordinates")
    points = [p.coordinates for _, p in numbered if p.coordinates is not None]
    syria = next(shape for code, _, shape in countries((34, 31, 44, 39)) if code == "SYR")
    xs = [syria.bounds[0], syria.bounds[2], *(c.longitude for c in points)]
    ys = [syria.bounds[1], syria.bounds[3], *(c.latitude for c in points)]
    extent = (min(xs) - 0.4, min(ys) - 0.4, max(xs) + 0.4, max(ys) + 0.4)
    stretch = math.cos(math.radians((extent[1] + extent[3]) / 2))
    height = width * (extent[3] - extent[1]) / ((extent[2] - extent[0]) * stretch)
    figure = Figure(figsize=(width, height))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_axis_off()
    ax.add_patch(Polygon([(-180, -90), (180, -90), (180, 90), (-180, 90)], color=_SEA, zorder=0))
    neighbours: list[tuple[str, BaseGeometry]] = []
    for code, name, shape in countries(extent):
        for ring in _rings(shape.simplify(0.005)):
            ax.add_patch(
                Polygon(
                    ring,
                    facecolor=_HOME if code == "SYR" else _LAND,
                    edgecolor=_BORDER,
                    linewidth=0.8,
                    zorder=1,
                )
            )
        if shape.area >= 0.8 and code != "SYR":
            neighbours.append((name.upper(), shape))
    ax.add_collection(
        LineCollection(
            governorate_lines(extent),
            colors=_BORDER,
            linewidths=0.6,
            linestyles=(0, (5, 1.5, 1, 1.5)),
            zorder=1.5,
            gid="governorate-borders",
        )
    )
    for c in points:
        if c.precision_km <= 150:
            r = c.precision_km / KM_PER_DEGREE
            ax.add_patch(
                Ellipse(
                    (c.longitude, c.latitude),
                    2 * r / math.cos(math.radians(c.latitude)),
                    2 * r,
                    fill=False,
                    edgecolor=INK,
                    linestyle=(0, (2, 2)),
                    linewidth=0.6,
                    alpha=0.5,
                    zorder=3,
                )
            )
    size = (width * PT, height * PT)
    per_x, per_y = size[0] / (extent[2] - extent[0]), size[1] / (extent[3] - extent[1])
    spots = [((c.longitude - extent[0]) * per_x, (c.latitude - extent[1]) * per_y) for c in points]
    radius = 8.5
    badges = place_badges(spots, radius, size)
    badge_centres = [(extent[0] + bx / per_x, extent[1] + by / per_y) for bx, by in badges]
    rx, ry = radius / per_x, radius / per_y
    outside = shapely.box(-180, -90, 180, 90).difference(shapely.box(*extent))
    badge_boxes = (shapely.box(x - rx, y - ry, x + rx, y + ry) for x, y in badge_centres)
    taken = [syria, outside, *badge_boxes]
    for name, shape in neighbours:
        box = (0.7 * 9 * len(name) / per_x, 12 / per_y)
        if (spot := label_spot(shape, box, taken)) is not None:
            ax.text(*spot, name, ha="center", va="center", color="#8a8a8a", fontsize=9, zorder=2)
    for (number, _), (x, y), (bx, by) in zip(numbered, spots, badges, strict=True):
        dot = (extent[0] + x / per_x, extent[1] + y / per_y)
        centre = (extent[0] + bx / per_x, extent[1] + by / per_y)
        if (bx, by) != (x, y):
            ax.add_line(Line2D(*zip(dot, centre, strict=True), color=INK, linewidth=0.8, zorder=4))
            ax.plot([dot[0]], [dot[1]], marker="o", markersize=3, color=INK, zorder=5)
        ax.add_patch(Ellipse(centre, 2 * radius / per_x, 2 * radius / per_y, color=INK, zorder=6))
        ax.text(
            *centre,
            str(number),
            ha="center",
            va="center",
            color="white",
            fontsize=8.5,
            fontweight="bold",
            zorder=7,
        )
    save(figure, path)
