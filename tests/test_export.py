"""The exports write every table faithfully: CSV, JSON lines, Data Package, GeoJSON, Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from support import parse_cell, read_csv
from syria_is_2024.dataset import Dataset
from syria_is_2024.errors import ArgumentTypeError, DatasetError, ExportError, MissingExtraError
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
from syria_is_2024.model import DateSpan, Record
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
        "date": "datetime64[s]",
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


# Atomic exports, never through a link, every error a DatasetError -----------------------------

FILE_EXPORTS = [to_csv, to_jsonl, to_datapackage]
"""The exports that write a folder of files with the standard library alone."""


def snapshot(folder: Path) -> dict[str, bytes | str | None]:
    """Every entry of a folder: a file's bytes, a link's target, ``None`` for a folder."""
    return {
        entry.name: os.readlink(entry)
        if entry.is_symlink()
        else (None if entry.is_dir() else entry.read_bytes())
        for entry in folder.iterdir()
    }


def last_weeks_export(data: Dataset, folder: Path, export: Any) -> dict[str, bytes | str | None]:
    """An earlier export in ``folder``, each file changed so that a new one differs; a snapshot."""
    export(data, folder)
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes() + b"last week\n")
    return snapshot(folder)


class FillingDisk:
    """A file that takes a few characters and then fails as a full disk does."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, text: str) -> int:
        """Write five characters, then fail: no space left on the device."""
        self.file.write(text[:5])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines: Any) -> None:
        """Write each line, failing on the first."""
        for line in lines:
            self.write(line)

    def __enter__(self) -> FillingDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def fail_at_third_file(monkeypatch: pytest.MonkeyPatch, failure: BaseException | None) -> None:
    """Make the third file opened for writing fill the disk, or raise ``failure`` on opening."""
    opened: list[Path] = []
    real_open = Path.open

    def open_(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        file = real_open(path, mode, *args, **kwargs)
        if "w" in mode:
            opened.append(path)
            if len(opened) == 3:
                if failure is not None:
                    file.close()
                    raise failure
                return FillingDisk(file)
        return file

    monkeypatch.setattr(Path, "open", open_)


@pytest.mark.parametrize("export", FILE_EXPORTS)
def test_a_full_disk_leaves_the_previous_export_as_it_was(
    data: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export: Any
) -> None:
    """A disk that fills while the third file is written changes nothing in the folder.

    The files of the previous export keep every byte, no partial file or temporary folder is
    left, and the error is an ExportError (a DatasetError, and an OSError as before) naming
    the file that could not be written.
    """
    before = last_weeks_export(data, tmp_path, export)
    fail_at_third_file(monkeypatch, None)
    with pytest.raises(ExportError) as caught:
        export(data, tmp_path)
    assert isinstance(caught.value, DatasetError) and isinstance(caught.value, OSError)
    assert Path(caught.value.file).parent == tmp_path
    assert Path(caught.value.file).stem == list(TABLES)[2]
    assert "No space left" in str(caught.value)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("export", FILE_EXPORTS)
def test_an_interrupted_export_leaves_the_previous_export_as_it_was(
    data: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export: Any
) -> None:
    """Ctrl-C in the middle of an export propagates, and leaves the folder exactly as it was."""
    before = last_weeks_export(data, tmp_path, export)
    fail_at_third_file(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        export(data, tmp_path)
    assert snapshot(tmp_path) == before


def with_unwritable_text(data: Dataset) -> Dataset:
    """The bundled records with a lone surrogate in one entity's description.

    The model refuses such text (a loaded dataset never holds it); the entity is built with
    validators off, as code may, to reach the exports' own failure.
    """
    first, *rest = data.entities()
    with attrs.validators.disabled():
        broken = attrs.evolve(first, description="half of a pair \ud800")
    return Dataset(data.source, [broken, *rest], data.events(), data.figures())


@pytest.mark.parametrize("export", [*FILE_EXPORTS, to_parquet])
def test_a_value_that_cannot_be_encoded_changes_nothing(
    data: Dataset, tmp_path: Path, export: Any
) -> None:
    """Text a format cannot encode is an ExportError naming the file; the folder is unchanged."""
    if export is to_parquet:
        pytest.importorskip("pyarrow", reason=PARQUET)
    before = last_weeks_export(data, tmp_path, export)
    with pytest.raises(ExportError, match="entities") as caught:
        export(with_unwritable_text(data), tmp_path)
    assert str(tmp_path) in caught.value.file
    assert snapshot(tmp_path) == before


def test_a_symbolic_link_in_the_way_is_replaced_never_followed(
    data: Dataset, tmp_path: Path
) -> None:
    """A link where an export file goes is replaced by the file; what it pointed to is untouched.

    For a table file and for a GeoJSON file alike.
    """
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not yours to overwrite\n")
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("entities.csv", "places.geojson"):
        (folder / name).symlink_to(outside)
    to_csv(data, folder)
    to_geojson(data, folder / "places.geojson")
    assert outside.read_bytes() == b"not yours to overwrite\n"
    for name in ("entities.csv", "places.geojson"):
        assert not (folder / name).is_symlink()
    assert read_csv(folder / "entities.csv")[0][0] == "id"
    assert json.loads((folder / "places.geojson").read_text(encoding="utf-8")) == geojson(data)


def test_a_folder_in_the_way_is_refused_before_anything_is_written(
    data: Dataset, tmp_path: Path
) -> None:
    """A folder where an export file goes is an ExportError naming it; no file is written."""
    (tmp_path / "events.csv").mkdir()
    with pytest.raises(ExportError) as caught:
        to_csv(data, tmp_path)
    assert caught.value.file == str(tmp_path / "events.csv")
    assert snapshot(tmp_path) == {"events.csv": None}


@pytest.mark.parametrize("export", [to_csv, to_geojson])
def test_paths_that_cannot_be_written_are_export_errors(
    data: Dataset, tmp_path: Path, export: Any
) -> None:
    """A path under a file, or an empty path, is an ExportError (a DatasetError), not a crash."""
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    for path in (blocker / "sub" / "places.geojson", ""):
        with pytest.raises(ExportError):
            export(data, path)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_a_broken_optional_library_is_not_called_missing(
    data: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pandas that is installed but fails to import is an ExportError, not MissingExtraError.

    Its own import of a module it lacks is not pandas missing; "pip install the extra" would
    not help, so the message says what failed instead.
    """
    fake = tmp_path / "pandas"
    fake.mkdir()
    (fake / "__init__.py").write_text("import a_module_pandas_needs_but_lacks\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "pandas" or m.startswith("pandas.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ExportError, match="a_module_pandas_needs_but_lacks") as caught:
        to_frames(data)
    assert not isinstance(caught.value, MissingExtraError)
    assert caught.value.file == "pandas"


def test_what_the_model_accepts_every_export_writes(data: Dataset, tmp_path: Path) -> None:
    """Values at the edges of what the model accepts are written by every export.

    An event on January 1 of year 1 (before pandas' nanosecond range begins in 1677) and a
    point whose precision is a whole number beyond what a float holds exactly: both load, so
    the frames keep the date as a date and Parquet stores the number as a float.
    """
    pd = pytest.importorskip("pandas", reason=PANDAS)
    parquet = pytest.importorskip("pyarrow.parquet", reason=PARQUET)
    event, *events = data.events()
    place = next(e for e in data.entities() if e.coordinates is not None)
    year_one = DateSpan(start=dt.date(1, 1, 1), end=dt.date(1, 1, 1), precision="day")
    assert place.coordinates is not None
    far = attrs.evolve(place.coordinates, precision_km=2**63 - 1)
    entities = [attrs.evolve(e, coordinates=far) if e is place else e for e in data.entities()]
    edged = Dataset.from_records(
        data.source, entities, [attrs.evolve(event, date=year_one), *events], data.figures()
    )
    starts = to_frames(edged)["events"].set_index("id")["date_start"]
    assert starts[event.id] == pd.Timestamp("0001-01-01")
    for export in FILE_EXPORTS:
        export(edged, tmp_path / export.__name__)
    to_geojson(edged, tmp_path / "places.geojson")
    to_parquet(edged, tmp_path / "parquet")
    points = parquet.read_table(tmp_path / "parquet" / "entities.parquet").to_pylist()
    assert {row["id"]: row["precision_km"] for row in points}[place.id] == float(2**63 - 1)


def test_text_a_spreadsheet_would_run_is_shielded_in_csv_only(
    data: Dataset, tmp_path: Path
) -> None:
    """CSV text starting with = + - @ gets an apostrophe in front; JSON lines keep it verbatim.

    Text already starting with apostrophes before such a character gets one more, so that a
    reader drops exactly one; other text, apostrophes included, is written as it is.
    """
    written = {
        '=HYPERLINK("http://x.example")': '\'=HYPERLINK("http://x.example")',
        "+1 and -1": "'+1 and -1",
        "-": "'-",
        "@SUM(A1:A2)": "'@SUM(A1:A2)",
        "'=1+1": "''=1+1",
        "'this year' is 2024": "'this year' is 2024",
        "a = b": "a = b",
    }
    first, *rest = data.entities()
    notes = tuple(written)
    shielded = Dataset.from_records(
        data.source, [attrs.evolve(first, notes=notes), *rest], data.events(), data.figures()
    )
    to_csv(shielded, tmp_path)
    to_jsonl(shielded, tmp_path)
    header, rows = read_csv(tmp_path / "notes.csv")
    cells = [row[header.index("note")] for row in rows if row[0] == first.id]
    assert cells == list(written.values())
    lines = (tmp_path / "notes.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [json.loads(line)["note"] for line in lines if json.loads(line)["record_id"] == first.id]
    assert kept == list(written)
