"""How records are flattened into tables: columns, and the registry of table layouts.

A :class:`Column` that holds a field of the model is made by :func:`field_column`, which reads
the field's type, whether it may be ``None``, its vocabulary and its meaning from the model; so
a column's description is the field's own, written once on the field. :func:`register`,
:func:`item_table` and :func:`id_list_table` add a table's layout and the function that builds
its rows to :data:`SPECS` and :data:`BUILDERS`; :mod:`syria_is_2024.tables` declares them.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs
from attrs import frozen

from .dataset import Dataset
from .errors import DictionaryError
from .model import Entity, Event, Figure, Record
from .schema import field_meanings, type_hints, vocabulary_of
from .values import DateSpan

__all__ = [
    "BUILDERS",
    "ENTITIES",
    "EVENTS",
    "FIGURES",
    "LIST_SEPARATOR",
    "RECORD_KINDS",
    "SPECS",
    "Builder",
    "Column",
    "ColumnType",
    "ForeignKey",
    "Owner",
    "Row",
    "Table",
    "TableSpec",
    "Value",
    "all_records",
    "date_columns",
    "field_column",
    "item_table",
    "owner_column",
    "position_column",
    "record_columns",
    "record_kind",
    "register",
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
    origin = typing.get_origin(hint)
    if origin is Literal:
        return "string"
    if origin in (typing.Union, types.UnionType):
        kinds = {_column_type(arg) for arg in typing.get_args(hint) if arg is not type(None)}
        if len(kinds) == 1:
            return kinds.pop()
    raise DictionaryError(f"{hint!r} cannot be one column")


def field_column(
    cls: type,
    field: str,
    name: str | None = None,
    *,
    required: bool | None = None,
    vocabulary: tuple[str, ...] | None = None,
) -> Column:
    """The column that holds ``cls.field``: its type, requiredness, vocabulary and meaning.

    ``name`` renames the column (``date_start`` for ``DateSpan.start``); ``required`` and
    ``vocabulary`` override what the field's type says (a figure's period may be missing,
    so its parts may be empty; a subtype's terms depend on the kind).
    """
    hint = type_hints(cls)[field]
    vocab = vocabulary_of(hint)
    return Column(
        name or field,
        _column_type(hint),
        field_meanings(cls)[field],
        type(None) not in typing.get_args(hint) if required is None else required,
        vocabulary if vocabulary is not None else tuple(sorted(vocab[1])) if vocab else (),
    )


def owner_column(name: str, what: str) -> Column:
    """The column naming the record a row of a list table belongs to."""
    return Column(name, "string", f"The id of the {what} the row belongs to.", required=True)


def position_column(what: str) -> Column:
    """The column ``n``: an item's 1-based position in its record's list."""
    return Column("n", "integer", f"The position of the {what} in the record's list, from 1.", True)


def record_columns(item: str) -> tuple[Column, ...]:
    """The key columns of a table shared by entities, events and figures."""
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
        position_column(item),
    )


def date_columns(prefix: str, *, required: bool) -> tuple[Column, ...]:
    """The columns a date span is spread over, each with its field's meaning."""

    def part(field: str, *, optional: bool = False) -> Column:
        return field_column(
            DateSpan, field, f"{prefix}_{field}", required=None if optional else required
        )

    return (
        part("start"),
        part("end"),
        part("precision"),
        part("approximate"),
        Column(
            f"{prefix}_edtf",
            "string",
            "The span as Extended Date/Time Format text (2019-03, 2022-05-01~/2022-08-31~).",
            required,
        ),
        part("wording", optional=True),
        part("basis"),
        part("rule", optional=True),
    )


def record_kind(record: Record) -> str:
    """The ``record_kind`` value of a record: ``entity``, ``event`` or ``figure``."""
    if isinstance(record, Entity):
        return "entity"
    if isinstance(record, Event):
        return "event"
    return "figure"


def all_records(dataset: Dataset) -> Iterator[Record]:
    """Every record: entities, then events, then figures."""
    yield from dataset.entities()
    yield from dataset.events()
    yield from dataset.figures()


Builder = Callable[[Dataset], Iterable[Row]]
"""A function building a table's rows from a dataset."""
Owner = tuple[str, str, Callable[[Dataset], Iterable[Record]]]
"""The owning column of a list table, the table it names, and the records that own items."""

SPECS: dict[str, TableSpec] = {}
"""Every registered table's layout by name, in the order registered."""
BUILDERS: dict[str, Builder] = {}
"""The function that builds each registered table's rows."""


def register(
    name: str,
    columns: tuple[Column, ...],
    primary_key: tuple[str, ...],
    foreign_keys: tuple[ForeignKey, ...] = (),
) -> Callable[[Builder], Builder]:
    """Register a table: its layout, and the builder whose docstring tells how it is flattened."""

    def register(builder: Builder) -> Builder:
        SPECS[name] = TableSpec(
            name, inspect.cleandoc(builder.__doc__ or ""), columns, primary_key, foreign_keys
        )
        BUILDERS[name] = builder
        return builder

    return register


ENTITIES: Final[Owner] = ("entity", "entities", Dataset.entities)
EVENTS: Final[Owner] = ("event", "events", Dataset.events)
FIGURES: Final[Owner] = ("figure", "figures", Dataset.figures)


def item_table(
    name: str,
    owner: Owner | None,
    field: str,
    item: type | Column,
    description: str,
    renamed: Mapping[str, str] = MappingProxyType({}),
    foreign_keys: tuple[ForeignKey, ...] = (),
) -> None:
    """Register a table of what a record lists in ``field``: one row per item, in order.

    ``item`` is the class of the items, whose fields become the columns after the keys, each
    derived from the model (``renamed`` gives some another name); or, for a list of plain
    values (ids, notes), the one column that holds them. With ``owner`` (the owning column's
    name, its table and the records) the table is keyed by that column; without, it is shared
    by entities, events and figures and keyed by ``record_id``.
    """
    plain = isinstance(item, Column)
    names = [] if isinstance(item, Column) else [f.name for f in attrs.fields(item)]
    items = (
        (item,)
        if isinstance(item, Column)
        else tuple(field_column(item, f, renamed.get(f)) for f in names)
    )
    if owner is None:
        keys = record_columns(position_noun(name))
        primary = ("record_id", "n")
        sources: Callable[[Dataset], Iterable[Entity | Event | Figure]] = all_records
    else:
        keys = (owner_column(owner[0], owner[0]), position_column(position_noun(name)))
        primary = (owner[0], "n")
        foreign_keys = (ForeignKey((owner[0],), owner[1]), *foreign_keys)
        sources = owner[2]

    def build(dataset: Dataset) -> Iterator[Row]:
        for record in sources(dataset):
            head: Row = (record.id,) if owner else (record.id, record_kind(record))
            for n, value in enumerate(getattr(record, field), start=1):
                yield (*head, n, *((value,) if plain else (getattr(value, f) for f in names)))

    build.__doc__ = description
    register(name, (*keys, *items), primary, foreign_keys)(build)


def position_noun(name: str) -> str:
    """The noun for one row of a list table: ``entity_aliases`` -> ``alias``."""
    last = name.rsplit("_", 1)[-1]
    irregular = {
        "aliases": "alias",
        "evidence": "quote",
        "errata": "erratum",
        "ids": "identifier",
        "external": "fact",
        "memberships": "membership",
    }
    return irregular.get(last, last[:-1] if last.endswith("s") else last)
