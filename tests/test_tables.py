"""The flattened tables hold every record and list item, with typed cells and resolving keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from syria_is_2024.dataset import Dataset
from syria_is_2024.errors import DatasetError, UnknownKeyError
from syria_is_2024.model import Entity, Event, Figure, Record
from syria_is_2024.tables import TABLES, Column, Table, record_kind, table, tables

Value = object
"""A cell, as far as these tests care."""

LIST_SEPARATOR = ";"
"""The documented separator of the ids of a list held in one cell (docs/exports.md)."""


@pytest.fixture(scope="module")
def flat(data: Dataset) -> dict[str, Table]:
    """Every table of the bundled dataset."""
    return tables(data)


def records(data: Dataset) -> Iterator[Record]:
    """Every entity, event and figure."""
    yield from data.entities()
    yield from data.events()
    yield from data.figures()


def column_values(flat_table: Table, name: str) -> list[Value]:
    """The values of one column."""
    position = flat_table.columns.index(name)
    return [row[position] for row in flat_table.rows]


def test_tables_are_those_of_the_layouts(flat: dict[str, Table]) -> None:
    """Each table has the columns of its layout, and every row one value per column."""
    assert list(flat) == list(TABLES)
    for name, flat_table in flat.items():
        assert flat_table.name == name
        assert flat_table.spec == TABLES[name]
        assert flat_table.columns == tuple(column.name for column in TABLES[name].columns)
        assert len(set(flat_table.columns)) == len(flat_table.columns)
        assert all(len(row) == len(flat_table.columns) for row in flat_table.rows)
        assert TABLES[name].description, f"{name} documents its flattening"


def test_the_brief_tables_are_present() -> None:
    """The documented tables exist, with the documented shared columns."""
    expected = {
        "entities",
        "entity_aliases",
        "events",
        "event_participants",
        "event_places",
        "event_links",
        "figures",
        "figure_parts",
        "figure_places",
        "figure_actors",
        "figure_affected",
        "evidence",
        "attributions",
        "errata",
    }
    assert expected <= set(TABLES)
    assert TABLES["evidence"].column_names == (
        "record_id",
        "record_kind",
        "n",
        "quote",
        "paragraph",
    )
    assert TABLES["attributions"].column_names == ("record_id", "record_kind", "n", "by", "via")


def test_record_tables_have_one_row_per_record(data: Dataset, flat: dict[str, Table]) -> None:
    """Entities, events and figures have one row per record, in the dataset's order."""
    assert column_values(flat["entities"], "id") == [e.id for e in data.entities()]
    assert column_values(flat["events"], "id") == [e.id for e in data.events()]
    assert column_values(flat["figures"], "id") == [f.id for f in data.figures()]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("entity_aliases", lambda d: sum(len(e.aliases) for e in d.entities())),
        ("entity_memberships", lambda d: sum(len(e.member_of) for e in d.entities())),
        ("entity_external_ids", lambda d: sum(len(e.external_ids) for e in d.entities())),
        ("entity_external_facts", lambda d: sum(len(e.external) for e in d.entities())),
        ("event_participants", lambda d: sum(len(e.participants) for e in d.events())),
        ("event_places", lambda d: sum(len(e.places) for e in d.events())),
        ("event_links", lambda d: sum(len(e.links) for e in d.events())),
        ("event_figures", lambda d: sum(len(e.figures) for e in d.events())),
        ("figure_parts", lambda d: sum(len(f.parts) for f in d.figures())),
        ("figure_places", lambda d: sum(len(f.places) for f in d.figures())),
        ("figure_actors", lambda d: sum(len(f.actors) for f in d.figures())),
        ("figure_affected", lambda d: sum(len(f.affected) for f in d.figures())),
        ("evidence", lambda d: sum(len(r.evidence) for r in records(d))),
        (
            "attributions",
            lambda d: sum(len(r.asserted_by) for r in (*d.events(), *d.figures())),
        ),
        ("errata", lambda d: len(d.errata())),
        ("notes", lambda d: sum(len(r.notes) for r in records(d))),
    ],
)
def test_list_tables_have_one_row_per_item(
    data: Dataset, flat: dict[str, Table], name: str, count: Callable[[Dataset], int]
) -> None:
    """Each list table has exactly one row per item of the lists it flattens."""
    assert len(flat[name].rows) == count(data)


def test_primary_keys_are_unique_and_positions_count_from_one(flat: dict[str, Table]) -> None:
    """Primary keys are unique and ``n`` counts 1, 2, ... within each record."""
    for name, flat_table in flat.items():
        key = [flat_table.columns.index(c) for c in TABLES[name].primary_key]
        values = [tuple(row[i] for i in key) for row in flat_table.rows]
        assert len(set(values)) == len(values), name
        if "n" in flat_table.columns:
            owner = flat_table.columns[0]
            seen: dict[Value, int] = {}
            for row in flat_table.dicts():
                seen[row[owner]] = seen.get(row[owner], 0) + 1
                assert row["n"] == seen[row[owner]], f"{name}: n runs 1, 2, ... per record"


def check_cell(column: Column, value: Value) -> None:
    """A cell holds the type its column declares, and a term of its vocabulary."""
    if value is None:
        assert not column.required, f"{column.name} is required"
        return
    expected = {"string": str, "integer": int, "number": float, "boolean": bool, "date": str}
    assert isinstance(value, expected[column.type]), (column.name, value)
    if column.type == "integer":
        assert not isinstance(value, bool)
    if column.type == "date":
        assert dt.date.fromisoformat(str(value)).isoformat() == value
    if isinstance(value, str):
        assert value.strip(), f"{column.name}: text is never blank (blank means missing)"
    if column.vocabulary:
        assert value in column.vocabulary, (column.name, value)


def test_cells_have_their_column_types(flat: dict[str, Table]) -> None:
    """Every cell has its column's type and vocabulary; required cells are never empty."""
    for flat_table in flat.values():
        for row in flat_table.rows:
            for column, value in zip(flat_table.spec.columns, row, strict=True):
                check_cell(column, value)


def test_foreign_keys_resolve(flat: dict[str, Table]) -> None:
    """Every foreign key declared in the layouts names an existing row."""
    for name, spec in TABLES.items():
        for key in spec.foreign_keys:
            target = flat[key.table]
            known = {
                tuple(row[target.columns.index(c)] for c in key.reference) for row in target.rows
            }
            for row in flat[name].rows:
                value = tuple(row[flat[name].columns.index(c)] for c in key.columns)
                if all(v is None for v in value):
                    continue
                assert value in known, f"{name}.{key.columns} = {value} is not in {key.table}"


def test_record_ids_resolve_to_their_kind(data: Dataset, flat: dict[str, Table]) -> None:
    """Shared tables name records that exist and are of the kind they say."""
    classes: dict[Value, type] = {"entity": Entity, "event": Event, "figure": Figure}
    for name in ("evidence", "attributions", "errata", "notes"):
        for row in flat[name].dicts():
            record = data.record(str(row["record_id"]))
            assert row["record_kind"] == record_kind(record)
            assert isinstance(record, classes[row["record_kind"]])
    for name, column in (("figure_actors", "actor"), ("figure_affected", "affected")):
        for row in flat[name].dicts():
            assert isinstance(data.record(str(row[column])), Entity)


def test_dates_are_spread_over_columns(data: Dataset, flat: dict[str, Table]) -> None:
    """Date spans become ISO bounds plus precision, approximation, EDTF, basis and rule."""
    for event, row in zip(data.events(), flat["events"].dicts(), strict=True):
        assert row["date_start"] == event.date.start.isoformat()
        assert row["date_end"] == event.date.end.isoformat()
        assert row["date_precision"] == event.date.precision
        assert row["date_approximate"] is event.date.approximate
        assert row["date_edtf"] == event.date.edtf
        assert row["date_basis"] == event.date.basis
        assert row["date_rule"] == event.date.rule
    for figure, row in zip(data.figures(), flat["figures"].dicts(), strict=True):
        period_columns = [v for k, v in row.items() if k.startswith("period_")]
        if figure.period is None:
            assert all(v is None for v in period_columns)
        else:
            assert row["period_edtf"] == figure.period.edtf


def test_open_bounds_are_missing_never_zero(data: Dataset, flat: dict[str, Table]) -> None:
    """Quantity bounds are copied as they are; an open bound is None."""
    rows = {row["id"]: row for row in flat["figures"].dicts()}
    for figure in data.figures():
        row = rows[figure.id]
        assert (row["low"], row["high"]) == (figure.quantity.low, figure.quantity.high)
        assert row["qualifier"] == figure.quantity.qualifier
    assert any(row["high"] is None and row["low"] is not None for row in rows.values())


def test_attributions_join_via_with_the_separator(data: Dataset, flat: dict[str, Table]) -> None:
    """``via`` splits back on the separator into the attribution's list."""
    by_record = {(row["record_id"], row["n"]): row for row in flat["attributions"].dicts()}
    asserted: tuple[Event | Figure, ...] = (*data.events(), *data.figures())
    for record in asserted:
        for n, attribution in enumerate(record.asserted_by, start=1):
            row = by_record[(record.id, n)]
            assert row["by"] == attribution.by
            via = row["via"]
            assert (via.split(LIST_SEPARATOR) if isinstance(via, str) else []) == list(
                attribution.via
            )


def test_coordinates_are_spread_over_columns(data: Dataset, flat: dict[str, Table]) -> None:
    """Coordinates fill four columns for places that have them, none otherwise."""
    rows = {row["id"]: row for row in flat["entities"].dicts()}
    placed = [e for e in data.entities() if e.coordinates is not None]
    assert placed
    for entity in data.entities():
        point = entity.coordinates
        row = rows[entity.id]
        if point is None:
            assert row["latitude"] is row["longitude"] is row["coordinates_source"] is None
        else:
            assert (row["latitude"], row["longitude"]) == (point.latitude, point.longitude)
            assert row["precision_km"] == point.precision_km
            assert row["coordinates_source"] == point.source


def test_an_unknown_table_is_a_dataset_error(data: Dataset) -> None:
    """Asking for a table that does not exist raises UnknownKeyError with suggestions."""
    with pytest.raises(UnknownKeyError, match="events") as raised:
        table(data, "event")
    assert isinstance(raised.value, DatasetError)
