"""Reading data files into a verified :class:`~syria_is_2024.dataset.Dataset`.

The manifest is read first; every data file is checked against its SHA-256 before it is
parsed; records are built by the fast path (:mod:`syria_is_2024.builders`), and only if that
refuses is the file read again by cattrs with detailed validation to name the record and
field at fault. Nothing half-loaded
is ever returned: a dataset exists whole, or an error says why not.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import cattrs
import importlib_resources
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.v import format_exception
from importlib_resources.abc import Traversable

from ._version import __version__
from .builders import BUILDERS, build_many, build_one
from .convert import StructureTypeError, detailed_converter, fast_converter
from .dataset import Dataset
from .layout import DATA_FILES, MANIFEST, SCHEMA_VERSION
from .errors import (
    ArgumentTypeError,
    DataFileError,
    DatasetError,
    IntegrityError,
    InvalidRecordError,
    LinkError,
    SchemaError,
    a_or_an,
)
from .model import Entity, Event, Figure, Manifest, Source

__all__ = [
    "DATA_FILES",
    "MANIFEST",
    "SCHEMA_VERSION",
    "bundled_data",
    "load_bundled",
    "load_directory",
    "problems",
    "revalidate",
    "structure",
]


T = TypeVar("T")

READ: Final = "read + SHA-256"
PARSE: Final = "json.loads"
STRUCTURE: Final = "structure + record checks"
CHECK_AND_INDEX: Final = "dataset checks + indexes"
"""The steps of a load, as :func:`_load` reports their times."""


def bundled_data() -> Traversable:
    """The folder of data files inside the installed package (works from wheels and zips)."""
    return importlib_resources.files("syria_is_2024").joinpath("data")


def load_bundled() -> Dataset:
    """Load and verify the dataset shipped with the package."""
    return _load(bundled_data(), expected=("syria-is-2024", __version__))


def load_directory(path: str | os.PathLike[str]) -> Dataset:
    """Load and verify a dataset from a folder laid out like the bundled one (manifest included)."""
    if not isinstance(path, str | os.PathLike):
        raise ArgumentTypeError(f"path must be a string or path, not {type(path).__name__}")
    root = Path(path)
    if not root.is_dir():
        raise DataFileError(str(root), "is not a folder")
    return _load(root)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a bulk load makes many objects and no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Stopwatch:
    """Seconds a load spends in each of its steps, summed by step, when asked for them."""

    __slots__ = ("_last", "_spent")

    def __init__(self, spent: dict[str, float] | None) -> None:
        self._spent = spent
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        """Count the time since the previous lap as spent on ``step``."""
        if self._spent is not None:
            now = time.perf_counter()
            self._spent[step] = self._spent.get(step, 0.0) + now - self._last
            self._last = now


def _load(
    root: Traversable,
    expected: tuple[str, str] | None = None,
    *,
    timings: dict[str, float] | None = None,
) -> Dataset:
    """Load a data folder; ``expected`` is the (name, version) its manifest must give.

    ``timings``, if given, receives the seconds spent reading and hashing, parsing,
    structuring and building the dataset (checks and indexes); the benchmark reads them.
    """
    clock = _Stopwatch(timings)
    with _collector_paused():
        raw_manifest = _read(root, MANIFEST)
        clock.lap(READ)
        parsed_manifest = _parse(MANIFEST, raw_manifest)
        clock.lap(PARSE)
        manifest = structure(parsed_manifest, Manifest, MANIFEST)
        clock.lap(STRUCTURE)
        if expected is not None and (manifest.name, manifest.version) != expected:
            raise DataFileError(
                MANIFEST,
                f"describes {manifest.name} {manifest.version}, but this package is "
                f"{expected[0]} {expected[1]}: the bundled data does not belong to it",
            )
        if manifest.schema_version != SCHEMA_VERSION:
            raise DataFileError(
                MANIFEST,
                f"schema_version {manifest.schema_version} is not the {SCHEMA_VERSION} "
                "this version of the package reads",
            )
        entries = {entry.name: entry for entry in manifest.files}
        missing = [name for name in DATA_FILES if name not in entries]
        if missing:
            raise DataFileError(MANIFEST, f"files {missing} are not listed")
        texts = {}
        for name in DATA_FILES:
            raw = _read(root, name)
            digest = hashlib.sha256(raw).hexdigest()
            if digest != entries[name].sha256:
                raise IntegrityError(
                    name,
                    f"SHA-256 {digest} does not match the manifest's {entries[name].sha256}: "
                    "the file was changed or damaged",
                )
            texts[name] = raw
        clock.lap(READ)
        parsed_source = _parse("source.json", texts["source.json"])
        clock.lap(PARSE)
        source = structure(parsed_source, Source, "source.json")
        clock.lap(STRUCTURE)
        entities = _records(texts, "entities.json", Entity, entries["entities.json"].records, clock)
        events = _records(texts, "events.json", Event, entries["events.json"].records, clock)
        figures = _records(texts, "figures.json", Figure, entries["figures.json"].records, clock)
        if entries["source.json"].records != 1:
            raise DataFileError(
                MANIFEST, f"source.json holds one record, not {entries['source.json'].records}"
            )
        if source.sha256 != manifest.article_sha256:
            raise IntegrityError(MANIFEST, "article_sha256 differs from the sha256 in source.json")
        try:
            dataset = Dataset(source, entities, events, figures, manifest)
        except LinkError as error:
            raise LinkError([_in_file(problem) for problem in error.problems]) from None
        clock.lap(CHECK_AND_INDEX)
        return dataset


_FILE_OF_LABEL: Final = {
    "source": "source.json",
    "entity": "entities.json",
    "entities": "entities.json",
    "event": "events.json",
    "figure": "figures.json",
}


def _in_file(problem: str) -> str:
    """Prefix a consistency problem with the file holding the record it names."""
    file = _FILE_OF_LABEL.get(problem.split(" ", 1)[0])
    return f"{file}: {problem}" if file else problem


def _read(root: Traversable, name: str) -> bytes:
    try:
        return root.joinpath(name).read_bytes()
    except OSError as error:
        raise DataFileError(name, f"cannot be read ({error.strerror or error})") from None


def _parse(name: str, raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except UnicodeDecodeError as error:
        raise DataFileError(name, f"is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DataFileError(
            name, f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise DataFileError(name, "is not valid JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer longer than Python will convert
        raise DataFileError(name, f"cannot be read as JSON: {error}") from None


def _records(
    texts: dict[str, bytes], name: str, cls: type[T], expected: int, clock: _Stopwatch
) -> tuple[T, ...]:
    data = _parse(name, texts[name])
    clock.lap(PARSE)
    if not isinstance(data, list):
        raise SchemaError(name, None, None, [f"expected a JSON array, found {_json_type(data)}"])
    records = structure(data, tuple[cls, ...], name)  # type: ignore[valid-type]
    clock.lap(STRUCTURE)
    if len(records) != expected:
        raise DataFileError(name, f"holds {len(records)} records, the manifest says {expected}")
    return records  # type: ignore[no-any-return]


def structure(data: Any, cls: Any, name: str) -> Any:
    """Structure JSON data into ``cls`` (a record class or a tuple of one), as the loader does.

    The fast path (:mod:`syria_is_2024.builders`) runs first; on failure the detailed
    converter finds the failing record, and a :class:`SchemaError` naming ``name``, the record
    id and every field path is raised.
    """
    try:
        return _build(data, cls)
    except Exception:  # any failure: the detailed pass explains it
        _explain(data, cls, name)
    # Every record passed the detailed pass: the data are valid after all.
    try:
        return detailed_converter().structure(data, cls)
    except Exception as error:
        raise SchemaError(name, None, None, problems(error)) from None


def _build(data: Any, cls: Any) -> Any:
    """Structure with the fast path where it knows the class, else with the fast converter."""
    if getattr(cls, "__origin__", None) is tuple and cls.__args__[0] in BUILDERS:
        return build_many(data, cls.__args__[0])
    if cls in BUILDERS:
        return build_one(data, cls)
    return fast_converter().structure(data, cls)


def _explain(data: Any, cls: Any, name: str) -> None:
    """Raise a :class:`SchemaError` for the first record the detailed converter refuses."""
    many = getattr(cls, "__origin__", None) is tuple
    record_cls = cls.__args__[0] if many else cls
    items = list(enumerate(data)) if many and isinstance(data, list) else [(None, data)]
    for index, item in items:
        if not isinstance(item, dict):
            raise SchemaError(name, None, index, [f"expected an object, found {_json_type(item)}"])
        try:
            detailed_converter().structure(item, record_cls)
        except Exception as detailed:
            record_id = item.get("id")
            raise SchemaError(
                name, record_id if isinstance(record_id, str) else None, index, problems(detailed)
            ) from None


def problems(error: BaseException) -> list[str]:
    """Readable ``message @ $.path`` lines for a structuring failure, as cattrs writes them."""
    if isinstance(error, cattrs.BaseValidationError):
        return cattrs.transform_error(error, path="$", format_exception=_describe)
    return [f"{_describe(error, None)} @ $"]


def _describe(error: BaseException, type_: Any) -> str:
    if isinstance(error, InvalidRecordError):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(error.extra_fields))}"
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, AttributeError) and "keys" in str(error):
        return "expected a JSON object"
    if isinstance(error, DatasetError | StructureTypeError):
        return str(error)
    return format_exception(error, type_)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _plain(_: object, __: object, value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def revalidate(record: T, cls: type[T], label: str) -> T:
    """Pass a record made in code through the loader's converter: checked as a loaded one is."""
    if not isinstance(record, cls):
        raise ArgumentTypeError(
            f"{label}: expected {a_or_an(cls.__name__)}, got {type(record).__name__}"
        )
    converter = detailed_converter()
    try:
        # attrs.asdict follows the values actually held, not the declared types, so a wrong
        # value reaches the converter and is reported at its own field path.
        raw = attrs.asdict(record, value_serializer=_plain)  # type: ignore[arg-type]
        return converter.structure(raw, cls)
    except Exception as error:
        record_id = getattr(record, "id", None)
        raise SchemaError(f"{label} (built in code)", record_id, None, problems(error)) from None
