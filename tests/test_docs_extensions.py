"""The documentation's own extensions (``docs/_ext``), piece by piece, without a build.

The API reference follows ``__all__``; Python's types are linked from an inventory written
offline; the map's badges and the timeline's labels never cover one another; the borders come
from the installed Natural Earth files.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import math
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import syria_is_2024
from support import require_module

EXTENSIONS = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def _extension(name: str) -> Any:
    require_module("sphinx")
    require_module("matplotlib")
    sys.path.insert(0, str(EXTENSIONS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def test_a_name_added_to_all_is_documented_without_editing_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``public-names`` documents whatever ``__all__`` lists, each with the right directive.

    A dictionary is documented without its value; a function, an error and a class each get
    their autodoc entry, and every name is in the summary table.
    """
    reference = _extension("reference")
    module = types.ModuleType("fresh")
    exec_free = {
        "fresh_accessor": lambda: None,
        "FreshError": type("FreshError", (ValueError,), {}),
        "Fresh": type("Fresh", (), {}),
        "TABLE": {"a": 1},
        "LIMIT": 40,
    }
    for name, value in exec_free.items():
        setattr(module, name, value)
        if callable(value):
            value.__module__ = "fresh"
    module.__all__ = list(exec_free)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fresh", module)
    text = "\n".join(reference.public_names_rst("fresh"))
    assert ".. autofunction:: fresh.fresh_accessor" in text
    assert ".. autoexception:: fresh.FreshError" in text
    assert ".. autoclass:: fresh.Fresh" in text
    assert ".. autodata:: fresh.TABLE\n   :no-value:" in text
    assert ".. autodata:: fresh.LIMIT\n" in text and "fresh.LIMIT\n   :no-value:" not in text
    for name in exec_free:
        assert f":py:obj:`{name} <fresh.{name}>`" in text


def test_the_offline_python_inventory_is_one_sphinx_reads(tmp_path: Path) -> None:
    """The inventory the build writes loads as Sphinx's own, pointing at docs.python.org."""
    reference = _extension("reference")
    from sphinx.util.inventory import InventoryFile

    path = tmp_path / "objects.inv"
    reference.write_inventory(path)
    with path.open("rb") as file:
        inventory = InventoryFile.load(file, reference.PYTHON_DOCS, lambda base, uri: base + uri)
    entries = {
        (role, name): item
        for role, items in getattr(inventory, "data", inventory).items()
        for name, item in items.items()
    }
    found = entries[("py:class", "datetime.date")]
    location = getattr(found, "uri", None) or found[2]
    assert location == "https://docs.python.org/3/library/datetime.html#datetime.date"
    assert ("py:exception", "KeyError") in entries


def test_map_badges_never_cover_each_other_and_stay_on_the_map() -> None:
    """Badges of dots that fall together are moved apart, and none leaves the picture.

    The first dot keeps its badge on itself; the others, which would cover it, are moved.
    """
    placemap = _extension("placemap")
    radius, size = 8.0, (300.0, 200.0)
    dots = [(150.0, 100.0)] * 9 + [(5.0, 5.0), (295.0, 195.0)]
    badges = placemap.place_badges(dots, radius, size)
    assert badges[0] == dots[0]
    for (x, y), (u, v) in itertools.combinations(badges, 2):
        assert math.hypot(x - u, y - v) > 2 * radius
    assert all(
        radius <= x <= size[0] - radius and radius <= y <= size[1] - radius for x, y in badges
    )


def test_country_names_sit_inside_their_country_clear_of_badges() -> None:
    """A country's name goes where its box touches nothing taken, or is left out."""
    placemap = _extension("placemap")
    shapely: Any = importlib.import_module("shapely")
    country = shapely.box(0.0, 0.0, 10.0, 2.0)
    badge = shapely.box(4.0, 0.0, 6.0, 2.0)
    x, y = placemap.label_spot(country, (3.0, 1.0), [badge])
    assert country.contains(shapely.Point(x, y))
    assert not shapely.box(x - 1.5, y - 0.5, x + 1.5, y + 0.5).intersects(badge)
    assert placemap.label_spot(country, (3.0, 1.0), [country]) is None


def test_timeline_labels_keep_their_order_and_never_overlap() -> None:
    """Labels wanted on top of each other are spread in date order, apart, within the axis."""
    figures = _extension("figures")
    heights = [26.0, 13.0, 39.0, 13.0, 13.0]
    tops = figures.spread([100.0, 100.0, 101.0, 400.0, 399.0], heights, 5.0, 50.0, 420.0)
    for i in range(len(tops) - 1):
        assert tops[i] + heights[i] + 5.0 <= tops[i + 1] + 1e-9
    assert tops[0] >= 50.0
    assert tops[-1] + heights[-1] <= 420.0


def test_busy_months_get_the_room_their_labels_need() -> None:
    """On the timeline's axis time runs forward, and a month is as long as its labels need."""
    figures = _extension("figures")
    days = [dt.date(2019, 3, 1), dt.date(2019, 3, 20), dt.date(2023, 5, 2)]
    at = figures.month_axis(days, [40.0, 40.0, 20.0], 10.0, 2.0)
    march, april = at(dt.date(2019, 3, 1)), at(dt.date(2019, 4, 1))
    assert april - march == pytest.approx(80.0)
    assert at(dt.date(2019, 5, 1)) - april == pytest.approx(2.0)
    points = [at(dt.date(2019, 3, 1) + dt.timedelta(days=n)) for n in range(0, 1600, 7)]
    assert points == sorted(points)


NATURAL_EARTH_SPELLING = {
    "al-hasakah": "Hasaka (Al Haksa)",
    "aleppo": "Aleppo",
    "as-suwayda": "As Suwayda'",
    "daraa": "Dar`a",
    "deir-ezzor": "Dayr Az Zawr",
    "hama": "Hamah",
    "homs": "Homs (Hims)",
    "idlib": "Idlib",
    "latakia": "Lattakia",
    "quneitra": "Quneitra",
    "raqqa": "Ar Raqqah",
}
"""Each governorate of the dataset under the name Natural Earth's admin-1 lines give it."""

SYRIA_BOX = (35.0, 32.0, 42.5, 37.5)


def test_the_map_borders_come_from_the_installed_natural_earth_files() -> None:
    """Syria and its neighbours, and Syria's governorates, are read from the packages' files."""
    borders = _extension("borders")
    codes = {code for code, _, _ in borders.countries(SYRIA_BOX)}
    assert {"SYR", "TUR", "IRQ", "JOR", "LBN"} <= codes
    assert borders.units_version() == borders.UNITS_VERSION
    lines = borders.unit_borders("SYR")
    named = {name for border in lines for name in (border.left, border.right)} - {""}
    assert len(named) == 14
    assert set(NATURAL_EARTH_SPELLING.values()) < named


def test_the_governorate_lines_lie_inside_syria() -> None:
    """The lines drawn as governorate borders are Syria's own: none strays past its border."""
    borders = _extension("borders")
    syria = next(shape for code, _, shape in borders.countries(SYRIA_BOX) if code == "SYR")
    lines = borders.unit_borders("SYR")
    assert lines
    assert all(syria.buffer(0.1).contains(border.line) for border in lines)


def _side(line: Any, x: float, y: float) -> int:
    """+1 if the point is left of the (single) line as it is drawn, -1 if right."""
    shapely = importlib.import_module("shapely")
    point = shapely.Point(x, y)
    at = line.project(point)
    before = line.interpolate(max(at - 1e-4, 0.0))
    after = line.interpolate(min(at + 1e-4, line.length))
    foot = line.interpolate(at)
    cross = (after.x - before.x) * (y - foot.y) - (after.y - before.y) * (x - foot.x)
    return 1 if cross > 0 else -1


def test_every_place_lies_in_its_governorate_as_natural_earth_draws_it() -> None:
    """A check of the places' points and their ``located_in`` chain against Natural Earth.

    For each place with a point inside a governorate (the governorates' own seats included),
    the nearest border between governorates must have that governorate on the point's side.
    """
    require_module("shapely")
    shapely = importlib.import_module("shapely")
    borders = _extension("borders")
    stretches = [
        (border.left, border.right, part)
        for border in borders.unit_borders("SYR")
        if border.left and border.right
        for part in shapely.get_parts(border.line)
    ]
    places = {place.id: place for place in syria_is_2024.entities("place")}
    governorates = {id_ for id_, place in places.items() if place.subtype == "governorate"}
    assert governorates == set(NATURAL_EARTH_SPELLING)
    checked = 0
    for place in places.values():
        chain, here = [place], place
        while here.located_in is not None:
            here = places[here.located_in]
            chain.append(here)
        within = [p.id for p in chain if p.subtype == "governorate"]
        if place.coordinates is None or not within:
            continue
        x, y = place.coordinates.longitude, place.coordinates.latitude
        left, right, line = min(stretches, key=lambda s: s[2].distance(shapely.Point(x, y)))
        side = left if _side(line, x, y) > 0 else right
        assert side == NATURAL_EARTH_SPELLING[within[0]], (place.id, left, right)
        checked += 1
    assert checked >= 25


def test_the_map_draws_every_governorate_border_in_one_group(tmp_path: Path) -> None:
    """The SVG has one group of governorate borders, a path for each line inside the map."""
    placemap = _extension("placemap")
    path = tmp_path / "places.svg"
    placemap.draw_places(placemap.mapped_places(), path)
    svg = path.read_text(encoding="utf-8")
    assert svg.count('id="governorate-borders"') == 1
    group = svg.split('id="governorate-borders"', 1)[1].split("</g>", 1)[0]
    assert group.count("<path") == len(placemap.governorate_lines(SYRIA_BOX)) > 20
