"""The dataset flattened into named tables of plain values, for CSV, spreadsheets and data frames.

Every table is derived from the record model, so a field added to the model reaches the tables,
the exports and their documentation without a line written here:

- each record kind has a table of its own (``entities``, ``events``, ``figures``), one row per
  record, one column per single-valued field. A nested value is spread over the columns of
  its fields: a date span over ``date_start``, ``date_end`` ... (with its EDTF form in
  ``date_edtf``), a quantity over ``low``, ``high`` and ``qualifier``, a point over
  ``latitude``, ``longitude``, ``precision_km`` and ``coordinates_source``;
- each list a record holds becomes a table of its own (``event_participants``), one row per
  item, keyed by the owning record's id and ``n``, the item's 1-based position in the list
  (so the record's order is kept);
- the lists every kind of record carries (evidence, attributions, errata, notes) share one
  table each, keyed by ``record_id`` and ``record_kind``;
- for analysis (:mod:`syria_is_2024.analysis`), ``events`` goes on with the columns of an ACLED
  or UCDP GED row, and ``place_ancestry`` lists each place with every place containing it.

A column takes its type, whether it may be empty, its vocabulary and its description from its
field; a field that holds ids names the tables they point to (``metadata["refers"]``), which
become the table's foreign keys. Values are plain: text, whole numbers, floats, booleans and
``None`` for a missing value (an open quantity bound included, never zero); dates are ISO 8601
text.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Literal

import attrs
from attrs import frozen

from .analysis import (
    ANCESTRY_COLUMNS,
    EVENT_COLUMNS,
    ancestry_rows,
    event_values,
    shared_figures,
)
from .dataset import Dataset
from .errors import DictionaryError, UnknownKeyError
from .model import REFERS, Coordinates, DateSpan, Entity, Event, Figure, Link, Record
from .schema import field_meanings, type_hints, vocabulary_of
from .taxonomy import SUBTYPES

__all__ = [
    "LIST_SEPARATOR",
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
        return (dict(zip(self.columns, row, strict=True)) for row in self.rows)


# Columns from fields ---------------------------------------------------------------------

_COLUMN_TYPES: Final[dict[object, ColumnType]] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date",
}


def _column_type(hint: Any) -> ColumnType:
    """The column type of a field's type: its plain type, ``| None`` and vocabularies aside."""
    if hint in _COLUMN_TYPES:
        return _COLUMN_TYPES[hint]
    if typing.get_origin(hint) is Literal:
        return "string"
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        kinds = {_column_type(arg) for arg in typing.get_args(hint) if arg is not type(None)}
        if len(kinds) == 1:
            return kinds.pop()
    raise DictionaryError(f"{hint!r} cannot be one column")


_SUBTYPES: Final = tuple(sorted({term for terms in SUBTYPES.values() for term in terms}))


def field_column(
    cls: type, field: str, name: str | None = None, *, optional: bool = False
) -> Column:
    """The column that holds ``cls.field``: its type, requiredness, vocabulary and meaning.

    ``name`` renames the column (``date_start`` for ``DateSpan.start``); ``optional`` makes it
    one that may be empty (the parts of a figure's period, which may be missing).
    """
    hint = type_hints(cls)[field]
    vocabulary = vocabulary_of(hint)
    return Column(
        name or field,
        _column_type(hint),
        field_meanings(cls)[field],
        not optional and type(None) not in typing.get_args(hint),
        tuple(sorted(vocabulary[1])) if vocabulary else _SUBTYPES if field == "subtype" else (),
    )


def record_kind(record: Record) -> str:
    """The ``record_kind`` value of a record: ``entity``, ``event`` or ``figure``."""
    if isinstance(record, Entity):
        return "entity"
    return "event" if isinstance(record, Event) else "figure"


# How the model is laid out in tables ------------------------------------------------------

_RECORDS: Final[dict[str, tuple[type, str]]] = {
    "entities": (Entity, "entity"),
    "events": (Event, "event"),
    "figures": (Figure, "figure"),
}
_SHARED: Final = {
    "evidence": "evidence",
    "asserted_by": "attributions",
    "errata": "errata",
    "notes": "notes",
}
_LIST_NAMES: Final = {"external": "external_facts", "member_of": "memberships"}
_RENAMED: Final = {(Coordinates, "source"): "coordinates_source", (Link, "event"): "target"}
_SINGULAR: Final = {
    "aliases": "alias",
    "errata": "erratum",
    "evidence": "quote",
    "ids": "identifier",
}

DESCRIPTIONS: Final = {
    "entities": "One row per entity, sorted by kind and id. ``coordinates`` (places only, "
    "always from outside the article) is spread over ``latitude``, ``longitude``, "
    "``precision_km`` and ``coordinates_source``, all empty when the entity has none.",
    "events": "One row per event, in chronological order (by start, end, then id); ``date`` "
    "is spread over the ``date_*`` columns. After the event's fields come the columns of an "
    "ACLED or UCDP GED row: actors, administrative units, a point, fatalities, a quote.",
    "figures": "One row per figure, sorted by id. ``quantity`` is spread over ``low``, "
    "``high`` and ``qualifier``; an open bound is empty, never zero. ``period`` is spread over "
    "the ``period_*`` columns, all empty when the figure has none.",
    "evidence": "One row per evidence quote of a record: entities, then events, then figures.",
    "attributions": "One row per attribution of an event or figure (``asserted_by``); "
    "``via``, a list of entity ids, is joined by ``;`` into one cell (empty when there is none).",
    "errata": "One row per evident error of the article flagged on a record.",
    "notes": "One row per note on a record.",
    "place_ancestry": "One row per place and each place containing it, up its ``located_in`` "
    "chain to a country (the place itself at depth 0), by place and depth: joined on ``place``, "
    "it gives any place's governorate (``admin_level`` 1) without a recursive query.",
}
"""How each record table and each shared table is flattened; list tables describe themselves."""


def _singular(name: str) -> str:
    last = name.rsplit("_", 1)[-1]
    return _SINGULAR.get(last, last[:-1] if last.endswith("s") else last)


def _spread(cls: type, prefix: str = "", optional: bool = False) -> Iterator[tuple[Column, str]]:
    """The columns of a class's single-valued fields, nested values spread, with their paths."""
    for field in attrs.fields(cls):
        hint = type_hints(cls)[field.name]
        inner = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
        nullable = optional or len(inner) < len(typing.get_args(hint))
        if typing.get_origin(hint) is tuple:
            continue
        if attrs.has(inner[0]):
            head = f"{field.name}_" if inner[0] is DateSpan else ""
            for column, path in _spread(inner[0], head, nullable):
                yield column, f"{field.name}.{path}"
                if inner[0] is DateSpan and path == "approximate":
                    edtf = "The span as EDTF text (2019-03, 2022-05-01~/2022-08-31~)."
                    yield Column(f"{head}edtf", "string", edtf, not nullable), f"{field.name}.edtf"
        else:
            name = _RENAMED.get((cls, field.name), prefix + field.name)
            yield field_column(cls, field.name, name, optional=nullable), field.name


def _values(value: Any, paths: Iterable[str]) -> Row:
    """The plain values at dotted ``paths``: ``None`` below a missing value, dates as ISO."""
    row: list[Value] = []
    for path in paths:
        found = value
        for name in path.split("."):
            found = None if found is None else getattr(found, name)
        row.append(found.isoformat() if isinstance(found, dt.date) else found)
    return tuple(row)


Builder = Callable[[Dataset], Iterator[Row]]


def _layouts() -> Iterator[tuple[TableSpec, Builder]]:
    """Every table's layout and the function building its rows, in the model's order."""
    shared: dict[str, list[tuple[type, str]]] = {}
    for table_name, (cls, owner) in _RECORDS.items():
        spread = list(_spread(cls))
        keys = tuple(_foreign_keys(cls, [(c.name, p) for c, p in spread if "." not in p]))
        columns, paths = zip(*spread, strict=True)
        build = _record_rows(table_name, paths)
        if cls is Event:  # the columns for analysis (syria_is_2024.analysis) follow the fields
            columns += tuple(Column(n, kind, meaning) for n, kind, _, meaning in EVENT_COLUMNS)
            ids = [name for name, *_ in EVENT_COLUMNS if name.endswith("_id")]
            keys += tuple(ForeignKey((name,), "entities") for name in ids)
            build = _event_rows(paths)
        yield TableSpec(table_name, DESCRIPTIONS[table_name], columns, ("id",), keys), build
        for field in attrs.fields(cls):
            if typing.get_origin(type_hints(cls)[field.name]) is not tuple:
                continue
            if field.name in _SHARED:
                shared.setdefault(field.name, []).append((cls, table_name))
            else:
                yield _list_table(cls, owner, table_name, field.name)
    for field, owners in shared.items():
        yield _shared_table(field, owners)
    name, ancestry = "place_ancestry", tuple(Column(*column) for column in ANCESTRY_COLUMNS)
    keys = (ForeignKey(("place",), "entities"), ForeignKey(("ancestor",), "entities"))
    yield TableSpec(name, DESCRIPTIONS[name], ancestry, ("place", "depth"), keys), ancestry_rows


def _table_of(refers: tuple[str, ...]) -> str | None:
    """The one table the ids of a field point into (entity kinds are all in ``entities``)."""
    tables = {r if r in _RECORDS else "entities" for r in refers}
    return tables.pop() if len(tables) == 1 else None


def _foreign_keys(cls: type, columns: Iterable[tuple[str, str]]) -> Iterator[ForeignKey]:
    """The keys of the columns holding one id each whose field points into one table."""
    for column, field in columns:
        table = _table_of(attrs.fields_dict(cls)[field].metadata.get(REFERS, ()))
        if table and typing.get_origin(type_hints(cls)[field]) is not tuple:
            yield ForeignKey((column,), table)


def _record_rows(name: str, paths: tuple[str, ...]) -> Builder:
    def build(dataset: Dataset) -> Iterator[Row]:
        for record in getattr(dataset, name)():
            yield _values(record, paths)

    return build


def _event_rows(paths: tuple[str, ...]) -> Builder:
    def build(dataset: Dataset) -> Iterator[Row]:
        shared = shared_figures(dataset)
        for event in dataset.events():
            yield (*_values(event, paths), *event_values(event, dataset, shared))

    return build


def _list_table(cls: type, owner: str, owners: str, field: str) -> tuple[TableSpec, Builder]:
    """A table of the items one record lists in ``field``, keyed by the owner and position."""
    name = f"{owner}_{_LIST_NAMES.get(field, field)}"
    item = typing.get_args(type_hints(cls)[field])[0]
    keys = [ForeignKey((owner,), owners)]
    if attrs.has(item):
        spread = list(_spread(item))
        items, paths = [c for c, _ in spread], [p for _, p in spread]
        keys += _foreign_keys(item, [(c.name, p) for c, p in spread])
    else:  # ids: one column, and which table holds each where they may point to several
        column = field if field == "member_of" else _singular(field)
        meaning = f"An id of ``{cls.__name__}.{field}``: {field_meanings(cls)[field]}"
        items, paths = [Column(column, "string", meaning, required=True)], [""]
        refers = attrs.fields_dict(cls)[field].metadata.get(REFERS, ())
        table = _table_of(refers)
        if table:
            keys.append(ForeignKey((column,), table))
        else:
            kinds = tuple(_RECORDS[r][1] for r in refers)
            which = f"Which table holds the {column}: {' or '.join(kinds)}."
            items.append(Column(f"{column}_kind", "string", which, True, kinds))
    head = [
        Column(owner, "string", f"The id of the {owner} the row belongs to.", required=True),
        Column("n", "integer", f"The position of the {_singular(name)} in the list, from 1.", True),
    ]
    description = f"One row per item of ``{cls.__name__}.{field}``: {field_meanings(cls)[field]}"
    spec = TableSpec(name, description, (*head, *items), (owner, "n"), tuple(keys))

    def build(dataset: Dataset) -> Iterator[Row]:
        for record in getattr(dataset, owners)():
            for n, value in enumerate(getattr(record, field), start=1):
                if not attrs.has(item):
                    kind = (record_kind(dataset.record(value)),) if len(items) > 1 else ()
                    yield (record.id, n, value, *kind)
                else:
                    yield (record.id, n, *_values(value, paths))

    return spec, build


def _shared_table(field: str, owners: list[tuple[type, str]]) -> tuple[TableSpec, Builder]:
    """A table of one list every kind of record carries, keyed by ``record_id`` and position."""
    name = _SHARED[field]
    cls = owners[0][0]
    item = typing.get_args(type_hints(cls)[field])[0]
    noun = _singular(name)
    head = [
        Column("record_id", "string", f"The id of the record the {noun} belongs to.", True),
        Column("record_kind", "string", "The table of that record.", True, RECORD_KINDS),
        Column("n", "integer", f"The position of the {noun} in the list, from 1.", True),
    ]
    if attrs.has(item):
        spread = list(_spread(item))
        columns, paths = [c for c, _ in spread], [p for _, p in spread]
        if "via" in {f.name for f in attrs.fields(item)}:  # a list of ids held in one cell
            via = "The ids of the entities that relay it, in order, joined by ';'; empty if none."
            columns, paths = [*columns, Column("via", "string", via)], [*paths, "via"]
    else:
        columns, paths = [Column(_singular(name), "string", field_meanings(cls)[field], True)], []
    keys = tuple(_foreign_keys(item, [(c.name, p) for c, p in zip(columns, paths, strict=False)]))
    spec = TableSpec(name, DESCRIPTIONS[name], (*head, *columns), ("record_id", "n"), keys)

    def build(dataset: Dataset) -> Iterator[Row]:
        for _, table_name in owners:
            for record in getattr(dataset, table_name)():
                kind = record_kind(record)
                for n, value in enumerate(getattr(record, field), start=1):
                    values = _values(value, paths) if paths else (value,)
                    if "via" in paths:
                        joined = LIST_SEPARATOR.join(value.via) or None
                        values = (*values[:-1], joined)
                    yield (record.id, kind, n, *values)

    return spec, build


_BUILT: Final = list(_layouts())
TABLES: Final[dict[str, TableSpec]] = {spec.name: spec for spec, _ in _BUILT}
"""Every table's layout by name, in export order: each record kind and its lists, then shared."""
_BUILDERS: Final[dict[str, Builder]] = {spec.name: build for spec, build in _BUILT}


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
