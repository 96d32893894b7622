"""Whole-dataset checks: unique ids, links that resolve, a place tree, sums, names and dates.

Each check is tried on a small world built in code: valid on its own, then with one thing
wrong. Every problem must name the record and the field at fault; the dataset refuses to exist
while there is any.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from strategies import A_QUOTE, A_SOURCE, Records, datasets
from syria_is_2024 import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DatasetError,
    LinkError,
)
from syria_is_2024.checks import check_dataset
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import (
    Alias,
    Attribution,
    DateSpan,
    Entity,
    Event,
    Figure,
    Link,
    Participant,
    Quantity,
    Source,
)

EVIDENCE = A_QUOTE
SAYS = (Attribution(by="outlet-o"),)


def entity(id: str, kind: str, **fields: Any) -> Entity:
    """A minimal valid entity."""
    fields.setdefault("name", id.replace("-", " ").title())
    fields.setdefault("evidence", EVIDENCE)
    return Entity(id=id, kind=kind, description="d", **fields)  # type: ignore[arg-type]


def event(id: str, when: dt.date = dt.date(2019, 3, 23), **fields: Any) -> Event:
    """A minimal valid event on one day."""
    date = DateSpan(start=when, end=when, precision="day")
    fields.setdefault("asserted_by", SAYS)
    fields.setdefault("status", "reported")
    return Event(
        id=id, kind="battle", title="t", description="d", date=date, evidence=EVIDENCE, **fields
    )


def figure(
    id: str, low: int | None = 1, high: int | None = 1, qualifier: str = "exact", **fields: Any
) -> Figure:
    """A minimal valid figure."""
    quantity = Quantity(low=low, high=high, qualifier=qualifier)  # type: ignore[arg-type]
    fields.setdefault("asserted_by", SAYS)
    fields.setdefault("status", "reported")
    if fields.get("measure", "count") == "count":
        fields.setdefault("counts", "people")
    return Figure(
        id=id, counted="c", quantity=quantity, unit="u", wording="w", evidence=EVIDENCE, **fields
    )


SOURCE = A_SOURCE
BASE = [
    entity("author-a", "person"),
    entity("outlet-o", "outlet"),
    entity("org-g", "organization"),
    entity("country-c", "place", subtype="country"),
    entity("gov-g", "place", subtype="governorate", located_in="country-c"),
    entity("town-t", "place", subtype="village", located_in="gov-g"),
]


def problems(
    entities: list[Entity] | None = None,
    events: list[Event] | None = None,
    figures: list[Figure] | None = None,
    source: Source = SOURCE,
) -> list[str]:
    """The problems check_dataset finds in the small world (``entities`` replaces BASE)."""
    return check_dataset(
        source, BASE if entities is None else entities, events or [], figures or []
    )


def one_problem_naming(found: list[str], *texts: str) -> None:
    """Exactly one problem was found, and it names each of ``texts``."""
    assert len(found) == 1, found
    for text in texts:
        assert text in found[0], (text, found[0])


def test_the_small_world_is_consistent() -> None:
    """The records these tests start from pass every check and make a dataset."""
    assert problems(events=[event("e")], figures=[figure("f")]) == []
    assert Dataset(SOURCE, BASE, [event("e")], [figure("f")]).event("e").id == "e"


@settings(max_examples=25)
@given(datasets())
def test_generated_datasets_pass_every_check(records: Records) -> None:
    """Any dataset the strategy builds is consistent: no problem, and a Dataset is made of it."""
    assert check_dataset(records.source, records.entities, records.events, records.figures) == []
    built = Dataset(records.source, records.entities, records.events, records.figures)
    assert sorted(e.id for e in built.entities()) == sorted(e.id for e in records.entities)


def test_a_dataset_refuses_to_exist_with_a_problem() -> None:
    """Dataset() raises LinkError, a DatasetError, holding every problem the checks find."""
    late = dt.date(2024, 4, 1)
    with pytest.raises(LinkError) as caught:
        Dataset(SOURCE, BASE, [event("e", late), event("g", places=("atlantis",))], [])
    assert isinstance(caught.value, DatasetError)
    assert len(caught.value.problems) == 2
    assert "'e'" in str(caught.value) and "'g'" in str(caught.value)


# Unique ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "duplicate"),
    [
        ({"entities": [*BASE, entity("article", "person")]}, "article"),
        ({"events": [event("org-g")]}, "org-g"),
        ({"events": [event("twice"), event("twice")]}, "twice"),
        ({"figures": [figure("author-a")]}, "author-a"),
        ({"events": [event("twice")], "figures": [figure("twice")]}, "twice"),
    ],
)
def test_ids_are_unique_across_every_kind_of_record(
    changes: dict[str, Any], duplicate: str
) -> None:
    """An id used twice, by any two records or by the source, is named as already used."""
    one_problem_naming(problems(**changes), repr(duplicate), "id already used")


# Links that resolve, to records of the right kind ---------------------------------------

SAYS_GHOST = (Attribution(by="ghost"),)
VIA_GHOST = (Attribution(by="outlet-o", via=("ghost",)),)


@pytest.mark.parametrize(
    ("changes", "record", "field"),
    [
        ({"source": attrs.evolve(SOURCE, authors=("ghost",))}, "article", ".authors"),
        ({"source": attrs.evolve(SOURCE, publisher="ghost")}, "article", ".publisher"),
        (
            {"entities": [*BASE, entity("p-x", "place", subtype="village", located_in="ghost")]},
            "p-x",
            ".located_in",
        ),
        ({"entities": [*BASE, entity("m", "person", member_of=("ghost",))]}, "m", ".member_of"),
        ({"events": [event("e", places=("ghost",))]}, "e", ".places"),
        (
            {"events": [event("e", participants=(Participant(entity="ghost", role="target"),))]},
            "e",
            ".participants[0]",
        ),
        ({"events": [event("e", figures=("ghost",))]}, "e", ".figures"),
        (
            {"events": [event("e", links=(Link(relation="reports", event="ghost"),))]},
            "e",
            ".links[0]",
        ),
        ({"events": [event("e", asserted_by=SAYS_GHOST)]}, "e", ".asserted_by[0].by"),
        ({"events": [event("e", asserted_by=VIA_GHOST)]}, "e", ".asserted_by[0].via"),
        ({"figures": [figure("f", places=("ghost",))]}, "f", ".places"),
        ({"figures": [figure("f", actors=("ghost",))]}, "f", ".actors"),
        ({"figures": [figure("f", affected=("ghost",))]}, "f", ".affected"),
        ({"figures": [figure("f", parts=("ghost",), breakdown="partial")]}, "f", ".parts"),
        ({"figures": [figure("f", asserted_by=SAYS_GHOST)]}, "f", ".asserted_by[0].by"),
        ({"figures": [figure("f", asserted_by=VIA_GHOST)]}, "f", ".asserted_by[0].via"),
    ],
)
def test_a_dangling_reference_is_named_by_record_and_field(
    changes: dict[str, Any], record: str, field: str
) -> None:
    """Each kind of reference to a record that does not exist names the record, field and id."""
    one_problem_naming(problems(**changes), repr(record), field, "'ghost'")


@pytest.mark.parametrize(
    ("changes", "record", "field", "wrong"),
    [
        ({"source": attrs.evolve(SOURCE, authors=("org-g",))}, "article", ".authors", "org-g"),
        (
            {"entities": [*BASE, entity("m", "person", member_of=("town-t",))]},
            "m",
            ".member_of",
            "town-t",
        ),
        (
            {"entities": [*BASE, entity("m", "person", member_of=("author-a",))]},
            "m",
            ".member_of",
            "author-a",
        ),
        (
            {"entities": [*BASE, entity("p-x", "place", subtype="village", located_in="org-g")]},
            "p-x",
            ".located_in",
            "org-g",
        ),
        ({"events": [event("e", places=("author-a",))]}, "e", ".places", "author-a"),
        ({"events": [event("e", figures=("org-g",))]}, "e", ".figures", "org-g"),
        (
            {"events": [event("e", links=(Link(relation="reports", event="org-g"),))]},
            "e",
            ".links[0]",
            "org-g",
        ),
        ({"figures": [figure("f", places=("org-g",))]}, "f", ".places", "org-g"),
        ({"figures": [figure("f", parts=("org-g",), breakdown="partial")]}, "f", ".parts", "org-g"),
    ],
)
def test_a_reference_to_the_wrong_kind_of_record_is_named(
    changes: dict[str, Any], record: str, field: str, wrong: str
) -> None:
    """A reference to a record of the wrong kind names the record, the field and the id."""
    one_problem_naming(problems(**changes), repr(record), field, repr(wrong))


def test_an_event_cannot_link_to_itself() -> None:
    """An event whose link points back at itself is named with the link's position."""
    found = problems(events=[event("e", links=(Link(relation="part_of", event="e"),))])
    one_problem_naming(found, "'e'", ".links[0]")


def test_actors_and_affected_name_entities_that_act() -> None:
    """A figure's actors and affected name people and bodies, never places or events."""
    assert problems(figures=[figure("f", actors=("org-g",), affected=("author-a",))]) == []
    found = problems(
        events=[event("e")], figures=[figure("f", actors=("e",), affected=("town-t",))]
    )
    assert any(".actors" in p for p in found) and any(".affected" in p for p in found), found


# The place tree --------------------------------------------------------------------------


def test_a_place_chain_must_end_at_a_country() -> None:
    """A chain of places ending at something other than a country names each place on it."""
    world = [
        entity("gov-g", "place", subtype="governorate"),
        entity("town-t", "place", subtype="village", located_in="gov-g"),
        entity("author-a", "person"),
        entity("outlet-o", "outlet"),
    ]
    found = problems(world)
    assert len(found) == 2
    assert all(".located_in" in problem and "country" in problem for problem in found)
    assert {"'gov-g'", "'town-t'"} == {p.split(" ")[1] for p in found}


def test_a_cycle_of_places_is_named() -> None:
    """Places located in each other form a cycle: each place on or leading into it is named."""
    world = [
        entity("country-c", "place", subtype="country"),
        entity("gov-g", "place", subtype="governorate", located_in="town-t"),
        entity("town-t", "place", subtype="village", located_in="gov-g"),
        entity("hamlet-h", "place", subtype="village", located_in="town-t"),
        entity("author-a", "person"),
        entity("outlet-o", "outlet"),
    ]
    found = problems(world)
    for place in ("gov-g", "town-t", "hamlet-h"):
        assert any(f"'{place}'" in p and ".located_in" in p and "cycle" in p for p in found), found


# Breakdowns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "parts", "breakdown", "fits"),
    [
        ((5, 5, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "complete", False),
        ((5, 5, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "partial", False),
        ((9, 9, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "complete", False),
        ((9, 9, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "partial", True),
        ((7, 7, "exact"), [(3, 3, "exact"), (4, 4, "exact")], "complete", True),
        ((9, 9, "exact"), [(3, 3, "exact"), (4, None, "at_least")], "complete", True),
        ((9, 20, "between"), [(3, 3, "exact"), (6, 6, "exact")], "complete", True),
        ((2, None, "at_least"), [(3, 3, "exact"), (4, 4, "exact")], "complete", True),
        ((None, 6, "at_most"), [(3, 3, "exact"), (4, 4, "exact")], "partial", False),
        ((None, 9, "at_most"), [(3, 3, "exact"), (4, 4, "exact")], "complete", True),
        ((None, None, "vague"), [(3, 3, "exact"), (4, 4, "exact")], "complete", True),
        ((9, 9, "exact"), [(3, 3, "exact"), (None, None, "vague")], "partial", False),
        ((9, 9, "exact"), [(3, 3, "exact"), (None, 2, "at_most")], "partial", False),
    ],
)
def test_breakdowns_must_fit_their_total(
    total: tuple[int | None, int | None, str],
    parts: list[tuple[int | None, int | None, str]],
    breakdown: str,
    fits: bool,
) -> None:
    """Parts fit a total: not above its high bound, not below its low one when complete.

    Every part needs a low bound; an open bound of the total checks nothing on its side. A
    breakdown that does not fit is named on the total's ``parts`` field.
    """
    names = [f"part-{n}" for n in range(len(parts))]
    pieces = [figure(n, *p) for n, p in zip(names, parts, strict=True)]
    whole = figure("whole", *total, parts=tuple(names), breakdown=breakdown)
    found = problems(figures=[whole, *pieces])
    if fits:
        assert found == []
    else:
        one_problem_naming(found, "'whole'", ".parts")


def test_a_breakdown_with_a_part_that_is_not_a_figure_is_named_for_that_part_only() -> None:
    """A part that is not a figure is the one problem: the sums are not checked without it."""
    whole = figure("whole", 1, 1, "exact", parts=("part-a", "org-g"), breakdown="complete")
    found = problems(figures=[whole, figure("part-a", 5, 5, "exact")])
    one_problem_naming(found, "'whole'", ".parts", "'org-g'")


# Names shared between entities -----------------------------------------------------------


def test_a_shared_name_must_be_declared_ambiguous_by_every_holder() -> None:
    """A name key held by several entities is named with the holders that did not declare it."""
    shared, plain = Alias(name="Abu Ali", ambiguous=True), Alias(name="Abu Ali")
    once = problems(
        [
            *BASE,
            entity("p-1", "person", aliases=(shared,)),
            entity("p-2", "person", aliases=(plain,)),
        ]
    )
    one_problem_naming(once, "p-1", "p-2", "declare it ambiguous on p-2 ")
    never = problems(
        [*BASE, entity("p-1", "person", name="Abu Ali"), entity("p-2", "person", name="Abu-Ali")]
    )
    one_problem_naming(never, "declare it ambiguous on p-1, p-2 ")


def test_a_name_declared_ambiguous_by_every_holder_is_allowed() -> None:
    """Declared by all its holders, a shared name passes and looking it up names them all.

    A holder that spells the declared name again in another form keeps its declaration; an id
    still finds its entity.
    """
    shared = Alias(name="Abu Ali", ambiguous=True)
    both = [
        entity("p-1", "person", aliases=(shared, Alias(name="ABU-ALI"))),
        entity("p-2", "person", aliases=(shared,)),
    ]
    assert problems([*BASE, *both]) == []
    data = Dataset(SOURCE, [*BASE, *both], [], [])
    with pytest.raises(AmbiguousKeyError) as caught:
        data.entity("Abu Ali")
    assert set(caught.value.candidates) == {"p-1", "p-2"}
    assert data.entity("p-1").id == "p-1"


def test_an_id_spelling_a_shared_name_must_declare_it_too() -> None:
    """An entity whose id spells a name others declare ambiguous is named until it declares it."""
    shared = Alias(name="Abu Ali", ambiguous=True)
    found = problems(
        [*BASE, entity("abu-ali", "person"), entity("p-2", "person", aliases=(shared,))]
    )
    one_problem_naming(found, "abu-ali", "declare it ambiguous on abu-ali ")
    declared = [
        entity("abu-ali", "person", aliases=(shared,)),
        entity("p-2", "person", aliases=(shared,)),
    ]
    data = Dataset(SOURCE, [*BASE, *declared], [], [])
    assert data.entity("abu-ali").id == "abu-ali"


# Dates before publication ----------------------------------------------------------------


def test_nothing_is_dated_after_publication() -> None:
    """An event or figure period ending after publication is named; its last day is allowed."""
    late = dt.date(2024, 4, 1)
    period = DateSpan(start=late, end=late, precision="day")
    found = problems(
        events=[event("e", late), event("ok", dt.date(2024, 3, 31))],
        figures=[figure("f", period=period), figure("g")],
    )
    assert len(found) == 2
    assert any("'e'" in p and ".date.end" in p for p in found)
    assert any("'f'" in p and ".period.end" in p for p in found)


# Datasets built in code ------------------------------------------------------------------


def test_from_records_rebuilds_the_bundled_dataset_unchanged(data: Dataset) -> None:
    """The bundled records pass Dataset.from_records and come back equal, in the same order."""
    rebuilt = Dataset.from_records(data.source, data.entities(), data.events(), data.figures())
    assert rebuilt.source == data.source
    assert rebuilt.entities() == data.entities()
    assert rebuilt.events() == data.events()
    assert rebuilt.figures() == data.figures()
    assert rebuilt.conflicting_accounts() == data.conflicting_accounts()
    assert rebuilt.errata() == data.errata()
    assert rebuilt.manifest is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2019"),
        ("title", 5),
        ("places", "town-t"),
        ("evidence", (5,)),
        ("asserted_by", None),
        ("id", "Not A Slug"),
    ],
)
def test_from_records_refuses_a_record_that_slipped_past_its_validators(
    field: str, value: object
) -> None:
    """A record built with its validators switched off is refused, naming its id and the field."""
    with attrs.validators.disabled():
        broken = attrs.evolve(event("e-broken"), **{field: value})  # type: ignore[arg-type]
    with pytest.raises(DatasetError) as caught:
        Dataset.from_records(SOURCE, BASE, [broken], [])
    message = str(caught.value)
    assert field in message
    if field != "id":
        assert "e-broken" in message


@pytest.mark.parametrize("which", ["source", "entities", "events", "figures"])
@pytest.mark.parametrize("junk", [None, 5, "town-t", object()])
def test_from_records_refuses_what_is_not_a_record(which: str, junk: object) -> None:
    """Something other than a record of the right class is an ArgumentTypeError (a TypeError)."""
    args: dict[str, Any] = {
        "source": SOURCE,
        "entities": list(BASE),
        "events": [event("e")],
        "figures": [],
    }
    if which == "source":
        args["source"] = junk
    else:
        args[which] = [*args[which], junk]
    with pytest.raises(ArgumentTypeError) as caught:
        Dataset.from_records(args["source"], args["entities"], args["events"], args["figures"])
    assert isinstance(caught.value, TypeError)


def test_a_record_of_the_wrong_class_is_refused_by_the_dataset() -> None:
    """Dataset() given an event where entities belong raises ArgumentTypeError."""
    # new in the refactor
    with pytest.raises(ArgumentTypeError):
        Dataset(SOURCE, [*BASE, event("e")], [], [])  # type: ignore[list-item]


# Cycles in the other hierarchies ---------------------------------------------------------


def test_an_organization_that_is_a_member_of_itself_is_refused() -> None:
    """Membership is a hierarchy: a body cannot belong to itself."""
    world = [*BASE[:2], entity("org-g", "organization", member_of=("org-g",)), *BASE[3:]]
    one_problem_naming(problems(world), "'org-g'", ".member_of", "cycle")


def test_organizations_that_are_members_of_each_other_are_refused() -> None:
    """Two bodies each belonging to the other form a cycle, named once with both."""
    world = [
        *BASE,
        entity("org-a", "organization", member_of=("org-b",)),
        entity("org-b", "organization", member_of=("org-a",)),
        entity("cell-c", "organization", member_of=("org-a",)),
    ]
    one_problem_naming(problems(world), ".member_of", "org-a -> org-b", "cycle")


def test_events_that_are_part_of_each_other_are_refused() -> None:
    """An event cannot be part of an event that is, at any remove, part of it."""
    events = [
        event("e-one", links=(Link(relation="part_of", event="e-two"),)),
        event("e-two", links=(Link(relation="part_of", event="e-three"),)),
        event("e-three", links=(Link(relation="part_of", event="e-one"),)),
    ]
    one_problem_naming(problems(events=events), "event", ".links (part_of)", "cycle")


def test_other_links_between_events_may_go_both_ways() -> None:
    """Two accounts that contradict each other link both ways: that is no cycle of parts."""
    events = [
        event("e-one", links=(Link(relation="contradicts", event="e-two"),)),
        event("e-two", links=(Link(relation="contradicts", event="e-one"),)),
    ]
    assert problems(events=events) == []


def test_figures_that_are_parts_of_each_other_are_refused() -> None:
    """A figure cannot break down into a figure that breaks down into it."""
    figures = [
        figure("f-one", 5, 5, parts=("f-two",), breakdown="partial"),
        figure("f-two", 5, 5, parts=("f-one",), breakdown="partial"),
    ]
    found = problems(figures=figures)
    assert any("figure" in p and ".parts" in p and "cycle" in p for p in found), found


def test_a_deep_hierarchy_is_checked_in_linear_time() -> None:
    """A chain of 20,000 places and of 20,000 memberships is checked without recursion limits.

    (The place check used to take time cubic in the depth.)
    """
    places = [entity("country-c", "place", subtype="country")]
    places += [
        entity(f"p-{n}", "place", subtype="area", located_in=f"p-{n - 1}" if n else "country-c")
        for n in range(20_000)
    ]
    bodies = [
        entity(f"o-{n}", "organization", member_of=(f"o-{n + 1}",) if n < 19_999 else ())
        for n in range(20_000)
    ]
    assert problems([*BASE[:2], *places, *bodies]) == []


# Links to the wrong kind of record -------------------------------------------------------


def test_a_place_cannot_publish_assert_or_take_part() -> None:
    """Places locate things: a place as publisher, asserter, relay or participant is refused."""
    by_place = (Attribution(by="town-t"),)
    found = problems(
        events=[event("e-one", participants=(Participant(entity="gov-g", role="announcer"),))],
        figures=[figure("f-one", asserted_by=by_place)],
        source=attrs.evolve(SOURCE, publisher="country-c"),
    )
    for record, field in (
        ("'article'", ".publisher"),
        ("'e-one'", ".participants[0]"),
        ("'f-one'", ".asserted_by[0].by"),
    ):
        assert any(record in p and field in p and "place" in p for p in found), (field, found)
    relayed = (Attribution(by="outlet-o", via=("town-t",)),)
    assert any(".via" in p for p in problems(events=[event("e-two", asserted_by=relayed)]))


def test_an_assertion_cannot_be_relayed_by_its_own_author() -> None:
    """``by X via X`` says nothing true about who relayed it."""
    said = (Attribution(by="outlet-o", via=("author-a", "outlet-o")),)
    one_problem_naming(problems(events=[event("e-one", asserted_by=said)]), "'e-one'", ".via")


def test_a_country_lies_in_no_other_place() -> None:
    """A country inside a country is refused; the tree's roots are its countries."""
    world = [*BASE, entity("country-d", "place", subtype="country", located_in="country-c")]
    one_problem_naming(problems(world), "'country-d'", ".located_in", "country")


def test_parts_are_counted_in_the_unit_and_measure_of_their_total() -> None:
    """A duration cannot be a part of a count of operations, nor people a part of attacks."""
    part = figure("f-part", 2, 2)
    total = figure("f-total", 5, 5, parts=("f-part",), breakdown="partial")
    assert problems(figures=[part, total]) == []
    duration = attrs.evolve(part, measure="duration", counts=None)
    for other in (attrs.evolve(part, unit="years"), duration):
        found = problems(figures=[other, total])
        one_problem_naming(found, "'f-total'", ".parts", "'f-part'")
