"""The record model refuses what cannot be true, naming the field, and never changes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from syria_is_2024 import InvalidRecordError
from syria_is_2024.model import (
    Alias,
    Attribution,
    Coordinates,
    DateSpan,
    Entity,
    Event,
    Evidence,
    Figure,
    Quantity,
)

D = dt.date
QUOTE = (Evidence(quote="a short quote", paragraph=1),)


def span(start: dt.date, end: dt.date, precision: str = "days", **kw: object) -> DateSpan:
    """A DateSpan with the given bounds and precision."""
    return DateSpan(start=start, end=end, precision=precision, **kw)  # type: ignore[arg-type]


def test_end_before_start_is_refused_naming_the_field() -> None:
    """A span that ends before it starts cannot be built, and the error names DateSpan.end."""
    with pytest.raises(InvalidRecordError, match=r"DateSpan\.end: 2019-01-01 is before start"):
        span(D(2019, 2, 1), D(2019, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (D(2020, 1, 1), D(2020, 1, 2), "day"),
        (D(2020, 1, 2), D(2020, 1, 31), "month"),
        (D(2020, 1, 1), D(2020, 2, 29), "month"),
        (D(2020, 1, 1), D(2020, 12, 30), "year"),
        (D(2020, 1, 1), D(2021, 12, 31), "year"),
    ],
)
def test_bounds_must_fit_the_precision(start: dt.date, end: dt.date, precision: str) -> None:
    """Day, month and year precision fix the bounds; bounds that disagree are refused."""
    with pytest.raises(InvalidRecordError, match=r"DateSpan\.precision"):
        span(start, end, precision)


def test_a_resolved_date_must_record_its_rule() -> None:
    """A relative or inferred date without the rule that resolved it is refused."""
    with pytest.raises(InvalidRecordError, match=r"DateSpan\.rule"):
        span(D(2023, 2, 1), D(2023, 2, 28), "month", basis="relative_to_publication")


def test_unknown_precision_is_refused() -> None:
    """A precision outside the vocabulary is refused in code as it is in a file."""
    with pytest.raises(InvalidRecordError, match=r"DateSpan\.precision: 'weekly' is not one of"):
        span(D(2023, 2, 1), D(2023, 2, 28), "weekly")


def test_datetime_is_not_a_date() -> None:
    """Bounds are dates: a datetime (which is a date subclass) is refused."""
    with pytest.raises(InvalidRecordError, match=r"DateSpan\.start"):
        DateSpan(start=dt.datetime(2020, 1, 1), end=D(2020, 1, 1), precision="day")


@pytest.mark.parametrize(
    ("value", "edtf"),
    [
        (span(D(2019, 3, 23), D(2019, 3, 23), "day"), "2019-03-23"),
        (span(D(2022, 10, 1), D(2022, 10, 31), "month"), "2022-10"),
        (span(D(2014, 1, 1), D(2014, 12, 31), "year"), "2014"),
        (span(D(2014, 1, 1), D(2014, 12, 31), "year", approximate=True), "2014~"),
        (
            span(D(2022, 5, 1), D(2022, 8, 31), "part_of_year", approximate=True),
            "2022-05-01~/2022-08-31~",
        ),
        (span(D(2019, 2, 9), D(2019, 3, 23), "days"), "2019-02-09/2019-03-23"),
    ],
)
def test_edtf_rendering(value: DateSpan, edtf: str) -> None:
    """Spans render as EDTF: a point at its precision, anything else as an interval."""
    assert value.edtf == edtf


def test_overlap_uses_inclusive_bounds_and_open_ends() -> None:
    """A span overlaps a window when they share a day; None leaves a side open."""
    battle = span(D(2019, 2, 9), D(2019, 3, 23))
    assert battle.overlaps(D(2019, 3, 23), None)
    assert battle.overlaps(None, D(2019, 2, 9))
    assert not battle.overlaps(D(2019, 3, 24), None)
    assert not battle.overlaps(None, D(2019, 2, 8))
    assert battle.overlaps(None, None)


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "field"),
    [
        (5, 3, "between", "Quantity.high"),
        (-1, -1, "exact", "Quantity.low"),
        (3, 4, "exact", "Quantity.qualifier"),
        (None, None, "exact", "Quantity.qualifier"),
        (13, 20, "at_least", "Quantity.qualifier"),
        (5, 5, "between", "Quantity.qualifier"),
        (5, None, "vague", "Quantity.qualifier"),
        (True, True, "exact", "Quantity.low"),
        (1.5, 1.5, "exact", "Quantity.low"),
    ],
)
def test_impossible_quantities_are_refused(
    low: object, high: object, qualifier: str, field: str
) -> None:
    """Low above high, negative counts, and bounds that contradict the qualifier are refused."""
    with pytest.raises(InvalidRecordError, match=field.replace(".", r"\.")):
        Quantity(low=low, high=high, qualifier=qualifier)  # type: ignore[arg-type]


def test_quotes_are_at_most_forty_words() -> None:
    """Evidence is a short quote: 41 words are refused, 40 are accepted."""
    Evidence(quote=" ".join(["word"] * 40), paragraph=3)
    with pytest.raises(InvalidRecordError, match=r"Evidence\.quote: has 41 words"):
        Evidence(quote=" ".join(["word"] * 41), paragraph=3)


@pytest.mark.parametrize("paragraph", [0, -2, True])
def test_paragraph_numbers_start_at_one(paragraph: int) -> None:
    """Paragraphs are numbered from 1."""
    with pytest.raises(InvalidRecordError, match=r"Evidence\.paragraph"):
        Evidence(quote="a quote", paragraph=paragraph)


def place(**changes: object) -> Entity:
    """A valid village entity, with some fields changed."""
    fields: dict[str, object] = {
        "id": "a-village",
        "kind": "place",
        "subtype": "village",
        "name": "A village",
        "description": "A village.",
        "located_in": "a-country",
        "evidence": QUOTE,
    }
    fields.update(changes)
    return Entity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "Entity.id"),
        ({"id": "Not A Slug"}, "Entity.id"),
        ({"subtype": "galaxy"}, "Entity.subtype"),
        ({"subtype": None}, "Entity.subtype"),
        ({"kind": "person", "subtype": "leader"}, "Entity.located_in"),
        ({"located_in": "a-village"}, "Entity.located_in"),
        ({"evidence": ()}, "Entity.evidence"),
        ({"name": "  padded "}, "Entity.name"),
        ({"aliases": (Alias(name="X"), Alias(name="X"))}, "Entity.aliases"),
        (
            {
                "kind": "person",
                "subtype": "leader",
                "located_in": None,
                "coordinates": Coordinates(
                    latitude=1.0, longitude=1.0, precision_km=1.0, source="s"
                ),
            },
            "Entity.coordinates",
        ),
    ],
)
def test_entities_refuse_what_cannot_be(changes: dict[str, object], field: str) -> None:
    """Empty or malformed ids, wrong subtypes and links a kind cannot have are refused."""
    with pytest.raises(InvalidRecordError, match=field.replace(".", r"\.")):
        place(**changes)


@pytest.mark.parametrize(
    ("latitude", "longitude", "precision", "field"),
    [(91.0, 0.0, 1.0, "latitude"), (0.0, 181.0, 1.0, "longitude"), (0.0, 0.0, 0.0, "precision")],
)
def test_coordinates_stay_on_earth(
    latitude: float, longitude: float, precision: float, field: str
) -> None:
    """Coordinates outside the globe, or without a positive precision, are refused."""
    with pytest.raises(InvalidRecordError, match=rf"Coordinates\.{field}"):
        Coordinates(latitude=latitude, longitude=longitude, precision_km=precision, source="s")


def figure(**changes: object) -> Figure:
    """A valid figure, with some fields changed."""
    fields: dict[str, object] = {
        "id": "fig-total",
        "counted": "things",
        "quantity": Quantity(low=7, high=7, qualifier="exact"),
        "unit": "things",
        "wording": "seven",
        "asserted_by": (Attribution(by="someone"),),
        "evidence": QUOTE,
    }
    fields.update(changes)
    return Figure(**fields)  # type: ignore[arg-type]


def test_parts_and_breakdown_go_together() -> None:
    """A breakdown needs parts and parts need a breakdown; a figure is not its own part."""
    with pytest.raises(InvalidRecordError, match=r"Figure\.breakdown"):
        figure(parts=("fig-a",))
    with pytest.raises(InvalidRecordError, match=r"Figure\.breakdown"):
        figure(breakdown="complete")
    with pytest.raises(InvalidRecordError, match=r"Figure\.parts"):
        figure(parts=("fig-total",), breakdown="partial")


def test_event_titles_are_one_line() -> None:
    """An event title is a single line of at most 120 characters."""
    base = {
        "id": "an-event",
        "kind": "raid",
        "description": "d",
        "date": span(D(2020, 1, 1), D(2020, 1, 1), "day"),
        "asserted_by": (Attribution(by="someone"),),
        "evidence": QUOTE,
    }
    with pytest.raises(InvalidRecordError, match=r"Event\.title"):
        Event(title="two\nlines", **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordError, match=r"Event\.title"):
        Event(title="x" * 121, **base)  # type: ignore[arg-type]


def test_records_are_frozen_and_lists_become_tuples() -> None:
    """Records cannot be changed after construction, and lists given in code are frozen."""
    record = figure(places=["a", "b"], notes=["one"])
    assert record.places == ("a", "b")
    assert isinstance(record.notes, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.unit = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.extra = 1  # type: ignore[attr-defined]


def test_messages_use_the_right_indefinite_article() -> None:
    """Messages say "an organization" and "an Evidence", "a place" and "a Figure"."""
    from syria_is_2024.errors import a_or_an

    assert [a_or_an(n) for n in ("organization", "outlet", "Evidence", "place", "Figure")] == [
        "an organization",
        "an outlet",
        "an Evidence",
        "a place",
        "a Figure",
    ]
    with pytest.raises(InvalidRecordError, match="not an organization"):
        Entity(
            id="x",
            kind="organization",
            name="X",
            description="An organization.",
            located_in="y",
            evidence=(Evidence(quote="X", paragraph=1),),
        )
