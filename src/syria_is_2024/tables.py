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

A column that holds a field of the model takes its type, whether it may be empty, its
vocabulary and its description from that field (:func:`field_column`); only the columns that
flatten a value (a date span's parts, a point's coordinates) or key a row are declared here.
The exports build their schemas from the table layouts (:data:`TABLES`), and the
documentation lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Final

from .dataset import Dataset
from .errors import UnknownKeyError
from .flatten import (
    BUILDERS,
    ENTITIES,
    EVENTS,
    FIGURES,
    LIST_SEPARATOR,
    RECORD_KINDS,
    SPECS,
    Column,
    ColumnType,
    ForeignKey,
    Row,
    Table,
    TableSpec,
    Value,
    date_columns,
    field_column,
    item_table,
    owner_column,
    position_column,
    record_columns,
    record_kind,
    register,
)
from .model import (
    Alias,
    Attribution,
    Coordinates,
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
    Record,
)
from .taxonomy import SUBTYPES

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
    "field_column",
    "record_kind",
    "table",
    "tables",
]

_SUBTYPES: Final = tuple(sorted({term for terms in SUBTYPES.values() for term in terms}))


_SPAN: Final = ("start", "end", "precision", "approximate", "edtf", "wording", "basis", "rule")
_ENTITY_FIELDS: Final = (
    *("id", "kind", "subtype", "name", "description", "anonymous", "located_in"),
    *("coordinates.latitude", "coordinates.longitude", "coordinates.precision_km"),
    *("coordinates.source", "standalone"),
)
_EVENT_FIELDS: Final = ("id", "kind", "title", "description", *(f"date.{p}" for p in _SPAN))
_FIGURE_FIELDS: Final = (
    *("id", "counted", "measure", "quantity.low", "quantity.high", "quantity.qualifier"),
    *("unit", "wording", *(f"period.{p}" for p in _SPAN), "breakdown"),
)


def _values(record: Record, paths: tuple[str, ...]) -> Row:
    """The values at dotted ``paths`` of a record: ``None`` below a missing value, dates as ISO."""
    row: list[Value] = []
    for path in paths:
        value: Any = record
        for name in path.split("."):
            value = None if value is None else getattr(value, name)
        row.append(value.isoformat() if isinstance(value, dt.date) else value)
    return tuple(row)


@register(
    "entities",
    (
        field_column(Entity, "id"),
        field_column(Entity, "kind"),
        field_column(Entity, "subtype", vocabulary=_SUBTYPES),
        field_column(Entity, "name"),
        field_column(Entity, "description"),
        field_column(Entity, "anonymous"),
        field_column(Entity, "located_in"),
        field_column(Coordinates, "latitude", required=False),
        field_column(Coordinates, "longitude", required=False),
        field_column(Coordinates, "precision_km", required=False),
        field_column(Coordinates, "source", "coordinates_source", required=False),
        field_column(Entity, "standalone"),
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
        yield _values(entity, _ENTITY_FIELDS)


item_table(
    "entity_aliases",
    ENTITIES,
    "aliases",
    Alias,
    "One row per alias of an entity (``Entity.aliases``), in the entity's order.",
)


item_table(
    "entity_memberships",
    ENTITIES,
    "member_of",
    Column("member_of", "string", "The id of the body the entity belongs to.", required=True),
    "One row per body an entity belongs to (``Entity.member_of``).",
    foreign_keys=(ForeignKey(("member_of",), "entities"),),
)


item_table(
    "entity_external_ids",
    ENTITIES,
    "external_ids",
    ExternalId,
    "One row per identifier of an entity in another catalogue (``Entity.external_ids``); "
    "these always come from outside the article.",
)


item_table(
    "entity_external_facts",
    ENTITIES,
    "external",
    ExternalFact,
    "One row per fact on an entity that does not come from the article (``Entity.external``).",
)


@register(
    "events",
    (
        field_column(Event, "id"),
        field_column(Event, "kind"),
        field_column(Event, "title"),
        field_column(Event, "description"),
        *date_columns("date", required=True),
    ),
    ("id",),
)
def _events(dataset: Dataset) -> Iterator[Row]:
    """One row per event, in chronological order (by start, end, then id).

    ``date`` is spread over the ``date_*`` columns. Participants, places, links, figures,
    attributions, evidence, notes and errata are in their own tables.
    """
    for event in dataset.events():
        yield _values(event, _EVENT_FIELDS)


item_table(
    "event_participants",
    EVENTS,
    "participants",
    Participant,
    "One row per participant of an event (``Event.participants``); an entity playing two "
    "roles in one event has two rows.",
    foreign_keys=(ForeignKey(("entity",), "entities"),),
)


item_table(
    "event_places",
    EVENTS,
    "places",
    Column("place", "string", "The id of a place where the event happened.", required=True),
    "One row per place of an event (``Event.places``).",
    foreign_keys=(ForeignKey(("place",), "entities"),),
)


item_table(
    "event_links",
    EVENTS,
    "links",
    Link,
    "One row per link from an event to another (``Event.links``): event -relation-> target.",
    renamed={"event": "target"},
    foreign_keys=(ForeignKey(("target",), "events"),),
)


item_table(
    "event_figures",
    EVENTS,
    "figures",
    Column("figure", "string", "The id of a figure the event gives.", required=True),
    "One row per figure an event gives (``Event.figures``).",
    foreign_keys=(ForeignKey(("figure",), "figures"),),
)


@register(
    "figures",
    (
        field_column(Figure, "id"),
        field_column(Figure, "counted"),
        field_column(Figure, "measure"),
        field_column(Quantity, "low"),
        field_column(Quantity, "high"),
        field_column(Quantity, "qualifier"),
        field_column(Figure, "unit"),
        field_column(Figure, "wording"),
        *date_columns("period", required=False),
        field_column(Figure, "breakdown"),
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
        yield _values(figure, _FIGURE_FIELDS)


item_table(
    "figure_parts",
    FIGURES,
    "parts",
    Column("part", "string", "The id of a figure that breaks the total down.", required=True),
    "One row per part of a figure (``Figure.parts``); ``figures.breakdown`` says whether "
    "the parts make up the whole figure or some of it.",
    foreign_keys=(ForeignKey(("part",), "figures"),),
)


item_table(
    "figure_places",
    FIGURES,
    "places",
    Column("place", "string", "The id of a place the figure concerns.", required=True),
    "One row per place of a figure (``Figure.places``).",
    foreign_keys=(ForeignKey(("place",), "entities"),),
)


@register(
    "figure_subjects",
    (
        owner_column("figure", "figure"),
        position_column("subject"),
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


item_table(
    "evidence",
    None,
    "evidence",
    Evidence,
    "One row per evidence quote of a record (``evidence``): entities, then events, then "
    "figures. ``record_id`` names an entity, event or figure (ids are unique across the "
    "three) and ``record_kind`` says which table holds it.",
)


@register(
    "attributions",
    (
        *record_columns("attribution"),
        field_column(Attribution, "by"),
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


item_table(
    "errata",
    None,
    "errata",
    Erratum,
    "One row per evident error of the article flagged on a record (``errata``).",
)


item_table(
    "notes",
    None,
    "notes",
    Column("note", "string", "A remark on how the record was read from the text.", required=True),
    "One row per note on a record (``notes``).",
)


TABLES: Final[dict[str, TableSpec]] = dict(SPECS)
"""Every table's layout by name, in export order: entities, events, figures, then shared tables."""


# Public functions ----------------------------------------------------------------------------


def table(dataset: Dataset, name: str) -> Table:
    """One table of the dataset by name (``entities``, ``event_participants`` ...)."""
    try:
        spec = TABLES[name]
    except KeyError:
        raise UnknownKeyError("table", name, sorted(TABLES)) from None
    return Table(spec, tuple(BUILDERS[name](dataset)))


def tables(dataset: Dataset) -> dict[str, Table]:
    """Every table of the dataset by name, in the order of :data:`TABLES`.

    Together they hold everything in the entities, events and figures; the exports write them.
    """
    return {name: table(dataset, name) for name in TABLES}
