"""Reading a data folder into a verified :class:`~syria_is_2024.dataset.Dataset`.

The manifest is read first; every data file is checked against its SHA-256 before it is
parsed; records are structured by one cattrs converter with the model's validators on. Only
when that fails is the file structured again, record by record, with detailed validation, so
that the error names the file, the record and every field path at fault. Nothing half-loaded
is ever returned: a dataset exists whole, or an error says why not.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any, Final, TypeVar

import cattrs
import importlib_resources
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.v import format_exception
from importlib_resources.abc import Traversable

from ._version import __version__
from .convert import StructureTypeError, converter, detailed_converter
from .dataset import Dataset
from .errors import (
    ArgumentTypeError,
    DataFileError,
    DatasetError,
    IntegrityError,
    InvalidRecordError,
    LinkError,
    SchemaError,
)
from .layout import DATA_FILES, MANIFEST, MAX_FILE_BYTES, SCHEMA_VERSION
from .model import Entity, Event, Figure, Manifest, Release, Source

T = TypeVar("T")


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
    try:
        root = Path(path).absolute()
        if not root.is_dir():
            raise DataFileError(str(root), "is not a folder")
    except OSError as error:  # a name too long, a working folder that is gone
        raise DataFileError(os.fspath(path), f"cannot be read ({error.strerror})") from None
    return _load(root)


def _load(root: Traversable, expected: tuple[str, str] | None = None) -> Dataset:
    """Load a data folder; ``expected`` is the (name, version) its manifest must give."""
    manifest = structure(_parse(MANIFEST, _read(root, MANIFEST)), Manifest, MANIFEST)
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
    listed = sorted(entry.name for entry in manifest.files)
    if listed != sorted(DATA_FILES):
        odd = sorted(set(listed) ^ set(DATA_FILES) or {n for n in listed if listed.count(n) > 1})
        raise DataFileError(MANIFEST, f"lists {odd} wrongly: each of {DATA_FILES} once, no more")
    if entries["source.json"].records != 1:
        raise DataFileError(
            MANIFEST, f"source.json holds one record, not {entries['source.json'].records}"
        )
    parsed = {}
    for name in DATA_FILES:
        raw = _read(root, name)
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entries[name].sha256:
            raise IntegrityError(
                name,
                f"SHA-256 {digest} does not match the manifest's {entries[name].sha256}: "
                "the file was changed or damaged",
            )
        parsed[name] = _parse(name, raw)
    source = structure(parsed["source.json"], Source, "source.json")
    if source.sha256 != manifest.article_sha256:
        raise IntegrityError(MANIFEST, "article_sha256 differs from the sha256 in source.json")
    entities = _records(parsed, "entities.json", Entity, entries["entities.json"].records)
    events = _records(parsed, "events.json", Event, entries["events.json"].records)
    figures = _records(parsed, "figures.json", Figure, entries["figures.json"].records)
    releases = _records(parsed, "changes.json", Release, entries["changes.json"].records)
    try:
        return Dataset(source, entities, events, figures, manifest, releases)
    except LinkError as error:
        raise LinkError([_in_file(problem) for problem in error.problems]) from None


_FILE_OF_LABEL = {
    "source": "source.json",
    "entity": "entities.json",
    "entities": "entities.json",
    "event": "events.json",
    "figure": "figures.json",
    "release": "changes.json",
}


def _in_file(problem: str) -> str:
    """Prefix a consistency problem with the file holding the record it names."""
    file = _FILE_OF_LABEL.get(problem.split(" ", 1)[0])
    return f"{file}: {problem}" if file else problem


def _read(root: Traversable, name: str) -> bytes:
    """The file's bytes; in a folder, a regular file's within the size limit, seen unopened."""
    where = f" in {root}" if isinstance(root, Path) else ""
    try:
        found = (root / name).stat() if isinstance(root, Path) else None  # a FIFO would block
        if found and not stat.S_ISREG(found.st_mode):
            raise DataFileError(name, f"is not a regular file{where}")
        if found and found.st_size > MAX_FILE_BYTES:
            raise DataFileError(name, f"holds {found.st_size} bytes{where}, over {MAX_FILE_BYTES}")
        return root.joinpath(name).read_bytes()
    except OSError as error:
        raise DataFileError(name, f"cannot be read{where} ({error.strerror or error})") from None


def _parse(name: str, raw: bytes) -> Any:
    """Parse strict JSON: UTF-8 without a byte order mark, no NaN, no object repeating a key."""
    if raw.startswith(codecs.BOM_UTF8):
        raise DataFileError(name, "starts with a byte order mark: data files are plain UTF-8")
    try:
        text = raw.decode("utf-8")  # json.loads would also take UTF-16 and UTF-32 bytes
        return json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise DataFileError(name, f"is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DataFileError(
            name, f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise DataFileError(name, "is not valid JSON: nested too deeply") from None
    except ValueError as error:  # an overlong integer, a repeated key, NaN or infinity
        raise DataFileError(name, f"cannot be read as JSON: {error}") from None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"an object repeats the key(s) {', '.join(map(repr, repeated))}")
    return found


def _no_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a number JSON allows")


def _records(parsed: dict[str, Any], name: str, cls: type[T], expected: int) -> tuple[T, ...]:
    data = parsed[name]
    if not isinstance(data, list):
        raise SchemaError(name, None, None, [f"expected a JSON array, found {_json_type(data)}"])
    records: tuple[T, ...] = structure(data, tuple[cls, ...], name)  # type: ignore[valid-type]
    if len(records) != expected:
        raise DataFileError(name, f"holds {len(records)} records, the manifest says {expected}")
    return records


def structure(data: Any, cls: Any, name: str) -> Any:
    """Structure JSON data into ``cls`` (a record class or a tuple of one), as the loader does.

    On failure the data is structured again with detailed validation, record by record, and a
    :class:`SchemaError` naming ``name``, the record id and every field path is raised.
    """
    try:
        return converter().structure(data, cls)
    except Exception:  # the detailed pass says what was wrong
        pass
    many = getattr(cls, "__origin__", None) is tuple
    record_cls = cls.__args__[0] if many else cls
    items = list(enumerate(data)) if many and isinstance(data, list) else [(None, data)]
    for index, item in items:
        if not isinstance(item, dict):
            raise SchemaError(name, None, index, [f"expected an object, found {_json_type(item)}"])
        try:
            detailed_converter().structure(item, record_cls)
        except Exception as error:
            record_id = item.get("id")
            raise SchemaError(
                name, record_id if isinstance(record_id, str) else None, index, problems(error)
            ) from None
    # Each record passes on its own: what failed was the whole (an array where one was due).
    try:
        return detailed_converter().structure(data, cls)
    except Exception as error:
        raise SchemaError(name, None, None, problems(error)) from None


_VALIDATOR_LINE: Final = re.compile(r"^[A-Z]\w*\.(\w+(?:\[\d+\])?): .* @ (\$\S*)$")


def problems(error: BaseException) -> list[str]:
    """Readable ``message @ $.path`` lines for a structuring failure, as cattrs writes them.

    A record's own validator names its field (``Event.title: ...``); the path is carried to it.
    """
    if not isinstance(error, cattrs.BaseValidationError):
        return [f"{_describe(error, None)} @ $"]
    lines = cattrs.transform_error(error, path="$", format_exception=_describe)
    for n, line in enumerate(lines):
        match = _VALIDATOR_LINE.match(line)
        if match and not match.group(2).endswith("." + match.group(1)):
            lines[n] = f"{line}.{match.group(1)}"
    return lines


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
    return "null" if value is None else names.get(type(value), "a number")
