"""Writing the dataset's tables to files: CSV, JSON lines, a Frictionless Data Package, GeoJSON.

Every export starts from :func:`syria_is_2024.tables.tables`, so all formats hold the same rows
and columns. CSV, JSON lines, the Data Package and GeoJSON need nothing beyond the standard
library. :func:`to_frames` needs pandas (``pip install syria-is-2024[pandas]``) and
:func:`to_parquet` needs pyarrow (``pip install syria-is-2024[parquet]``); both are imported
only when those functions are called, never with the package.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from ._version import __version__
from .errors import ArgumentTypeError, ExportError, MissingExtraError, UnknownKeyError
from .tables import TABLES, Column, Table, TableSpec, Value, tables
from .tables import table as one_table

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = [
    "DATAPACKAGE",
    "FORMATS",
    "LICENSE",
    "QUOTATIONS_LICENSE",
    "MissingExtraError",
    "datapackage_descriptor",
    "dataset_version",
    "geojson",
    "table_schema",
    "to_csv",
    "to_datapackage",
    "to_frames",
    "to_geojson",
    "to_jsonl",
    "to_parquet",
]

DATAPACKAGE: Final = "datapackage.json"
"""The name of the Data Package descriptor written next to the CSV files."""

LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
"""The license of the dataset's own work (structure, ids, descriptions): a ``licenses`` entry."""

QUOTATIONS_LICENSE: Final = {
    "name": "LicenseRef-Enab-Baladi-Quotations",
    "title": "The evidence quotes remain Enab Baladi's, reproduced as citation (see LICENSE-DATA)",
}
"""The terms of the article's short quotations (the quote columns), not under CC-BY-4.0."""

FORMATS: Final = ("csv", "jsonl", "datapackage", "geojson", "parquet")
"""The export formats the command line offers."""

_PACKAGE_NAME: Final = "syria-is-2024"
_Writer = Callable[[Table, Path], None]


def _require(module: str, extra: str, feature: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except Exception as error:
        gone = getattr(error, "name", None)  # the module a ModuleNotFoundError did not find
        if isinstance(error, ModuleNotFoundError) and gone and f"{module}.".startswith(f"{gone}."):
            raise MissingExtraError(module, extra, feature) from error
        raise ExportError(module, f"is installed but cannot be imported: {error!r}") from error


def _path(value: str | os.PathLike[str], name: str) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise ArgumentTypeError(f"{name} must be a string or path, not {type(value).__name__}")
    if not os.fspath(value):
        raise ExportError("''", f"{name} is empty: name a folder or file")
    return Path(value)


def _publish(folder: Path, files: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    """Write ``files`` (names and writers) into ``folder`` all at once, or change nothing.

    Each goes into a temporary folder inside ``folder``, then all are moved into place; a move
    replaces a symbolic link in the way, never follows it. A failure leaves the folder as it was.
    """
    targets = [folder / name for name in files]
    for target in targets:  # first: a move onto a folder would fail halfway through
        if os.path.isdir(target) and not os.path.islink(target):
            raise ExportError(str(target), "is a folder; an export file cannot replace it")
    where = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".syria-is-2024-", dir=folder) as staging:
            for where in targets:
                files[where.name](Path(staging, where.name))
            for where in targets:
                os.replace(Path(staging, where.name), where)
    except Exception as error:  # the disk, the encoding, a value a format cannot hold
        raise ExportError(str(where), f"cannot be written: {error}") from error
    return targets


def dataset_version(dataset: Dataset) -> str:
    """The version of the dataset: its manifest's, or the package's for one built in code."""
    return dataset.manifest.version if dataset.manifest is not None else __version__


# CSV and JSON lines --------------------------------------------------------------------------


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    formula = isinstance(value, str) and re.match(r"'*[=+\-@\t\r]", value)  # apostrophes first
    return f"'{value}" if formula else str(value)  # one more apostrophe: shielded, reversible


def _write_tables(
    dataset: Dataset, directory: str | os.PathLike[str], suffix: str, write: _Writer
) -> list[Path]:
    """Write every table with ``write`` to ``<table>.<suffix>`` in ``directory``; the paths."""
    folder = _path(directory, "directory")
    files = {f"{name}.{suffix}": partial(write, table) for name, table in tables(dataset).items()}
    return _publish(folder, files)


def _write_csv(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows([_csv_cell(value) for value in row] for row in table.rows)


def _write_jsonl(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as file:
        lines = (json.dumps(row, ensure_ascii=False, allow_nan=False) for row in table.dicts())
        file.writelines(line + "\n" for line in lines)


def to_csv(dataset: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write every table as ``<table>.csv`` (UTF-8, RFC 4180) into ``directory``; return the paths.

    Missing values are empty cells, booleans ``true``/``false``, dates ISO 8601; text that would
    start a formula gets an apostrophe in front. The folder is created if needed and files of
    the same names are replaced, all at once.
    """
    return _write_tables(dataset, directory, "csv", _write_csv)


def to_jsonl(dataset: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write every table as ``<table>.jsonl``, one JSON object per row; return the paths.

    Each object maps column names to values; missing values are ``null`` and dates ISO text.
    """
    return _write_tables(dataset, directory, "jsonl", _write_jsonl)


# Data Package --------------------------------------------------------------------------------


def _field(column: Column) -> dict[str, Any]:
    described = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict[str, Any] = {"required": True} if column.required else {}
    if column.vocabulary:
        constraints["enum"] = list(column.vocabulary)
    return {**described, "constraints": constraints} if constraints else described


def table_schema(spec: TableSpec) -> dict[str, Any]:
    """A Frictionless Table Schema for one table: typed fields, primary key and foreign keys.

    A foreign key into the same table names the resource ``""``, as the specification asks.
    """
    return {
        "fields": [_field(column) for column in spec.columns],
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
        "foreignKeys": [
            {
                "fields": list(key.columns),
                "reference": {
                    "resource": "" if key.table == spec.name else key.table,
                    "fields": list(key.reference),
                },
            }
            for key in spec.foreign_keys
        ],
    }


def datapackage_descriptor(dataset: Dataset) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of the CSV export, as a dictionary.

    It names the package, its version, its licenses (CC-BY-4.0 for the dataset's own work; the
    quotations remain the publisher's), the article as its source, and gives each CSV file a
    Table Schema.
    """
    from .citation import DATASET_TITLE, cite

    source = {"title": cite(dataset, dataset_version(dataset), "text", what="article")}
    if dataset.source.url is not None:
        source["path"] = dataset.source.url
    return {
        "profile": "tabular-data-package",
        "name": _PACKAGE_NAME,
        "title": DATASET_TITLE,
        "description": (
            "Entities, events and figures of the article, each record with verbatim evidence "
            "and attribution, flattened into related tables."
        ),
        "version": dataset_version(dataset),
        "licenses": [dict(LICENSE), dict(QUOTATIONS_LICENSE)],
        "sources": [source],
        "keywords": ["Syria", "Islamic State", "conflict data"],
        "resources": [
            {
                "name": spec.name,
                "path": f"{spec.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True},
                "description": spec.description,
                "schema": table_schema(spec),
            }
            for spec in TABLES.values()
        ],
    }


def to_datapackage(dataset: Dataset, directory: str | os.PathLike[str]) -> Path:
    """Write the CSV files and their ``datapackage.json`` into ``directory``; return its path.

    The result is a Frictionless Tabular Data Package: ``frictionless validate`` checks its
    types, keys and links between tables.
    """
    folder = _path(directory, "directory")
    text = json.dumps(datapackage_descriptor(dataset), ensure_ascii=False, indent=2) + "\n"
    files = {f"{name}.csv": partial(_write_csv, table) for name, table in tables(dataset).items()}
    write = partial(Path.write_text, data=text, encoding="utf-8")
    return _publish(folder, {**files, DATAPACKAGE: write})[-1]


# GeoJSON -------------------------------------------------------------------------------------


def geojson(dataset: Dataset, layer: str = "places") -> dict[str, Any]:
    """The places that have coordinates, or the events, as a GeoJSON FeatureCollection.

    For ``places``, each Feature is a Point with the place's id, name, subtype, containing
    place and ``precision_km``; ``coordinates_external`` is always true, since no coordinate
    comes from the article, and ``coordinates_source`` says where it does come from. For
    ``events``, each event with a point (``latitude`` in the ``events`` table) is a Point whose
    properties are its other columns, ``geo_precision_km`` named ``precision_km``.
    """
    if layer == "events":
        return {"type": "FeatureCollection", "features": _event_features(dataset)}
    if layer != "places":
        raise UnknownKeyError("GeoJSON layer", str(layer), ["places", "events"])
    places = sorted(dataset.entities("place"), key=lambda entity: entity.id)
    features = [
        {
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
            "properties": {
                "id": place.id,
                "name": place.name,
                "subtype": place.subtype,
                "located_in": place.located_in,
                "precision_km": point.precision_km,
                "coordinates_source": point.source,
                "coordinates_external": True,
            },
        }
        for place in places
        if (point := place.coordinates) is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _event_features(dataset: Dataset) -> list[dict[str, Any]]:
    features = []
    for row in one_table(dataset, "events").dicts():
        longitude, latitude = row.pop("longitude"), row.pop("latitude")
        if latitude is not None:
            row["precision_km"] = row.pop("geo_precision_km")
            point = {"type": "Point", "coordinates": [longitude, latitude]}
            features.append(
                {"type": "Feature", "id": row["id"], "geometry": point, "properties": row}
            )
    return features


def to_geojson(dataset: Dataset, path: str | os.PathLike[str], layer: str = "places") -> Path:
    """Write :func:`geojson` of ``layer`` to the file ``path`` (its folder is made if needed)."""
    target = _path(path, "path")
    text = json.dumps(geojson(dataset, layer), ensure_ascii=False, indent=2) + "\n"
    _publish(target.parent, {target.name: partial(Path.write_text, data=text, encoding="utf-8")})
    return target


# pandas and Parquet (optional extras) --------------------------------------------------------


def _pandas_dtype(column: Column) -> Any:
    if column.vocabulary:
        import pandas as pd

        return pd.CategoricalDtype(list(column.vocabulary))
    return {
        "string": "string",
        "integer": "Int64",
        "number": "Float64",
        "boolean": "boolean",
        "date": "datetime64[s]",  # seconds, not nanoseconds: any date from year 1 to 9999 fits
    }[column.type]


def to_frames(dataset: Dataset, *names: str) -> dict[str, pd.DataFrame]:
    """Every table, or those named, as pandas DataFrames; needs the ``pandas`` extra.

    Text is ``string``, whole numbers ``Int64``, floats ``Float64``, booleans ``boolean``,
    dates ``datetime64[s]`` (any date from year 1 to 9999 fits), and vocabulary columns (kinds,
    roles ...) ``category`` with every term of the vocabulary as a category. Missing values,
    open quantity bounds included, are ``<NA>`` (``NaT`` for dates). Only the tables named are
    built.
    """
    pandas = _require("pandas", "pandas", "to_frames")
    numpy = _require("numpy", "pandas", "to_frames")
    frames: dict[str, pd.DataFrame] = {}
    for name in names or TABLES:
        table = one_table(dataset, name)
        data: dict[str, Any] = {}
        for position, column in enumerate(table.spec.columns):
            values = [row[position] for row in table.rows]
            try:
                kind = _pandas_dtype(column)
                held = numpy.array(values, kind) if column.type == "date" else values
                data[column.name] = pandas.array(held, dtype=kind)
            except Exception as error:
                raise ExportError(f"{name}.{column.name}", f"cannot be held: {error}") from error
        frames[name] = pandas.DataFrame(data, columns=list(table.columns))
    return frames


def _arrow_type(pa: ModuleType, column: Column) -> Any:
    if column.vocabulary:
        return pa.dictionary(pa.int32(), pa.string())
    return {
        "string": pa.string,
        "integer": pa.int64,
        "number": pa.float64,
        "boolean": pa.bool_,
        "date": pa.date32,
    }[column.type]()


def _arrow_table(pa: ModuleType, table: Table) -> Any:
    fields, arrays = [], []
    for position, column in enumerate(table.spec.columns):
        values: list[Any] = [row[position] for row in table.rows]
        if column.type == "date":
            values = [None if v is None else dt.date.fromisoformat(str(v)) for v in values]
        elif column.type == "number":  # a whole number may stand for a float, however large
            values = [None if v is None else float(v) for v in values]
        kind = _arrow_type(pa, column)
        arrays.append(pa.array(values, type=kind))
        described = {"description": column.description}
        fields.append(pa.field(column.name, kind, nullable=not column.required, metadata=described))
    metadata = {
        "table": table.name,
        "description": table.spec.description,
        "primary_key": json.dumps(list(table.spec.primary_key)),
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))


def to_parquet(dataset: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write every table as ``<table>.parquet``; needs the ``parquet`` extra (pyarrow).

    Columns keep their types (dates as ``date32``, vocabulary columns dictionary-encoded,
    nullable exactly when the column may be empty) and each column's description is stored
    in its field metadata.
    """
    pa = _require("pyarrow", "parquet", "to_parquet")
    parquet = _require("pyarrow.parquet", "parquet", "to_parquet")

    def write(table: Table, path: Path) -> None:
        parquet.write_table(_arrow_table(pa, table), path)

    return _write_tables(dataset, directory, "parquet", write)
