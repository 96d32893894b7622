"""The exports write every table faithfully: CSV, JSON lines, Data Package, GeoJSON, Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import parse_cell, read_csv
from syria_is_2024.dataset import Dataset
from syria_is_2024.errors import ArgumentTypeError, DatasetError, MissingExtraError
from syria_is_2024.export import (
    datapackage_descriptor,
    geojson,
    to_csv,
    to_datapackage,
    to_frames,
    to_geojson,
    to_jsonl,
    to_parquet,
)
from syria_is_2024.model import Record
from syria_is_2024.tables import TABLES, Column, Table, tables

PANDAS = "the [pandas] extra is not installed: pip install syria-is-2024[pandas]"
PARQUET = "the [parquet] extra is not installed: pip install syria-is-2024[parquet]"
FRICTIONLESS = "frictionless is not installed: pip install syria-is-2024[test]"


@pytest.fixture(scope="module")
def flat(data: Dataset) -> dict[str, Table]:
    """Every table of the bundled dataset."""
    return tables(data)


@pytest.fixture(scope="module")
def package(data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Data Package export, written once: the path of its ``datapackage.json``."""
    return to_datapackage(data, tmp_path_factory.mktemp("datapackage"))


def test_csv_holds_every_row_and_value(
    data: Dataset, flat: dict[str, Table], tmp_path: Path
) -> None:
    """Each table becomes one CSV file whose cells read back to the table's values."""
    written = to_csv(data, tmp_path / "made" / "here")
    assert [path.name for path in written] == [f"{name}.csv" for name in TABLES]
    for path in written:
        flat_table = flat[path.stem]
        header, rows = read_csv(path)
        assert tuple(header) == flat_table.columns
        parsed = [
            tuple(parse_cell(c, cell) for c, cell in zip(flat_table.spec.columns, row, strict=True))
            for row in rows
        ]
        assert parsed == list(flat_table.rows)
    assert len(read_csv(tmp_path / "made" / "here" / "entities.csv")[1]) == len(data.entities())
    assert len(read_csv(tmp_path / "made" / "here" / "events.csv")[1]) == len(data.events())
    assert len(read_csv(tmp_path / "made" / "here" / "figures.csv")[1]) == len(data.figures())


def test_csv_foreign_keys_resolve(data: Dataset, tmp_path: Path) -> None:
    """Read back from the files, every foreign key of every table names an existing row."""
    to_csv(data, tmp_path)
    read = {name: read_csv(tmp_path / f"{name}.csv") for name in TABLES}
    checked = 0
    for name, spec in TABLES.items():
        header, rows = read[name]
        for key in spec.foreign_keys:
            target_header, target_rows = read[key.table]
            known = {tuple(r[target_header.index(c)] for c in key.reference) for r in target_rows}
            for row in rows:
                value = tuple(row[header.index(c)] for c in key.columns)
                if value != ("",) * len(value):
                    assert value in known, f"{name} {key.columns}={value} not in {key.table}"
                    checked += 1
    ids = {row[0] for name in ("entities", "events", "figures") for row in read[name][1]}
    for name in ("evidence", "attributions", "errata", "notes"):
        assert {row[0] for row in read[name][1]} <= ids
    assert {row[2] for row in read["figure_actors"][1]} <= ids
    assert checked > 0


def test_jsonl_holds_every_row(data: Dataset, flat: dict[str, Table], tmp_path: Path) -> None:
    """Each table becomes a JSON lines file of objects keyed by column, values unchanged."""
    written = to_jsonl(data, tmp_path)
    assert [path.name for path in written] == [f"{name}.jsonl" for name in TABLES]
    for path in written:
        flat_table = flat[path.stem]
        lines = path.read_text(encoding="utf-8").splitlines()
        objects = [json.loads(line) for line in lines]
        assert [tuple(o) for o in objects] == [flat_table.columns] * len(flat_table.rows)
        assert [tuple(o.values()) for o in objects] == list(flat_table.rows)
    counts = {p.stem: len(p.read_text(encoding="utf-8").splitlines()) for p in written}
    assert counts["entities"] == len(data.entities())
    assert counts["events"] == len(data.events())
    assert counts["figures"] == len(data.figures())
    records: list[Record] = [*data.entities(), *data.events(), *data.figures()]
    assert counts["evidence"] == sum(len(r.evidence) for r in records)


def test_exports_refuse_a_path_that_is_not_one(data: Dataset) -> None:
    """A folder given as a number is an ArgumentTypeError, not a crash."""
    bad: Any = 5
    with pytest.raises(ArgumentTypeError):
        to_csv(data, bad)
    with pytest.raises(ArgumentTypeError):
        to_geojson(data, bad)


def test_datapackage_descriptor(data: Dataset, package: Path) -> None:
    """The descriptor names the package, version, license and article, and types every table."""
    written = json.loads(package.read_text(encoding="utf-8"))
    assert package.name == "datapackage.json"
    assert written == datapackage_descriptor(data)
    assert written["name"] == "syria-is-2024"
    assert written["version"] == (data.manifest.version if data.manifest else None)
    names = [license["name"] for license in written["licenses"]]
    assert names == ["CC-BY-4.0", "LicenseRef-Enab-Baladi-Quotations"]
    assert data.source.title in written["sources"][0]["title"]
    assert [r["name"] for r in written["resources"]] == list(TABLES)
    for resource in written["resources"]:
        spec = TABLES[resource["name"]]
        assert (package.parent / resource["path"]).is_file()
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == list(spec.column_names)
        assert [f["type"] for f in schema["fields"]] == [c.type for c in spec.columns]
        assert schema["primaryKey"] == list(spec.primary_key)
        assert len(schema["foreignKeys"]) == len(spec.foreign_keys)
    link = next(r for r in written["resources"] if r["name"] == "event_participants")
    assert {"fields": ["entity"], "reference": {"resource": "entities", "fields": ["id"]}} in (
        link["schema"]["foreignKeys"]
    )


def test_datapackage_is_valid(package: Path) -> None:
    """Frictionless validates the package: types, constraints, primary and foreign keys."""
    frictionless = pytest.importorskip("frictionless", reason=FRICTIONLESS)
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["resource", "rowNumber", "type", "note"])


def test_datapackage_validation_catches_a_broken_link(data: Dataset, tmp_path: Path) -> None:
    """The foreign keys are checked: a place located in a missing place makes it invalid."""
    frictionless = pytest.importorskip("frictionless", reason=FRICTIONLESS)
    path = to_datapackage(data, tmp_path)
    entities = tmp_path / "entities.csv"
    header, rows = read_csv(entities)
    column = header.index("located_in")
    row = next(r for r in rows if r[column])
    row[column] = "nowhere-at-all"
    with entities.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([header, *rows])
    report = frictionless.validate(str(path))
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_geojson_is_a_feature_collection_of_external_points(data: Dataset, tmp_path: Path) -> None:
    """Places with coordinates become Point features, each marked as not from the article."""
    path = to_geojson(data, tmp_path / "maps" / "places.geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection == geojson(data)
    assert collection["type"] == "FeatureCollection"
    placed = {e.id: e for e in data.entities("place") if e.coordinates is not None}
    assert placed
    assert [f["id"] for f in collection["features"]] == sorted(placed)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90
        place = placed[feature["id"]]
        point = place.coordinates
        assert point is not None
        assert (latitude, longitude) == (point.latitude, point.longitude)
        properties = feature["properties"]
        assert properties["id"] == place.id
        assert properties["name"] == place.name
        assert properties["subtype"] == place.subtype
        assert properties["precision_km"] == point.precision_km
        assert properties["coordinates_source"] == point.source
        assert properties["coordinates_external"] is True


def expected_dtype(column: Column) -> str:
    """The pandas dtype name a column should have."""
    if column.vocabulary:
        return "category"
    return {
        "string": "string",
        "integer": "Int64",
        "number": "Float64",
        "boolean": "boolean",
        "date": "datetime64[ns]",
    }[column.type]


def test_frames_have_proper_dtypes(data: Dataset, flat: dict[str, Table]) -> None:
    """Every table becomes a DataFrame with nullable dtypes, categories and datetimes."""
    pd = pytest.importorskip("pandas", reason=PANDAS)
    frames = to_frames(data)
    assert list(frames) == list(TABLES)
    for name, frame in frames.items():
        spec = TABLES[name]
        assert tuple(frame.columns) == spec.column_names
        assert len(frame) == len(flat[name].rows)
        for column in spec.columns:
            dtype = frame[column.name].dtype
            assert str(dtype) == expected_dtype(column), (name, column.name)
            if column.vocabulary:
                assert list(frame[column.name].cat.categories) == list(column.vocabulary)
    figures = frames["figures"].set_index("id")
    for figure in data.figures():
        row = figures.loc[figure.id]
        for bound in ("low", "high"):
            value = getattr(figure.quantity, bound)
            assert (row[bound] is pd.NA) if value is None else (row[bound] == value)
        if figure.period is None:
            assert row["period_start"] is pd.NaT
        else:
            assert row["period_start"] == pd.Timestamp(figure.period.start)
    assert frames["figures"]["high"].isna().any()


def test_frames_need_the_pandas_extra(data: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frames says which extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'syria-is-2024\[pandas\]'") as raised:
        to_frames(data)
    assert isinstance(raised.value, DatasetError)
    assert isinstance(raised.value, ImportError)
    assert raised.value.extra == "pandas"


def test_parquet_round_trip(data: Dataset, flat: dict[str, Table], tmp_path: Path) -> None:
    """Parquet files read back to the same rows, with typed, documented columns."""
    parquet = pytest.importorskip("pyarrow.parquet", reason=PARQUET)
    written = to_parquet(data, tmp_path)
    assert [path.name for path in written] == [f"{name}.parquet" for name in TABLES]
    for path in written:
        spec = TABLES[path.stem]
        read = parquet.read_table(path)
        assert tuple(read.column_names) == spec.column_names
        for column, field in zip(spec.columns, read.schema, strict=True):
            assert field.nullable is not column.required
            assert field.metadata[b"description"].decode() == column.description
            if column.type == "date":
                assert str(field.type) == "date32[day]"
            if column.vocabulary:
                assert str(field.type).startswith("dictionary")
        dates = [c.type == "date" for c in spec.columns]
        expected = [
            tuple(
                dt.date.fromisoformat(v) if is_date and isinstance(v, str) else v
                for v, is_date in zip(row, dates, strict=True)
            )
            for row in flat[path.stem].rows
        ]
        assert [tuple(r.values()) for r in read.to_pylist()] == expected


def test_parquet_needs_the_parquet_extra(
    data: Dataset, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without pyarrow, to_parquet says which extra to install and writes nothing."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"syria-is-2024\[parquet\]"):
        to_parquet(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_importing_the_package_imports_no_optional_library() -> None:
    """Importing the package, its exports and its command line loads neither pandas nor pyarrow."""
    code = (
        "import sys, syria_is_2024, syria_is_2024.tables, syria_is_2024.export, "
        "syria_is_2024.cli, syria_is_2024.__main__\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'frictionless', 'numpy') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "[]"
