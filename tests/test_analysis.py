"""Analysis-ready tables: events as ACLED/GED rows, place ancestry, data frames, SQL, a map.

A small world made by hand has a full administrative tree (country > governorate > district >
sub-district > village), p-codes, points at some levels only, and events with crosswalk codes,
actors and figures of the killed, so that every value below is known without the code.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import syria_is_2024
from strategies import A_QUOTE, A_SOURCE
from support import require_module
from syria_is_2024.analysis import ANCESTRY_COLUMNS, EVENT_COLUMNS
from syria_is_2024.dataset import Dataset
from syria_is_2024.errors import MissingExtraError, UnknownKeyError
from syria_is_2024.export import datapackage_descriptor, geojson, to_frames, to_geojson, to_parquet
from syria_is_2024.model import (
    Attribution,
    Coordinates,
    DateSpan,
    Entity,
    Event,
    Evidence,
    ExternalId,
    Figure,
    Participant,
    Quantity,
)
from syria_is_2024.tables import LIST_SEPARATOR, TABLES, table

URL = "https://example.org/gazetteer"
SAYS = (Attribution(by="outlet-o"),)


def place(id: str, subtype: str, within: str | None, pcode: str = "", point: Any = None) -> Entity:
    """A place with an OCHA p-code and a point (latitude, longitude, precision) if given."""
    ids = (ExternalId(scheme="ocha-pcode", value=pcode, source=URL),) if pcode else ()
    where = None
    if point is not None:
        latitude, longitude, precision = point
        where = Coordinates(
            latitude=latitude,
            longitude=longitude,
            precision_km=precision,
            point="place",
            source=URL,
        )
    return Entity(
        id=id,
        kind="place",
        subtype=subtype,
        name=id.replace("-", " ").title(),
        description="d",
        located_in=within,
        coordinates=where,
        external_ids=ids,
        evidence=A_QUOTE,
    )


def actor(id: str, kind: str = "organization") -> Entity:
    """A party to events."""
    name = id.replace("-", " ").title()
    return Entity(id=id, kind=kind, name=name, description="d", evidence=A_QUOTE)  # type: ignore[arg-type]


def figure(id: str, low: int | None, high: int | None, qualifier: str, **fields: Any) -> Figure:
    """A count of the killed (unless ``counts`` says otherwise)."""
    fields.setdefault("counts", "killed")
    quantity = Quantity(low=low, high=high, qualifier=qualifier)  # type: ignore[arg-type]
    return Figure(
        id=id,
        counted="c",
        status="reported",
        quantity=quantity,
        unit="people",
        wording="w",
        asserted_by=SAYS,
        evidence=A_QUOTE,
        **fields,
    )


def event(id: str, day: dt.date, **fields: Any) -> Event:
    """A battle on one day, coded an armed clash, asserted by the outlet, unless told otherwise."""
    fields.setdefault("asserted_by", SAYS)
    fields.setdefault("acled_event_type", "Battles")
    fields.setdefault("acled_sub_event_type", "Armed clash")
    fields.setdefault("evidence", A_QUOTE)
    fields.setdefault("kind", "battle")
    return Event(
        id=id,
        status="reported",
        title="t",
        description="d",
        date=DateSpan(start=day, end=day, precision="day"),
        **fields,
    )


ENTITIES = [
    actor("author-a", "person"),
    actor("outlet-o", "outlet"),
    actor("org-g"),
    actor("org-h"),
    actor("civilians", "group"),
    place("country-c", "country", None, point=(35.0, 38.0, 300.0)),
    place("gov-g", "governorate", "country-c", "SY99"),
    place("dist-d", "district", "gov-g", "SY9901", point=(34.5, 40.5, 20.0)),
    place("sub-s", "sub_district", "dist-d", "SY990100"),
    place("town-t", "village", "sub-s", point=(34.45861, 40.95056, 1.0)),
    place("gov-h", "governorate", "country-c", "SY98"),
    place("elsewhere", "country", None),
    place("city-x", "city", "elsewhere"),
]
FIGURES = [
    figure("fig-all", 7, 7, "exact", parts=("fig-men", "fig-women"), breakdown="complete"),
    figure("fig-men", 3, 3, "exact"),
    figure("fig-women", 4, 4, "exact"),
    figure("fig-more", 2, None, "at_least"),
    figure("fig-wounded", 5, 5, "exact", counts="wounded"),
    figure("fig-three", 3, 3, "exact"),
    figure("fig-range", 2, 5, "between"),
    figure("fig-dozens", None, None, "vague"),
    figure("fig-at-most", None, 5, "at_most"),
]
EVENTS = [
    event(
        "ev-town",
        dt.date(2019, 3, 23),
        places=("town-t", "gov-h"),
        participants=(
            Participant(entity="civilians", role="subject"),
            Participant(entity="org-g", role="perpetrator"),
            Participant(entity="civilians", role="victim"),
        ),
        figures=("fig-all", "fig-men", "fig-women", "fig-more", "fig-wounded"),
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        ucdp_violence="one_sided",
        evidence=(Evidence(quote="first words", paragraph=3), Evidence(quote="more", paragraph=4)),
    ),
    event(
        "ev-gov",
        dt.date(2020, 1, 1),
        places=("gov-h",),
        participants=(
            Participant(entity="org-h", role="party"),
            Participant(entity="org-g", role="party"),
        ),
        figures=("fig-three", "fig-range"),
        asserted_by=(Attribution(by="org-h"), Attribution(by="outlet-o")),
    ),
    event("ev-nowhere", dt.date(2020, 6, 1), figures=("fig-dozens",)),
    event(
        "ev-sub",
        dt.date(2020, 7, 1),
        places=("sub-s",),
        participants=(Participant(entity="civilians", role="target"),),
        figures=("fig-at-most",),
    ),
    event("ev-abroad", dt.date(2021, 1, 1), places=("city-x",)),
]

EXPECTED: dict[str, dict[str, object]] = {
    "ev-town": {
        "ucdp_type_of_violence": 3,
        "acled_event_type": "Violence against civilians",
        "year": 2019,
        "actor1": "Org G",
        "actor1_id": "org-g",
        "actor2": "Civilians",
        "actor2_id": "civilians",
        "place": "Town T",
        "place_id": "town-t",
        "country": "Country C",
        "admin1": "Gov G",
        "admin1_pcode": "SY99",
        "admin2": "Dist D",
        "admin2_pcode": "SY9901",
        "latitude": 34.45861,
        "longitude": 40.95056,
        "geo_precision_km": 1.0,
        "geo_place_id": "town-t",
        "fatalities_low": 9,  # the whole (7), not its parts, and at least 2 more
        "fatalities_high": None,  # 'at least 2' leaves it open; the wounded do not count
        "asserted_by": "outlet-o",
        "evidence_quote": "first words",
        "evidence_paragraph": 3,
    },
    "ev-gov": {
        "ucdp_type_of_violence": None,
        "acled_event_type": "Battles",
        "year": 2020,
        "actor1": "Org H",
        "actor2": "Org G",
        "place_id": "gov-h",
        "country": "Country C",
        "admin1": "Gov H",
        "admin1_pcode": "SY98",
        "admin2": None,
        "admin2_pcode": None,
        "latitude": 35.0,  # the country's point: the governorate has none
        "longitude": 38.0,
        "geo_precision_km": 300.0,
        "geo_place_id": "country-c",
        "fatalities_low": 5,
        "fatalities_high": 8,
        "asserted_by": "org-h;outlet-o",
    },
    "ev-nowhere": {
        "actor1": None,
        "actor2": None,
        "place": None,
        "place_id": None,
        "country": None,
        "admin1": None,
        "latitude": None,
        "geo_place_id": None,
        "fatalities_low": None,  # 'dozens' is unknown, not zero
        "fatalities_high": None,
    },
    "ev-sub": {
        "actor1": None,
        "actor2_id": "civilians",
        "admin1": "Gov G",
        "admin2": "Dist D",
        "admin2_pcode": "SY9901",
        "latitude": 34.5,  # the district's point: the sub-district has none
        "geo_place_id": "dist-d",
        "fatalities_low": None,
        "fatalities_high": 5,
    },
    "ev-abroad": {
        "country": "Elsewhere",
        "admin1": None,
        "admin2": None,
        "latitude": None,
        "geo_precision_km": None,
        "geo_place_id": None,
    },
}
"""What the analysis columns of each event hold, worked out by hand from the world above."""

BRIEF_COLUMNS = (
    *("id", "date_start", "date_end", "date_precision", "ongoing", "status", "kind"),
    *("acled_event_type", "acled_sub_event_type", "ucdp_type_of_violence", "year"),
    *("actor1", "actor1_id", "actor2", "actor2_id", "place", "place_id", "country"),
    *("admin1", "admin1_pcode", "admin2", "admin2_pcode", "latitude", "longitude"),
    *("geo_precision_km", "geo_place_id", "fatalities_low", "fatalities_high"),
    *("asserted_by", "evidence_quote", "evidence_paragraph"),
)
"""The columns an ACLED or GED user looks for, as docs/exports.md lists them."""


@pytest.fixture(scope="module")
def world() -> Dataset:
    """The hand-made dataset."""
    return Dataset.from_records(A_SOURCE, ENTITIES, EVENTS, FIGURES)


def test_event_rows_read_actors_places_points_and_deaths(world: Dataset) -> None:
    """Each event's analysis columns hold what the records say, as worked out by hand."""
    rows = {row["id"]: row for row in table(world, "events").dicts()}
    assert list(rows) == [e.id for e in EVENTS]  # chronological, as the events
    for id, expected in EXPECTED.items():
        assert {name: rows[id][name] for name in expected} == expected, id


@pytest.mark.parametrize(
    ("figures", "low", "high"),
    [
        ((), None, None),
        (("fig-three",), 3, 3),
        (("fig-three", "fig-range"), 5, 8),
        (("fig-more",), 2, None),
        (("fig-dozens",), None, None),
        (("fig-dozens", "fig-three"), 3, None),
        (("fig-at-most",), None, 5),
        (("fig-all", "fig-men", "fig-women"), 7, 7),
        (("fig-men", "fig-women"), 7, 7),
        (("fig-wounded",), None, None),
        (("fig-none",), 0, 0),
    ],
)
def test_fatalities_add_up_the_killed_and_never_invent_a_zero(
    figures: tuple[str, ...], low: int | None, high: int | None
) -> None:
    """Low and high sum the figures of the killed; a part is not counted beside its whole.

    An open high bound or a vague number leaves the high sum unknown; no number at all leaves
    both unknown, while a stated zero is zero.
    """
    counted = [*FIGURES, figure("fig-none", 0, 0, "exact")]
    events = [event("ev", dt.date(2020, 1, 1), figures=figures)]
    data = Dataset.from_records(A_SOURCE, ENTITIES, events, counted)
    row = next(table(data, "events").dicts())
    assert (row["fatalities_low"], row["fatalities_high"]) == (low, high)


def test_fatalities_count_only_happenings_and_only_their_own_figures() -> None:
    """A figure that several events link counts for none of them.

    An event ACLED and UCDP would not code (a publication of the deaths) has no fatalities,
    while a coded event beside them keeps its own figure.
    """
    events = [
        event("ev-one", dt.date(2020, 1, 1), figures=("fig-three", "fig-range")),
        event("ev-two", dt.date(2020, 1, 2), figures=("fig-range",)),
        event(
            "ev-report",
            dt.date(2020, 1, 3),
            kind="publication",
            figures=("fig-men",),
            acled_event_type=None,
            acled_sub_event_type=None,
        ),
    ]
    data = Dataset.from_records(A_SOURCE, ENTITIES, events, FIGURES)
    rows = {row["id"]: row for row in table(data, "events").dicts()}
    deaths = {id: (row["fatalities_low"], row["fatalities_high"]) for id, row in rows.items()}
    assert deaths == {"ev-one": (3, 3), "ev-two": (None, None), "ev-report": (None, None)}


def test_place_ancestry_lists_every_place_above_with_its_level(world: Dataset) -> None:
    """A place's rows climb its administrative chain, each with its subtype, level and p-code."""
    assert TABLES["place_ancestry"].column_names == tuple(c[0] for c in ANCESTRY_COLUMNS)
    rows = [row for row in table(world, "place_ancestry").rows if row[0] == "town-t"]
    assert rows == [
        ("town-t", 0, "town-t", "Town T", "village", None, None),
        ("town-t", 1, "sub-s", "Sub S", "sub_district", 3, "SY990100"),
        ("town-t", 2, "dist-d", "Dist D", "district", 2, "SY9901"),
        ("town-t", 3, "gov-g", "Gov G", "governorate", 1, "SY99"),
        ("town-t", 4, "country-c", "Country C", "country", 0, None),
    ]
    places = {e.id for e in world.entities("place")}
    ancestry = table(world, "place_ancestry").rows
    assert {row[0] for row in ancestry if row[1] == 0} == places
    assert len(ancestry) == 5 + 4 + 3 + 2 + 1 + 2 + 1 + 2  # town, sub, district ... city


def test_column_meanings_reach_the_data_package(world: Dataset) -> None:
    """The Data Package describes each analysis column with the meaning stated beside its value."""
    resources = {r["name"]: r for r in datapackage_descriptor(world)["resources"]}
    described = {f["name"]: f["description"] for f in resources["events"]["schema"]["fields"]}
    assert {name: described[name] for name, *_ in EVENT_COLUMNS} == {
        name: meaning for name, _, _, meaning in EVENT_COLUMNS
    }
    assert "place_ancestry" in resources
    keys = resources["events"]["schema"]["foreignKeys"]
    assert {
        "fields": ["actor1_id"],
        "reference": {"resource": "entities", "fields": ["id"]},
    } in keys


def test_the_events_frame_is_shaped_like_an_acled_row(world: Dataset) -> None:
    """The events frame has the analyst's columns, GED's integer code and nullable deaths."""
    pd = pytest.importorskip("pandas", reason="the [pandas] extra is not installed")
    frame = to_frames(world, "events")["events"].set_index("id")
    assert set(BRIEF_COLUMNS) - {"id"} <= set(frame.columns)
    assert str(frame["ucdp_type_of_violence"].dtype) == "Int64"
    assert frame.loc["ev-town", "ucdp_type_of_violence"] == 3
    assert frame.loc["ev-gov", "ucdp_type_of_violence"] is pd.NA
    assert frame.loc["ev-town", "fatalities_high"] is pd.NA
    assert frame.loc["ev-gov", "fatalities_high"] == 8


def test_frame_gives_the_bundled_tables_by_name(data: Dataset) -> None:
    """frame(name) is the table of that name, frame("events") one row per event; frames() all."""
    pytest.importorskip("pandas", reason="the [pandas] extra is not installed")
    events = syria_is_2024.frame("events")
    assert list(events["id"]) == [e.id for e in data.events()]
    assert set(BRIEF_COLUMNS) <= set(events.columns)
    assert events["admin1"].notna().any()
    everything = syria_is_2024.frames()
    assert list(everything) == list(TABLES)
    for name in ("entities", "figures", "event_participants", "place_ancestry"):
        one = syria_is_2024.frame(name)
        assert tuple(one.columns) == TABLES[name].column_names
        assert len(one) == len(everything[name]) == len(table(data, name).rows)
    with pytest.raises(UnknownKeyError, match="event_actors"):
        syria_is_2024.frame("event_actors")


def test_frames_without_pandas_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """With pandas not importable, frame and frames raise MissingExtraError naming the extra."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    for call in (lambda: syria_is_2024.frame("events"), syria_is_2024.frames):
        with pytest.raises(MissingExtraError, match=r"pip install 'syria-is-2024\[pandas\]'"):
            call()


@pytest.mark.parametrize("which", ["bundled", "hand-made"])
def test_sql_on_the_parquet_export_agrees_with_pandas(
    which: str, data: Dataset, world: Dataset, tmp_path: Path
) -> None:
    """Events and deaths per governorate per year agree between SQL and pandas.

    DuckDB reads the Parquet export and finds governorates through the place ancestry; pandas
    groups the events frame by its admin1 column.
    """
    require_module("duckdb")
    pd = pytest.importorskip("pandas", reason="the [pandas] extra is not installed")
    pytest.importorskip("pyarrow", reason="the [parquet] extra is not installed")
    import duckdb

    dataset = data if which == "bundled" else world
    to_parquet(dataset, tmp_path)
    sql = f"""
        SELECT a.ancestor_name, year(e.date_start), count(*), sum(e.fatalities_low)
        FROM '{tmp_path}/events.parquet' AS e
        JOIN '{tmp_path}/place_ancestry.parquet' AS a ON a.place = e.place_id
        WHERE a.admin_level = 1
        GROUP BY ALL ORDER BY ALL
    """
    answer = duckdb.connect().execute(sql).fetchall()
    events = to_frames(dataset, "events")["events"]
    summary = events.groupby(["admin1", "year"]).agg(
        events=("id", "size"), deaths=("fatalities_low", lambda s: s.sum(min_count=1))
    )
    rows = summary.reset_index().itertuples(index=False, name=None)
    expected = [tuple(None if pd.isna(value) else value for value in row) for row in rows]
    assert answer
    assert answer == expected
    if which == "hand-made":
        assert answer == [("Gov G", 2019, 1, 9), ("Gov G", 2020, 1, None), ("Gov H", 2020, 1, 5)]


def test_events_geojson_places_each_event_at_its_point(world: Dataset, tmp_path: Path) -> None:
    """Each event with a point is a Point feature at [longitude, latitude].

    Its properties say whose point it is and its precision; events with no point anywhere up
    their place's chain are left out.
    """
    collection = geojson(world, "events")
    path = to_geojson(world, tmp_path / "events.geojson", layer="events")
    assert json.loads(path.read_text(encoding="utf-8")) == collection
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert list(features) == ["ev-town", "ev-gov", "ev-sub"]
    town = features["ev-town"]
    assert town["type"] == "Feature"
    assert town["geometry"] == {"type": "Point", "coordinates": [40.95056, 34.45861]}
    assert town["properties"]["precision_km"] == 1.0
    assert town["properties"]["geo_place_id"] == "town-t"
    assert town["properties"]["admin1"] == "Gov G"
    assert features["ev-sub"]["geometry"]["coordinates"] == [40.5, 34.5]
    assert not {"latitude", "longitude", "geo_precision_km"} & set(town["properties"])
    with pytest.raises(UnknownKeyError, match="GeoJSON layer"):
        geojson(world, "roads")


def test_bundled_events_geojson_is_valid(data: Dataset) -> None:
    """Every bundled event with a point is a valid GeoJSON Point feature, lon/lat in range."""
    features = geojson(data, "events")["features"]
    rows = {row["id"]: row for row in table(data, "events").dicts()}
    assert features
    assert [f["id"] for f in features] == [i for i, row in rows.items() if row["latitude"]]
    for feature in features:
        longitude, latitude = feature["geometry"]["coordinates"]
        row = rows[feature["id"]]
        assert (longitude, latitude) == (row["longitude"], row["latitude"])
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert feature["properties"]["precision_km"] > 0
        assert feature["properties"]["asserted_by"].split(LIST_SEPARATOR)
