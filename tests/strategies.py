"""Hypothesis strategies for the record model, shared by the property tests.

Values (date spans, quantities, evidence), whole records of each kind with every optional
field given sometimes, and whole datasets whose records are consistent together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from syria_is_2024.model import (
    Alias,
    Attribution,
    Coordinates,
    DateSpan,
    Entity,
    Erratum,
    Event,
    Evidence,
    ExternalFact,
    ExternalId,
    Figure,
    Link,
    Participant,
    Quantity,
    RelatedSource,
    Release,
    Source,
    Withdrawal,
)
from syria_is_2024.taxonomy import (
    DATE_BASES,
    SUBTYPES,
    AliasKind,
    Breakdown,
    Counts,
    DateBasis,
    EntityKind,
    EventKind,
    Measure,
    Precision,
    Qualifier,
    Relation,
    Role,
    Status,
    terms,
)

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


@st.composite
def date_spans(draw: st.DrawFn) -> DateSpan:
    """Any valid DateSpan: its bounds fit its precision, and a resolved date has a rule."""
    precision: Precision = draw(
        st.sampled_from(
            [
                "day",
                "days",
                "month",
                "part_of_month",
                "months",
                "part_of_year",
                "year",
                "years",
                "unknown",
            ]
        )
    )
    start = draw(DAYS)
    if precision == "day":
        end = start
    elif precision == "month":
        start = start.replace(day=1)
        end = _month_end(start)
    elif precision == "year":
        start = dt.date(start.year, 1, 1)
        end = dt.date(start.year, 12, 31)
    else:
        end = start + dt.timedelta(days=draw(st.integers(0, 4000)))
    basis: DateBasis = draw(st.sampled_from(sorted(DATE_BASES)))
    rule = draw(TEXT) if basis != "stated" else draw(st.none() | TEXT)
    return DateSpan(
        start=start,
        end=end,
        precision=precision,
        approximate=draw(st.booleans()),
        wording=draw(st.none() | TEXT),
        basis=basis,
        rule=rule,
    )


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    """Any valid Quantity: bounds as its qualifier requires, never negative."""
    qualifier: Qualifier = draw(
        st.sampled_from(
            [
                "exact",
                "approximately",
                "at_least",
                "more_than",
                "at_most",
                "between",
                "average",
                "vague",
            ]
        )
    )
    value = draw(st.integers(0, 10**9))
    if qualifier in ("exact", "approximately", "average"):
        return Quantity(low=value, high=value, qualifier=qualifier)
    if qualifier in ("at_least", "more_than"):
        return Quantity(low=value, high=None, qualifier=qualifier)
    if qualifier == "at_most":
        return Quantity(low=None, high=value, qualifier=qualifier)
    if qualifier == "between":
        return Quantity(low=value, high=value + draw(st.integers(1, 10**6)), qualifier=qualifier)
    return Quantity(low=None, high=None, qualifier="vague")


evidence = st.builds(
    Evidence,
    quote=st.lists(st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True), min_size=1, max_size=40).map(
        " ".join
    ),
    paragraph=st.integers(1, 500),
)


# Whole records ----------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz\u00e9\u00fc\u00e7\u00f1\u0101\u012b"
WORDS = st.text(st.sampled_from(LETTERS), min_size=1, max_size=8)
"""A word of letters only: a name built from words and a number has a predictable key."""

ALIAS_KINDS_ = sorted(terms(AliasKind))
ENTITY_KINDS_ = sorted(terms(EntityKind))
EVENT_KINDS_ = sorted(terms(EventKind))
ROLES = sorted(terms(Role))
RELATIONS = sorted(terms(Relation))
MEASURES_ = sorted(terms(Measure))
COUNTS_ = sorted(terms(Counts))
STATUSES_ = sorted(terms(Status))
BREAKDOWNS = sorted(terms(Breakdown))
PLACE_SUBTYPES = sorted(set(SUBTYPES["place"]) - {"country"})  # a country lies in no place
BODY_KINDS = ("organization", "group", "outlet")
"""The kinds an entity may be a member of."""

SHA256 = st.text("0123456789abcdef", min_size=64, max_size=64)
TEXTS = st.lists(TEXT, max_size=2).map(tuple)
EVIDENCE_LISTS = st.lists(evidence, min_size=1, max_size=2).map(tuple)
errata = st.builds(Erratum, field=TEXT, as_printed=TEXT, likely=TEXT, reasoning=TEXT)
URLS = st.from_regex(r"https://[a-z]{1,10}\.(org|net|com)/[a-z0-9/_-]{0,20}", fullmatch=True)
external_facts = st.builds(ExternalFact, field=TEXT, note=TEXT, source=URLS)
external_ids = st.builds(ExternalId, scheme=TEXT, value=TEXT, source=URLS)
coordinates = st.builds(
    Coordinates,
    latitude=st.floats(-90, 90),
    longitude=st.floats(-180, 180),
    precision_km=st.floats(0.001, 500),
    point=st.sampled_from(["place", "seat"]),
    source=URLS,
)


def unique_slugs(
    draw: st.DrawFn, pool: Sequence[str] | None = None, max_size: int = 3
) -> tuple[str, ...]:
    """A few distinct ids: drawn from ``pool`` when given, else any slugs."""
    if pool is not None and not pool:
        return ()
    items = st.sampled_from(list(pool)) if pool is not None else SLUGS
    return tuple(draw(st.lists(items, unique=True, max_size=max_size)))


@st.composite
def attributions(draw: st.DrawFn, entities: Sequence[str] | None = None) -> Attribution:
    """Who asserts something: an entity, relayed via a few others (from ``entities`` if given)."""
    by = draw(st.sampled_from(list(entities))) if entities else draw(SLUGS)
    return Attribution(by=by, via=tuple(v for v in unique_slugs(draw, entities, 2) if v != by))


@st.composite
def aliases(draw: st.DrawFn, mark: str = "") -> tuple[Alias, ...]:
    """A few aliases with distinct names; ``mark`` ends each name (it keeps their keys apart)."""
    names = draw(st.lists(WORDS, unique=True, max_size=3))
    made = []
    for name in names:
        external = draw(st.booleans())
        made.append(
            Alias(
                name=f"{name} {mark}".strip(),
                kind=draw(st.sampled_from(ALIAS_KINDS_)),
                external=external,
                ambiguous=draw(st.booleans()) if not mark else False,
                source=draw(URLS) if external else draw(st.none() | URLS),
            )
        )
    return tuple(made)


@st.composite
def entity_records(
    draw: st.DrawFn,
    id: str | None = None,
    kind: str | None = None,
    name: str | None = None,
    located_in: str | None = None,
    bodies: Sequence[str] | None = None,
    mark: str = "",
) -> Entity:
    """A valid Entity, every optional field given sometimes.

    The keyword arguments fix what a consistent dataset needs (the id, kind, name, the place
    it is located in, the bodies it may belong to, and the mark that ends its alias names);
    left out, they are drawn freely.
    """
    kind = kind or draw(st.sampled_from(ENTITY_KINDS_))
    record_id = id or draw(SLUGS)
    subtypes = SUBTYPES.get(kind, ())
    subtype = draw(st.sampled_from(sorted(subtypes))) if subtypes else None
    if kind != "place" and subtype is not None and draw(st.booleans()):
        subtype = None
    if kind == "place" and located_in is None and id is None and draw(st.booleans()):
        located_in = draw(SLUGS.filter(lambda slug: slug != record_id))
    member_of = unique_slugs(
        draw, [b for b in bodies if b != record_id] if bodies is not None else None
    )
    return Entity(
        id=record_id,
        kind=kind,  # type: ignore[arg-type]
        subtype=subtype,
        name=name or draw(TEXT),
        aliases=draw(aliases(mark)),
        description=draw(TEXT),
        anonymous=draw(st.booleans()),
        located_in=located_in if kind == "place" else None,
        member_of=member_of,
        coordinates=draw(st.none() | coordinates) if kind == "place" else None,
        external_ids=tuple(draw(st.lists(external_ids, max_size=2))),
        external=tuple(draw(st.lists(external_facts, max_size=2))),
        standalone=draw(st.none() | TEXT),
        evidence=draw(EVIDENCE_LISTS),
        notes=draw(TEXTS),
        errata=tuple(draw(st.lists(errata, max_size=2))),
    )


@st.composite
def event_records(
    draw: st.DrawFn,
    id: str | None = None,
    places: Sequence[str] | None = None,
    entities: Sequence[str] | None = None,
    events: Sequence[str] | None = None,
    figures: Sequence[str] | None = None,
) -> Event:
    """A valid Event, every optional field given sometimes.

    Given the ids of the places, entities, other events and figures of a dataset, every link
    it makes is to one of them; left out, links are to any slugs.
    """
    record_id = id or draw(SLUGS)
    others = [e for e in events if e != record_id] if events is not None else None
    participant_ids = unique_slugs(draw, entities)
    link_targets = unique_slugs(draw, others, 2)
    say = attributions(entities)
    return Event(
        id=record_id,
        kind=draw(st.sampled_from(EVENT_KINDS_)),
        status=draw(st.sampled_from(STATUSES_)),
        ongoing=draw(st.booleans()),
        title=draw(TEXT),
        description=draw(TEXT),
        date=draw(date_spans()),
        places=unique_slugs(draw, places),
        participants=tuple(
            Participant(entity=p, role=draw(st.sampled_from(ROLES))) for p in participant_ids
        ),
        figures=unique_slugs(draw, figures),
        links=tuple(
            Link(relation=draw(st.sampled_from(RELATIONS)), event=target) for target in link_targets
        ),
        asserted_by=tuple(draw(st.lists(say, min_size=1, max_size=2))),
        external=tuple(draw(st.lists(external_facts, max_size=2))),
        evidence=draw(EVIDENCE_LISTS),
        notes=draw(TEXTS),
        errata=tuple(draw(st.lists(errata, max_size=2))),
    )


@st.composite
def totals(draw: st.DrawFn, parts: Sequence[Quantity], breakdown: str) -> Quantity:
    """A total that its parts fit.

    Never below what the parts add up to at least; for a complete breakdown, never above what
    they add up to at most.
    """
    least = sum(p.low for p in parts if p.low is not None)
    highs = [p.high for p in parts]
    most = (
        None if breakdown != "complete" or None in highs else sum(h for h in highs if h is not None)
    )
    qualifier = draw(st.sampled_from(["exact", "at_least", "at_most", "between", "vague"]))
    if qualifier == "vague":
        return Quantity(low=None, high=None, qualifier="vague")
    if qualifier == "at_most":
        return Quantity(low=None, high=least + draw(st.integers(0, 100)), qualifier="at_most")
    if qualifier == "at_least":
        return Quantity(low=draw(st.integers(0, least)), high=None, qualifier="at_least")
    if qualifier == "exact":
        value = draw(st.integers(least, least + 100 if most is None else most))
        return Quantity(low=value, high=value, qualifier="exact")
    low = draw(st.integers(0, least))
    return Quantity(
        low=low, high=max(low + 1, least) + draw(st.integers(0, 50)), qualifier="between"
    )


@st.composite
def figure_records(
    draw: st.DrawFn,
    id: str | None = None,
    places: Sequence[str] | None = None,
    entities: Sequence[str] | None = None,
    earlier: Sequence[Figure] | None = None,
) -> Figure:
    """A valid Figure, every optional field given sometimes.

    Given a dataset's ids, it links only to them; its parts are drawn from the ``earlier``
    figures that have a low bound, and its quantity fits what they add up to.
    """
    record_id = id or draw(SLUGS)
    if earlier is None:
        parts = unique_slugs(draw)
        parts = tuple(p for p in parts if p != record_id)
        breakdown = draw(st.sampled_from(BREAKDOWNS)) if parts else None
        quantity = draw(quantities())
    else:
        candidates = [f for f in earlier if f.quantity.low is not None]
        chosen = (
            draw(st.lists(st.sampled_from(candidates), unique_by=lambda f: f.id, max_size=3))
            if candidates
            else []
        )
        chosen = [f for f in chosen if (f.measure, f.unit) == (chosen[0].measure, chosen[0].unit)]
        parts = tuple(f.id for f in chosen)
        breakdown = draw(st.sampled_from(BREAKDOWNS)) if parts else None
        quantity = (
            draw(totals([f.quantity for f in chosen], breakdown or "partial"))
            if parts
            else draw(quantities())
        )
    measure, unit = (
        (chosen[0].measure, chosen[0].unit)
        if earlier is not None and parts
        else (draw(st.sampled_from(MEASURES_)), draw(TEXT))
    )
    return Figure(
        id=record_id,
        counted=draw(TEXT),
        measure=measure,  # type: ignore[arg-type]
        counts=draw(st.sampled_from(COUNTS_)) if measure == "count" else None,
        status=draw(st.sampled_from(STATUSES_)),
        quantity=quantity,
        unit=unit,
        wording=draw(TEXT),
        period=draw(st.none() | date_spans()),
        places=unique_slugs(draw, places),
        actors=unique_slugs(draw, entities),
        affected=unique_slugs(draw, entities),
        parts=parts,
        breakdown=breakdown,  # type: ignore[arg-type]
        asserted_by=tuple(draw(st.lists(attributions(entities), min_size=1, max_size=2))),
        external=tuple(draw(st.lists(external_facts, max_size=2))),
        evidence=draw(EVIDENCE_LISTS),
        notes=draw(TEXTS),
        errata=tuple(draw(st.lists(errata, max_size=2))),
    )


@st.composite
def sources(
    draw: st.DrawFn,
    authors: Sequence[str] = (),
    publisher: str | None = None,
    latest: dt.date | None = None,
) -> Source:
    """A valid Source; with ``latest``, written (and published) no earlier than that day."""
    written = draw(date_spans())
    if latest is not None and written.end < latest:
        days = draw(st.integers(0, 30))
        end = latest + dt.timedelta(days=days)
        written = DateSpan(start=latest, end=end, precision="day" if days == 0 else "days")
    published = DateSpan(start=written.start, end=written.end, precision="days")
    return Source(
        id=draw(SLUGS.map(lambda slug: f"src-{slug}")),
        title=draw(TEXT),
        subtitle=draw(st.none() | TEXT),
        authors=tuple(authors) if authors else unique_slugs(draw),
        publisher=publisher or draw(SLUGS),
        language=draw(TEXT),
        published=published,
        written=written,
        url=draw(st.none() | URLS),
        related=tuple(
            draw(
                st.lists(
                    st.builds(
                        RelatedSource,
                        relation=TEXT,
                        language=TEXT,
                        title=st.none() | TEXT,
                        url=st.none() | URLS,
                        evidence=EVIDENCE_LISTS,
                    ),
                    max_size=1,
                )
            )
        ),
        external=tuple(draw(st.lists(external_facts, max_size=1))),
        sha256=draw(SHA256),
        evidence=draw(EVIDENCE_LISTS),
        notes=draw(TEXTS),
    )


@attrs.frozen
class Records:
    """A whole dataset's records, in the order the data files hold them."""

    source: Source
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]
    releases: tuple[Release, ...] = ()


SHARED_NAME = "Shared Name"
"""An alias several entities of a generated dataset may hold, each declaring it ambiguous."""


@st.composite
def datasets(draw: st.DrawFn, max_records: int = 6) -> Records:
    """A valid, internally consistent dataset.

    At least one author (a person) and a publisher (an outlet); places form a tree under one
    or more countries; memberships (to bodies listed earlier), participants, places, subjects,
    parts, links (to earlier events) and attributions all name records of the right kind;
    participants and attributions are never places; breakdowns fit their totals, in the unit
    and measure of their parts; the source is published on or after the last day of every
    event and figure period. Names are words followed by the entity's number, so that no two
    entities share a lookup key except the one alias they all declare ambiguous.
    """
    counts = {
        "person": draw(st.integers(1, 2)),
        "outlet": 1,
        "organization": draw(st.integers(0, 2)),
        "group": draw(st.integers(0, 1)),
        "place": draw(st.integers(2, max(2, max_records // 2))),
    }
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    slugs = draw(st.lists(SLUGS, min_size=len(kinds), max_size=len(kinds)))
    ids = [f"e{n:03d}-{slug}" for n, slug in enumerate(slugs)]
    bodies = [i for i, k in zip(ids, kinds, strict=True) if k in BODY_KINDS]
    share = draw(st.sets(st.sampled_from(ids), max_size=3)) if draw(st.booleans()) else set()
    entities: list[Entity] = []
    places: list[str] = []
    for n, (record_id, kind) in enumerate(zip(ids, kinds, strict=True)):
        located_in = None
        entity = draw(
            entity_records(
                id=record_id,
                kind=kind,
                name=f"{draw(WORDS).title()} n{n:03d}",
                # bodies listed before it only, so that memberships form no cycle
                bodies=[b for b in bodies if b < record_id] if kind != "place" else (),
                mark=f"a{n:03d}",
            )
        )
        if kind == "place":
            if places:  # the first place is a country; each other lies in an earlier one
                located_in = draw(st.sampled_from(places))
                subtype = draw(st.sampled_from(PLACE_SUBTYPES))
            else:
                subtype = "country"
            regions = unique_slugs(draw, places, 2)  # informal regions: any place, no tree
            entity = attrs.evolve(entity, subtype=subtype, located_in=located_in, regions=regions)
            places.append(record_id)
        if record_id in share:
            entity = attrs.evolve(
                entity, aliases=(*entity.aliases, Alias(name=SHARED_NAME, ambiguous=True))
            )
        entities.append(entity)
    people = [i for i, k in zip(ids, kinds, strict=True) if k == "person"]
    actors = [i for i, k in zip(ids, kinds, strict=True) if k != "place"]  # places locate only
    publisher = next(i for i, k in zip(ids, kinds, strict=True) if k == "outlet")
    n_events = draw(st.integers(1, max_records))
    n_figures = draw(st.integers(1, max_records))
    event_ids = [
        f"v{n:03d}-{s}"
        for n, s in enumerate(draw(st.lists(SLUGS, min_size=n_events, max_size=n_events)))
    ]
    figure_ids = [
        f"f{n:03d}-{s}"
        for n, s in enumerate(draw(st.lists(SLUGS, min_size=n_figures, max_size=n_figures)))
    ]
    figures: list[Figure] = []
    for figure_id in figure_ids:
        figures.append(
            draw(
                figure_records(
                    id=figure_id,
                    places=places,
                    entities=actors,
                    earlier=figures,
                )
            )
        )
    events = [  # links to earlier events only, so that no event is part of itself
        draw(
            event_records(
                id=i, places=places, entities=actors, events=event_ids[:n], figures=figure_ids
            )
        )
        for n, i in enumerate(event_ids)
    ]
    ends = [e.date.end for e in events] + [f.period.end for f in figures if f.period is not None]
    authors = draw(st.lists(st.sampled_from(people), min_size=1, unique=True))
    source = draw(sources(authors=authors, publisher=publisher, latest=max(ends)))
    every = [*(e.id for e in entities), *event_ids, *figure_ids]
    first = Release(version="1.0.0", date=dt.date(2026, 1, 1), added=tuple(sorted(every)))
    gone = Withdrawal(id="zz-withdrawn", replaced_by=(every[0],), why="Merged into another.")
    later = Release(version="1.1.0", date=dt.date(2026, 2, 1), withdrawn=(gone,))
    releases = draw(st.sampled_from([(), (first,), (first, later)]))
    return Records(source, tuple(entities), tuple(events), tuple(figures), releases)


# Abusive arguments -----------------------------------------------------------------------------


ODD_KEYS = ("", " ", "\x00", "\ud800", "\udfff", "al-", "al", "al as", "-", "_", "\u202e", "\ufeff")
"""Short keys that are empty, invisible, unpaired or only an article."""


def any_text(known: Sequence[str]) -> st.SearchStrategy[str]:
    """Any text a caller might pass as a key.

    Controls, lone surrogates and huge strings, and the ``known`` keys (ids, names) as given,
    padded and upper-cased.
    """
    return st.one_of(
        st.text(st.characters(exclude_categories=()), max_size=40),  # controls, surrogates
        st.text(st.characters(codec="utf-8"), min_size=480, max_size=520),  # about the key limit
        st.sampled_from([*ODD_KEYS, "x" * 100_000, "\u0628" * 100_000]),
        st.sampled_from(list(known)),
        st.tuples(st.sampled_from(list(known)), st.text(max_size=3), st.text(max_size=3)).map(
            lambda parts: parts[1] + parts[0] + parts[2]
        ),
        st.sampled_from(list(known)).map(str.upper),
    )


NOT_TEXT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
    st.tuples(st.text(max_size=3)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
    st.builds(object),
    st.just(dt.date(2019, 3, 23)),
)
"""Values of every type but text, for arguments that must be text."""


# A small world built by hand --------------------------------------------------------------------

A_QUOTE = (Evidence(quote="a quote", paragraph=1),)
"""Evidence for records made by hand in tests."""
A_SOURCE = Source(
    id="article",
    title="T",
    authors=("author-a",),
    publisher="outlet-o",
    language="en",
    published=DateSpan(start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30), precision="month"),
    written=DateSpan(start=dt.date(2024, 3, 22), end=dt.date(2024, 3, 31), precision="days"),
    sha256="0" * 64,
    evidence=A_QUOTE,
)
"""A source written by the person ``author-a`` and published by the outlet ``outlet-o``."""
