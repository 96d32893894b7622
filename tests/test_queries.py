"""Filters agree with a brute-force scan; bad arguments raise clear errors."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from strategies import A_QUOTE, A_SOURCE, NOT_TEXT, any_text
from support import outcome
from syria_is_2024 import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DatasetError,
    QueryError,
    UnknownKeyError,
)
from syria_is_2024.convert import configure_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.loader import bundled_data
from syria_is_2024.model import (
    Attribution,
    DateSpan,
    Entity,
    Event,
    Figure,
    Link,
    Participant,
    Quantity,
    Release,
    Withdrawal,
)
from syria_is_2024.taxonomy import ENTITY_KINDS, EVENT_KINDS, MEASURES

CONVERTER = cattrs.Converter(forbid_extra_keys=True)
configure_converter(CONVERTER)


def at_most(examples: int) -> settings:
    """The loaded profile's settings, capped at ``examples``."""
    return settings(max_examples=min(examples, settings().max_examples))


DATES = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2025, 12, 31))
BOUNDS = st.none() | DATES | DATES.map(dt.date.isoformat)
PLACES = [e.id for e in s.entities("place")]
ACTORS = [e.id for e in s.entities(("person", "organization", "group", "outlet"))]


def test_events_are_chronological(data: Dataset) -> None:
    """Events come sorted by start, then end, then id."""
    keys = [(e.date.start, e.date.end, e.id) for e in data.events()]
    assert keys == sorted(keys)


def as_date(value: dt.date | str | None) -> dt.date | None:
    """An ISO string as a date; dates and None unchanged."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def test_a_governorate_includes_its_villages() -> None:
    """Filtering at a governorate includes events at places located within it."""
    in_deir_ezzor = {e.id for e in s.events(at="Deir Ezzor")}
    assert "battle-of-al-baghouz" in in_deir_ezzor
    assert {e.id for e in s.events(at="al-Baghouz")} <= in_deir_ezzor
    assert "al-azizi-killed-in-nawa" in {e.id for e in s.events(at="southern Syria")}


def test_year_and_month_strings_cover_the_whole_period() -> None:
    """'2023' as an end bound means December 31, 2023; '2022-10' as a start means October 1."""
    assert s.events(end="2019") == s.events(end="2019-12-31")
    assert s.events(start="2022-10") == s.events(start="2022-10-01")
    assert s.events("2022-10", "2022-10") == s.events(dt.date(2022, 10, 1), dt.date(2022, 10, 31))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start": "2024-01-01", "end": "2023-01-01"}, s.QueryError, "before start"),
        ({"start": "yesterday"}, s.QueryError, "not an ISO date"),
        ({"start": "2023-02-30"}, s.QueryError, "not an ISO date"),
        ({"start": 2023.0}, s.ArgumentTypeError, "must be a date"),
        ({"kind": "picnic"}, s.QueryError, "unknown kind 'picnic'"),
        ({"kind": 3}, s.ArgumentTypeError, "kind must be"),
        ({"at": "Islamic State"}, s.QueryError, "not a place"),
        ({"at": "Atlantis"}, s.UnknownKeyError, "no entity matches"),
        ({"involving": 7}, s.ArgumentTypeError, "must be a string"),
    ],
)
def test_bad_filter_arguments(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    """End before start, bad dates, unknown kinds, non-places and wrong types are refused."""
    with pytest.raises(error, match=message):
        s.events(**kwargs)  # type: ignore[arg-type]


def test_figure_filters() -> None:
    """Figures filter by subject, place (with the tree), measure and period."""
    ranks = s.figures(measure="rank")
    assert sorted(f.quantity.low or 0 for f in ranks) == [1, 2, 3, 4]
    assert {f.id for f in s.figures(at="Idlib")} >= {"fig-atmeh-killed", "fig-gss-branches"}
    assert all("sdf" in (*f.actors, *f.affected) for f in s.figures(subject="SDF"))
    assert s.figures(subject="SDF")
    killed = s.figures(counts="killed")
    assert killed and all(f.counts == "killed" for f in killed)
    claimed = s.figures(status="claimed")
    assert claimed and all(f.status == "claimed" for f in claimed)
    in_2019 = s.figures("2019", "2019")
    assert in_2019 and all(f.period is not None and f.period.start.year <= 2019 for f in in_2019)
    inside = s.figures("2019", "2019", within=True)
    assert inside and all(f.period is not None and f.period.start.year == 2019 for f in inside)
    assert set(inside) <= set(in_2019)
    with pytest.raises(s.QueryError):
        s.figures(measure="weight")


def test_entities_by_kind() -> None:
    """Entities filter by one kind or several; an unknown kind is refused."""
    places = s.entities("place")
    assert places and all(e.kind == "place" for e in places)
    both = s.entities(["person", "place"])
    assert len(both) == len(places) + len(s.entities("person"))
    with pytest.raises(s.QueryError):
        s.entities("planet")


def test_accessors_return_equal_answers_as_tuples() -> None:
    """Later calls return equal records; collections are tuples."""
    assert s.events() == s.events()
    assert s.entity("SDF") == s.entity("sdf")
    assert isinstance(s.events(at="Daraa"), tuple)
    assert isinstance(s.figures(), tuple)


# Filters under abuse ---------------------------------------------------------------------

DATA = s.get_dataset()
ENTITY_IDS = sorted(e.id for e in DATA.entities())
PLACE_IDS = sorted(e.id for e in DATA.entities("place"))
NAMES = sorted(
    {e.name for e in DATA.entities()} | {a.name for e in DATA.entities() for a in e.aliases}
)
ALL_RECORDS: list[Entity | Event | Figure] = [*DATA.entities(), *DATA.events(), *DATA.figures()]
IDS = sorted(r.id for r in ALL_RECORDS)

ANY_TEXT = any_text(IDS + NAMES)


SAFE_DAYS = st.dates()
"""Any representable day: windows reach the ends of the calendar without overflowing."""


ANY_BOUNDS = st.one_of(
    st.none(),
    SAFE_DAYS,
    st.datetimes(),
    SAFE_DAYS.map(dt.date.isoformat),
    SAFE_DAYS.map(lambda d: d.isoformat()[:7]),
    SAFE_DAYS.map(lambda d: d.isoformat()[:4]),
    st.text(max_size=12),
    st.sampled_from(["2023-02-29", "2023-13", "20230401", "2023-W01-1", " 2023 ", "0000"]),
    NOT_TEXT,
)
KEYS = st.one_of(st.none(), st.sampled_from(ENTITY_IDS + NAMES), ANY_TEXT, NOT_TEXT)
VOCABULARY = sorted(EVENT_KINDS | ENTITY_KINDS | MEASURES)
KINDS = st.one_of(
    st.none(),
    st.sampled_from(VOCABULARY),
    st.text(max_size=8),
    st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=3),
    st.frozensets(st.sampled_from(VOCABULARY), max_size=3),
    st.dictionaries(st.sampled_from(VOCABULARY), st.integers(), max_size=2),
    st.lists(st.integers() | st.none(), min_size=1, max_size=2),
    st.integers(),
    st.binary(max_size=4),
    st.builds(iter, st.lists(st.sampled_from(VOCABULARY), max_size=2)),
)
DOCUMENTED = (QueryError, ArgumentTypeError, UnknownKeyError, AmbiguousKeyError)


@at_most(200)
@given(
    st.sampled_from(["events", "figures", "entities"]),
    ANY_BOUNDS,
    ANY_BOUNDS,
    KEYS,
    KEYS,
    KINDS,
)
def test_filters_answer_anything_with_records_or_documented_errors(
    which: str, start: Any, end: Any, key: Any, at: Any, kind: Any
) -> None:
    """Any filter arguments give a tuple of records or a documented DatasetError.

    End before start, unknown kinds, wrong types, non-ISO text, unknown places: the answer is
    records of the right class, or QueryError, ArgumentTypeError, UnknownKeyError or
    AmbiguousKeyError; nothing else escapes.
    """
    calls: dict[str, Callable[[], tuple[Any, ...]]] = {
        "events": lambda: s.events(start, end, involving=key, at=at, kind=kind),
        "figures": lambda: s.figures(start, end, subject=key, at=at, measure=kind),
        "entities": lambda: s.entities(kind),
    }
    found = outcome(calls[which])
    if isinstance(found, DatasetError):
        assert isinstance(found, DOCUMENTED), repr(found)
        return
    assert isinstance(found, tuple)
    kind_of = {"events": Event, "figures": Figure, "entities": Entity}[which]
    assert all(isinstance(item, kind_of) for item in found)


@at_most(200)
@given(SAFE_DAYS, SAFE_DAYS.filter(lambda d: d.year < 9998), st.booleans())
def test_a_window_that_ends_before_it_starts_is_a_query_error(
    start: dt.date, end: dt.date, as_text: bool
) -> None:
    """An end before the start, as dates or ISO text, is a QueryError naming both bounds."""
    if end >= start:
        start, end = end + dt.timedelta(days=1), start
    low: Any = start.isoformat() if as_text else start
    high: Any = end.isoformat() if as_text else end
    for call in (s.events, s.figures):
        with pytest.raises(QueryError, match=f"end {end.isoformat()} is before start"):
            call(low, high)


@pytest.mark.parametrize(
    ("call", "window"),
    [
        ("events", {"start": "0001"}),
        ("events", {"start": dt.date.min}),
        ("events", {"end": "9999-12"}),
        ("figures", {"end": "9999-12"}),
    ],
)
def test_bounds_at_the_ends_of_the_calendar(call: str, window: dict[str, Any]) -> None:
    """A window reaching the first or last representable day covers everything dated."""
    if call == "events":
        assert s.events(**window) == s.events()
    else:
        assert s.figures(**window) == tuple(f for f in s.figures() if f.period is not None)


# Immutability ---------------------------------------------------------------------------


def field_names(record: Any) -> list[str]:
    """The names of an attrs instance's fields."""
    return [field.name for field in attrs.fields(type(record))]


def values_inside(value: object) -> Iterator[object]:
    """Every value reachable from ``value`` through attrs fields and containers."""
    yield value
    if attrs.has(type(value)):
        for name in field_names(value):
            yield from values_inside(getattr(value, name))
    elif isinstance(value, tuple | frozenset | list | set | dict):
        items = value.items() if isinstance(value, dict) else value
        for item in items:
            yield from values_inside(item)


IMMUTABLE_LEAVES = (str, int, float, bool, dt.date, type(None))


def everything_handed_out() -> list[object]:
    """What the accessors hand out, each call made afresh."""
    dataset = s.get_dataset()
    return [
        s.source(),
        s.entities(),
        s.events(),
        s.figures(),
        s.errata(),
        s.conflicting_accounts(),
        s.entities("place"),
        s.events(at="syria"),
        s.figures(measure="count"),
        dataset.manifest,
        dataset.place_subtree("syria"),
        *(s.record(record_id) for record_id in IDS),
    ]


def test_everything_handed_out_is_deeply_immutable() -> None:
    """Everything the accessors hand out is immutable at any depth.

    Frozen attrs records, tuples, frozensets and immutable scalars: there is no list, dict or
    set to change.
    """
    for handed in everything_handed_out():
        for value in values_inside(handed):
            if attrs.has(type(value)):
                assert type(value).__setattr__ is not object.__setattr__
                assert not hasattr(value, "__dict__")
            else:
                assert isinstance(value, (tuple, frozenset, *IMMUTABLE_LEAVES)), type(value)


def test_an_analysis_cannot_change_what_the_next_call_returns() -> None:
    """An analysis cannot change what the next call returns.

    Sorting, extending, clearing or evolving what the accessors return leaves the next call's
    answers equal to the first ones.
    """
    first = everything_handed_out()
    snapshot = json.dumps(CONVERTER.unstructure(first[:4]), default=str)
    for handed in first:
        working = list(handed) if isinstance(handed, tuple | frozenset) else [handed]
        working.reverse()
        working.append(None)
        working.clear()
        if isinstance(handed, tuple):
            with pytest.raises(TypeError):
                handed[0] = None  # type: ignore[index]
    for record in s.events():
        attrs.evolve(record, title="changed")
    again = everything_handed_out()
    assert again == first
    assert json.dumps(CONVERTER.unstructure(again[:4]), default=str) == snapshot


def test_the_dataset_object_cannot_be_changed() -> None:
    """The Dataset refuses assignment to, or deletion of, any attribute, private ones included."""
    dataset = s.load_dataset(Path(str(bundled_data())))  # a private copy: nothing shared
    with pytest.raises(AttributeError):
        dataset.source = attrs.evolve(dataset.source, title="Another title")  # type: ignore[misc]
    for name in ("_events", "_entity_ids", "_source", "anything"):
        with pytest.raises(AttributeError):
            setattr(dataset, name, ())
        with pytest.raises(AttributeError):
            delattr(dataset, name)
    assert len(dataset.events()) == len(s.events())


# Concurrency ------------------------------------------------------------------------------


def test_threads_querying_one_dataset_agree() -> None:
    """Threads querying one dataset at once agree with a single thread.

    The dataset is freshly loaded, so its place cache fills as they go.
    """

    def answers(dataset: Dataset) -> list[object]:
        return [dataset.events(at=p) for p in PLACE_IDS] + [
            dataset.figures(at=p) for p in PLACE_IDS
        ]

    expected = answers(s.load_dataset(Path(str(bundled_data()))))
    fresh = s.load_dataset(Path(str(bundled_data())))
    barrier = threading.Barrier(8)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(answers(fresh))

    workers = [threading.Thread(target=worker) for _ in range(8)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert results == [expected] * 8


# Lookups on a dataset loaded by the test -------------------------------------------------------


def fresh() -> Dataset:
    """The bundled data, loaded anew by this test."""
    return s.load_dataset(Path(str(bundled_data())))


def test_every_record_is_found_by_its_id_under_its_own_kind_only() -> None:
    """Each record is found by id through its own lookup and record(), and by no other lookup."""
    data = fresh()
    lookups: dict[type[Any], Callable[[str], Any]] = {
        Entity: data.entity,
        Event: data.event,
        Figure: data.figure,
    }
    for record in ALL_RECORDS:
        assert lookups[type(record)](record.id) == record
        assert data.record(record.id) == record
        for kind, lookup in lookups.items():
            if kind is not type(record) and kind is not Entity:
                with pytest.raises(UnknownKeyError):
                    lookup(record.id)


def test_collections_come_in_their_documented_order() -> None:
    """Entities by kind then id; events by start, end, then id; figures by id."""
    data = fresh()
    assert [(e.kind, e.id) for e in data.entities()] == sorted(
        (e.kind, e.id) for e in data.entities()
    )
    assert [f.id for f in data.figures()] == sorted(f.id for f in data.figures())
    keys = [(e.date.start, e.date.end, e.id) for e in data.events()]
    assert keys == sorted(keys)


def test_the_dataset_describes_itself() -> None:
    """repr() gives the version and how many entities, events and figures there are."""
    data = fresh()
    text = repr(data)
    assert data.manifest is not None and data.manifest.version in text
    for count in (len(data.entities()), len(data.events()), len(data.figures())):
        assert str(count) in text


@pytest.mark.parametrize("lookup", ["event", "figure", "record"])
def test_unknown_ids_suggest_close_ids_of_that_kind(lookup: str) -> None:
    """An unknown id suggests at most five ids of the kind looked for; a one-letter slip, the id."""
    data = fresh()
    call: Callable[[str], Any] = getattr(data, lookup)
    pool = {
        "event": [e.id for e in data.events()],
        "figure": [f.id for f in data.figures()],
        "record": IDS,
    }[lookup]
    for real in pool[:20]:
        key = real[:-1] + ("x" if real[-1] != "x" else "y")
        with pytest.raises(UnknownKeyError) as caught:
            call(key)
        assert caught.value.key == key
        assert real in caught.value.suggestions
        assert len(caught.value.suggestions) <= 5
        assert set(caught.value.suggestions) <= set(pool)
        assert key in str(caught.value)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda d: d.entity(5), "int"),
        (lambda d: d.event(None), "NoneType"),
        (lambda d: d.figure(b"x"), "bytes"),
        (lambda d: d.record(1.5), "float"),
        (lambda d: d.events(5.0), "start"),
        (lambda d: d.figures(None, [1]), "end"),
        (lambda d: d.events(kind=5), "kind"),
        (lambda d: d.figures(measure=[1]), "measure"),
        (lambda d: d.entities(kind=b"x"), "kind"),
    ],
)
def test_wrong_argument_types_are_named(call: Callable[[Dataset], Any], named: str) -> None:
    """A wrongly typed argument raises ArgumentTypeError naming the argument or the type given."""
    with pytest.raises(ArgumentTypeError, match=named):
        call(DATA)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda d: d.events("2023-13"), "2023-13"),
        (lambda d: d.figures(None, "soon"), "soon"),
        (lambda d: d.events(kind=["raid", "x"]), "'x'"),
        (lambda d: d.figures(measure="weight"), "weight"),
        (lambda d: d.entities(kind="city"), "city"),
        (lambda d: d.events(at="baghouz-residents"), "not a place"),
        (lambda d: d.place_subtree("baghouz-residents"), "not a place"),
    ],
)
def test_bad_filter_values_are_named(call: Callable[[Dataset], Any], named: str) -> None:
    """A filter value that cannot be right raises QueryError naming the value."""
    with pytest.raises(QueryError, match=named):
        call(DATA)


def under(data: Dataset, place: str, root: str) -> bool:
    """Whether ``place`` is ``root`` or lies within it: located in it, or in a region it lists."""
    if place == root:
        return True
    entity = data.entity(place)
    parents = [entity.located_in, *entity.regions]
    return any(parent is not None and under(data, parent, root) for parent in parents)


def test_a_place_subtree_is_the_place_and_everything_within_it() -> None:
    """A place's subtree is the place and every place within it, located or listed, at any depth."""
    data = fresh()
    for place in PLACE_IDS:
        expected = frozenset(p for p in PLACE_IDS if under(data, p, place))
        assert data.place_subtree(place) == expected
        assert data.place_subtree(place) == expected


def test_each_filter_alone_finds_what_a_scan_finds() -> None:
    """Each participant, each place and each kind, alone, finds exactly the events naming it."""
    data = fresh()
    every = data.events()
    for actor in ACTORS:
        assert data.events(involving=actor) == tuple(
            e for e in every if actor in {p.entity for p in e.participants}
        )
    for place in PLACE_IDS:
        assert data.events(at=place) == tuple(
            e for e in every if any(under(data, p, place) for p in e.places)
        )
    for kind in sorted(EVENT_KINDS):
        assert data.events(kind=kind) == tuple(e for e in every if e.kind == kind)


MEASURE_ARGS = (
    st.none()
    | st.sampled_from(sorted(MEASURES))
    | st.lists(st.sampled_from(sorted(MEASURES)), min_size=1)
)


@given(
    BOUNDS,
    BOUNDS,
    st.none() | st.sampled_from(sorted({x for f in s.figures() for x in (*f.actors, *f.affected)})),
    st.none() | st.sampled_from(PLACES),
    MEASURE_ARGS,
    st.booleans(),
)
def test_figure_filter_agrees_with_a_scan(
    start: dt.date | str | None,
    end: dt.date | str | None,
    subject: str | None,
    at: str | None,
    measure: str | list[str] | None,
    within: bool,
) -> None:
    """For any window, subject, place and measures, figures are those a plain scan finds.

    A figure without a period never matches a window; with ``within`` its period lies inside.
    """
    low, high = as_date(start), as_date(end)
    if low is not None and high is not None and high < low:
        return
    measures = {measure} if isinstance(measure, str) else set(measure or ())
    data = s.get_dataset()
    expected = tuple(
        f
        for f in data.figures()
        if (subject is None or subject in (*f.actors, *f.affected))
        and (at is None or any(under(data, p, at) for p in f.places))
        and (not measures or f.measure in measures)
        and (
            (low is None and high is None)
            or (
                f.period is not None
                and (low is None or f.period.end >= low)
                and (high is None or f.period.start <= high)
                and (not within or low is None or f.period.start >= low)
                and (not within or high is None or f.period.end <= high)
            )
        )
    )
    assert s.figures(start, end, subject=subject, at=at, measure=measure, within=within) == expected


def test_within_keeps_a_span_equal_to_the_window_and_drops_one_crossing_it() -> None:
    """With ``within``, a span that is exactly the window is kept; a day more either side, not."""
    data = fresh()
    one = dt.timedelta(days=1)
    for event_ in data.events():
        start, end = event_.date.start, event_.date.end
        assert event_ in data.events(start, end, within=True)
        assert event_ not in data.events(start + one, None, within=True)
        assert event_ not in data.events(None, end - one, within=True)
    for figure_ in data.figures():
        if figure_.period is not None:
            start, end = figure_.period.start, figure_.period.end
            assert figure_ in data.figures(start, end, within=True)
            assert figure_ not in data.figures(start + one, None, within=True)
            assert figure_ not in data.figures(None, end - one, within=True)


# Small worlds built in code ----------------------------------------------------------------

EVIDENCE = A_QUOTE
SAYS = (Attribution(by="outlet-o"),)
SOURCE = A_SOURCE
BASE = [
    Entity(id="author-a", kind="person", name="A", description="d", evidence=EVIDENCE),
    Entity(id="outlet-o", kind="outlet", name="O", description="d", evidence=EVIDENCE),
]


def event(
    id: str, start: dt.date, end: dt.date | None = None, contradicts: str | None = None
) -> Event:
    """A battle over the days given, contradicting another event if told so."""
    links = () if contradicts is None else (Link(relation="contradicts", event=contradicts),)
    date = DateSpan(start=start, end=end or start, precision="days")
    return Event(
        id=id,
        kind="battle",
        status="reported",
        title="t",
        description="d",
        date=date,
        links=links,
        asserted_by=SAYS,
        evidence=EVIDENCE,
    )


def test_contradictions_group_transitively_in_chronological_order() -> None:
    """Events chained by 'contradicts' form one group, chronological; groups by earliest event.

    A later event contradicting one already in a group joins that group; a kind no event has
    finds nothing.
    """
    events = [
        event("zz-first", dt.date(2019, 1, 5), contradicts="aa-second"),
        event("aa-second", dt.date(2019, 1, 7), contradicts="mm-third"),
        event("mm-third", dt.date(2019, 1, 6)),
        event("qq-late", dt.date(2019, 3, 1), contradicts="aa-second"),
        event("bb-other", dt.date(2018, 6, 1), contradicts="cc-other"),
        event("cc-other", dt.date(2018, 5, 1)),
        event("alone", dt.date(2017, 1, 1)),
    ]
    data = Dataset.from_records(SOURCE, BASE, events, [])
    assert [[e.id for e in group] for group in data.conflicting_accounts()] == [
        ["cc-other", "bb-other"],
        ["zz-first", "mm-third", "aa-second", "qq-late"],
    ]
    assert data.events(kind="raid") == ()
    assert len(data.events(kind=["raid", "battle"])) == len(events)


def test_errata_come_with_the_records_that_carry_them(data: Dataset) -> None:
    """errata() gives every erratum of every record once, each with the record carrying it."""
    pairs = data.errata()
    assert all(erratum in record.errata for record, erratum in pairs)
    assert len(pairs) == sum(len(r.errata) for r in ALL_RECORDS)


def test_year_and_month_bounds_cover_their_whole_period() -> None:
    """A year runs from January 1 to December 31; a month ends on its last day, leap years too.

    A datetime bound is read as its day.
    """
    days = [dt.date(2023, 2, 28), dt.date(2024, 2, 29), dt.date(2023, 4, 30), dt.date(2019, 1, 1)]
    data = Dataset.from_records(SOURCE, BASE, [event(f"e-{n}", d) for n, d in enumerate(days)], [])
    assert [e.date.start for e in data.events("2024-02", "2024-02")] == [dt.date(2024, 2, 29)]
    assert [e.date.start for e in data.events("2023-02", "2023-02")] == [dt.date(2023, 2, 28)]
    assert [e.date.start for e in data.events(None, "2023-04")] == sorted(days)[:3]
    assert [e.date.start for e in data.events("2019", "2019")] == [dt.date(2019, 1, 1)]
    assert data.events(dt.datetime(2023, 4, 30, 23, 59)) == data.events("2023-04-30")


@at_most(60)
@example(spans=[(0, 14), (5, 7), (6, 7)], windows=[(None, 2)])
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 40)), min_size=1, max_size=12, unique=True
    ),
    st.lists(st.tuples(st.none() | st.integers(-50, 120), st.none() | st.integers(-50, 120))),
)
def test_a_date_window_finds_exactly_the_overlapping_events(
    spans: list[tuple[int, int]], windows: list[tuple[int | None, int | None]]
) -> None:
    """For any spans (nested, overlapping, of any length), a window finds those sharing a day."""
    origin = dt.date(2019, 1, 1)
    events = [
        event(f"e-{n}", origin + dt.timedelta(days=o), origin + dt.timedelta(days=o + length))
        for n, (o, length) in enumerate(spans)
    ]
    data = Dataset.from_records(SOURCE, BASE, events, [])
    ordered = sorted(events, key=lambda e: (e.date.start, e.date.end, e.id))
    for low_days, high_days in windows:
        low = None if low_days is None else origin + dt.timedelta(days=low_days)
        high = None if high_days is None else origin + dt.timedelta(days=high_days)
        if low is not None and high is not None and high < low:
            continue
        expected = [
            e.id
            for e in ordered
            if (low is None or e.date.end >= low) and (high is None or e.date.start <= high)
        ]
        assert [e.id for e in data.events(low, high)] == expected


# Releases, withdrawn ids and what refers to what ---------------------------------------------


def test_changes_say_what_each_release_added_and_changed() -> None:
    """Every release is listed oldest first; ``since`` keeps the later ones; ids resolve."""
    assert [r.version for r in s.changes()] == ["1.0.0", "2.0.0", "2.1.0", "2.1.1"]
    minor, patch = s.changes(since="2.0.0")
    assert (minor.version, patch.version) == ("2.1.0", "2.1.1")
    assert s.changes(since="2.1.0") == (patch,) and s.changes(since="2.1.1") == ()
    assert minor.added and minor.changed
    assert patch.changed and not patch.added  # a patch release corrects, it adds nothing
    for change in (*minor.changed, *patch.changed):
        assert s.record(change.id).id == change.id
        assert change.fields and change.why
    assert "abu-kamal-district" in minor.added
    assert "al-sheikh-defects-from-hts" in s.changes(since="1.0.0")[0].added
    with pytest.raises(s.QueryError, match=r"1\.5\.0"):
        s.changes(since="1.5.0")
    with pytest.raises(s.ArgumentTypeError):
        s.changes(since=1)  # type: ignore[arg-type]


def test_a_withdrawn_id_keeps_saying_why_and_what_replaced_it() -> None:
    """A withdrawn id raises WithdrawnError, an UnknownKeyError naming the release and successor."""
    data = s.get_dataset()
    gone = Withdrawal(id="an-old-event", replaced_by=("battle-of-al-baghouz",), why="A duplicate.")
    later = Release(version="9.0.0", date=dt.date(2030, 1, 1), withdrawn=(gone,))
    dataset = Dataset(
        data.source, data.entities(), data.events(), data.figures(), None, (*s.changes(), later)
    )
    for lookup in (dataset.record, dataset.event, dataset.figure, dataset.entity):
        with pytest.raises(s.WithdrawnError) as caught:
            lookup("an-old-event")
        assert isinstance(caught.value, s.UnknownKeyError)
        assert caught.value.withdrawal == gone
        assert "9.0.0" in str(caught.value) and "battle-of-al-baghouz" in str(caught.value)
    clash = Release(
        version="9.0.0",
        date=dt.date(2030, 1, 1),
        withdrawn=(Withdrawal(id="battle-of-al-baghouz", why="Still a record."),),
    )
    with pytest.raises(s.LinkError, match="battle-of-al-baghouz"):
        Dataset(data.source, data.entities(), data.events(), data.figures(), None, (clash,))


def test_referenced_by_lists_every_record_naming_an_id() -> None:
    """Events a party takes part in, figures it acts in, places within a place all name it."""
    naming = {r.id for r in s.referenced_by("islamic-state")}
    assert {e.id for e in s.events(involving="islamic-state")} <= naming
    assert {f.id for f in s.figures() if "islamic-state" in f.actors} <= naming
    assert "islamic-state" not in naming
    assert "battle-of-al-baghouz" in {r.id for r in s.referenced_by("al-baghouz")}
    figure = next(f for f in s.figures() if any(f.id in e.figures for e in s.events()))
    assert {e.id for e in s.events() if figure.id in e.figures} <= {
        r.id for r in s.referenced_by(figure.id)
    }


def test_status_and_ongoing_filter_events_and_figures() -> None:
    """Filters keep exactly the records held so; a wrong flag or term is refused."""
    claimed = s.events(status="claimed")
    assert claimed and all(e.status == "claimed" for e in claimed)
    assert set(s.events(status=["claimed", "alleged"])) >= set(claimed)
    single = s.events(ongoing=False)
    assert single and not any(e.ongoing for e in single)
    with pytest.raises(s.ArgumentTypeError):
        s.events(ongoing="no")  # type: ignore[arg-type]
    with pytest.raises(s.ArgumentTypeError):
        s.events(within="no")  # type: ignore[arg-type]
    with pytest.raises(s.QueryError, match="rumoured"):
        s.figures(status="rumoured")


# Filters that cannot mislead ---------------------------------------------------------------


def test_within_is_type_checked_by_every_filter() -> None:
    """``within`` must be True or False: "no" is refused, not read as true, by both filters."""
    for call in (s.events, s.figures):
        with pytest.raises(ArgumentTypeError, match="within"):
            call(within="no")  # type: ignore[arg-type]


def test_a_place_takes_part_in_nothing() -> None:
    """``involving=`` or ``subject=`` naming a place is a QueryError pointing to ``at=``.

    No event has a place among its participants, nor a figure among its actors or affected,
    so the answer would always be empty.
    """
    with pytest.raises(QueryError, match=r"'Turkey' is a place.*at="):
        s.events(involving="Turkey")
    with pytest.raises(QueryError, match="is a place"):
        s.figures(subject="al-Baghouz")


def member(id: str, kind: str, *bodies: str) -> Entity:
    """An entity of the small world of members, belonging to ``bodies``."""
    return Entity(id=id, kind=kind, name=id, description="d", member_of=bodies, evidence=EVIDENCE)  # type: ignore[arg-type]


def done_by(id: str, who: str) -> Event:
    """A killing on one day whose one participant is ``who``."""
    return attrs.evolve(
        event(id, dt.date(2020, 1, 1)),
        kind="killing",
        participants=(Participant(entity=who, role="perpetrator"),),
    )


def counted_by(id: str, who: str) -> Figure:
    """A count of the killed whose one actor is ``who``."""
    return Figure(
        id=id,
        counted="killed",
        counts="killed",
        status="reported",
        quantity=Quantity(low=1, high=1, qualifier="exact"),
        unit="people",
        wording="one",
        actors=(who,),
        asserted_by=SAYS,
        evidence=EVIDENCE,
    )


def test_members_count_at_any_depth_when_asked() -> None:
    """``members=True`` adds the records of the entity's members, their members, and so on.

    A body, its unit, the unit's member and an outsider each do one thing: the body with
    its members finds three, the unit with its members two, the body alone one.
    """
    entities = [
        *BASE,
        member("body", "organization"),
        member("unit", "group", "body"),
        member("fighter", "person", "unit"),
        member("outsider", "person"),
    ]
    who = ("body", "unit", "fighter", "outsider")
    events = [done_by(f"ev-{w}", w) for w in who]
    figures = [counted_by(f"fig-{w}", w) for w in who]
    data = Dataset.from_records(SOURCE, entities, events, figures)

    def ids(found: tuple[Event, ...] | tuple[Figure, ...]) -> set[str]:
        return {record.id for record in found}

    assert ids(data.events(involving="body")) == {"ev-body"}
    assert ids(data.events(involving="body", members=True)) == {"ev-body", "ev-unit", "ev-fighter"}
    assert ids(data.events(involving="unit", members=True)) == {"ev-unit", "ev-fighter"}
    assert ids(data.figures(subject="body", members=True)) == {
        "fig-body",
        "fig-unit",
        "fig-fighter",
    }
    assert ids(data.figures(subject="fighter", members=True)) == {"fig-fighter"}
    with pytest.raises(QueryError, match="members=True needs involving="):
        data.events(members=True)
    with pytest.raises(ArgumentTypeError, match="members"):
        data.figures(subject="body", members="yes")  # type: ignore[arg-type]


def test_the_islamic_state_with_its_members_includes_its_leaders_killings() -> None:
    """With its members, the Islamic State's events include its leaders' killings.

    Those events name the leaders, not the organization: only ``members=True`` finds them
    under ``involving="Islamic State"``.
    """
    alone = {e.id for e in s.events(involving="Islamic State")}
    with_members = {e.id for e in s.events(involving="Islamic State", members=True)}
    killings = {"baghdadi-killed-in-barisha", "qardash-killed-in-atmeh", "hts-kills-abu-al-hussein"}
    assert alone < with_members
    assert killings <= with_members - alone
    assert set(s.figures(subject="Islamic State")) < set(
        s.figures(subject="Islamic State", members=True)
    )


def test_a_year_may_be_given_as_a_number() -> None:
    """``events(2023, 2023)`` is the whole of 2023, as ``"2023"`` is; only four digits are years."""
    assert s.events(2023, 2023) == s.events("2023", "2023")
    assert s.events(2023, 2023, within=True) == s.events("2023-01-01", "2023-12-31", within=True)
    assert s.figures(2019, 2019, within=True) == s.figures("2019", "2019", within=True)
    with pytest.raises(QueryError, match="23 is not a four-digit year"):
        s.events(23)
    with pytest.raises(ArgumentTypeError):
        s.events(True)


def test_vocabulary_ignores_case_and_suggests_the_term() -> None:
    """Kinds, statuses, measures and counts are found whatever their case or separator.

    A near miss is refused naming the term meant.
    """
    assert s.events(kind="Military Operation") == s.events(kind="military_operation") != ()
    assert s.events(status=["CLAIMED"]) == s.events(status="claimed")
    assert s.figures(counts="Killed", measure="COUNT") == s.figures(counts="killed")
    assert s.entities("Place") == s.entities("place")
    with pytest.raises(QueryError, match="unknown status 'claim'; did you mean 'claimed'"):
        s.events(status="claim")
    with pytest.raises(QueryError, match="did you mean 'person'"):
        s.entities("persons")


@pytest.mark.parametrize(
    "call",
    [
        lambda: s.events(kind=[]),
        lambda: s.events(status=()),
        lambda: s.figures(counts=set()),
        lambda: s.figures(measure=[]),
        lambda: s.entities([]),
    ],
)
def test_an_empty_list_of_terms_is_an_error_not_all(call: Callable[[], object]) -> None:
    """Asking for none of the kinds is a QueryError, not every record."""
    with pytest.raises(QueryError, match="is empty"):
        call()


def test_describe_shows_a_record_in_full() -> None:
    """``describe`` shows a record in full, given the record or its key.

    Every field with a value, each quote, and who asserts it by name; an entity's view lists
    the events and figures naming it.
    """
    battle = s.event("battle-of-al-baghouz")
    text = s.describe(battle)
    assert text == s.describe(battle.id)
    flat = " ".join(text.split())
    for field in ("kind", "status", "title", "date", "places", "participants"):
        assert f"\n{field} " in text, field
    for item in battle.evidence:
        assert " ".join(item.quote.split()) in flat
    assert s.entity(battle.asserted_by[0].by).name in text
    state = s.describe("Islamic State")
    naming = s.referenced_by("islamic-state")
    assert naming
    for record in naming:
        if not isinstance(record, Entity):
            assert f"  - {record.id}" in state, record.id
    with pytest.raises(ArgumentTypeError):
        s.describe(5)  # type: ignore[arg-type]
