"""Filters agree with a brute-force scan; bad arguments raise clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import syria_is_2024 as s
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import Event
from syria_is_2024.taxonomy import EVENT_KINDS

DATES = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2025, 12, 31))
BOUNDS = st.none() | DATES | DATES.map(dt.date.isoformat)
PLACES = [e.id for e in s.entities("place")]
ACTORS = [e.id for e in s.entities(("person", "organization", "group", "outlet"))]


def as_date(value: dt.date | str | None) -> dt.date | None:
    """An ISO string as a date; dates and None unchanged."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def brute_force(
    data: Dataset,
    start: dt.date | None,
    end: dt.date | None,
    involving: str | None,
    at: str | None,
    kind: str | None,
    within: bool = False,
) -> list[Event]:
    """The same filter written as a plain scan, with the place tree walked by parent links."""

    def located(place: str, root: str) -> bool:
        current: str | None = place
        while current is not None:
            if current == root:
                return True
            current = data.entity(current).located_in
        return False

    return [
        event
        for event in data.events()
        if (start is None or event.date.end >= start)
        and (end is None or event.date.start <= end)
        and (involving is None or involving in {p.entity for p in event.participants})
        and (at is None or any(located(place, at) for place in event.places))
        and (kind is None or event.kind == kind)
        and (not within or start is None or event.date.start >= start)
        and (not within or end is None or event.date.end <= end)
    ]


@given(
    BOUNDS,
    BOUNDS,
    st.none() | st.sampled_from(ACTORS),
    st.none() | st.sampled_from(PLACES),
    st.none() | st.sampled_from(sorted(EVENT_KINDS)),
    st.booleans(),
)
def test_event_filter_agrees_with_brute_force(
    start: dt.date | str | None,
    end: dt.date | str | None,
    involving: str | None,
    at: str | None,
    kind: str | None,
    within: bool,
) -> None:
    """For any window, participant, place and kind, the indexed filter equals a plain scan."""
    low, high = as_date(start), as_date(end)
    if low is not None and high is not None and high < low:
        with pytest.raises(s.QueryError, match="before start"):
            s.events(start, end)
        return
    found = s.events(start, end, involving=involving, at=at, kind=kind, within=within)
    assert list(found) == brute_force(s.get_dataset(), low, high, involving, at, kind, within)


def test_events_are_chronological(data: Dataset) -> None:
    """Events come sorted by start, then end, then id."""
    keys = [(e.date.start, e.date.end, e.id) for e in data.events()]
    assert keys == sorted(keys)


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
        ({"start": 2023}, s.ArgumentTypeError, "must be a date"),
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
    assert all("sdf" in f.subjects for f in s.figures(subject="SDF"))
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


def test_accessors_return_the_same_immutable_objects() -> None:
    """Later calls return the very same records; collections are tuples."""
    assert s.events() is s.events()
    assert s.entity("SDF") is s.entity("sdf")
    assert isinstance(s.events(at="Daraa"), tuple)
    assert isinstance(s.figures(), tuple)
