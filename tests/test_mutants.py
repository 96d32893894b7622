"""Exact behaviour of the model, loader, checks and queries, pinned where a slip would hide.

Mutation testing (``mutmut``, see docs/guarantees.md) showed these behaviours to be what no
other test depended on: exact problem and error texts, the place tree and the indexes of a
dataset built in the test itself, and edge cases of dates and names. Datasets are loaded or
built inside each test, never taken from a cache, so that a change to the code that builds them
is seen by the test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from syria_is_2024 import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DataFileError,
    InvalidRecordError,
    LinkError,
    QueryError,
    SchemaError,
    UnknownKeyError,
    loader,
)
from syria_is_2024.dataset import Dataset, parse_bound
from syria_is_2024.keys import MAX_KEY_LENGTH, key_forms
from syria_is_2024.loader import DATA_FILES, MANIFEST, bundled_data, structure
from syria_is_2024.model import (
    Alias,
    Attribution,
    Coordinates,
    DataFile,
    DateSpan,
    Entity,
    Erratum,
    Event,
    Evidence,
    Figure,
    Link,
    Manifest,
    Participant,
    Quantity,
    Source,
)
from syria_is_2024.taxonomy import EVENT_KINDS, MEASURES

MUTATING = bool(os.environ.get("MUTANT_UNDER_TEST"))
"""Under mutation testing a failing example need not be shrunk: the mutant dies either way."""


def at_most(examples: int) -> settings:
    """The loaded profile's settings, capped at ``examples``, shrinking skipped for mutants."""
    capped = settings(max_examples=min(examples, settings().max_examples))
    if MUTATING:
        return settings(capped, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    return capped


BUNDLED = Path(str(bundled_data()))
RAW: dict[str, Any] = {name: json.loads(BUNDLED.joinpath(name).read_bytes()) for name in DATA_FILES}
RAW_ENTITIES: list[dict[str, Any]] = RAW["entities.json"]
RAW_EVENTS: list[dict[str, Any]] = RAW["events.json"]
RAW_FIGURES: list[dict[str, Any]] = RAW["figures.json"]
PARENT = {e["id"]: e.get("located_in") for e in RAW_ENTITIES if e["kind"] == "place"}
KIND = {e["id"]: e["kind"] for e in RAW_ENTITIES}


def answer(call: Callable[[], Any]) -> Any:
    """What the call returns, or the AmbiguousKeyError it raises."""
    try:
        return call()
    except AmbiguousKeyError as error:
        return error


def fresh() -> Dataset:
    """The bundled data, loaded anew by this test."""
    return s.load_dataset(BUNDLED)


def day(text: str) -> dt.date:
    """An ISO date."""
    return dt.date.fromisoformat(text)


def under(place: str, root: str) -> bool:
    """Whether ``place`` is ``root`` or lies within it, walking the raw parent links."""
    current: str | None = place
    while current is not None:
        if current == root:
            return True
        current = PARENT.get(current)
    return False


def span(record: dict[str, Any], field: str) -> tuple[dt.date, dt.date] | None:
    """A raw record's date span, or None."""
    value = record.get(field)
    return None if value is None else (day(value["start"]), day(value["end"]))


def meets(
    when: tuple[dt.date, dt.date] | None,
    low: dt.date | None,
    high: dt.date | None,
    within: bool,
) -> bool:
    """Whether a span answers a window: it overlaps it, or lies inside it with ``within``."""
    if low is None and high is None:
        return True
    if when is None:
        return False
    start, end = when
    if within:
        return (low is None or start >= low) and (high is None or end <= high)
    return (low is None or end >= low) and (high is None or start <= high)


# Lookups on a dataset built by the test -------------------------------------------------


def test_a_fresh_dataset_finds_every_record_by_id_name_and_alias() -> None:
    """A fresh dataset finds every record by id, name and alias, under its own kind only.

    Every id, name and alias of the raw files finds its record in a freshly loaded dataset (or,
    for a name declared ambiguous, names its holders); every record is found by its id under
    its own kind only, and the collections come sorted as documented.
    """
    data = fresh()
    for raw in RAW_ENTITIES:
        assert data.entity(raw["id"]).id == raw["id"]
        assert data.record(raw["id"]).id == raw["id"]
        names = [raw["name"], *(a["name"] for a in raw.get("aliases", ()))]
        for name in names:
            for key in (name, name.upper(), f"  {name.lower()} "):
                found = answer(functools.partial(data.entity, key))
                if isinstance(found, AmbiguousKeyError):
                    assert raw["id"] in found.candidates
                    assert found.key == key
                    assert len(found.candidates) > 1
                else:
                    assert found.id == raw["id"]
        for wrong in (data.event, data.figure):
            with pytest.raises(UnknownKeyError):
                wrong(raw["id"])
    lookups: list[tuple[list[dict[str, Any]], Callable[[str], Any], list[Callable[[str], Any]]]]
    lookups = [
        (RAW_EVENTS, data.event, [data.figure, data.entity]),
        (RAW_FIGURES, data.figure, [data.event, data.entity]),
    ]
    for raw_records, right, wrongs in lookups:
        for raw in raw_records:
            assert right(raw["id"]).id == raw["id"]
            assert data.record(raw["id"]).id == raw["id"]
            for other in wrongs:
                with pytest.raises(UnknownKeyError):
                    other(raw["id"])
    assert [e.id for e in data.entities()] == [
        e["id"] for e in sorted(RAW_ENTITIES, key=lambda e: (e["kind"], e["id"]))
    ]
    assert [e.id for e in data.events()] == [
        e["id"]
        for e in sorted(RAW_EVENTS, key=lambda e: (*span(e, "date"), e["id"]))  # type: ignore[misc]
    ]
    assert [f.id for f in data.figures()] == sorted(f["id"] for f in RAW_FIGURES)
    manifest = json.loads(BUNDLED.joinpath(MANIFEST).read_bytes())
    assert repr(data) == (
        f"<Dataset {manifest['version']}: {len(RAW_ENTITIES)} entities, "
        f"{len(RAW_EVENTS)} events, {len(RAW_FIGURES)} figures>"
    )
    built = Dataset.from_records(data.source, data.entities(), data.events(), data.figures())
    assert repr(built).startswith("<Dataset unversioned: ")


def test_keys_up_to_the_length_limit_are_looked_up() -> None:
    """A key of exactly MAX_KEY_LENGTH characters is looked up by name; one longer is not."""
    data = fresh()
    name = "Baghouz"
    padded = name + " " * (MAX_KEY_LENGTH - len(name))
    assert data.entity(padded).id == data.entity(name).id
    with pytest.raises(UnknownKeyError):
        data.entity(padded + " ")


def test_an_ambiguous_name_names_the_key_and_every_holder() -> None:
    """An ambiguous name raises AmbiguousKeyError with the key as typed and every holder.

    A name declared ambiguous raises AmbiguousKeyError carrying the key as typed and the ids of
    all its holders, in the message too.
    """
    data = fresh()
    holders = sorted(
        e["id"]
        for e in RAW_ENTITIES
        if any(a["name"] == "al-Qurashi" for a in e.get("aliases", ()))
    )
    with pytest.raises(AmbiguousKeyError) as caught:
        data.entity("AL QURASHI")
    assert caught.value.key == "AL QURASHI"
    assert sorted(caught.value.candidates) == holders
    assert str(caught.value).startswith(f"'AL QURASHI' names {len(holders)} entities: ")


def close_ids(key: str, ids: Iterable[str]) -> list[str]:
    """The ids difflib finds close to a key (the documented suggestion rule)."""
    return difflib.get_close_matches(key[:60].lower(), list(ids), 5)


@pytest.mark.parametrize(
    ("lookup", "kind"), [("event", Event), ("figure", Figure), ("record", object)]
)
def test_unknown_ids_are_answered_with_the_closest_ids(lookup: str, kind: type[Any]) -> None:
    """An unknown id is answered with up to five of the closest ids of that kind.

    An unknown id (a real one misspelt, in capitals, or long) raises UnknownKeyError saying
    what was looked for and suggesting up to five of the closest ids of that kind.
    """
    data = fresh()
    records = [*data.entities(), *data.events(), *data.figures()]
    pool = [r.id for r in records if isinstance(r, kind)]
    call: Callable[[str], Any] = getattr(data, lookup)
    for real in pool[:40]:
        for key in (real[:-1] + "x", real.upper() + "Z", real + "-" * 80):
            with pytest.raises(UnknownKeyError) as caught:
                call(key)
            assert caught.value.suggestions == tuple(close_ids(key, pool))
            shown = key if len(key) <= 80 else key[:77] + "..."
            assert str(caught.value).startswith(f"no {lookup} matches {shown!r}")
    with pytest.raises(UnknownKeyError) as caught:
        call("fig-")
    assert len(caught.value.suggestions) == min(5, len(close_ids("fig-", pool)))


def test_unknown_names_suggest_close_names() -> None:
    """A misspelt name suggests the names of the entities whose keys are close to it."""
    data = fresh()
    with pytest.raises(UnknownKeyError) as caught:
        data.entity("Bagouz")
    assert caught.value.suggestions[0] == data.entity("al-baghouz").name
    assert len(caught.value.suggestions) <= 5
    with pytest.raises(UnknownKeyError) as caught:
        data.entity("Abu Bakr al-Bagdadi")
    assert data.entity("abu-bakr-al-baghdadi").name in caught.value.suggestions
    with pytest.raises(UnknownKeyError) as caught:
        data.entity("qqqqqqqqqqqq")
    assert caught.value.suggestions == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: d.entity(5), "an entity key must be a string, not int"),
        (lambda d: d.event(None), "an event id must be a string, not NoneType"),
        (lambda d: d.figure(b"x"), "a figure id must be a string, not bytes"),
        (lambda d: d.record(1.5), "a record id must be a string, not float"),
        (lambda d: d.events(5), "start must be a date, an ISO date string or None, not 5"),
        (lambda d: d.figures(None, [1]), r"end must be a date, an ISO date string or None"),
        (lambda d: d.events(kind=5), "kind must be a string or a collection of strings"),
        (lambda d: d.figures(measure=[1]), "measure must be a string or a collection of strings"),
        (lambda d: d.entities(kind=b"x"), "kind must be a string or a collection of strings"),
    ],
)
def test_wrong_argument_types_are_named(call: Callable[[Dataset], Any], message: str) -> None:
    """A wrongly typed argument raises ArgumentTypeError naming the argument and its type."""
    with pytest.raises(ArgumentTypeError, match=f"^{message}"):
        call(fresh())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: d.events("2023-13"), "start='2023-13' is not an ISO date"),
        (lambda d: d.figures(None, "soon"), "end='soon' is not an ISO date"),
        (lambda d: d.events(kind=["raid", "x", "a"]), "unknown kind 'a', 'x'; known: "),
        (lambda d: d.figures(measure="weight"), "unknown measure 'weight'; known: "),
        (lambda d: d.entities(kind="city"), "unknown kind 'city'; known: "),
        (lambda d: d.events(at="baghouz-residents"), "'baghouz-residents' is a group, not a place"),
        (lambda d: d.events("2020", "2019"), "end 2019-12-31 is before start 2020-01-01"),
    ],
)
def test_bad_filter_values_are_named(call: Callable[[Dataset], Any], message: str) -> None:
    """A filter value that cannot be right raises QueryError saying which and why."""
    with pytest.raises(QueryError) as caught:
        call(fresh())
    assert str(caught.value).startswith(message)


# Filters against a plain scan of the raw files ------------------------------------------

DAYS = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def bounds(draw: st.DrawFn, end: bool) -> tuple[Any, dt.date | None]:
    """A window bound as the caller gives it, and the day it means."""
    when = draw(DAYS)
    form = draw(st.sampled_from(["none", "date", "datetime", "day", "month", "year", "basic"]))
    if form == "none":
        return None, None
    if form == "date":
        return when, when
    if form == "datetime":
        return dt.datetime.combine(when, dt.time(23, 59)), when
    if form == "day":
        return f" {when.isoformat()} ", when
    if form == "basic":
        return when.strftime("%Y%m%d"), when
    if form == "month":
        last = calendar.monthrange(when.year, when.month)[1]
        return when.isoformat()[:7], when.replace(day=last if end else 1)
    return str(when.year), dt.date(when.year, 12, 31) if end else dt.date(when.year, 1, 1)


PLACES = sorted(PARENT)
ACTORS = sorted(i for i, k in KIND.items() if k != "place")
KINDS = (
    st.none()
    | st.sampled_from(sorted(EVENT_KINDS))
    | st.lists(st.sampled_from(sorted(EVENT_KINDS)), min_size=1, max_size=3)
)


def test_event_filters_on_a_fresh_dataset_agree_with_a_plain_scan() -> None:
    """Event filters on a fresh dataset give exactly what a scan of the raw files gives.

    On a dataset loaded in the test, every combination of window (dates, datetimes, ISO days,
    months and years), participant, place subtree, kinds and ``within`` gives exactly the
    events a scan of the raw files gives, in chronological order.
    """
    data = fresh()

    @at_most(200)
    @given(
        bounds(end=False),
        bounds(end=True),
        st.none() | st.sampled_from(ACTORS),
        st.none() | st.sampled_from(PLACES),
        KINDS,
        st.booleans(),
    )
    def check(
        start: tuple[Any, dt.date | None],
        end: tuple[Any, dt.date | None],
        involving: str | None,
        at: str | None,
        kind: str | list[str] | None,
        within: bool,
    ) -> None:
        (start_arg, low), (end_arg, high) = start, end
        if low is not None and high is not None and high < low:
            return
        kinds = {kind} if isinstance(kind, str) else set(kind or ())
        expected = [
            e["id"]
            for e in sorted(RAW_EVENTS, key=lambda e: (*span(e, "date"), e["id"]))  # type: ignore[misc]
            if meets(span(e, "date"), low, high, within)
            and (involving is None or involving in {p["entity"] for p in e.get("participants", ())})
            and (at is None or any(under(p, at) for p in e.get("places", ())))
            and (not kinds or e["kind"] in kinds)
        ]
        found = data.events(
            start_arg, end_arg, involving=involving, at=at, kind=kind, within=within
        )
        assert [e.id for e in found] == expected

    check()


def test_figure_filters_on_a_fresh_dataset_agree_with_a_plain_scan() -> None:
    """Figure filters on a fresh dataset give exactly what a scan of the raw files gives.

    On a dataset loaded in the test, figure filters by window, subject, place subtree, measures
    and ``within`` give exactly the figures a scan of the raw files gives.
    """
    data = fresh()
    subjects = sorted({s for f in RAW_FIGURES for s in f.get("subjects", ()) if s in KIND})

    @at_most(200)
    @given(
        bounds(end=False),
        bounds(end=True),
        st.none() | st.sampled_from(subjects),
        st.none() | st.sampled_from(PLACES),
        st.none() | st.sampled_from(sorted(MEASURES)) | st.lists(st.sampled_from(sorted(MEASURES))),
        st.booleans(),
    )
    def check(
        start: tuple[Any, dt.date | None],
        end: tuple[Any, dt.date | None],
        subject: str | None,
        at: str | None,
        measure: str | list[str] | None,
        within: bool,
    ) -> None:
        (start_arg, low), (end_arg, high) = start, end
        if low is not None and high is not None and high < low:
            return
        measures = {measure} if isinstance(measure, str) else set(measure or ())
        expected = sorted(
            f["id"]
            for f in RAW_FIGURES
            if meets(span(f, "period"), low, high, within)
            and (subject is None or subject in f.get("subjects", ()))
            and (at is None or any(under(p, at) for p in f.get("places", ())))
            and (not measures or f.get("measure", "count") in measures)
        )
        found = data.figures(
            start_arg, end_arg, subject=subject, at=at, measure=measure, within=within
        )
        assert [f.id for f in found] == expected

    check()


def test_year_and_month_bounds_cover_their_whole_period() -> None:
    """Year and month bounds cover their whole period; a compact ISO date is a date.

    A year starts on January 1 and ends on December 31; a month ends on its last day, in leap
    years too; a compact ISO date is read as a date, not a year.
    """
    assert parse_bound("2019", "start", end=False) == dt.date(2019, 1, 1)
    assert parse_bound("2019", "end", end=True) == dt.date(2019, 12, 31)
    assert parse_bound("2024-02", "end", end=True) == dt.date(2024, 2, 29)
    assert parse_bound("2023-02", "end", end=True) == dt.date(2023, 2, 28)
    assert parse_bound("2023-04", "end", end=True) == dt.date(2023, 4, 30)
    assert parse_bound("2023-04", "start", end=False) == dt.date(2023, 4, 1)
    assert parse_bound("20230401", "start", end=False) == dt.date(2023, 4, 1)
    assert parse_bound(dt.datetime(2023, 4, 1, 12), "start", end=False) == dt.date(2023, 4, 1)
    assert parse_bound(None, "start", end=False) is None


def test_every_place_subtree_is_the_place_and_all_within_it() -> None:
    """A place's subtree is the place and every place within it, at any depth.

    A place's subtree holds it and every place located within it at any depth, asked once or
    again; asking for the subtree of something that is not a place is a QueryError.
    """
    data = fresh()
    for place in PLACES:
        expected = frozenset(p for p in PLACES if under(p, place))
        assert data.place_subtree(place) == expected
        assert data.place_subtree(place) == expected
    with pytest.raises(QueryError, match=r"^'baghouz-residents' is a group, not a place$"):
        data.place_subtree("baghouz-residents")


def test_conflicting_accounts_and_errata_match_the_raw_files() -> None:
    """Conflicting accounts and errata are those of the raw files, in documented order.

    Conflicting accounts are the groups of events joined by 'contradicts' links, each in
    chronological order and ordered by their first event; errata come with their records in the
    order of the collections.
    """
    data = fresh()
    order = {e.id: n for n, e in enumerate(data.events())}
    group: dict[str, set[str]] = {}
    for e in RAW_EVENTS:
        for link in e.get("links", ()):
            if link["relation"] == "contradicts":
                merged = group.get(e["id"], {e["id"]}) | group.get(link["event"], {link["event"]})
                for member in merged:
                    group[member] = merged
    groups = {frozenset(g) for g in group.values()}
    expected = sorted((sorted(g, key=order.__getitem__) for g in groups), key=lambda g: order[g[0]])
    assert [[e.id for e in g] for g in data.conflicting_accounts()] == expected
    records: list[Entity | Event | Figure] = [*data.entities(), *data.events(), *data.figures()]
    assert [(r.id, x) for r, x in data.errata()] == [(r.id, x) for r in records for x in r.errata]


def test_contradictions_are_grouped_transitively_and_ordered() -> None:
    """Contradictions group transitively, in chronological order, groups by earliest event.

    Three events chained by 'contradicts' links form one group in chronological order, and
    groups are ordered by their earliest event, not by their ids.
    """
    late = event(
        "zz-first", dt.date(2019, 1, 5), links=(Link(relation="contradicts", event="aa-second"),)
    )
    mid = event(
        "aa-second", dt.date(2019, 1, 7), links=(Link(relation="contradicts", event="mm-third"),)
    )
    end = event("mm-third", dt.date(2019, 1, 6))
    other_a = event(
        "bb-other", dt.date(2018, 6, 1), links=(Link(relation="contradicts", event="cc-other"),)
    )
    other_b = event("cc-other", dt.date(2018, 5, 1))
    data = Dataset.from_records(SOURCE, BASE, [late, mid, end, other_a, other_b], [])
    assert [[e.id for e in g] for g in data.conflicting_accounts()] == [
        ["cc-other", "bb-other"],
        ["zz-first", "mm-third", "aa-second"],
    ]


# The checks of a whole dataset, on a small world built in code --------------------------

EVIDENCE = (Evidence(quote="a quote", paragraph=1),)
SAYS = (Attribution(by="outlet-o"),)
BODIES = "organization or group or outlet"


def entity(id: str, kind: str, **fields: Any) -> Entity:
    """A minimal valid entity."""
    fields.setdefault("name", str(id).replace("-", " ").title())
    fields.setdefault("evidence", EVIDENCE)
    return Entity(id=id, kind=kind, description="d", **fields)  # type: ignore[arg-type]


def event(id: str, when: dt.date = dt.date(2019, 3, 23), **fields: Any) -> Event:
    """A minimal valid event on one day."""
    date = DateSpan(start=when, end=when, precision="day")
    fields.setdefault("asserted_by", SAYS)
    fields.setdefault("title", "t")
    return Event(id=id, kind="battle", description="d", date=date, evidence=EVIDENCE, **fields)


def figure(id: str, low: int | None, high: int | None, qualifier: str, **fields: Any) -> Figure:
    """A minimal valid figure."""
    quantity = Quantity(low=low, high=high, qualifier=qualifier)  # type: ignore[arg-type]
    fields.setdefault("asserted_by", SAYS)
    return Figure(
        id=id, counted="c", quantity=quantity, unit="u", wording="w", evidence=EVIDENCE, **fields
    )


SOURCE = Source(
    id="article",
    title="T",
    authors=("author-a",),
    publisher="outlet-o",
    language="en",
    published=DateSpan(start=dt.date(2024, 3, 22), end=dt.date(2024, 3, 31), precision="days"),
    sha256="0" * 64,
    evidence=EVIDENCE,
)
BASE = [
    entity("author-a", "person"),
    entity("outlet-o", "outlet"),
    entity("org-g", "organization"),
    entity("country-c", "place", subtype="country"),
    entity("gov-g", "place", subtype="governorate", located_in="country-c"),
    entity("town-t", "place", subtype="village", located_in="gov-g"),
]


def problems(
    entities: Iterable[Entity] = (),
    events: Iterable[Event] = (),
    figures: Iterable[Figure] = (),
    source: Source = SOURCE,
    replace: bool = False,
) -> list[str]:
    """The problems the checks find in the small world with these records.

    The problems the checks find in the small world with these records added (or, with
    ``replace``, with these entities instead of the base ones).
    """
    people = list(entities) if replace else [*BASE, *entities]
    with pytest.raises(LinkError) as caught:
        Dataset.from_records(source, people, list(events), list(figures))
    assert str(caught.value).startswith(f"{len(caught.value.problems)} consistency problem(s):")
    return list(caught.value.problems)


def test_the_small_world_is_consistent() -> None:
    """The base records of these tests form a valid dataset of their own."""
    data = Dataset.from_records(SOURCE, BASE, [event("e")], [figure("f", 1, 1, "exact")])
    assert data.event("e").id == "e"


def test_links_of_the_wrong_kind_are_named_with_the_kind_found_and_wanted() -> None:
    """A reference to an entity of the wrong kind names the kind found and the kinds wanted.

    A reference to an entity of the wrong kind names the field, the id, the kind it is (with
    'a' or 'an') and the kinds it should be.
    """
    author = attrs.evolve(SOURCE, authors=("org-g",))
    assert problems(source=author) == [
        "source 'article' .authors: 'org-g' is an organization, expected person"
    ]
    outlet = attrs.evolve(SOURCE, authors=("outlet-o",), publisher="nobody")
    assert problems(source=outlet) == [
        "source 'article' .authors: 'outlet-o' is an outlet, expected person",
        "source 'article' .publisher: 'nobody' is not an entity",
    ]
    assert problems([entity("member-m", "person", member_of=("town-t", "author-a", "org-g"))]) == [
        f"entity 'member-m' .member_of: 'town-t' is a place, expected {BODIES}",
        f"entity 'member-m' .member_of: 'author-a' is a person, expected {BODIES}",
    ]
    assert problems([entity("p-x", "place", subtype="village", located_in="org-g")]) == [
        "entity 'p-x' .located_in: 'org-g' is an organization, expected place",
    ]
    assert problems(events=[event("e", places=("author-a",))]) == [
        "event 'e' .places: 'author-a' is a person, expected place"
    ]
    assert problems(figures=[figure("f", 1, 1, "exact", places=("org-g",))]) == [
        "figure 'f' .places: 'org-g' is an organization, expected place"
    ]


def test_dangling_references_are_named_by_record_and_field() -> None:
    """Every kind of reference to a record that does not exist is named.

    Every kind of reference to a record that does not exist is named: record, field (with its
    position) and the id.
    """
    says = (Attribution(by="ghost", via=("outlet-o", "spirit")),)
    assert problems(
        events=[
            event(
                "e",
                participants=(
                    Participant(entity="org-g", role="participant"),
                    Participant(entity="nobody", role="target"),
                ),
                figures=("no-figure",),
                links=(
                    Link(relation="part_of", event="e"),
                    Link(relation="reports", event="nothing"),
                ),
                asserted_by=says,
            )
        ]
    ) == [
        "event 'e' .participants[1]: 'nobody' is not an entity",
        "event 'e' .figures: 'no-figure' is not a figure",
        "event 'e' .links[0]: an event cannot link to itself",
        "event 'e' .links[1]: 'nothing' is not an event",
        "event 'e' .asserted_by[0].by: 'ghost' is not an entity",
        "event 'e' .asserted_by[0].via: 'spirit' is not an entity",
    ]
    assert problems(
        events=[event("e")],
        figures=[figure("f", 1, 1, "exact", subjects=("e", "org-g", "none"), asserted_by=says)],
    ) == [
        "figure 'f' .subjects: 'none' is neither an entity nor an event",
        "figure 'f' .asserted_by[0].by: 'ghost' is not an entity",
        "figure 'f' .asserted_by[0].via: 'spirit' is not an entity",
    ]
    assert problems(events=[event("e", figures=("org-g",))]) == [
        "event 'e' .figures: 'org-g' is not a figure"
    ]
    assert problems(events=[event("e", links=(Link(relation="reports", event="org-g"),))]) == [
        "event 'e' .links[0]: 'org-g' is not an event"
    ]


def test_ids_are_unique_across_every_kind_of_record() -> None:
    """An id used twice is named with the kinds of both users, the source included."""
    found = problems(
        [entity("article", "person")],
        events=[event("org-g"), event("twice"), event("twice")],
        figures=[figure("author-a", 1, 1, "exact"), figure("twice", 1, 1, "exact")],
    )
    assert found[:5] == [
        "entity 'article': id already used by a source",
        "event 'org-g': id already used by an entity",
        "event 'twice': id already used by an event",
        "figure 'author-a': id already used by an entity",
        "figure 'twice': id already used by an event",
    ]


def test_the_place_tree_must_end_at_a_country_without_cycles() -> None:
    """A place chain that ends below a country, or runs in a cycle, is named with the chain."""
    assert problems(
        [
            entity("country-c", "place", subtype="country"),
            entity("gov-g", "place", subtype="governorate"),
            entity("town-t", "place", subtype="village", located_in="gov-g"),
            entity("author-a", "person"),
            entity("outlet-o", "outlet"),
        ],
        replace=True,
    ) == [
        "entity 'gov-g' .located_in: the chain gov-g ends at a governorate, not a country",
        "entity 'town-t' .located_in: the chain town-t -> gov-g ends at a governorate, "
        "not a country",
    ]
    assert problems(
        [
            entity("country-c", "place", subtype="country"),
            entity("gov-g", "place", subtype="governorate", located_in="town-t"),
            entity("town-t", "place", subtype="village", located_in="gov-g"),
            entity("hamlet-h", "place", subtype="village", located_in="town-t"),
            entity("author-a", "person"),
            entity("outlet-o", "outlet"),
        ],
        replace=True,
    ) == [
        "entity 'gov-g' .located_in: cycle gov-g -> town-t -> gov-g",
        "entity 'town-t' .located_in: cycle town-t -> gov-g -> town-t",
        "entity 'hamlet-h' .located_in: cycle hamlet-h -> town-t -> gov-g -> town-t",
    ]


@pytest.mark.parametrize(
    ("total", "parts", "breakdown", "problem"),
    [
        (
            (5, 5, "exact"),
            [(3, 3, "exact"), (4, 4, "exact")],
            "complete",
            "the parts add up to at least 7, above the total's high 5",
        ),
        (
            (5, 5, "exact"),
            [(3, 3, "exact"), (4, 4, "exact")],
            "partial",
            "the parts add up to at least 7, above the total's high 5",
        ),
        (
            (9, 9, "exact"),
            [(3, 3, "exact"), (4, 4, "exact")],
            "complete",
            "the parts add up to at most 7, below the total's low 9",
        ),
        ((9, 9, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "partial", None),
        ((9, 9, "exact"), [(3, 3, "exact"), (4, None, "at_least")], "complete", None),
        ((9, 20, "between"), [(3, 3, "exact"), (6, 6, "exact")], "complete", None),
        ((2, None, "at_least"), [(3, 3, "exact"), (4, 4, "exact")], "complete", None),
        (
            (None, 6, "at_most"),
            [(3, 3, "exact"), (4, 4, "exact")],
            "partial",
            "the parts add up to at least 7, above the total's high 6",
        ),
        ((None, 9, "at_most"), [(3, 3, "exact"), (4, 4, "exact")], "complete", None),
        (
            (9, 9, "exact"),
            [(3, 3, "exact"), (None, None, "vague")],
            "partial",
            "every part of a breakdown needs a low bound",
        ),
    ],
)
def test_breakdowns_must_fit_their_total(
    total: tuple[int | None, int | None, str],
    parts: list[tuple[int | None, int | None, str]],
    breakdown: str,
    problem: str | None,
) -> None:
    """Breakdown parts must fit the total's bounds, and every part needs a low bound.

    Parts may not add up to more than the total's high bound; complete parts may not add up to
    less than its low bound; every part needs a low bound; open bounds check nothing.
    """
    names = [f"part-{n}" for n in range(len(parts))]
    figures = [figure(n, *p) for n, p in zip(names, parts, strict=True)]
    whole = figure("whole", *total, parts=tuple(names), breakdown=breakdown)
    if problem is None:
        Dataset.from_records(SOURCE, BASE, [], [whole, *figures])
    else:
        assert problems(figures=[whole, *figures]) == [f"figure 'whole' .parts: {problem}"]


def test_a_breakdown_with_a_missing_part_names_the_part_only() -> None:
    """A breakdown naming a part that is not a figure is refused for that part only.

    A breakdown naming a part that is not a figure is refused for that part, and its sums are
    not checked.
    """
    whole = figure("whole", 1, 1, "exact", parts=("part-a", "org-g"), breakdown="complete")
    part = figure("part-a", 5, 5, "exact")
    assert problems(figures=[whole, part]) == ["figure 'whole' .parts: 'org-g' is not a figure"]


def test_shared_names_must_be_declared_ambiguous_by_every_holder() -> None:
    """A name key shared by several entities must be declared ambiguous by every holder.

    A name key held by several entities is a problem unless every holder declares it ambiguous;
    the problem names the key, the holders and those that did not declare it.
    """
    alias = Alias(name="Abu Ali", ambiguous=True)
    plain = Alias(name="Abu Ali")
    declared_once = problems(
        [entity("p-1", "person", aliases=(alias,)), entity("p-2", "person", aliases=(plain,))]
    )
    assert declared_once == [
        "entities p-1, p-2: the name key 'abuali' is shared; "
        "declare it ambiguous on p-2 or tell them apart"
    ]
    none = problems(
        [entity("p-1", "person", name="Abu Ali"), entity("p-2", "person", aliases=(plain,))]
    )
    assert none == [
        "entities p-1, p-2: the name key 'abuali' is shared; "
        "declare it ambiguous on p-1, p-2 or tell them apart"
    ]
    both = [entity("p-1", "person", aliases=(alias,)), entity("p-2", "person", aliases=(alias,))]
    data = Dataset.from_records(SOURCE, [*BASE, *both], [], [])
    with pytest.raises(AmbiguousKeyError):
        data.entity("Abu Ali")
    assert data.entity("P 1").id == "p-1"


def test_nothing_is_dated_after_publication() -> None:
    """An event or a figure period ending after the source's publication is named."""
    late = dt.date(2024, 4, 1)
    period = DateSpan(start=late, end=late, precision="day")
    assert problems(
        events=[event("e", late), event("ok", dt.date(2024, 3, 31))],
        figures=[figure("f", 1, 1, "exact", period=period), figure("g", 1, 1, "exact")],
    ) == [
        "event 'e' .date.end: 2024-04-01 is after publication",
        "figure 'f' .period.end: 2024-04-01 is after publication",
    ]


# The record model's own refusals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Evidence(quote=" a", paragraph=1),
            "Evidence.quote: has leading or trailing white space: ' a'",
        ),
        (lambda: Evidence(quote=" ", paragraph=1), "Evidence.quote: must be non-empty text"),
        (lambda: Evidence(quote=5, paragraph=1), "Evidence.quote: must be non-empty text"),  # type: ignore[arg-type]
        (
            lambda: Evidence(quote="a " * 41, paragraph=1),
            "Evidence.quote: has leading or trailing white space",
        ),
        (
            lambda: Evidence(quote=("a " * 41).strip(), paragraph=1),
            "Evidence.quote: has 41 words; quotes are at most 40",
        ),
        (
            lambda: Evidence(quote="a", paragraph=True),
            "Evidence.paragraph: True is not a paragraph number (1 or more)",
        ),
        (
            lambda: Evidence(quote="a", paragraph="1"),  # type: ignore[arg-type]
            "Evidence.paragraph: '1' is not a paragraph number (1 or more)",
        ),
        (
            lambda: entity("Bad", "person"),
            "Entity.id: 'Bad' is not a lowercase slug like 'al-baghouz'",
        ),
        (lambda: entity(5, "person"), "Entity.id: 5 is not a lowercase slug like 'al-baghouz'"),  # type: ignore[arg-type]
        (
            lambda: entity("a", "nation"),
            "Entity.kind: 'nation' is not one of "
            "['group', 'organization', 'outlet', 'person', 'place']",
        ),
        (
            lambda: entity("a", "person", subtype="village"),
            "Entity.subtype: 'village' is not a subtype of 'person': ",
        ),
        (
            lambda: entity("a", "place"),
            "Entity.subtype: a place needs a subtype (village, governorate, country ...)",
        ),
        (
            lambda: entity("a", "person", located_in="b"),
            "Entity.located_in: only places are located in places, not a person",
        ),
        (
            lambda: entity("a", "place", subtype="village", located_in="a"),
            "Entity.located_in: a place cannot contain itself",
        ),
        (
            lambda: entity("a", "place", subtype="village", located_in="B"),
            "Entity.located_in: 'B' is not a lowercase slug",
        ),
        (
            lambda: entity(
                "a",
                "person",
                coordinates=Coordinates(latitude=1.0, longitude=1.0, precision_km=1.0, source="s"),
            ),
            "Entity.coordinates: only places carry coordinates",
        ),
        (
            lambda: entity("a", "person", member_of=("b", "b")),
            "Entity.member_of: repeats an id: ('b', 'b')",
        ),
        (
            lambda: entity("a", "person", member_of=("b", "C")),
            "Entity.member_of: 'C' is not a lowercase slug",
        ),
        (
            lambda: entity("a", "person", aliases=(Alias(name="x"), Alias(name="x"))),
            "Entity.aliases: repeats a name: ['x', 'x']",
        ),
        (
            lambda: entity("a", "person", notes=("fine", " ")),
            "Entity.notes: must be non-empty text",
        ),
        (lambda: entity("a", "person", standalone=""), "Entity.standalone: must be non-empty text"),
        (
            lambda: entity("a", "person", standalone=" x"),
            "Entity.standalone: has leading or trailing white space",
        ),
        (lambda: entity("a", "person", evidence=()), "Entity.evidence: needs at least one item"),
        (lambda: Alias(name="x", kind="pet-name"), "Alias.kind: 'pet-name' is not one of ["),  # type: ignore[arg-type]
        (lambda: Attribution(by="x", via=("y", "y")), "Attribution.via: repeats an id: ('y', 'y')"),
        (
            lambda: Coordinates(latitude=91.0, longitude=0.0, precision_km=1.0, source="s"),
            "Coordinates.latitude: 91.0 is outside -90..90",
        ),
        (
            lambda: Coordinates(latitude=-90.5, longitude=0.0, precision_km=1.0, source="s"),
            "Coordinates.latitude: -90.5 is outside -90..90",
        ),
        (
            lambda: Coordinates(latitude=0.0, longitude=180.5, precision_km=1.0, source="s"),
            "Coordinates.longitude: 180.5 is outside -180..180",
        ),
        (
            lambda: Coordinates(latitude=0.0, longitude=-181.0, precision_km=1.0, source="s"),
            "Coordinates.longitude: -181.0 is outside -180..180",
        ),
        (
            lambda: Coordinates(latitude=0.0, longitude=0.0, precision_km=0.0, source="s"),
            "Coordinates.precision_km: 0.0 must be positive",
        ),
        (
            lambda: Quantity(low=1, high=2, qualifier="exact"),
            "Quantity.qualifier: 'exact' needs low == high, both given; got low=1, high=2",
        ),
        (
            lambda: Quantity(low=None, high=None, qualifier="average"),
            "Quantity.qualifier: 'average' needs low == high, both given",
        ),
        (
            lambda: Quantity(low=1, high=1, qualifier="more_than"),
            "Quantity.qualifier: 'more_than' needs low given, high open (None)",
        ),
        (
            lambda: Quantity(low=None, high=None, qualifier="at_least"),
            "Quantity.qualifier: 'at_least' needs low given, high open",
        ),
        (
            lambda: Quantity(low=1, high=None, qualifier="at_most"),
            "Quantity.qualifier: 'at_most' needs high given, low open (None)",
        ),
        (
            lambda: Quantity(low=None, high=None, qualifier="at_most"),
            "Quantity.qualifier: 'at_most' needs high given",
        ),
        (
            lambda: Quantity(low=2, high=2, qualifier="between"),
            "Quantity.qualifier: 'between' needs low < high, both given",
        ),
        (
            lambda: Quantity(low=None, high=2, qualifier="between"),
            "Quantity.qualifier: 'between' needs low < high",
        ),
        (
            lambda: Quantity(low=2, high=None, qualifier="between"),
            "Quantity.qualifier: 'between' needs low < high",
        ),
        (
            lambda: Quantity(low=1, high=1, qualifier="vague"),
            "Quantity.qualifier: 'vague' needs no value: low and high None",
        ),
        (
            lambda: Quantity(low=None, high=1, qualifier="vague"),
            "Quantity.qualifier: 'vague' needs no value",
        ),
        (
            lambda: Quantity(low=1.0, high=1, qualifier="exact"),  # type: ignore[arg-type]
            "Quantity.low: 1.0 is not a whole number",
        ),
        (
            lambda: Quantity(low=1, high=False, qualifier="exact"),
            "Quantity.high: False is not a whole number",
        ),
        (lambda: Quantity(low=None, high=-1, qualifier="at_most"), "Quantity.high: -1 is negative"),
        (
            lambda: Quantity(low=3, high=2, qualifier="between"),
            "Quantity.high: low 3 is above high 2",
        ),
        (
            lambda: Quantity(low=0, high=0, qualifier="exactly"),  # type: ignore[arg-type]
            "Quantity.qualifier: 'exactly' is not one of",
        ),
        (
            lambda: DateSpan(start=dt.date(2020, 1, 2), end=dt.date(2020, 1, 2), precision="month"),
            "DateSpan.precision: 'month': "
            "start and end must be the first and last day of one month",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 2, 1), end=dt.date(2020, 2, 28), precision="month"
            ),
            "DateSpan.precision: 'month'",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 30), precision="year"
            ),
            "DateSpan.precision: 'year': "
            "start and end must be January 1 and December 31 of one year",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 1, 2), end=dt.date(2020, 12, 31), precision="year"
            ),
            "DateSpan.precision: 'year'",
        ),
        (
            lambda: DateSpan(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 2), precision="day"),
            "DateSpan.precision: 'day': start and end must be the same day",
        ),
        (
            lambda: DateSpan(start=dt.date(2020, 1, 1), end="2020-01-01", precision="day"),  # type: ignore[arg-type]
            "DateSpan.end: '2020-01-01' is not a date",
        ),
        (
            lambda: DateSpan(start=dt.date(2020, 1, 2), end=dt.date(2020, 1, 1), precision="days"),
            "DateSpan.end: 2020-01-01 is before start 2020-01-02",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 1, 1),
                end=dt.date(2020, 1, 1),
                precision="day",
                basis="inferred",
            ),
            "DateSpan.rule: a date resolved on basis 'inferred' must record its rule",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1), precision="day", wording=""
            ),
            "DateSpan.wording: must be non-empty text",
        ),
        (
            lambda: DateSpan(
                start=dt.date(2020, 1, 1),
                end=dt.date(2020, 1, 1),
                precision="day",
                basis="x",  # type: ignore[arg-type]
            ),
            "DateSpan.basis: 'x' is not one of",
        ),
        (
            lambda: event("e", title="x" * 121),
            "Event.title: a title is one line of at most 120 characters",
        ),
        (lambda: event("e", asserted_by=()), "Event.asserted_by: needs at least one item"),
        (lambda: event("e", places=("a", "a")), "Event.places: repeats an id"),
        (
            lambda: figure("f", 1, 1, "exact", parts=("g",)),
            "Figure.breakdown: parts and breakdown go together: give both or neither",
        ),
        (
            lambda: figure("f", 1, 1, "exact", breakdown="complete"),
            "Figure.breakdown: parts and breakdown go together",
        ),
        (
            lambda: figure("f", 1, 1, "exact", parts=("f",), breakdown="partial"),
            "Figure.parts: a figure cannot be a part of itself",
        ),
        (
            lambda: figure("f", 1, 1, "exact", parts=("g",), breakdown="most"),
            "Figure.breakdown: 'most' is not one of ['complete', 'partial']",
        ),
        (
            lambda: figure("f", 1, 1, "exact", measure="size"),
            "Figure.measure: 'size' is not one of",
        ),
        (
            lambda: attrs.evolve(SOURCE, sha256="A" * 64),
            "Source.sha256: must be 64 lowercase hexadecimal digits",
        ),
        (
            lambda: attrs.evolve(SOURCE, sha256="0" * 63),
            "Source.sha256: must be 64 lowercase hexadecimal digits",
        ),
        (
            lambda: attrs.evolve(SOURCE, sha256=0),  # type: ignore[arg-type]
            "Source.sha256: must be 64 lowercase hexadecimal digits",
        ),
        (lambda: attrs.evolve(SOURCE, subtitle=" "), "Source.subtitle: must be non-empty text"),
        (
            lambda: DataFile(name="x", sha256="g" * 64, records=1),
            "DataFile.sha256: must be 64 lowercase",
        ),
        (
            lambda: Manifest(
                name="n", version="1", schema_version=1, article_sha256="0" * 64, files=()
            ),
            "Manifest.files: needs at least one item",
        ),
        (
            lambda: Erratum(field="f", as_printed="a", likely="b", reasoning=""),
            "Erratum.reasoning: must be non-empty text",
        ),
    ],
)
def test_the_model_refuses_with_exact_messages(build: Callable[[], object], message: str) -> None:
    """Each impossible value is refused when the record is built, with an exact message.

    Each impossible value is refused when the record is built, with a message that names the
    class and field and says what is wrong, as written here.
    """
    with pytest.raises(InvalidRecordError) as caught:
        build()
    assert str(caught.value).startswith(message)
    assert caught.value.field == message.split(":")[0]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Evidence(quote=("a " * 40).strip(), paragraph=1),
        lambda: entity("a-1", "place", subtype="village", located_in="b-2"),
        lambda: entity("a", "person", notes=("fine",), standalone="why"),
        lambda: Coordinates(latitude=90.0, longitude=-180.0, precision_km=0.1, source="s"),
        lambda: Coordinates(latitude=-90.0, longitude=180.0, precision_km=5.0, source="s"),
        lambda: Quantity(low=0, high=0, qualifier="exact"),
        lambda: Quantity(low=0, high=None, qualifier="at_least"),
        lambda: Quantity(low=None, high=0, qualifier="at_most"),
        lambda: Quantity(low=0, high=1, qualifier="between"),
        lambda: DateSpan(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29), precision="month"),
        lambda: DateSpan(start=dt.date(2023, 12, 1), end=dt.date(2023, 12, 31), precision="month"),
        lambda: DateSpan(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), precision="year"),
        lambda: DateSpan(
            start=dt.date(2023, 1, 1),
            end=dt.date(2023, 1, 1),
            precision="day",
            wording="then",
            rule="r",
        ),
        lambda: figure("f", 1, 1, "exact", parts=("g",), breakdown="partial"),
        lambda: figure("f", 1, 1, "exact", breakdown=None),
        lambda: attrs.evolve(SOURCE, subtitle=None, url="https://example.org"),
    ],
)
def test_the_model_accepts_values_at_the_edges(build: Callable[[], object]) -> None:
    """Values at the edge of what is allowed build.

    Values at the edge of what is allowed build: a 40-word quote, the poles and the date line,
    zero counts, a leap February, a spelled-out rule, an empty optional field.
    """
    assert build() is not None


def test_edtf_and_overlap_of_spans() -> None:
    """Spans render as EDTF by precision, and overlap a window sharing one day at either end."""
    one = DateSpan(
        start=dt.date(2019, 3, 23), end=dt.date(2019, 3, 23), precision="day", approximate=True
    )
    assert one.edtf == "2019-03-23~"
    month = DateSpan(start=dt.date(2019, 3, 1), end=dt.date(2019, 3, 31), precision="month")
    assert month.edtf == "2019-03"
    year = DateSpan(
        start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31), precision="year", approximate=True
    )
    assert year.edtf == "2019~"
    run = DateSpan(
        start=dt.date(2019, 1, 1), end=dt.date(2019, 2, 1), precision="days", approximate=True
    )
    assert run.edtf == "2019-01-01~/2019-02-01~"
    assert month.overlaps(dt.date(2019, 3, 31), None) and month.overlaps(None, dt.date(2019, 3, 1))
    assert not month.overlaps(dt.date(2019, 4, 1), None)
    assert not month.overlaps(None, dt.date(2019, 2, 28))
    assert month.overlaps(None, None)


def test_lists_given_in_code_become_tuples() -> None:
    """Lists given for collection fields are stored as tuples; tuples are kept as given."""
    given_tuple = ("b-1",)
    built = entity("a", "person", member_of=given_tuple, notes=["n"], evidence=list(EVIDENCE))
    assert built.member_of is given_tuple
    assert built.notes == ("n",) and built.evidence == EVIDENCE


# The loader's messages --------------------------------------------------------------------


@pytest.fixture
def copy_of_data(tmp_path: Path) -> Path:
    """A writable copy of the bundled data."""
    for name in (MANIFEST, *DATA_FILES):
        (tmp_path / name).write_bytes(BUNDLED.joinpath(name).read_bytes())
    return tmp_path


def write(folder: Path, name: str, value: Any, count: int | None = None) -> None:
    """Write a data file and re-hash (and, if given, recount) it in the manifest."""
    raw = json.dumps(value).encode()
    (folder / name).write_bytes(raw)
    manifest = json.loads((folder / MANIFEST).read_bytes())
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(raw).hexdigest()
            if count is not None:
                entry["records"] = count
    (folder / MANIFEST).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ({}, "an object"),
        ("x", "a string"),
        (None, "null"),
        (True, "a boolean"),
        (3, "a number"),
        (2.5, "a number"),
    ],
)
def test_a_record_file_that_is_not_an_array_says_what_it_is(
    copy_of_data: Path, value: Any, found: str
) -> None:
    """A record file holding something other than an array says what it found."""
    write(copy_of_data, "events.json", value)
    with pytest.raises(SchemaError) as caught:
        s.load_dataset(copy_of_data)
    assert str(caught.value) == f"events.json: top level: expected a JSON array, found {found}"


@pytest.mark.parametrize(
    ("value", "found"),
    [([], "an array"), ("x", "a string"), (None, "null"), (False, "a boolean"), (7, "a number")],
)
def test_a_record_that_is_not_an_object_says_what_it_is(value: Any, found: str) -> None:
    """A record that is not a JSON object is named by position with what was found."""
    data = [*RAW_FIGURES[:2], value]
    with pytest.raises(SchemaError) as caught:
        structure(data, tuple[Figure, ...], "figures.json")
    assert str(caught.value) == f"figures.json: at $[2]: expected an object, found {found}"
    assert caught.value.index == 2 and caught.value.record is None


def test_loader_messages_for_wrong_fields() -> None:
    """The loader's messages for unknown fields, non-text ids and wrong types are exact.

    Unknown fields are listed together; a record whose id is not text is named by position
    only; a wrong type names what was expected, at the field's path.
    """
    record = dict(RAW_EVENTS[3], zeta=1, alpha=2)
    with pytest.raises(SchemaError) as caught:
        structure([RAW_EVENTS[0], record], tuple[Event, ...], "events.json")
    assert str(caught.value) == (
        f"events.json: record {record['id']!r} at $[1]: unknown field(s) alpha, zeta @ $"
    )
    with pytest.raises(SchemaError) as caught:
        structure([dict(RAW_EVENTS[0], id=5)], tuple[Event, ...], "events.json")
    assert str(caught.value) == "events.json: at $[0]: expected text, found 5 @ $.id"
    assert caught.value.record is None
    with pytest.raises(SchemaError) as caught:
        structure([dict(RAW_EVENTS[0], evidence=5)], tuple[Event, ...], "events.json")
    assert str(caught.value).endswith(" @ $.evidence")
    with pytest.raises(SchemaError) as caught:
        structure([RAW["source.json"]], Source, "source.json")
    assert str(caught.value).startswith("source.json: top level: ")
    assert "None" not in str(caught.value)


def test_from_records_reports_what_failed_in_a_record_made_in_code() -> None:
    """A record made in code that cannot even be read back is refused, saying what failed.

    A record made in code whose value cannot even be read back is refused naming the record and
    saying what failed.
    """
    first = fresh().events()[0]
    with attrs.validators.disabled():
        broken = attrs.evolve(first, date="2019")  # type: ignore[arg-type]
    with pytest.raises(SchemaError) as caught:
        Dataset.from_records(SOURCE, BASE, [broken], [])
    assert str(caught.value).startswith(f"events (built in code): record {first.id!r}: ")
    assert str(caught.value).endswith(": expected a JSON object @ $.date")


def test_counts_and_the_article_hash_are_checked_per_file(copy_of_data: Path) -> None:
    """Counts, the article hash and the list of files in the manifest are all checked.

    Each record file's count is checked against its own manifest entry, and the manifest's
    article hash against source.json's; the manifest must list every data file.
    """
    for name, raw in (("entities.json", RAW_ENTITIES), ("figures.json", RAW_FIGURES)):
        write(copy_of_data, name, raw[1:])
        with pytest.raises(DataFileError) as caught:
            s.load_dataset(copy_of_data)
        assert (
            str(caught.value)
            == f"{name}: holds {len(raw) - 1} records, the manifest says {len(raw)}"
        )
        write(copy_of_data, name, raw)
    source = dict(RAW["source.json"], sha256="1" * 64)
    write(copy_of_data, "source.json", source)
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(copy_of_data)
    assert (
        str(caught.value) == "manifest.json: article_sha256 differs from the sha256 in source.json"
    )
    write(copy_of_data, "source.json", RAW["source.json"])
    manifest = json.loads((copy_of_data / MANIFEST).read_bytes())
    manifest["files"] = [f for f in manifest["files"] if f["name"] != "events.json"]
    (copy_of_data / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(copy_of_data)
    assert str(caught.value) == "manifest.json: files ['events.json'] are not listed"


def test_load_reads_every_file_under_its_own_name(copy_of_data: Path) -> None:
    """A loaded dataset holds exactly each file's records; an unreadable file is named.

    A loaded dataset holds exactly the records of each file, and a file that cannot be read is
    named with the reason.
    """
    data = s.load_dataset(copy_of_data)
    assert data.source.id == RAW["source.json"]["id"]
    assert len(data.entities()) == len(RAW_ENTITIES)
    assert len(data.events()) == len(RAW_EVENTS)
    assert len(data.figures()) == len(RAW_FIGURES)
    assert data.manifest is not None and data.manifest.files[0].name == DATA_FILES[0]
    (copy_of_data / "figures.json").unlink()
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(copy_of_data)
    assert str(caught.value).startswith("figures.json: cannot be read (")
    assert caught.value.file == "figures.json"


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, copy_of_data: Path
) -> None:
    """The collector is paused while files load and restored afterwards, after a failure too."""
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        s.load_dataset(copy_of_data)
        assert gc.isenabled() is enabled
        (copy_of_data / "events.json").write_bytes(b"[]")
        with pytest.raises(DataFileError):
            s.load_dataset(copy_of_data)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# Keys -----------------------------------------------------------------------------------


def test_a_name_made_only_of_articles_keeps_them_all() -> None:
    """A name whose words are all articles is keyed by all its words joined, not emptied."""
    assert key_forms("al as") == ("alas",)
    assert key_forms("El-Ad") == ("elad",)


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Ash-Shaddadi", ("shaddadi", "ashshaddadi")),
        ("Deir ez-Zor", ("deirzor", "deirezzor")),
        ("Raqqa_City", ("raqqacity",)),
        ("\u1e24asakah", ("hasakah",)),
        ("\u02bfAyn \u02beIssa", ("aynissa",)),
        ("\u0141\u00f3d\u017a Stra\u00dfe", ("lodzstrasse",)),
        ("\u00d8ster \u0110ak \u0131l", ("osterdakil",)),
        ("  al  ", ("al",)),
        ("", ("",)),
        ("AL-BAB", ("bab", "albab")),
    ],
)
def test_key_forms_fold_letters_marks_and_articles(name: str, forms: tuple[str, ...]) -> None:
    """Keys fold case, marks, separators and letters, and drop separate articles.

    Keys drop case, combining marks, separators and transliteration marks; fold letters NFKD
    leaves alone; and drop separate articles, keeping the full form second.
    """
    assert key_forms(name) == forms


# Edges found by the mutation run --------------------------------------------------------


def test_within_keeps_spans_that_touch_the_window_and_drops_those_that_cross_it() -> None:
    """With ``within=True`` a span exactly the window is kept, one crossing it dropped.

    With ``within=True`` an event or figure whose span is exactly the window is kept, and one
    that starts a day before or ends a day after the window is dropped.
    """
    data = fresh()
    one = dt.timedelta(days=1)
    for event_ in data.events():
        start, end = event_.date.start, event_.date.end
        assert event_ in data.events(start, end, within=True)
        assert event_ not in data.events(start + one, None, within=True)
        assert event_ not in data.events(None, end - one, within=True)
    for figure_ in data.figures():
        if figure_.period is None:
            continue
        start, end = figure_.period.start, figure_.period.end
        assert figure_ in data.figures(start, end, within=True)
        assert figure_ not in data.figures(start + one, None, within=True)
        assert figure_ not in data.figures(None, end - one, within=True)


def test_windows_alone_find_exactly_the_overlapping_events() -> None:
    """A date window alone finds exactly the overlapping events.

    A date window with no other filter (answered from the span index) finds exactly the events
    a scan finds, for windows starting and ending on and around every event's bounds.
    """
    data = fresh()
    spans = [(e.date.start, e.date.end, e.id) for e in data.events()]
    one = dt.timedelta(days=1)
    edges = sorted({d for start, end, _ in spans for d in (start - one, start, end, end + one)})
    sample = [*edges[:: max(1, len(edges) // 40)], None]
    for low in sample:
        for high in sample:
            if low is not None and high is not None and high < low:
                continue
            expected = [
                i
                for start, end, i in spans
                if (low is None or end >= low) and (high is None or start <= high)
            ]
            assert [e.id for e in data.events(low, high)] == expected


def test_a_kind_without_events_and_contradictions_joined_late() -> None:
    """An absent kind gives nothing; late contradictions join groups; groups sort by first.

    A kind no event has gives no events (alone or with others); an event contradicting one
    already in a group joins that group; groups are ordered by their first event only.
    """
    a = event("a-first", dt.date(2019, 1, 1), links=(Link(relation="contradicts", event="b-hub"),))
    b = event("b-hub", dt.date(2019, 2, 1))
    c = event("c-late", dt.date(2019, 3, 1), links=(Link(relation="contradicts", event="b-hub"),))
    d = event("d-early", dt.date(2018, 1, 1), links=(Link(relation="contradicts", event="e-far"),))
    e = event("e-far", dt.date(2020, 1, 1))
    data = Dataset.from_records(SOURCE, BASE, [a, b, c, d, e], [])
    assert data.events(kind="raid") == ()
    assert [x.id for x in data.events(kind=["raid", "battle"])] == [
        "d-early",
        "a-first",
        "b-hub",
        "c-late",
        "e-far",
    ]
    assert [[x.id for x in group] for group in data.conflicting_accounts()] == [
        ["d-early", "e-far"],
        ["a-first", "b-hub", "c-late"],
    ]


def test_an_id_is_found_as_an_id_even_when_its_name_is_shared() -> None:
    """An entity's id finds it even when the name the id spells is declared ambiguous."""
    shared = Alias(name="Abu Ali", ambiguous=True)
    both = [
        entity("abu-ali", "person", aliases=(shared,)),
        entity("p-2", "person", aliases=(shared,)),
    ]
    data = Dataset.from_records(SOURCE, [*BASE, *both], [], [])
    assert data.entity("abu-ali").id == "abu-ali"
    with pytest.raises(AmbiguousKeyError):
        data.entity("Abu Ali")


def expected_suggestions(key: str) -> list[str]:
    """The names the documented rule suggests for an unknown entity key, from the raw files."""
    owners: dict[str, list[str]] = {}
    names = {e["id"]: e["name"] for e in RAW_ENTITIES}
    for raw in sorted(RAW_ENTITIES, key=lambda e: (e["kind"], e["id"])):
        for name in (raw["id"], raw["name"], *(a["name"] for a in raw.get("aliases", ()))):
            for form in key_forms(name):
                owners.setdefault(form, [])
                if raw["id"] not in owners[form]:
                    owners[form].append(raw["id"])
    form = key_forms(key[:60])[0]
    if not form:
        return []
    found: list[str] = []
    for match in difflib.get_close_matches(form, list(owners), 10, 0.7):
        for owner in owners[match]:
            if names[owner] not in found:
                found.append(names[owner])
    return found[:5]


@pytest.mark.parametrize(
    "key", ["Dair", "Raqa", "Turky", "Baghdad", "Syrian army", "Deir", "x" * 70, "..."]
)
def test_name_suggestions_follow_the_documented_rule(key: str) -> None:
    """Name suggestions follow the documented rule.

    Suggestions are the names owning the keys difflib finds within a ratio of 0.7 of the key's
    first form (its first 60 characters), best first, at most five.
    """
    with pytest.raises(UnknownKeyError) as caught:
        fresh().entity(key)
    assert list(caught.value.suggestions) == expected_suggestions(key)


def test_messages_name_the_type_that_was_given() -> None:
    """Messages name the type given, even for a list holding the word 'keys'.

    A record collection holding something else names the type found; a text field given a list
    is named as such even when the list holds the word 'keys'.
    """
    data = fresh()
    with pytest.raises(ArgumentTypeError, match=r"^entities: expected an Entity, got int$"):
        Dataset.from_records(data.source, [*data.entities()[:1], 5], [], [])  # type: ignore[list-item]
    with pytest.raises(ArgumentTypeError, match=r"^source: expected a Source, got NoneType$"):
        Dataset.from_records(None, [], [], [])  # type: ignore[arg-type]
    record = dict(RAW_EVENTS[0], title=["keys"])
    with pytest.raises(SchemaError) as caught:
        structure([record], tuple[Event, ...], "events.json")
    assert str(caught.value).endswith(": expected text, found ['keys'] @ $.title")


def test_every_single_filter_agrees_with_a_scan() -> None:
    """Each participant, place and kind, alone, finds exactly what a scan finds.

    Each participant, each place and each kind, alone, finds exactly the events a scan of the
    raw files finds, in chronological order.
    """
    data = fresh()
    ordered = sorted(RAW_EVENTS, key=lambda e: (*span(e, "date"), e["id"]))  # type: ignore[misc]
    for actor in ACTORS:
        expected = [
            e["id"] for e in ordered if actor in {p["entity"] for p in e.get("participants", ())}
        ]
        assert [e.id for e in data.events(involving=actor)] == expected
    for place in PLACES:
        expected = [e["id"] for e in ordered if any(under(p, place) for p in e.get("places", ()))]
        assert [e.id for e in data.events(at=place)] == expected
    for kind in sorted(EVENT_KINDS):
        assert [e.id for e in data.events(kind=kind)] == [
            e["id"] for e in ordered if e["kind"] == kind
        ]


def test_the_checks_run_alone_find_shared_names() -> None:
    """check_dataset alone finds shared names, and keeps a holder's declaration.

    check_dataset, called without a precomputed name index, finds a shared name itself; a name
    declared ambiguous by one holder and spelled again by the same holder stays declared; an id
    spelling a name that another entity declares ambiguous must be declared too.
    """
    from syria_is_2024.checks import check_dataset

    plain = [entity("p-1", "person", name="Abu Ali"), entity("p-2", "person", name="Abu-Ali")]
    assert check_dataset(SOURCE, [*BASE, *plain], [], []) == [
        "entities p-1, p-2: the name key 'abuali' is shared; "
        "declare it ambiguous on p-1, p-2 or tell them apart"
    ]
    shared = Alias(name="Abu Ali", ambiguous=True)
    again = (shared, Alias(name="ABU-ALI"))
    twice = [entity("p-1", "person", aliases=again), entity("p-2", "person", aliases=(shared,))]
    assert check_dataset(SOURCE, [*BASE, *twice], [], []) == []
    by_id = [entity("abu-ali", "person"), entity("p-2", "person", aliases=(shared,))]
    assert check_dataset(SOURCE, [*BASE, *by_id], [], []) == [
        "entities abu-ali, p-2: the name key 'abuali' is shared; "
        "declare it ambiguous on abu-ali or tell them apart"
    ]


def test_loader_messages_for_folders_and_files(
    copy_of_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each refusal of the loader reads as written here.

    Each refusal of the loader reads as written here: not a folder, not a path, unreadable, not
    UTF-8, nested too deeply, too long a number, changed bytes, another schema version, a
    bundled manifest of another package, a source count other than one.
    """
    with pytest.raises(DataFileError, match=r"is not a folder$"):
        s.load_dataset(copy_of_data / "nowhere")
    with pytest.raises(ArgumentTypeError, match=r"^path must be a string or path, not int$"):
        s.load_dataset(5)  # type: ignore[arg-type]
    manifest = json.loads((copy_of_data / MANIFEST).read_bytes())

    def refused(name: str, raw: bytes, rehash: bool = True) -> str:
        """The message for ``raw`` written as ``name`` (re-hashed unless told not to)."""
        (copy_of_data / name).write_bytes(raw)
        if rehash and name != MANIFEST:
            edited = json.loads((copy_of_data / MANIFEST).read_bytes())
            for entry in edited["files"]:
                if entry["name"] == name:
                    entry["sha256"] = hashlib.sha256(raw).hexdigest()
            (copy_of_data / MANIFEST).write_text(json.dumps(edited))
        with pytest.raises(DataFileError) as caught:
            s.load_dataset(copy_of_data)
        (copy_of_data / MANIFEST).write_text(json.dumps(manifest))
        (copy_of_data / name).write_bytes(BUNDLED.joinpath(name).read_bytes())
        assert caught.value.file == name or name == MANIFEST
        return str(caught.value)

    assert refused("source.json", b'{"id": "\xff"}') == "source.json: is not UTF-8 text (byte 8)"
    assert (
        refused("source.json", b"[" * 100_000)
        == "source.json: is not valid JSON: nested too deeply"
    )
    assert refused("source.json", b"{").startswith("source.json: is not valid JSON: ")
    assert refused("events.json", b"[" + b"9" * 5000 + b"]").startswith(
        "events.json: cannot be read as JSON: Exceeds the limit"
    )
    digest = hashlib.sha256(b"[]").hexdigest()
    assert refused("figures.json", b"[]", rehash=False) == (
        f"figures.json: SHA-256 {digest} does not match the manifest's "
        f"{manifest['files'][3]['sha256']}: the file was changed or damaged"
    )
    other = dict(manifest, schema_version=2)
    assert refused(MANIFEST, json.dumps(other).encode()) == (
        "manifest.json: schema_version 2 is not the 1 this version of the package reads"
    )
    counted = dict(manifest, files=[dict(manifest["files"][0], records=3), *manifest["files"][1:]])
    assert refused(MANIFEST, json.dumps(counted).encode()) == (
        "manifest.json: source.json holds one record, not 3"
    )
    renamed = dict(manifest, name="another")
    (copy_of_data / MANIFEST).write_text(json.dumps(renamed))
    monkeypatch.setattr(loader, "bundled_data", lambda: copy_of_data)
    with pytest.raises(DataFileError) as caught:
        loader.load_bundled()
    assert str(caught.value) == (
        f"manifest.json: describes another {manifest['version']}, but this package is "
        f"syria-is-2024 {s.__version__}: the bundled data does not belong to it"
    )
    (copy_of_data / MANIFEST).unlink()
    with pytest.raises(DataFileError, match=r"^manifest.json: cannot be read \(No such file"):
        s.load_dataset(copy_of_data)


def test_coordinates_name_what_is_not_a_number() -> None:
    """A coordinate that is not a number is refused naming the class, field and value."""
    with pytest.raises(InvalidRecordError) as caught:
        Coordinates(latitude="1", longitude=0.0, precision_km=1.0, source="s")  # type: ignore[arg-type]
    assert str(caught.value) == "Coordinates.latitude: '1' is not a number"
    with pytest.raises(InvalidRecordError, match=r"^Coordinates.precision_km: True is not a"):
        Coordinates(latitude=1.0, longitude=0.0, precision_km=True, source="s")


@at_most(60)
@example(spans=[(0, 14), (5, 7), (6, 7)], windows=[(None, 2)])  # nested, one length band
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 40)), min_size=1, max_size=12, unique=True
    ),
    st.lists(st.tuples(st.none() | st.integers(-50, 120), st.none() | st.integers(-50, 120))),
)
def test_the_span_index_answers_any_window_like_a_scan(
    spans: list[tuple[int, int]], windows: list[tuple[int | None, int | None]]
) -> None:
    """The span index answers any date window exactly as a scan does.

    For any set of spans (nested, overlapping, of any length) and any window, a date window
    alone finds exactly the events whose spans share a day with it, in chronological order.
    """
    origin = dt.date(2019, 1, 1)
    events = []
    for n, (offset, length) in enumerate(spans):
        start = origin + dt.timedelta(days=offset)
        date = DateSpan(start=start, end=start + dt.timedelta(days=length), precision="days")
        events.append(
            Event(
                id=f"e-{n}",
                kind="battle",
                title="t",
                description="d",
                date=date,
                asserted_by=SAYS,
                evidence=EVIDENCE,
            )
        )
    data = Dataset.from_records(SOURCE, BASE, events, [])
    ordered = sorted(events, key=lambda e: (e.date.start, e.date.end, e.id))
    for low_days, high_days in windows:
        low = None if low_days is None else origin + dt.timedelta(days=low_days)
        high = None if high_days is None else origin + dt.timedelta(days=high_days)
        if low is not None and high is not None and high < low:
            continue
        expected = [e.id for e in ordered if e.date.overlaps(low, high)]
        assert [e.id for e in data.events(low, high)] == expected
