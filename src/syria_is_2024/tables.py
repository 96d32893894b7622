"""The dataset flattened into named tables of plain values, for CSV, spreadsheets and data frames.

Records become one row each in ``entities``, ``events`` and ``figures``. Everything a record
holds as a list becomes a table of its own, one row per item, keyed by the owning record's id
and ``n``, the item's 1-based position in the list (so the order of the record is kept). Lists
every kind of record carries (evidence, attributions, errata, notes) share one table each,
keyed by ``record_id``.

Values are plain: text, whole numbers, floats, booleans and ``None`` for a missing value.
Dates are ISO 8601 text (``2019-03-23``); a date span is spread over ``*_start``, ``*_end``,
``*_precision``, ``*_approximate``, ``*_edtf``, ``*_wording``, ``*_basis`` and ``*_rule``
columns. An open quantity bound (``at least 13`` has no high bound) is ``None``.

The table layouts (:data:`TABLES`) are data, not code: the exports build their schemas from
them and :func:`render_markdown` renders them for the documentation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Literal

from attrs import frozen

from .dataset import Dataset
from .errors import UnknownKeyError
from .model import DateSpan, Entity, Event, Figure, Record
from .taxonomy import (
    ALIAS_KINDS,
    BREAKDOWNS,
    DATE_BASES,
    ENTITY_KINDS,
    EVENT_KINDS,
    MEASURES,
    PRECISIONS,
    QUALIFIERS,
    RELATIONS,
    ROLES,
    SUBTYPES,
)

__all__ = [
    "RECORD_KINDS",
    "TABLES",
    "Column",
    "ColumnType",
    "ForeignKey",
    "Row",
    "Table",
    "TableSpec",
    "Value",
    "record_kind",
    "render_markdown",
    "table",
    "tables",
]

Value = str | int | float | bool | None
"""A cell: text (dates included, as ISO 8601), a whole number, a float, a boolean or missing."""

Row = tuple[Value, ...]
"""One row of a table, its values in the order of the table's columns."""

ColumnType = Literal["string", "integer", "number", "boolean", "date"]
"""A column's type, named as Frictionless Table Schema names field types."""

RECORD_KINDS: Final = ("entity", "event", "figure")
"""The values of the ``record_kind`` column of the tables shared by all records."""

LIST_SEPARATOR: Final = ";"
"""Joins the ids of a list held in one cell (an attribution's ``via``); ids never contain it."""


@frozen
class Column:
    """A column of a table: its name, type, meaning, and whether it may be empty.

    ``vocabulary`` lists the allowed values when the column holds a term of a controlled
    vocabulary (a kind, a role, a qualifier).
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False
    vocabulary: tuple[str, ...] = ()


@frozen
class ForeignKey:
    """Values of ``columns`` that name a row of ``table`` by its ``reference`` columns."""

    columns: tuple[str, ...]
    table: str
    reference: tuple[str, ...] = ("id",)


@frozen
class TableSpec:
    """The layout of one table: its columns, its primary key and the keys it borrows.

    ``description`` tells how the table is flattened from the records.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        """The names of the columns, in order."""
        return tuple(column.name for column in self.columns)


@frozen
class Table:
    """A flattened table: its layout and its rows of plain values."""

    spec: TableSpec
    rows: tuple[Row, ...]

    @property
    def name(self) -> str:
        """The table's name (``entities``, ``event_participants`` ...)."""
        return self.spec.name

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in the order of each row's values."""
        return self.spec.column_names

    def dicts(self) -> Iterator[dict[str, Value]]:
        """The rows as dictionaries from column name to value, e.g. for JSON lines."""
        names = self.columns
        for row in self.rows:
            yield dict(zip(names, row, strict=True))


# Column helpers ------------------------------------------------------------------------------


def _vocab(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(terms)))


_SUBTYPES: Final = _vocab(term for terms in SUBTYPES.values() for term in terms)


def _id(description: str) -> Column:
    return Column("id", "string", description, required=True)


def _owner(name: str, what: str) -> Column:
    return Column(name, "string", f"The id of the {what} the row belongs to.", required=True)


def _n(what: str) -> Column:
    return Column("n", "integer", f"The position of the {what} in the record's list, from 1.", True)


def _record_columns(item: str) -> tuple[Column, ...]:
    return (
        Column(
            "record_id",
            "string",
            f"The id of the entity, event or figure the {item} belongs to.",
            required=True,
        ),
        Column(
            "record_kind",
            "string",
            "Which table holds that record: entity, event or figure.",
            required=True,
            vocabulary=RECORD_KINDS,
        ),
        _n(item),
    )


def _date_columns(prefix: str, what: str, *, required: bool) -> tuple[Column, ...]:
    if_any = "" if required else " Empty when the figure has no period."
    return (
        Column(f"{prefix}_start", "date", f"First day of {what} (inclusive).{if_any}", required),
        Column(f"{prefix}_end", "date", f"Last day of {what} (inclusive).{if_any}", required),
        Column(
            f"{prefix}_precision",
            "string",
            "How precisely the text dates it (day, month, part_of_year ...).",
            required,
            _vocab(PRECISIONS),
        ),
        Column(
            f"{prefix}_approximate",
            "boolean",
            "Whether the text marks it as approximate.",
            required,
        ),
        Column(
            f"{prefix}_edtf",
            "string",
            "The span as Extended Date/Time Format text (2019-03, 2022-05-01~/2022-08-31~).",
            required,
        ),
        Column(f"{prefix}_wording", "string", "The text's own words for the date, if any."),
        Column(
            f"{prefix}_basis",
            "string",
            "What a date not stated in full was resolved against (stated when it was).",
            required,
            _vocab(DATE_BASES),
        ),
        Column(f"{prefix}_rule", "string", "How a date not stated in full was resolved."),
    )


def _date_values(span: DateSpan | None) -> Row:
    if span is None:
        return (None,) * 8
    return (
        span.start.isoformat(),
        span.end.isoformat(),
        span.precision,
        span.approximate,
        span.edtf,
        span.wording,
        span.basis,
        span.rule,
    )


def record_kind(record: Record) -> str:
    """The ``record_kind`` value of a record: ``entity``, ``event`` or ``figure``."""
    if isinstance(record, Entity):
        return "entity"
    if isinstance(record, Event):
        return "event"
    return "figure"


def _records(dataset: Dataset) -> Iterator[Record]:
    yield from dataset.entities()
    yield from dataset.events()
    yield from dataset.figures()


# Tables --------------------------------------------------------------------------------------

Builder = Callable[[Dataset], Iterable[Row]]

_SPECS: dict[str, TableSpec] = {}
_BUILDERS: dict[str, Builder] = {}


def _table(
    name: str,
    columns: tuple[Column, ...],
    primary_key: tuple[str, ...],
    foreign_keys: tuple[ForeignKey, ...] = (),
) -> Callable[[Builder], Builder]:
    """Register a table: its layout, and the builder whose docstring tells how it is flattened."""

    def register(builder: Builder) -> Builder:
        _SPECS[name] = TableSpec(
            name, inspect.cleandoc(builder.__doc__ or ""), columns, primary_key, foreign_keys
        )
        _BUILDERS[name] = builder
        return builder

    return register


_TO_ENTITY: Final = ForeignKey(("id",), "entities")


@_table(
    "entities",
    (
        _id("The entity's id, a lowercase slug."),
        Column(
            "kind",
            "string",
            "person, organization, group, outlet or place.",
            True,
            _vocab(ENTITY_KINDS),
        ),
        Column(
            "subtype",
            "string",
            "A finer kind within the kind; every place has one.",
            False,
            _SUBTYPES,
        ),
        Column("name", "string", "The name the text uses.", required=True),
        Column("description", "string", "What the entity is, in a sentence.", required=True),
        Column("anonymous", "boolean", "Whether the text relies on it without naming it.", True),
        Column("located_in", "string", "For a place: the id of the place that contains it."),
        Column("latitude", "number", "For a place: latitude in degrees, from outside the article."),
        Column(
            "longitude", "number", "For a place: longitude in degrees, from outside the article."
        ),
        Column("precision_km", "number", "Radius in kilometres within which the place lies."),
        Column(
            "coordinates_source", "string", "Where the coordinates come from (never the article)."
        ),
        Column(
            "standalone", "string", "Why no event or figure refers to the entity, if none does."
        ),
    ),
    ("id",),
    (ForeignKey(("located_in",), "entities"),),
)
def _entities(dataset: Dataset) -> Iterator[Row]:
    """One row per entity, sorted by kind and id.

    ``coordinates`` (places only, always from outside the article) is spread over
    ``latitude``, ``longitude``, ``precision_km`` and ``coordinates_source``, all empty when
    the entity has none. Aliases, memberships, external ids and facts, evidence and notes are
    in their own tables.
    """
    for entity in dataset.entities():
        point = entity.coordinates
        yield (
            entity.id,
            entity.kind,
            entity.subtype,
            entity.name,
            entity.description,
            entity.anonymous,
            entity.located_in,
            None if point is None else point.latitude,
            None if point is None else point.longitude,
            None if point is None else point.precision_km,
            None if point is None else point.source,
            entity.standalone,
        )


@_table(
    "entity_aliases",
    (
        _owner("entity", "entity"),
        _n("alias"),
        Column("name", "string", "The other name.", required=True),
        Column(
            "kind",
            "string",
            "What sort of name it is (kunya, abbreviation ...).",
            True,
            _vocab(ALIAS_KINDS),
        ),
        Column("external", "boolean", "True when the article does not use this name.", True),
        Column(
            "ambiguous",
            "boolean",
            "True when the name knowingly belongs to several entities.",
            True,
        ),
    ),
    ("entity", "n"),
    (ForeignKey(("entity",), "entities"),),
)
def _entity_aliases(dataset: Dataset) -> Iterator[Row]:
    """One row per alias of an entity (``Entity.aliases``), in the entity's order."""
    for entity in dataset.entities():
        for n, alias in enumerate(entity.aliases, start=1):
            yield entity.id, n, alias.name, alias.kind, alias.external, alias.ambiguous


@_table(
    "entity_memberships",
    (
        _owner("entity", "entity"),
        _n("membership"),
        Column("member_of", "string", "The id of the body the entity belongs to.", required=True),
    ),
    ("entity", "n"),
    (ForeignKey(("entity",), "entities"), ForeignKey(("member_of",), "entities")),
)
def _entity_memberships(dataset: Dataset) -> Iterator[Row]:
    """One row per body an entity belongs to (``Entity.member_of``)."""
    for entity in dataset.entities():
        for n, body in enumerate(entity.member_of, start=1):
            yield entity.id, n, body


@_table(
    "entity_external_ids",
    (
        _owner("entity", "entity"),
        _n("identifier"),
        Column("scheme", "string", "The catalogue the identifier belongs to.", required=True),
        Column("value", "string", "The identifier in that catalogue.", required=True),
    ),
    ("entity", "n"),
    (ForeignKey(("entity",), "entities"),),
)
def _entity_external_ids(dataset: Dataset) -> Iterator[Row]:
    """One row per identifier of an entity in another catalogue (``Entity.external_ids``).

    These always come from outside the article.
    """
    for entity in dataset.entities():
        for n, ident in enumerate(entity.external_ids, start=1):
            yield entity.id, n, ident.scheme, ident.value


@_table(
    "entity_external_facts",
    (
        _owner("entity", "entity"),
        _n("fact"),
        Column("field", "string", "The entity field the fact concerns (located_in ...).", True),
        Column("note", "string", "Where the fact comes from, since it is not the article.", True),
    ),
    ("entity", "n"),
    (ForeignKey(("entity",), "entities"),),
)
def _entity_external_facts(dataset: Dataset) -> Iterator[Row]:
    """One row per fact on an entity that does not come from the article (``Entity.external``)."""
    for entity in dataset.entities():
        for n, fact in enumerate(entity.external, start=1):
            yield entity.id, n, fact.field, fact.note


@_table(
    "events",
    (
        _id("The event's id, a lowercase slug."),
        Column(
            "kind",
            "string",
            "What sort of happening it is (battle, claim ...).",
            True,
            _vocab(EVENT_KINDS),
        ),
        Column("title", "string", "A one-line title.", required=True),
        Column("description", "string", "What happened, in a sentence or two.", required=True),
        *_date_columns("date", "the happening", required=True),
    ),
    ("id",),
)
def _events(dataset: Dataset) -> Iterator[Row]:
    """One row per event, in chronological order (by start, end, then id).

    ``date`` is spread over the ``date_*`` columns. Participants, places, links, figures,
    attributions, evidence, notes and errata are in their own tables.
    """
    for event in dataset.events():
        yield (event.id, event.kind, event.title, event.description, *_date_values(event.date))


@_table(
    "event_participants",
    (
        _owner("event", "event"),
        _n("participant"),
        Column("entity", "string", "The id of the entity taking part.", required=True),
        Column(
            "role", "string", "The part it plays (perpetrator, claimant ...).", True, _vocab(ROLES)
        ),
    ),
    ("event", "n"),
    (ForeignKey(("event",), "events"), ForeignKey(("entity",), "entities")),
)
def _event_participants(dataset: Dataset) -> Iterator[Row]:
    """One row per participant of an event (``Event.participants``).

    An entity playing two roles in one event has two rows.
    """
    for event in dataset.events():
        for n, participant in enumerate(event.participants, start=1):
            yield event.id, n, participant.entity, participant.role


@_table(
    "event_places",
    (
        _owner("event", "event"),
        _n("place"),
        Column("place", "string", "The id of a place where the event happened.", required=True),
    ),
    ("event", "n"),
    (ForeignKey(("event",), "events"), ForeignKey(("place",), "entities")),
)
def _event_places(dataset: Dataset) -> Iterator[Row]:
    """One row per place of an event (``Event.places``)."""
    for event in dataset.events():
        for n, place in enumerate(event.places, start=1):
            yield event.id, n, place


@_table(
    "event_links",
    (
        _owner("event", "event"),
        _n("link"),
        Column(
            "relation",
            "string",
            "How the event relates to the target (part_of ...).",
            True,
            _vocab(RELATIONS),
        ),
        Column("target", "string", "The id of the event it relates to.", required=True),
    ),
    ("event", "n"),
    (ForeignKey(("event",), "events"), ForeignKey(("target",), "events")),
)
def _event_links(dataset: Dataset) -> Iterator[Row]:
    """One row per link from an event to another (``Event.links``): event -relation-> target."""
    for event in dataset.events():
        for n, link in enumerate(event.links, start=1):
            yield event.id, n, link.relation, link.event


@_table(
    "event_figures",
    (
        _owner("event", "event"),
        _n("figure"),
        Column("figure", "string", "The id of a figure the event gives.", required=True),
    ),
    ("event", "n"),
    (ForeignKey(("event",), "events"), ForeignKey(("figure",), "figures")),
)
def _event_figures(dataset: Dataset) -> Iterator[Row]:
    """One row per figure an event gives (``Event.figures``)."""
    for event in dataset.events():
        for n, figure in enumerate(event.figures, start=1):
            yield event.id, n, figure


@_table(
    "figures",
    (
        _id("The figure's id, a lowercase slug."),
        Column("counted", "string", "What the number counts.", required=True),
        Column("measure", "string", "count, duration or rank.", True, _vocab(MEASURES)),
        Column("low", "integer", "The low bound; empty when open (at most, vague)."),
        Column("high", "integer", "The high bound; empty when open (at least, more than, vague)."),
        Column(
            "qualifier", "string", "How the text qualifies the number.", True, _vocab(QUALIFIERS)
        ),
        Column("unit", "string", "The unit counted in (people, operations, years ...).", True),
        Column("wording", "string", "The text's own words for the number.", required=True),
        *_date_columns("period", "the period the figure covers", required=False),
        Column(
            "breakdown",
            "string",
            "complete or partial, when the figure has parts.",
            False,
            _vocab(BREAKDOWNS),
        ),
    ),
    ("id",),
)
def _figures(dataset: Dataset) -> Iterator[Row]:
    """One row per figure, sorted by id.

    ``quantity`` is spread over ``low``, ``high`` and ``qualifier``; an open bound is empty
    (``None``), never zero. ``period`` is spread over the ``period_*`` columns, all empty when
    the figure has none. Parts, places, subjects, attributions, evidence, notes and errata are
    in their own tables.
    """
    for figure in dataset.figures():
        quantity = figure.quantity
        yield (
            figure.id,
            figure.counted,
            figure.measure,
            quantity.low,
            quantity.high,
            quantity.qualifier,
            figure.unit,
            figure.wording,
            *_date_values(figure.period),
            figure.breakdown,
        )


@_table(
    "figure_parts",
    (
        _owner("figure", "figure (the total)"),
        _n("part"),
        Column("part", "string", "The id of a figure that breaks the total down.", required=True),
    ),
    ("figure", "n"),
    (ForeignKey(("figure",), "figures"), ForeignKey(("part",), "figures")),
)
def _figure_parts(dataset: Dataset) -> Iterator[Row]:
    """One row per part of a figure (``Figure.parts``).

    ``figures.breakdown`` says whether the parts make up the whole figure or some of it.
    """
    for figure in dataset.figures():
        for n, part in enumerate(figure.parts, start=1):
            yield figure.id, n, part


@_table(
    "figure_places",
    (
        _owner("figure", "figure"),
        _n("place"),
        Column("place", "string", "The id of a place the figure concerns.", required=True),
    ),
    ("figure", "n"),
    (ForeignKey(("figure",), "figures"), ForeignKey(("place",), "entities")),
)
def _figure_places(dataset: Dataset) -> Iterator[Row]:
    """One row per place of a figure (``Figure.places``)."""
    for figure in dataset.figures():
        for n, place in enumerate(figure.places, start=1):
            yield figure.id, n, place


@_table(
    "figure_subjects",
    (
        _owner("figure", "figure"),
        _n("subject"),
        Column(
            "subject",
            "string",
            "The id of the entity or event the figure is about.",
            required=True,
        ),
        Column(
            "subject_kind",
            "string",
            "Which table holds the subject: entity or event.",
            required=True,
            vocabulary=("entity", "event"),
        ),
    ),
    ("figure", "n"),
    (ForeignKey(("figure",), "figures"),),
)
def _figure_subjects(dataset: Dataset) -> Iterator[Row]:
    """One row per subject of a figure (``Figure.subjects``).

    A subject is an entity (the people counted) or an event (the operations a statistic
    counts); ``subject_kind`` says which table holds it.
    """
    for figure in dataset.figures():
        for n, subject in enumerate(figure.subjects, start=1):
            yield figure.id, n, subject, record_kind(dataset.record(subject))


@_table(
    "evidence",
    (
        *_record_columns("quote"),
        Column("quote", "string", "A verbatim quote from the article, at most 40 words.", True),
        Column(
            "paragraph", "integer", "The article paragraph (non-blank line, from 1) it is in.", True
        ),
    ),
    ("record_id", "n"),
)
def _evidence(dataset: Dataset) -> Iterator[Row]:
    """One row per evidence quote of a record (``evidence``): entities, then events, then figures.

    ``record_id`` names an entity, event or figure (ids are unique across the three) and
    ``record_kind`` says which table holds it.
    """
    for record in _records(dataset):
        kind = record_kind(record)
        for n, item in enumerate(record.evidence, start=1):
            yield record.id, kind, n, item.quote, item.paragraph


@_table(
    "attributions",
    (
        *_record_columns("attribution"),
        Column("by", "string", "The id of the entity that asserts the event or figure.", True),
        Column(
            "via",
            "string",
            f"The ids of the entities that relay it, in order, joined by '{LIST_SEPARATOR}'; "
            "empty when asserted directly.",
        ),
    ),
    ("record_id", "n"),
    (ForeignKey(("by",), "entities"),),
)
def _attributions(dataset: Dataset) -> Iterator[Row]:
    """One row per attribution of an event or figure (``asserted_by``).

    ``via``, a list of entity ids, is joined by ``;`` into one cell (empty when there is none).
    """
    asserted: tuple[Event | Figure, ...] = (*dataset.events(), *dataset.figures())
    for record in asserted:
        kind = record_kind(record)
        for n, attribution in enumerate(record.asserted_by, start=1):
            via = LIST_SEPARATOR.join(attribution.via) or None
            yield record.id, kind, n, attribution.by, via


@_table(
    "errata",
    (
        *_record_columns("erratum"),
        Column("field", "string", "The record field the error affects.", required=True),
        Column("as_printed", "string", "What the article prints.", required=True),
        Column("likely", "string", "The likely correct reading.", required=True),
        Column("reasoning", "string", "Why the printed text is taken to be an error.", True),
    ),
    ("record_id", "n"),
)
def _errata(dataset: Dataset) -> Iterator[Row]:
    """One row per evident error of the article flagged on a record (``errata``)."""
    for record in _records(dataset):
        kind = record_kind(record)
        for n, erratum in enumerate(record.errata, start=1):
            yield (
                record.id,
                kind,
                n,
                erratum.field,
                erratum.as_printed,
                erratum.likely,
                erratum.reasoning,
            )


@_table(
    "notes",
    (
        *_record_columns("note"),
        Column("note", "string", "A remark on how the record was read from the text.", True),
    ),
    ("record_id", "n"),
)
def _notes(dataset: Dataset) -> Iterator[Row]:
    """One row per note on a record (``notes``)."""
    for record in _records(dataset):
        kind = record_kind(record)
        for n, note in enumerate(record.notes, start=1):
            yield record.id, kind, n, note


TABLES: Final[dict[str, TableSpec]] = dict(_SPECS)
"""Every table's layout by name, in export order: entities, events, figures, then shared tables."""


# Public functions ----------------------------------------------------------------------------


def table(dataset: Dataset, name: str) -> Table:
    """One table of the dataset by name (``entities``, ``event_participants`` ...)."""
    try:
        spec = TABLES[name]
    except KeyError:
        raise UnknownKeyError("table", name, sorted(TABLES)) from None
    return Table(spec, tuple(_BUILDERS[name](dataset)))


def tables(dataset: Dataset) -> dict[str, Table]:
    """Every table of the dataset by name, in the order of :data:`TABLES`.

    Together they hold everything in the entities, events and figures; the exports write them.
    """
    return {name: table(dataset, name) for name in TABLES}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(heading_level: int = 3) -> str:
    """The documentation of every table as Markdown: how it is flattened, then its columns.

    The documentation includes this text, so the column lists it shows cannot drift from
    the code.
    """
    hashes = "#" * heading_level
    parts: list[str] = []
    for spec in TABLES.values():
        parts.append(f"{hashes} `{spec.name}`\n")
        parts.append(spec.description + "\n")
        keys = [f"primary key ({', '.join(spec.primary_key)})"]
        keys += [
            f"({', '.join(fk.columns)}) → `{fk.table}` ({', '.join(fk.reference)})"
            for fk in spec.foreign_keys
        ]
        parts.append("Keys: " + "; ".join(keys) + ".\n")
        parts.append("| column | type | required | description |")
        parts.append("|---|---|---|---|")
        for column in spec.columns:
            text = column.description
            if column.vocabulary:
                text += " One of: " + ", ".join(f"`{term}`" for term in column.vocabulary) + "."
            required = "yes" if column.required else ""
            parts.append(f"| `{column.name}` | {column.type} | {required} | {_cell(text)} |")
        parts.append("")
    return "\n".join(parts)
