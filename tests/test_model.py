"""The record model refuses what cannot be true, naming the field, and never changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import entity_records, event_records, figure_records
from syria_is_2024 import InvalidRecordError
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
    ExternalFact,
    Figure,
    Link,
    Manifest,
    Participant,
    Quantity,
    Source,
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
        span(D(2023, 2, 1), D(2023, 2, 28), "month", basis="relative_to_writing")


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
        (span(D(2019, 3, 23), D(2019, 3, 23), "day", approximate=True), "2019-03-23~"),
        (span(D(2019, 3, 1), D(2019, 3, 31), "month", approximate=True), "2019-03~"),
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
                    latitude=1.0,
                    longitude=1.0,
                    precision_km=1.0,
                    point="place",
                    source="https://example.org/s",
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


PAGE = "https://example.org/page"


def test_only_a_wholly_external_entity_may_go_without_a_quote() -> None:
    """An entity needs a quote unless an external fact on field ``*`` covers the whole record.

    An external fact on any other field does not excuse it.
    """
    whole = ExternalFact(field="*", note="A unit the article does not name.", source=PAGE)
    other = ExternalFact(field="located_in", note="Its parent.", source=PAGE)
    assert place(evidence=(), external=(whole,)).evidence == ()
    with pytest.raises(InvalidRecordError, match=r"Entity\.evidence: needs a quote"):
        place(evidence=(), external=(other,))


@pytest.mark.parametrize(
    ("latitude", "longitude", "precision", "field"),
    [(91.0, 0.0, 1.0, "latitude"), (0.0, 181.0, 1.0, "longitude"), (0.0, 0.0, 0.0, "precision")],
)
def test_coordinates_stay_on_earth(
    latitude: float, longitude: float, precision: float, field: str
) -> None:
    """Coordinates outside the globe, or without a positive precision, are refused."""
    with pytest.raises(InvalidRecordError, match=rf"Coordinates\.{field}"):
        Coordinates(
            latitude=latitude,
            longitude=longitude,
            precision_km=precision,
            point="place",
            source="https://example.org/s",
        )


def figure(**changes: object) -> Figure:
    """A valid figure, with some fields changed."""
    fields: dict[str, object] = {
        "id": "fig-total",
        "counted": "things",
        "quantity": Quantity(low=7, high=7, qualifier="exact"),
        "unit": "things",
        "wording": "seven",
        "counts": "other",
        "status": "reported",
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
        "status": "reported",
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


SOURCE = Source(
    id="article",
    title="T",
    authors=("author-a",),
    publisher="outlet-o",
    language="en",
    published=span(D(2024, 4, 1), D(2024, 4, 30)),
    written=span(D(2024, 3, 22), D(2024, 3, 31)),
    sha256="0" * 64,
    evidence=QUOTE,
)


def person(**changes: object) -> Entity:
    """A valid person entity, with some fields changed."""
    fields: dict[str, object] = {
        "id": "a-person",
        "kind": "person",
        "name": "A Person",
        "description": "Someone.",
        "evidence": QUOTE,
    }
    fields.update(changes)
    return Entity(**fields)  # type: ignore[arg-type]


def an_event(**changes: object) -> Event:
    """A valid event, with some fields changed."""
    fields: dict[str, object] = {
        "id": "an-event",
        "kind": "raid",
        "title": "A raid",
        "description": "d",
        "date": span(D(2020, 1, 1), D(2020, 1, 1), "day"),
        "status": "reported",
        "asserted_by": (Attribution(by="someone"),),
        "evidence": QUOTE,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def point(**changes: object) -> Coordinates:
    """Valid coordinates, with some fields changed."""
    fields: dict[str, object] = {
        "latitude": 1.0,
        "longitude": 1.0,
        "precision_km": 1.0,
        "point": "seat",
        "source": "https://example.org/s",
    }
    fields.update(changes)
    return Coordinates(**fields)  # type: ignore[arg-type]


REFUSED: list[tuple[Callable[[], object], str]] = [
    (lambda: Evidence(quote=" a", paragraph=1), "Evidence.quote"),
    (lambda: Evidence(quote=" ", paragraph=1), "Evidence.quote"),
    (lambda: Evidence(quote=5, paragraph=1), "Evidence.quote"),  # type: ignore[arg-type]
    (lambda: Evidence(quote="a", paragraph="1"), "Evidence.paragraph"),  # type: ignore[arg-type]
    (lambda: person(id=5), "Entity.id"),
    (lambda: person(kind="nation"), "Entity.kind"),
    (lambda: person(kind=["place"]), "Entity.kind"),
    (lambda: person(subtype="village"), "Entity.subtype"),
    (lambda: person(located_in="b"), "Entity.located_in"),
    (lambda: place(located_in="B"), "Entity.located_in"),
    (lambda: person(member_of=("b", "b")), "Entity.member_of"),
    (lambda: person(member_of=("b", "C")), "Entity.member_of"),
    (lambda: person(aliases=("a plain name",)), "Entity.aliases[0]"),
    (lambda: person(notes=("fine", " ")), "Entity.notes"),
    (lambda: person(notes="abc"), "Entity.notes"),
    (lambda: person(standalone=""), "Entity.standalone"),
    (lambda: person(standalone=" x"), "Entity.standalone"),
    (lambda: Alias(name="x", kind="pet-name"), "Alias.kind"),  # type: ignore[arg-type]
    (lambda: Alias(name="x", external=True), "Alias.source"),
    (lambda: Alias(name="x", external=True, source="a page"), "Alias.source"),
    (lambda: ExternalFact(field="f", note="n", source="nowhere"), "ExternalFact.source"),
    (lambda: point(source="general geography"), "Coordinates.source"),
    (lambda: an_event(status="rumoured"), "Event.status"),
    (lambda: an_event(ongoing="yes"), "Event.ongoing"),
    (lambda: figure(counts=None), "Figure.counts"),
    (lambda: figure(measure="duration"), "Figure.counts"),
    (lambda: Attribution(by="x", via=("y", "y")), "Attribution.via"),
    (lambda: Participant(entity="Not A Slug", role="subject"), "Participant.entity"),
    (lambda: Link(relation="follows-on", event="x"), "Link.relation"),  # type: ignore[arg-type]
    (lambda: point(latitude=-90.5), "Coordinates.latitude"),
    (lambda: point(latitude="1"), "Coordinates.latitude"),
    (lambda: point(longitude=-181.0), "Coordinates.longitude"),
    (lambda: point(precision_km=True), "Coordinates.precision_km"),
    (lambda: point(point="centroid"), "Coordinates.point"),
    (lambda: Quantity(low=None, high=None, qualifier="average"), "Quantity.qualifier"),
    (lambda: Quantity(low=1, high=1, qualifier="more_than"), "Quantity.qualifier"),
    (lambda: Quantity(low=None, high=None, qualifier="at_least"), "Quantity.qualifier"),
    (lambda: Quantity(low=1, high=None, qualifier="at_most"), "Quantity.qualifier"),
    (lambda: Quantity(low=None, high=2, qualifier="between"), "Quantity.qualifier"),
    (lambda: Quantity(low=None, high=1, qualifier="vague"), "Quantity.qualifier"),
    (lambda: Quantity(low=1, high=False, qualifier="exact"), "Quantity.high"),
    (lambda: Quantity(low=None, high=-1, qualifier="at_most"), "Quantity.high"),
    (lambda: Quantity(low=0, high=0, qualifier="exactly"), "Quantity.qualifier"),  # type: ignore[arg-type]
    (lambda: span(D(2020, 2, 1), D(2020, 2, 28), "month"), "DateSpan.precision"),
    (lambda: span(D(2020, 1, 2), D(2020, 12, 31), "year"), "DateSpan.precision"),
    (lambda: span(D(2020, 1, 1), "2020-01-01", "day"), "DateSpan.end"),  # type: ignore[arg-type]
    (lambda: span(D(2020, 1, 1), D(2020, 1, 1), "day", wording=""), "DateSpan.wording"),
    (lambda: span(D(2020, 1, 1), D(2020, 1, 1), "day", basis="x"), "DateSpan.basis"),
    (lambda: an_event(asserted_by=()), "Event.asserted_by"),
    (lambda: an_event(places=("a", "a")), "Event.places"),
    (lambda: an_event(kind="massacre-of-facts"), "Event.kind"),
    (lambda: figure(parts=("g",), breakdown="most"), "Figure.breakdown"),
    (lambda: figure(measure="size"), "Figure.measure"),
    (lambda: attrs.evolve(SOURCE, sha256="A" * 64), "Source.sha256"),
    (lambda: attrs.evolve(SOURCE, sha256="0" * 63), "Source.sha256"),
    (lambda: attrs.evolve(SOURCE, authors=("Not A Slug",)), "Source.authors"),
    (lambda: attrs.evolve(SOURCE, subtitle=" "), "Source.subtitle"),
    (lambda: DataFile(name="x", sha256="g" * 64, records=1), "DataFile.sha256"),
    (
        lambda: Manifest(
            name="n", version="1", schema_version=1, article_sha256="0" * 64, files=()
        ),
        "Manifest.files",
    ),
    (lambda: Erratum(field="f", as_printed="a", likely="b", reasoning=""), "Erratum.reasoning"),
]


@pytest.mark.parametrize(("build", "field"), REFUSED)
def test_impossible_values_are_refused_naming_class_and_field(
    build: Callable[[], object], field: str
) -> None:
    """Each impossible or wrongly typed value is refused at construction, naming Class.field."""
    with pytest.raises(InvalidRecordError) as caught:
        build()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


ACCEPTED: list[tuple[Callable[[], Any], str, object]] = [
    (lambda: Evidence(quote=("a " * 40).strip(), paragraph=1), "paragraph", 1),
    (lambda: point(latitude=90.0, longitude=-180.0, precision_km=0.1), "latitude", 90.0),
    (lambda: point(latitude=-90.0, longitude=180.0), "longitude", 180.0),
    (lambda: Quantity(low=0, high=0, qualifier="exact"), "low", 0),
    (lambda: Quantity(low=0, high=None, qualifier="at_least"), "high", None),
    (lambda: Quantity(low=None, high=0, qualifier="at_most"), "high", 0),
    (lambda: Quantity(low=0, high=1, qualifier="between"), "high", 1),
    (lambda: span(D(2024, 2, 1), D(2024, 2, 29), "month"), "end", D(2024, 2, 29)),
    (lambda: span(D(2023, 12, 1), D(2023, 12, 31), "month"), "end", D(2023, 12, 31)),
    (lambda: span(D(2023, 1, 1), D(2023, 12, 31), "year"), "end", D(2023, 12, 31)),
    (lambda: span(D(2023, 1, 1), D(2023, 1, 1), "day", wording="then", rule="r"), "rule", "r"),
    (lambda: figure(parts=("g",), breakdown="partial"), "parts", ("g",)),
    (lambda: person(notes=("fine",), standalone="why"), "standalone", "why"),
    (lambda: attrs.evolve(SOURCE, subtitle=None, url="https://x.org"), "url", "https://x.org"),
]


@pytest.mark.parametrize(("build", "field", "value"), ACCEPTED)
def test_values_at_the_edges_are_accepted(
    build: Callable[[], Any], field: str, value: object
) -> None:
    """A 40-word quote, the poles and the date line, zero counts, a leap February build."""
    assert getattr(build(), field) == value


RECORDS = st.one_of(entity_records(), event_records(), figure_records())


def field_names(value: Any) -> list[str]:
    """The names of an attrs instance's fields."""
    return [field.name for field in attrs.fields(type(value))]


def values_inside(value: object) -> Iterator[object]:
    """Every attrs instance reachable from ``value`` through fields and tuples."""
    if attrs.has(type(value)):
        yield value
        for name in field_names(value):
            yield from values_inside(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from values_inside(item)


@given(RECORDS, st.data())
def test_no_field_of_a_record_can_be_changed_at_any_depth(
    record: Entity | Event | Figure, data: st.DataObject
) -> None:
    """Assigning to or deleting any field of a record, or of a value inside it, is refused.

    The record compares equal to a copy taken before the attempt.
    """
    before = attrs.evolve(record)
    target = data.draw(st.sampled_from(list(values_inside(record))))
    name = data.draw(st.sampled_from([*field_names(target), "extra"]))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(target, name, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(target, name)
    assert record == before


@given(RECORDS)
def test_collections_in_records_are_tuples(record: Entity | Event | Figure) -> None:
    """Every collection a record holds, at any depth, is a tuple: nothing inside can grow."""
    for value in values_inside(record):
        for name in field_names(value):
            held = getattr(value, name)
            assert not isinstance(held, list | dict | set), (type(value).__name__, name)


@pytest.mark.parametrize(
    ("event_type", "sub_event_type"),
    [
        ("Battles", None),
        (None, "Armed clash"),
        ("Battles", "Attack"),
        ("Violence against civilians", "Armed clash"),
    ],
)
def test_an_acled_sub_event_type_belongs_to_its_event_type(
    event_type: str | None, sub_event_type: str | None
) -> None:
    """The ACLED crosswalk pairs a type with one of its own sub-types, or gives neither."""
    with pytest.raises(InvalidRecordError, match=r"Event\.acled_sub_event_type"):
        an_event(acled_event_type=event_type, acled_sub_event_type=sub_event_type)


def test_crosswalk_terms_come_from_their_vocabularies() -> None:
    """ACLED and UCDP terms outside the codebooks' lists are refused; theirs are accepted."""
    with pytest.raises(InvalidRecordError, match=r"Event\.acled_event_type"):
        an_event(acled_event_type="battles", acled_sub_event_type="Armed clash")
    with pytest.raises(InvalidRecordError, match=r"Event\.ucdp_violence"):
        an_event(ucdp_violence=3)
    coded = an_event(
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Remote explosive/landmine/IED",
        ucdp_violence="one_sided",
    )
    assert (coded.acled_sub_event_type, coded.ucdp_violence) == (
        "Remote explosive/landmine/IED",
        "one_sided",
    )


# How records print -------------------------------------------------------------------------


@given(RECORDS)
def test_a_record_prints_as_one_short_line(record: Entity | Event | Figure) -> None:
    """A record's repr is one line naming its class, id and kind, however much it holds.

    Equality and hashing still use every field: a copy is equal and hashes alike, and a
    record changed in one field is not equal.
    """
    text = repr(record)
    assert "\n" not in text
    assert text.startswith(f"<{type(record).__name__} {record.id}: ")
    kind = record.measure if isinstance(record, Figure) else record.kind
    assert kind in text
    assert len(text) <= 300  # the 120-character title, the id and the date, not the evidence
    copy = attrs.evolve(record)
    assert copy == record and hash(copy) == hash(record)
    assert attrs.evolve(record, notes=(*record.notes, "one more")) != record


def test_a_record_prints_its_date_and_title_or_name() -> None:
    """Each kind of record prints what names it.

    An event its date span and title, an entity its name, a figure its period and wording,
    the source its title and edition.
    """
    import syria_is_2024 as s

    battle = s.event("battle-of-al-baghouz")
    assert repr(battle) == f"<Event {battle.id}: battle, {battle.date.edtf}, {battle.title!r}>"
    village = s.entity("al-Baghouz")
    assert repr(village) == "<Entity al-baghouz: place (village), 'al-Baghouz'>"
    deaths = s.figure("fig-atmeh-killed")
    assert deaths.period is not None
    assert repr(deaths).startswith(
        f"<Figure fig-atmeh-killed: count of killed, {deaths.period.edtf}"
    )
    assert repr(s.source()).startswith(f"<Source {s.source().id}: {s.source().title!r}")


def test_the_record_classes_and_the_dataset_are_importable_from_the_package() -> None:
    """``from syria_is_2024 import Dataset, Entity, Event, Figure, Source`` works.

    They are the classes the records and accessors use; the package's ``__all__`` lists
    them, sorted.
    """
    import syria_is_2024 as s
    from syria_is_2024 import Dataset, Entity, Event, Figure, Source, dataset, model

    assert (Entity, Event, Figure, Source) == (
        model.Entity,
        model.Event,
        model.Figure,
        model.Source,
    )
    assert Dataset is dataset.Dataset
    assert isinstance(s.get_dataset(), Dataset)
    assert {"Dataset", "Entity", "Event", "Figure", "Source"} <= set(s.__all__)
    assert s.__all__ == sorted(s.__all__, key=lambda name: (name[0].islower(), name))
