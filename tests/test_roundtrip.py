"""Records survive JSON unchanged, and every export reads back to the tables it was made from.

Broken values do not survive: they are refused naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import (
    Records,
    datasets,
    date_spans,
    entity_records,
    event_records,
    figure_records,
    quantities,
)
from support import csv_rows
from syria_is_2024 import InvalidRecordError, SchemaError
from syria_is_2024.convert import configure_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.export import (
    to_csv,
    to_datapackage,
    to_frames,
    to_jsonl,
    to_parquet,
)
from syria_is_2024.loader import structure
from syria_is_2024.model import DateSpan, Entity, Event, Figure, Quantity, Source
from syria_is_2024.tables import TABLES, Table, tables


def converter() -> cattrs.Converter:
    """A converter configured as the package configures its own."""
    made = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(made)
    return made


CONVERTER = converter()


def unstructured(value: object) -> Any:
    """The JSON value a record is written as."""
    return CONVERTER.unstructure(value)


def through_json(value: object, cls: Any) -> Any:
    """Unstructure, dump to JSON text, parse and structure back, as a file round trip does."""
    text = json.dumps(unstructured(value))
    return structure(json.loads(text), cls, "test.json")


@given(date_spans())
def test_date_spans_round_trip(value: DateSpan) -> None:
    """Every valid DateSpan comes back equal after a JSON round trip."""
    assert through_json(value, DateSpan) == value


@given(quantities())
def test_quantities_round_trip(value: Quantity) -> None:
    """Every valid Quantity comes back equal after a JSON round trip."""
    assert through_json(value, Quantity) == value


@given(entity_records())
def test_entities_round_trip(value: Entity) -> None:
    """Every valid Entity, optional fields included, comes back equal after a JSON round trip."""
    assert through_json(value, Entity) == value


@given(event_records())
def test_events_round_trip(value: Event) -> None:
    """Every valid Event, optional fields included, comes back equal after a JSON round trip."""
    assert through_json(value, Event) == value


@given(figure_records())
def test_figures_round_trip(value: Figure) -> None:
    """Every valid Figure, optional fields included, comes back equal after a JSON round trip."""
    assert through_json(value, Figure) == value


def test_every_bundled_record_round_trips(data: Dataset) -> None:
    """Every record of the dataset, as shipped, survives a JSON round trip unchanged."""
    for cls, records in (
        (Entity, data.entities()),
        (Event, data.events()),
        (Figure, data.figures()),
    ):
        for record in records:
            assert through_json(record, cls) == record
    assert through_json(data.source, Source) == data.source


BREAKERS: list[tuple[str, object, str]] = [
    ("start", "2019-13-01", "$.start"),
    ("end", "not a date", "$.end"),
    ("start", 20190101, "$.start"),
    ("precision", "fortnight", "$.precision"),
    ("approximate", "yes", "$.approximate"),
    ("wording", 5, "$.wording"),
]


@given(date_spans(), st.sampled_from(BREAKERS))
def test_broken_date_spans_are_refused_naming_the_field(
    value: DateSpan, breaker: tuple[str, object, str]
) -> None:
    """A span with a wrong-typed or invalid field is refused, and the error names that field."""
    key, bad, path = breaker
    raw = unstructured(value)
    raw[key] = bad
    with pytest.raises(SchemaError) as caught:
        structure(raw, DateSpan, "test.json")
    assert caught.value.file == "test.json"
    assert any(problem.endswith(f"@ {path}") for problem in caught.value.problems), caught.value


@given(date_spans())
def test_a_span_turned_backwards_is_refused(value: DateSpan) -> None:
    """An end before the start is refused naming the span's end (or its precision)."""
    raw = unstructured(value)
    raw["end"] = "1989-12-31"
    with pytest.raises(SchemaError, match=r"DateSpan\.(end|precision)"):
        structure(raw, DateSpan, "test.json")


@given(
    quantities(),
    st.sampled_from(
        [("low", -5), ("high", "ten"), ("qualifier", "roughly"), ("low", 2.5), ("extra", 1)]
    ),
)
def test_broken_quantities_are_refused(value: Quantity, breaker: tuple[str, object]) -> None:
    """A negative, non-integer or unknown value, or an unknown key, is refused naming the file."""
    key, bad = breaker
    raw = unstructured(value)
    raw[key] = bad
    with pytest.raises(SchemaError) as caught:
        structure(raw, Quantity, "test.json")
    assert caught.value.file == "test.json"


# Code and files refuse alike ----------------------------------------------------------------

IMPOSSIBLE: list[tuple[type[Any], tuple[str | int, ...], Any]] = [
    (Entity, ("id",), "Al-Baghouz"),
    (Entity, ("name",), " Name"),
    (Entity, ("evidence",), ()),
    (Entity, ("evidence", 0, "paragraph"), 0),
    (Entity, ("evidence", 0, "quote"), " ".join(["word"] * 41)),
    (Entity, ("evidence", 0, "quote"), "\u200b".join(["word"] * 41)),
    (Entity, ("name",), "- / -"),
    (Event, ("title",), "first line\nsecond line"),
    (Event, ("title",), "t" * 121),
    (Event, ("asserted_by",), ()),
    (Event, ("date", "end"), dt.date(1900, 1, 1)),
    (Figure, ("quantity", "low"), -1),
    (Figure, ("notes",), (" padded",)),
]


def evolve_at(value: Any, path: tuple[str | int, ...], new: Any) -> Any:
    """``value`` with the value at ``path`` replaced, rebuilt in code through the constructors."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value)
        items[head] = evolve_at(items[head], rest, new)
        return tuple(items)
    return attrs.evolve(value, **{head: evolve_at(getattr(value, head), rest, new)})


@pytest.mark.parametrize(("cls", "path", "new"), IMPOSSIBLE)
def test_code_and_files_refuse_the_same_impossible_values(
    data: Dataset, cls: type[Any], path: tuple[str | int, ...], new: Any
) -> None:
    """An impossible value is refused when built in code and when read from JSON alike.

    Both errors name the same Class.field; the file's names the record too.
    """
    pool: dict[type[Any], tuple[Any, ...]] = {
        Entity: data.entities(),
        Event: data.events(),
        Figure: data.figures(),
    }
    record = pool[cls][0]
    with pytest.raises(InvalidRecordError) as in_code:
        evolve_at(record, path, new)
    raw = unstructured(record)
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = json.loads(json.dumps(unstructured(new)))
    with pytest.raises(SchemaError) as from_file:
        structure([raw], tuple[cls, ...], "records.json")  # type: ignore[valid-type]
    assert in_code.value.field in str(from_file.value)
    assert from_file.value.record == (new if path == ("id",) else record.id)


# Every export of a generated dataset reads back to its tables -------------------------------

EXPORTS = settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
"""Each example writes every table to files: a handful of datasets is enough."""


def dataset_of(records: Records) -> Dataset:
    """The Dataset of generated records."""
    return Dataset(records.source, records.entities, records.events, records.figures)


@EXPORTS
@given(datasets())
def test_csv_reads_back_to_the_tables(records: Records) -> None:
    """Every table written as CSV reads back, cell by cell, to the table's values."""
    dataset = dataset_of(records)
    flat = tables(dataset)
    with tempfile.TemporaryDirectory() as folder:
        written = to_csv(dataset, folder)
        assert [path.name for path in written] == [f"{name}.csv" for name in TABLES]
        for path in written:
            assert csv_rows(path, flat[path.stem]) == list(flat[path.stem].rows)


@EXPORTS
@given(datasets())
def test_json_lines_read_back_to_the_tables(records: Records) -> None:
    """Every table written as JSON Lines reads back to objects keyed by column, values equal."""
    dataset = dataset_of(records)
    flat = tables(dataset)
    with tempfile.TemporaryDirectory() as folder:
        written = to_jsonl(dataset, folder)
        assert [path.name for path in written] == [f"{name}.jsonl" for name in TABLES]
        for path in written:
            table = flat[path.stem]
            lines = path.read_text(encoding="utf-8").splitlines()
            objects = [json.loads(line) for line in lines]
            assert [tuple(o) for o in objects] == [table.columns] * len(table.rows)
            assert [tuple(o.values()) for o in objects] == list(table.rows)


@EXPORTS
@given(datasets())
def test_a_data_package_reads_back_to_the_tables(records: Records) -> None:
    """The Data Package lists every table with its columns; each resource reads back equal."""
    dataset = dataset_of(records)
    flat = tables(dataset)
    with tempfile.TemporaryDirectory() as folder:
        descriptor_path = to_datapackage(dataset, folder)
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
        for resource in descriptor["resources"]:
            table = flat[resource["name"]]
            fields = [f["name"] for f in resource["schema"]["fields"]]
            assert tuple(fields) == table.columns
            path = descriptor_path.parent / resource["path"]
            assert csv_rows(path, table) == list(table.rows)


def frame_rows(frame: Any, table: Table) -> list[tuple[object, ...]]:
    """A DataFrame's rows as plain values: missing as None, dates as ISO text."""
    import pandas as pd

    columns = []
    for column in table.spec.columns:
        values: list[object] = []
        for value in frame[column.name].tolist():
            if pd.isna(value):
                values.append(None)
            elif column.type == "date":
                values.append(value.date().isoformat())
            elif column.type == "number":
                values.append(float(value))
            else:
                values.append(value)
        columns.append(values)
    return list(zip(*columns, strict=True)) if columns else []


@settings(EXPORTS, max_examples=5)
@given(datasets())
def test_frames_hold_the_tables(records: Records) -> None:
    """Every pandas DataFrame holds its table's rows, with missing values as missing."""
    pytest.importorskip("pandas", reason="pandas is not installed: pip install -e '.[test]'")
    dataset = dataset_of(records)
    flat = tables(dataset)
    frames = to_frames(dataset)
    assert list(frames) == list(TABLES)
    for name, frame in frames.items():
        assert tuple(frame.columns) == flat[name].columns
        assert frame_rows(frame, flat[name]) == list(flat[name].rows)


@EXPORTS
@given(datasets())
def test_parquet_reads_back_to_the_tables(records: Records) -> None:
    """Every table written as Parquet reads back to the table's rows (dates as dates)."""
    parquet = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is not installed: pip install -e '.[test]'"
    )
    dataset = dataset_of(records)
    flat = tables(dataset)
    with tempfile.TemporaryDirectory() as folder:
        written = to_parquet(dataset, folder)
        assert [path.name for path in written] == [f"{name}.parquet" for name in TABLES]
        for path in written:
            table = flat[path.stem]
            dates = [c.type == "date" for c in table.spec.columns]
            expected = [
                tuple(
                    dt.date.fromisoformat(v) if is_date and isinstance(v, str) else v
                    for v, is_date in zip(row, dates, strict=True)
                )
                for row in table.rows
            ]
            assert [tuple(r.values()) for r in parquet.read_table(Path(path)).to_pylist()] == (
                expected
            )


# Text that hides what it holds ----------------------------------------------------------------

HIDDEN = [
    *("\u202a", "\u202e", "\u2066", "\u2069"),  # bidirectional embeddings, overrides, isolates
    *("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"),  # zero-width, soft hyphen
    *("\x00", "\x1b", "\x7f", "\x85", "\n", "\t"),  # controls
    *("\ud800", "\udfff", "\ue000", "\U000f0000", "\u2028", "\u2029"),  # surrogates, private
]
"""Characters no text may hold: invisible, or changing how the text around them shows."""


def strings_in(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every string a record holds, at any depth."""
    if isinstance(value, str):
        return [path]
    if isinstance(value, tuple):
        return [p for n, item in enumerate(value) for p in strings_in(item, (*path, n))]
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return [p for f in fields for p in strings_in(getattr(value, f.name), (*path, f.name))]
    return []


def get_value(value: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` in a record."""
    for step in path:
        value = getattr(value, step) if isinstance(step, str) else value[step]
    return value


def field_at(value: Any, path: tuple[str | int, ...]) -> str:
    """``Class.field`` of the attribute a path ends in (the list's, for an item of one)."""
    owner, name = value, ""
    for step in path:
        if isinstance(step, str):
            owner, name = value, step
            value = getattr(value, step)
        else:
            value = value[step]
    return f"{type(owner).__name__}.{name}"


@settings(max_examples=min(100, settings().max_examples))
@given(st.one_of(entity_records(), event_records(), figure_records()), st.data())
def test_a_hidden_character_is_refused_in_every_text_of_every_record(
    record: Entity | Event | Figure, draw: st.DataObject
) -> None:
    """Any string of a record with an invisible character added is refused, naming its field.

    Names, titles, quotes, descriptions, notes, errata, URLs, ids, terms: a bidirectional
    control, a zero-width space or joiner, a control character, a lone surrogate, a private-use
    character or a line separator, anywhere in the text: in code the error names Class.field,
    from a file the field's path.
    """
    path = draw.draw(st.sampled_from(strings_in(record)))
    old = get_value(record, path)
    at = draw.draw(st.integers(0, len(old)))
    new = old[:at] + draw.draw(st.sampled_from(HIDDEN)) + old[at:]
    field = field_at(record, path)
    with pytest.raises(InvalidRecordError) as in_code:
        evolve_at(record, path, new)
    assert in_code.value.field == field
    raw = unstructured(record)
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    last = max(n for n, step in enumerate(path) if isinstance(step, str))  # the field's own
    where = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path[: last + 1])
    with pytest.raises(SchemaError) as from_file:
        structure([raw], tuple[type(record), ...], "records.json")  # type: ignore[misc]
    assert f"@ {where}" in str(from_file.value)
