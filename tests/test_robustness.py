"""Robustness: damage is refused naming the file, and any argument gets a documented answer.

Records never change under their users, and the first load is one load for every thread.
The loader tests damage one copy of the bundled data made per module: each example writes its
damaged file (and, where it says so, a manifest re-hashed to match) over the copy, loads the
folder through :func:`syria_is_2024.load_dataset`, and puts the intact bytes back.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from strategies import SLUGS
from syria_is_2024 import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DataFileError,
    DatasetError,
    IntegrityError,
    InvalidRecordError,
    LinkError,
    QueryError,
    SchemaError,
    UnknownKeyError,
    accessors,
    loader,
    model,
)
from syria_is_2024.convert import fast_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.keys import key_forms
from syria_is_2024.loader import DATA_FILES, MANIFEST, bundled_data, structure
from syria_is_2024.model import (
    Attribution,
    Coordinates,
    Entity,
    Event,
    Evidence,
    Figure,
    Link,
    Participant,
    Quantity,
    Source,
)
from syria_is_2024.taxonomy import ENTITY_KINDS, EVENT_KINDS, MEASURES

Json = Any
JsonPath = tuple[str | int, ...]


MUTATING = bool(os.environ.get("MUTANT_UNDER_TEST"))
"""Under mutation testing a failing example need not be shrunk: the mutant dies either way."""


def at_most(examples: int) -> settings:
    """The loaded profile's settings, capped at ``examples``, shrinking skipped for mutants.

    Many examples here load a folder; the cap keeps the module within its time budget.
    """
    capped = settings(max_examples=min(examples, settings().max_examples))
    if MUTATING:
        return settings(capped, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    return capped


# The bundled files ------------------------------------------------------------------------

ORIGINAL: dict[str, bytes] = {
    name: bundled_data().joinpath(name).read_bytes() for name in (MANIFEST, *DATA_FILES)
}
RECORD_CLASS: dict[str, type[Any]] = {
    "source.json": Source,
    "entities.json": Entity,
    "events.json": Event,
    "figures.json": Figure,
}
ARRAY_FILES = ("entities.json", "events.json", "figures.json")


def parsed(name: str) -> Json:
    """A fresh, mutable parse of a bundled file."""
    return json.loads(ORIGINAL[name])


def records_of(name: str, data: Json) -> list[tuple[int | None, Json]]:
    """The records of a file's JSON with their positions (``None`` for the one source)."""
    return list(enumerate(data)) if isinstance(data, list) else [(None, data)]


ALL_IDS: frozenset[str] = frozenset(
    record["id"] for name in DATA_FILES for _, record in records_of(name, parsed(name))
)

# What each field of the model accepts, read from the attrs classes -----------------------


def unwrap_optional(declared: Any) -> tuple[Any, bool]:
    """``X | None`` as ``(X, True)``; any other type as ``(type, False)``."""
    args = typing.get_args(declared)
    if typing.get_origin(declared) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        return rest[0], True
    return declared, False


def json_kinds(declared: Any) -> frozenset[str]:
    """The JSON kinds a field of this declared type accepts."""
    inner, optional = unwrap_optional(declared)
    kinds = {"null"} if optional else set()
    if inner is bool:
        kinds.add("boolean")
    elif inner is int:
        kinds.add("integer")
    elif inner is float:
        kinds |= {"integer", "float"}
    elif inner in (str, dt.date) or typing.get_origin(inner) is Literal:
        kinds.add("string")
    elif typing.get_origin(inner) is tuple:
        kinds.add("array")
    elif attrs.has(inner):
        kinds.add("object")
    else:  # pragma: no cover - a new kind of field needs a line here
        raise AssertionError(f"no JSON kind known for {declared!r}")
    return frozenset(kinds)


def json_kind(value: Json) -> str:
    """The JSON kind of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    names = {float: "float", str: "string", list: "array", dict: "object"}
    return names[type(value)]


REFERENCES: frozenset[tuple[type[Any], str]] = frozenset(
    {
        (Source, "authors"),
        (Source, "publisher"),
        (Entity, "located_in"),
        (Entity, "member_of"),
        (Event, "places"),
        (Event, "figures"),
        (Participant, "entity"),
        (Link, "event"),
        (Attribution, "by"),
        (Attribution, "via"),
        (Figure, "places"),
        (Figure, "subjects"),
        (Figure, "parts"),
    }
)
"""The fields whose values are ids of other records."""


@attrs.frozen
class Slot:
    """One value inside one record of one file, with the type the model declares for it."""

    file: str
    index: int | None
    path: JsonPath
    declared: Any = attrs.field(repr=False)
    required: bool = attrs.field(repr=False)


@attrs.frozen
class Reference:
    """A place in a record where another record's id is written."""

    file: str
    index: int | None
    path: JsonPath
    target: str


def walk(value: Json, declared: Any, path: JsonPath) -> Iterator[tuple[JsonPath, Any, bool]]:
    """Every value below ``path`` with its declared type and whether its key is required."""
    inner, _ = unwrap_optional(declared)
    if attrs.has(inner) and isinstance(value, dict):
        hints = typing.get_type_hints(inner)
        for field in attrs.fields(inner):
            if field.name in value:
                child = (*path, field.name)
                required = field.default is attrs.NOTHING
                yield child, hints[field.name], required
                yield from walk(value[field.name], hints[field.name], child)
    elif typing.get_origin(inner) is tuple and isinstance(value, list):
        item_type = typing.get_args(inner)[0]
        for position, item in enumerate(value):
            yield (*path, position), item_type, False
            yield from walk(item, item_type, (*path, position))


def references(value: Json, cls: type[Any], path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every id written in a reference field below ``path``."""
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        child_value = value.get(field.name)
        if child_value is None:
            continue
        child = (*path, field.name)
        if (cls, field.name) in REFERENCES:
            if isinstance(child_value, str):
                yield child, child_value
            else:
                yield from (((*child, n), ref) for n, ref in enumerate(child_value))
            continue
        inner, _ = unwrap_optional(hints[field.name])
        if typing.get_origin(inner) is tuple:
            item_type = typing.get_args(inner)[0]
            if attrs.has(item_type):
                for n, item in enumerate(child_value):
                    yield from references(item, item_type, (*child, n))
        elif attrs.has(inner):
            yield from references(child_value, inner, child)


SLOTS: list[Slot] = []
REFS: list[Reference] = []
for _name in DATA_FILES:
    for _index, _record in records_of(_name, parsed(_name)):
        SLOTS.extend(
            Slot(_name, _index, path, declared, required)
            for path, declared, required in walk(_record, RECORD_CLASS[_name], ())
        )
        REFS.extend(
            Reference(_name, _index, path, target)
            for path, target in references(_record, RECORD_CLASS[_name], ())
        )
KEYED_SLOTS = [slot for slot in SLOTS if isinstance(slot.path[-1], str)]
REQUIRED_SLOTS = [slot for slot in KEYED_SLOTS if slot.required]
DATE_SLOTS = [slot for slot in SLOTS if unwrap_optional(slot.declared)[0] is dt.date]
REFERENCED_RECORDS = sorted({ref.target for ref in REFS} & ALL_IDS)
FIELD_NAMES = frozenset(
    field.name
    for cls in vars(model).values()
    if isinstance(cls, type) and attrs.has(cls)
    for field in attrs.fields(cls)
)


def get_at(record: Json, path: JsonPath) -> Json:
    """The value at ``path`` inside a record."""
    for step in path:
        record = record[step]
    return record


def dollar(path: JsonPath) -> str:
    """A path in the ``$.a[0].b`` form of the loader's messages."""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


# Loading damaged copies -------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One writable copy of the bundled data for the module; each example restores it."""
    target = tmp_path_factory.mktemp("data")
    for name, raw in ORIGINAL.items():
        (target / name).write_bytes(raw)
    return target


def manifest_for(damaged: Mapping[str, bytes], recount: Mapping[str, int] = {}) -> bytes:
    """The bundled manifest re-hashed to match ``damaged`` files, with counts set as given."""
    manifest = parsed(MANIFEST)
    for entry in manifest["files"]:
        if entry["name"] in damaged:
            entry["sha256"] = hashlib.sha256(damaged[entry["name"]]).hexdigest()
        if entry["name"] in recount:
            entry["records"] = recount[entry["name"]]
    return json.dumps(manifest, indent=1).encode()


def attempt(folder: Path, damaged: Mapping[str, bytes]) -> Dataset | DatasetError:
    """Load the copy with ``damaged`` files written over it, then restore it.

    A package error is returned; any other exception propagates and fails the test.
    """
    try:
        for name, raw in damaged.items():
            (folder / name).write_bytes(raw)
        return s.load_dataset(folder)
    except DatasetError as error:
        return error
    finally:
        for name in damaged:
            (folder / name).write_bytes(ORIGINAL[name])


def refusal(folder: Path, damaged: Mapping[str, bytes]) -> DatasetError:
    """The error loading the damaged copy raises; loading anything is a failure."""
    outcome = attempt(folder, damaged)
    assert isinstance(outcome, DatasetError), f"damaged data loaded: {outcome!r}"
    return outcome


def rehashed(
    folder: Path,
    name: str,
    data: Json,
    recount: Mapping[str, int] = {},
) -> DatasetError:
    """The error for a file rewritten from ``data`` with the manifest re-hashed to match it."""
    raw = json.dumps(data, ensure_ascii=False).encode()
    return refusal(folder, {name: raw, MANIFEST: manifest_for({name: raw}, recount)})


def assert_names_file(error: DatasetError, name: str) -> None:
    """The error is a file error about ``name`` and says so in its message."""
    assert isinstance(error, DataFileError), repr(error)
    assert error.file == name
    assert str(error).startswith(f"{name}: ")


# Byte-level damage ------------------------------------------------------------------------

NOT_JSON = [
    b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
    b"\xef\xbb\xbf",
    b"\x00" * 16,
    b"\xff\xfe{\x00}\x00",
    b"version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n",
    b"null",
    b"[",
]


@st.composite
def byte_damage(draw: st.DrawFn, raw: bytes) -> bytes:
    """Damaged bytes, never the same as ``raw``.

    Truncated, emptied, replaced by a non-JSON body, or with bytes flipped, inserted or
    deleted, or a digit changed.
    """
    how = draw(st.sampled_from(["flip", "truncate", "empty", "body", "insert", "delete", "digit"]))
    at = draw(st.integers(0, len(raw) - 1))
    if how == "empty":
        damaged = b""
    elif how == "body":
        damaged = draw(st.sampled_from(NOT_JSON) | st.binary(max_size=40))
    elif how == "flip":
        damaged = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
    elif how == "truncate":
        damaged = raw[:at]
    elif how == "insert":
        damaged = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    elif how == "delete":
        damaged = raw[:at] + raw[at + draw(st.integers(1, 64)) :]
    else:
        digits = [n for n, byte in enumerate(raw) if chr(byte).isdigit()]
        at = draw(st.sampled_from(digits))
        other = draw(st.sampled_from([d for d in b"0123456789" if d != raw[at]]))
        damaged = raw[:at] + bytes([other]) + raw[at + 1 :]
    if damaged == raw:
        damaged += b" "
    return damaged


@at_most(100)
@given(
    st.sampled_from(DATA_FILES).flatmap(lambda n: st.tuples(st.just(n), byte_damage(ORIGINAL[n])))
)
def test_any_byte_change_to_a_data_file_is_refused_naming_it(
    folder: Path, damage: tuple[str, bytes]
) -> None:
    """Any change to a data file's bytes is an IntegrityError naming that file.

    Truncation, an empty file, a non-JSON body, a flipped, inserted or deleted byte, a changed
    digit: the SHA-256 check refuses each before the file is parsed.
    """
    name, raw = damage
    error = refusal(folder, {name: raw})
    assert isinstance(error, IntegrityError)
    assert_names_file(error, name)


UNCHECKED_MANIFEST_VALUES = ("name", "version")
"""Manifest values a folder of another dataset may carry; the bundled ones are checked."""


def manifest_meaning(raw: bytes) -> Json:
    """The manifest's JSON value less the values listed in UNCHECKED_MANIFEST_VALUES."""
    value = json.loads(raw)
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k not in UNCHECKED_MANIFEST_VALUES}


@at_most(100)
@given(byte_damage(ORIGINAL[MANIFEST]))
def test_any_change_to_the_manifest_is_refused_or_changes_nothing(folder: Path, raw: bytes) -> None:
    """A damaged manifest is refused naming it, or changes nothing the loader relies on.

    A changed hash or count is refused naming the data file it no longer matches, saying the
    manifest disagrees. The only damage that loads leaves the manifest's meaning intact: white
    space, or the values in UNCHECKED_MANIFEST_VALUES (which a folder may set as it likes;
    test_manifest_values_are_all_checked covers them for the bundled data).
    """
    outcome = attempt(folder, {MANIFEST: raw})
    if isinstance(outcome, Dataset):
        assert manifest_meaning(raw) == manifest_meaning(ORIGINAL[MANIFEST])
        return
    assert isinstance(outcome, DataFileError), repr(outcome)
    if outcome.file != MANIFEST:
        assert outcome.file in DATA_FILES
        assert "the manifest" in str(outcome)
    assert str(outcome).startswith(f"{outcome.file}: ")


@pytest.mark.parametrize("name", [MANIFEST, *DATA_FILES])
def test_a_missing_or_unreadable_file_is_named(folder: Path, name: str) -> None:
    """A file that is gone, or a folder where a file should be, is a DataFileError naming it."""
    path = folder / name
    path.unlink()
    try:
        assert_names_file(refusal(folder, {}), name)
        path.mkdir()
        assert_names_file(refusal(folder, {}), name)
    finally:
        if path.is_dir():
            path.rmdir()
        path.write_bytes(ORIGINAL[name])


# JSON-level damage behind a re-hashed manifest -------------------------------------------

INVALID_DATES = st.one_of(
    st.sampled_from(
        [
            "2024-02-30",
            "2023-13-01",
            "2023-00-10",
            "2023-1-5",
            "24-03-01",
            "2024/03/01",
            "",
            " 2024-03-01",
            "2024-03-01T00:00",
            "March 2024",
            "yesterday",
            "2024-03-01Z",
        ]
    ),
    st.text(max_size=12),
).filter(lambda text: not iso_date(text))


def iso_date(text: str) -> bool:
    """Whether ``date.fromisoformat`` reads the text."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def value_of_kind(kind: str) -> st.SearchStrategy[Json]:
    """A JSON value of one kind."""
    return {
        "null": st.none(),
        "boolean": st.booleans(),
        "integer": st.integers(-(10**6), 10**6),
        "float": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
        "string": st.text(max_size=8),
        "array": st.lists(st.integers(0, 9), max_size=2),
        "object": st.dictionaries(st.sampled_from(["x", "id"]), st.integers(0, 9), max_size=1),
    }[kind]


def wrong_kinds(slot: Slot) -> list[str]:
    """JSON kinds the slot refuses."""
    refused = {"null", "boolean", "integer", "float", "string", "array", "object"}
    refused -= json_kinds(slot.declared)
    return sorted(refused)


@attrs.frozen
class Damage:
    """One change to the bundled JSON: what is done, where, and the value it brings."""

    how: str
    file: str
    index: int | None
    path: JsonPath
    value: Json = None

    def apply(self) -> Json:
        """The damaged file's JSON."""
        data = parsed(self.file)
        record = data if self.index is None else data[self.index]
        parent, last = get_at(record, self.path[:-1]), self.path[-1]
        if self.how == "delete":
            del parent[last]
        elif self.how == "rename":
            parent[self.value] = parent.pop(last)
        else:
            parent[last] = self.value
        return data


@st.composite
def structural_damage(draw: st.DrawFn) -> tuple[Damage, str]:
    """A change to one value of one record, and the text the error must show for it."""
    how = draw(st.sampled_from(["delete", "rename", "retype", "date"]))
    pool = {"delete": REQUIRED_SLOTS, "rename": KEYED_SLOTS, "retype": SLOTS, "date": DATE_SLOTS}
    slot = draw(st.sampled_from(pool[how]))
    shown = dollar(slot.path)
    value: Json = None
    if how == "delete":
        expected = f"required field missing @ {shown}"
    elif how == "rename":
        value = draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in FIELD_NAMES))
        expected = f"unknown field(s) {value} @ {dollar(slot.path[:-1])}"
    elif how == "retype":
        value = draw(st.sampled_from(wrong_kinds(slot)).flatmap(value_of_kind))
        expected = f" @ {shown}"
    else:
        value = draw(INVALID_DATES)
        expected = f"is not a valid ISO date (YYYY-MM-DD) @ {shown}"
    return Damage(how, slot.file, slot.index, slot.path, value), expected


@at_most(150)
@given(structural_damage())
def test_structural_damage_is_refused_naming_file_record_and_field(
    folder: Path, case: tuple[Damage, str]
) -> None:
    """Structural damage behind a re-hashed manifest names the file, record and field path.

    A deleted required key, a renamed key, a value of the wrong JSON type or an invalid date,
    anywhere in any record: a SchemaError names the file, the record's position and id, and the
    path of the field.
    """
    damage, expected = case
    error = rehashed(folder, damage.file, damage.apply())
    assert isinstance(error, SchemaError), repr(error)
    assert_names_file(error, damage.file)
    message = str(error)
    assert expected in message
    if damage.index is not None:
        assert error.index == damage.index
        assert f"at $[{damage.index}]" in message
    record = parsed(damage.file)
    record = record if damage.index is None else record[damage.index]
    if damage.path[0] != "id":
        assert error.record == record["id"]
        assert f"record {record['id']!r}" in message


@at_most(60)
@given(st.sampled_from(DATA_FILES), st.data())
def test_a_record_that_is_not_an_object_is_refused(
    folder: Path, name: str, draw: st.DataObject
) -> None:
    """A record that is not a JSON object, or a file that is not an array, is refused by name.

    The error names the file and, for a record, its position.
    """
    data = parsed(name)
    junk = draw.draw(st.sampled_from(["null", "boolean", "integer", "string", "array"]))
    value = draw.draw(value_of_kind(junk))
    if name == "source.json" or draw.draw(st.booleans()):
        error = rehashed(folder, name, value)
        assert_names_file(error, name)
        return
    index = draw.draw(st.integers(0, len(data) - 1))
    data[index] = value
    error = rehashed(folder, name, data)
    assert isinstance(error, SchemaError)
    assert_names_file(error, name)
    assert error.index == index


@at_most(60)
@given(st.sampled_from(ARRAY_FILES), st.data())
def test_a_deleted_or_duplicated_record_is_refused_by_the_count(
    folder: Path, name: str, draw: st.DataObject
) -> None:
    """A record deleted or added behind a re-hashed manifest is refused by the record count.

    The manifest was re-hashed but not recounted; the error names the file.
    """
    data = parsed(name)
    index = draw.draw(st.integers(0, len(data) - 1))
    if draw.draw(st.booleans()):
        del data[index]
    else:
        data.insert(index, data[index])
    error = rehashed(folder, name, data)
    assert_names_file(error, name)
    assert f"holds {len(data)} records, the manifest says {len(parsed(name))}" in str(error)


# Damage to links between records ---------------------------------------------------------

LABEL = {
    "source.json": "source",
    "entities.json": "entity",
    "events.json": "event",
    "figures.json": "figure",
}


@st.composite
def link_damage(draw: st.DrawFn) -> Damage:
    """Damage to the links between records.

    A reference pointed at an id that does not exist, a record given another record's id, or a
    record that others refer to deleted.
    """
    how = draw(st.sampled_from(["dangle", "duplicate", "delete"]))
    if how == "dangle":
        ref = draw(st.sampled_from(REFS))
        missing = draw(SLUGS.filter(lambda slug: slug not in ALL_IDS))
        return Damage("dangle", ref.file, ref.index, ref.path, missing)
    if how == "duplicate":
        name = draw(st.sampled_from(ARRAY_FILES))
        index = draw(st.integers(0, len(parsed(name)) - 1))
        own = {ref.target for ref in REFS if (ref.file, ref.index) == (name, index)}
        own.add(parsed(name)[index]["id"])
        taken = draw(st.sampled_from(sorted(ALL_IDS - own)))
        return Damage("duplicate", name, index, ("id",), taken)
    target = draw(st.sampled_from(REFERENCED_RECORDS))
    name, index = next(
        (name, n)
        for name in ARRAY_FILES
        for n, record in enumerate(parsed(name))
        if record["id"] == target
    )
    return Damage("delete", name, None, (index,))


def expected_problems(damage: Damage) -> list[str]:
    """Texts that must each appear among the problems a link damage causes."""
    if damage.how == "dangle":
        record = parsed(damage.file)
        record = record if damage.index is None else record[damage.index]
        where = f"{LABEL[damage.file]} {record['id']!r} .{damage.path[0]}"
        return [where, f"{damage.value!r} is n"]  # "is not a/an", "is neither"
    if damage.how == "duplicate":
        return [f"{damage.value!r}: id already used by a"]
    deleted = parsed(damage.file)[damage.path[0]]["id"]
    return [f"{deleted!r} is n"]


def structured(files: Mapping[str, Json]) -> dict[str, Any]:
    """The records of the bundled files with ``files`` in place of theirs, structured one by one.

    The loader's structuring only: the checks of the whole dataset have not run.
    """
    out: dict[str, Any] = {}
    for name in DATA_FILES:
        data = files.get(name, parsed(name))
        cls = RECORD_CLASS[name]
        shape = cls if name == "source.json" else tuple[cls, ...]  # type: ignore[valid-type]
        out[name] = structure(data, shape, name)
    return out


@at_most(60)
@given(link_damage())
def test_broken_links_are_refused_alike_from_files_and_from_code(
    folder: Path, damage: Damage
) -> None:
    """Broken links are refused from files and from code with the same problems.

    A dangling reference, a duplicated id, or a deleted record that others refer to, behind a
    re-hashed and recounted manifest, is a LinkError naming the record and field; Dataset.
    from_records refuses the same records with the same problems, which the loader prefixes
    with the name of the file holding each record it names.
    """
    data = damage.apply()
    raw = json.dumps(data).encode()
    counts = {damage.file: len(data)} if damage.how == "delete" else {}
    error = refusal(folder, {damage.file: raw, MANIFEST: manifest_for({damage.file: raw}, counts)})
    assert isinstance(error, LinkError), repr(error)
    everything = "\n".join(error.problems)
    for text in expected_problems(damage):
        assert text in everything
    records = structured({damage.file: data})
    with pytest.raises(LinkError) as in_code:
        Dataset.from_records(
            records["source.json"],
            records["entities.json"],
            records["events.json"],
            records["figures.json"],
        )
    assert len(in_code.value.problems) == len(error.problems)
    for from_code, from_files in zip(in_code.value.problems, error.problems, strict=True):
        assert from_files.endswith(f": {from_code}")  # the loader names the file first


def test_link_errors_name_the_file(folder: Path) -> None:
    """A dangling link behind a re-hashed manifest is refused naming events.json as well."""
    data = parsed("events.json")
    data[0]["places"] = ["atlantis"]
    error = rehashed(folder, "events.json", data)
    assert "events.json" in str(error)


@pytest.mark.parametrize("name", [MANIFEST, "events.json"])
def test_an_overlong_number_is_refused_naming_the_file(folder: Path, name: str) -> None:
    """A number too long for Python to read is a DataFileError naming the file.

    In the manifest or in a re-hashed data file; not a bare ValueError.
    """
    huge = "9" * 5000
    if name == MANIFEST:
        raw = ORIGINAL[MANIFEST].replace(b'"records": 1', f'"records": {huge}'.encode(), 1)
        assert_names_file(refusal(folder, {MANIFEST: raw}), MANIFEST)
    else:
        raw = ORIGINAL[name].replace(b'"paragraph": ', f'"paragraph": {huge}'.encode(), 1)
        error = refusal(folder, {name: raw, MANIFEST: manifest_for({name: raw})})
        assert_names_file(error, name)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"version": "', b'"version": "9'),
        (b'"name": "syria-is-2024"', b'"name": "another-dataset"'),
        (b'"records": 1\n', b'"records": 7\n'),
    ],
)
def test_manifest_values_are_all_checked(
    folder: Path, monkeypatch: pytest.MonkeyPatch, old: bytes, new: bytes
) -> None:
    """Manifest values that nothing else verifies are checked too.

    A bundled manifest giving another version or name than the package's, or a count other
    than one for source.json, is refused naming the manifest.
    """
    assert ORIGINAL[MANIFEST].count(old) == 1
    raw = ORIGINAL[MANIFEST].replace(old, new)
    monkeypatch.setattr(loader, "bundled_data", lambda: folder)
    try:
        (folder / MANIFEST).write_bytes(raw)
        with pytest.raises(DataFileError) as caught:
            loader.load_bundled()
    finally:
        (folder / MANIFEST).write_bytes(ORIGINAL[MANIFEST])
    assert caught.value.file == MANIFEST


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [
        ("events.json", "notes", "abc"),
        ("events.json", "places", {"aleppo": 1}),
        ("entities.json", "member_of", ""),
        ("figures.json", "subjects", {}),
    ],
)
def test_text_or_an_object_where_a_list_belongs_is_refused(
    folder: Path, name: str, field: str, value: Json
) -> None:
    """A string or an object given for a list field is a SchemaError naming file and field.

    It must not be read as a list of its characters or keys.
    """
    data = parsed(name)
    index = next(n for n, record in enumerate(data) if field in record)
    data[index][field] = value
    error = rehashed(folder, name, data)
    assert isinstance(error, SchemaError)
    assert f"@ $.{field}" in str(error)


def test_a_failed_first_load_leaves_nothing_behind(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed first load of the bundled data caches nothing.

    Every later call raises too, and once the data is whole the next call loads it in full.
    """
    saved = accessors._bundled
    monkeypatch.setattr(loader, "bundled_data", lambda: folder)
    try:
        accessors._bundled = None
        (folder / "events.json").write_bytes(ORIGINAL["events.json"][:-2])
        for call in (s.get_dataset, s.entities, s.events, s.source):
            with pytest.raises(IntegrityError, match=r"^events\.json: SHA-256"):
                call()
            assert accessors._bundled is None
        (folder / "events.json").write_bytes(ORIGINAL["events.json"])
        whole = s.get_dataset()
        assert accessors._bundled is whole
        assert len(whole.events()) == len(parsed("events.json"))
    finally:
        (folder / "events.json").write_bytes(ORIGINAL["events.json"])
        accessors._bundled = saved


def test_load_dataset_refuses_what_is_not_a_data_folder(tmp_path: Path) -> None:
    """A path that is not a folder is a DataFileError naming it; a non-path is a TypeError."""
    for path in (tmp_path / "absent", tmp_path / "x\x00y"):
        with pytest.raises(DataFileError) as caught:
            s.load_dataset(path)
        assert caught.value.file == str(path)
    with pytest.raises(DataFileError, match=r"^manifest\.json: "):
        s.load_dataset(tmp_path)
    for junk in (None, 5, b"data", ["data"]):
        with pytest.raises(ArgumentTypeError):
            s.load_dataset(junk)  # type: ignore[arg-type]


# Lookups and filters under abuse ----------------------------------------------------------

DATA = s.get_dataset()
ENTITY_IDS = sorted(e.id for e in DATA.entities())
PLACE_IDS = sorted(e.id for e in DATA.entities("place"))
NAMES = sorted(
    {e.name for e in DATA.entities()} | {a.name for e in DATA.entities() for a in e.aliases}
)
IDS = sorted(ALL_IDS - {DATA.source.id})

ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # controls, lone surrogates
    st.text(st.characters(codec="utf-8"), min_size=480, max_size=520),  # about MAX_KEY_LENGTH
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\ud800",
            "\udfff",
            "al-",
            "al",
            "al as",
            "-",
            "_",
            "x" * 100_000,
            "\u0628" * 100_000,
            "\u202e",
            "\ufeff",
        ]
    ),
    st.sampled_from(IDS + NAMES),
    st.tuples(st.sampled_from(IDS + NAMES), st.text(max_size=3), st.text(max_size=3)).map(
        lambda parts: parts[1] + parts[0] + parts[2]
    ),
    st.sampled_from(IDS + NAMES).map(str.upper),
)
NOT_TEXT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
    st.tuples(st.text(max_size=3)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
    st.builds(object),
    st.just(dt.date(2019, 3, 23)),
)


def outcome(call: Callable[[], Any]) -> Any:
    """What the call returns, or the package error it raises; any other exception propagates."""
    try:
        return call()
    except DatasetError as error:
        return error


def entity_forms(entity: Entity) -> set[str]:
    """Every lookup key of an entity."""
    names = [entity.id, entity.name, *(alias.name for alias in entity.aliases)]
    return {form for name in names for form in key_forms(name)}


@at_most(200)
@given(ANY_TEXT)
def test_lookups_answer_any_text_with_a_record_or_a_key_error(key: str) -> None:
    """Any text at all gets a record answering to it, or a documented key error.

    Empty, control characters, lone surrogates, 100,000 characters, other scripts, real names
    in other cases: each lookup returns a record that answers to the key, or raises
    UnknownKeyError (with at most five real suggestions) or AmbiguousKeyError.
    """
    lookups: list[tuple[Callable[[str], Any], tuple[type[Any], ...]]] = [
        (s.entity, (Entity,)),
        (s.event, (Event,)),
        (s.figure, (Figure,)),
        (s.record, (Entity, Event, Figure)),
    ]
    for lookup, kind in lookups:
        found = outcome(functools.partial(lookup, key))
        if isinstance(found, UnknownKeyError):
            assert found.key == key
            assert isinstance(found, KeyError)
            assert len(found.suggestions) <= 5
            known = NAMES if lookup is s.entity else IDS
            assert set(found.suggestions) <= set(known)
        elif isinstance(found, AmbiguousKeyError):
            assert lookup is s.entity
            assert len(found.candidates) > 1
            assert all(set(key_forms(key)) & entity_forms(DATA.entity(c)) for c in found.candidates)
        else:
            assert isinstance(found, kind), repr(found)
            if lookup is s.entity:
                assert found.id == key or set(key_forms(key)) & entity_forms(found)
            else:
                assert found.id == key


@at_most(200)
@given(NOT_TEXT)
def test_lookups_refuse_what_is_not_text_with_a_type_error(key: object) -> None:
    """A key that is not a string is an ArgumentTypeError, a TypeError, from every lookup.

    None, numbers, bytes, lists, dicts, dates and plain objects alike.
    """
    for lookup in (s.entity, s.event, s.figure, s.record):
        with pytest.raises(ArgumentTypeError) as caught:
            lookup(key)  # type: ignore[arg-type]
        assert isinstance(caught.value, TypeError)


SAFE_DAYS = st.dates()
"""Any representable day: windows reach the ends of the calendar without overflowing."""


BOUNDS = st.one_of(
    st.none(),
    SAFE_DAYS,
    st.datetimes(),
    SAFE_DAYS.map(dt.date.isoformat),
    SAFE_DAYS.map(lambda d: d.isoformat()[:7]),
    SAFE_DAYS.map(lambda d: d.isoformat()[:4]),
    st.text(max_size=12),
    st.sampled_from(["2023-02-29", "2023-13", "20230401", "2023-W01-1", " 2023 ", "0000"]),
    NOT_TEXT,
)
KEYS = st.one_of(st.none(), st.sampled_from(ENTITY_IDS + NAMES), ANY_TEXT, NOT_TEXT)
VOCABULARY = sorted(EVENT_KINDS | ENTITY_KINDS | MEASURES)
KINDS = st.one_of(
    st.none(),
    st.sampled_from(VOCABULARY),
    st.text(max_size=8),
    st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=3),
    st.frozensets(st.sampled_from(VOCABULARY), max_size=3),
    st.dictionaries(st.sampled_from(VOCABULARY), st.integers(), max_size=2),
    st.lists(st.integers() | st.none(), min_size=1, max_size=2),
    st.integers(),
    st.binary(max_size=4),
    st.builds(iter, st.lists(st.sampled_from(VOCABULARY), max_size=2)),
)
DOCUMENTED = (QueryError, ArgumentTypeError, UnknownKeyError, AmbiguousKeyError)


@at_most(200)
@given(
    st.sampled_from(["events", "figures", "entities"]),
    BOUNDS,
    BOUNDS,
    KEYS,
    KEYS,
    KINDS,
)
def test_filters_answer_anything_with_records_or_documented_errors(
    which: str, start: Any, end: Any, key: Any, at: Any, kind: Any
) -> None:
    """Any filter arguments give a tuple of records or a documented DatasetError.

    End before start, unknown kinds, wrong types, non-ISO text, unknown places: the answer is
    records of the right class, or QueryError, ArgumentTypeError, UnknownKeyError or
    AmbiguousKeyError; nothing else escapes.
    """
    calls: dict[str, Callable[[], tuple[Any, ...]]] = {
        "events": lambda: s.events(start, end, involving=key, at=at, kind=kind),
        "figures": lambda: s.figures(start, end, subject=key, at=at, measure=kind),
        "entities": lambda: s.entities(kind),
    }
    found = outcome(calls[which])
    if isinstance(found, DatasetError):
        assert isinstance(found, DOCUMENTED), repr(found)
        return
    assert isinstance(found, tuple)
    kind_of = {"events": Event, "figures": Figure, "entities": Entity}[which]
    assert all(isinstance(item, kind_of) for item in found)


@at_most(200)
@given(SAFE_DAYS, SAFE_DAYS.filter(lambda d: d.year < 9998), st.booleans())
def test_a_window_that_ends_before_it_starts_is_a_query_error(
    start: dt.date, end: dt.date, as_text: bool
) -> None:
    """An end before the start, as dates or ISO text, is a QueryError naming both bounds."""
    if end >= start:
        start, end = end + dt.timedelta(days=1), start
    low: Any = start.isoformat() if as_text else start
    high: Any = end.isoformat() if as_text else end
    for call in (s.events, s.figures):
        with pytest.raises(QueryError, match=f"end {end.isoformat()} is before start"):
            call(low, high)


@pytest.mark.parametrize(
    ("call", "window"),
    [
        ("events", {"start": "0001"}),
        ("events", {"start": dt.date.min}),
        ("events", {"end": "9999-12"}),
        ("figures", {"end": "9999-12"}),
    ],
)
def test_bounds_at_the_ends_of_the_calendar(call: str, window: dict[str, Any]) -> None:
    """A window reaching the first or last representable day covers everything dated."""
    if call == "events":
        assert s.events(**window) == s.events()
    else:
        assert s.figures(**window) == tuple(f for f in s.figures() if f.period is not None)


# Immutability ---------------------------------------------------------------------------


def field_names(record: Any) -> list[str]:
    """The names of an attrs instance's fields."""
    return [field.name for field in attrs.fields(type(record))]


def values_inside(value: object) -> Iterator[object]:
    """Every value reachable from ``value`` through attrs fields and containers."""
    yield value
    if attrs.has(type(value)):
        for name in field_names(value):
            yield from values_inside(getattr(value, name))
    elif isinstance(value, tuple | frozenset | list | set | dict):
        items = value.items() if isinstance(value, dict) else value
        for item in items:
            yield from values_inside(item)


IMMUTABLE_LEAVES = (str, int, float, bool, dt.date, type(None))


def everything_handed_out() -> list[object]:
    """What the accessors hand out, each call made afresh."""
    dataset = s.get_dataset()
    return [
        s.source(),
        s.entities(),
        s.events(),
        s.figures(),
        s.errata(),
        s.conflicting_accounts(),
        s.entities("place"),
        s.events(at="syria"),
        s.figures(measure="count"),
        dataset.manifest,
        dataset.place_subtree("syria"),
        *(s.record(record_id) for record_id in IDS),
    ]


def test_everything_handed_out_is_deeply_immutable() -> None:
    """Everything the accessors hand out is immutable at any depth.

    Frozen attrs records, tuples, frozensets and immutable scalars: there is no list, dict or
    set to change.
    """
    for handed in everything_handed_out():
        for value in values_inside(handed):
            if attrs.has(type(value)):
                assert type(value).__setattr__ is not object.__setattr__
                assert not hasattr(value, "__dict__")
            else:
                assert isinstance(value, (tuple, frozenset, *IMMUTABLE_LEAVES)), type(value)


@at_most(200)
@given(st.sampled_from(IDS), st.data())
def test_assigning_to_a_record_is_refused(record_id: str, draw: st.DataObject) -> None:
    """Assigning to or deleting any field of a record, at any depth, is refused.

    FrozenInstanceError is raised, and the record is unchanged.
    """
    record = s.record(record_id)
    inside = [v for v in values_inside(record) if attrs.has(type(v))]
    target = draw.draw(st.sampled_from(inside))
    field = draw.draw(st.sampled_from([*field_names(target), "extra"]))
    before = fast_converter().unstructure(record)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(target, field, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(target, field)
    assert fast_converter().unstructure(s.record(record_id)) == before


def test_an_analysis_cannot_change_what_the_next_call_returns() -> None:
    """An analysis cannot change what the next call returns.

    Sorting, extending, clearing or evolving what the accessors return leaves the next call's
    answers equal and identical to the first ones.
    """
    first = everything_handed_out()
    snapshot = json.dumps(fast_converter().unstructure(first[:4]), default=str)
    for handed in first:
        working = list(handed) if isinstance(handed, tuple | frozenset) else [handed]
        working.reverse()
        working.append(None)
        working.clear()
        if isinstance(handed, tuple):
            with pytest.raises(TypeError):
                handed[0] = None  # type: ignore[index]
    for record in s.events():
        attrs.evolve(record, title="changed")
    again = everything_handed_out()
    assert again == first
    assert again[0] is first[0]
    for now, before in zip(again[1:4], first[1:4], strict=True):
        assert isinstance(now, tuple) and isinstance(before, tuple)
        assert all(a is b for a, b in zip(now, before, strict=True))
    assert json.dumps(fast_converter().unstructure(again[:4]), default=str) == snapshot


def test_the_dataset_object_cannot_be_changed() -> None:
    """The Dataset the accessors share refuses assignment to its attributes."""
    dataset = s.load_dataset(Path(str(bundled_data())))  # a private copy: nothing shared
    with pytest.raises(AttributeError):
        dataset.source = attrs.evolve(dataset.source, title="Another title")  # type: ignore[misc]


# Concurrency ------------------------------------------------------------------------------


def test_many_first_calls_at_once_get_one_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixteen threads making the first call at once all get one Dataset, loaded once.

    They wait behind a barrier; each gets the very same object, and it equals the dataset
    loaded alone.
    """
    threads = 16
    barrier = threading.Barrier(threads)
    results: list[object] = []
    loads: list[int] = []
    real_load = loader.load_bundled

    def counted_load() -> Dataset:
        loads.append(1)
        return real_load()

    def first_call() -> None:
        barrier.wait()
        try:
            results.append(s.get_dataset())
        except BaseException as error:  # reported below
            results.append(error)

    saved = accessors._bundled
    monkeypatch.setattr(loader, "load_bundled", counted_load)
    try:
        accessors._bundled = None
        workers = [threading.Thread(target=first_call) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert len(results) == threads
        assert all(isinstance(result, Dataset) for result in results), results
        assert all(result is results[0] for result in results)
        assert loads == [1]
        shared = results[0]
        assert isinstance(shared, Dataset) and saved is not None
        assert shared.entities() == saved.entities()
        assert shared.events() == saved.events()
        assert shared.figures() == saved.figures()
    finally:
        accessors._bundled = saved


def test_threads_querying_one_dataset_agree() -> None:
    """Threads querying one dataset at once agree with a single thread.

    The dataset is freshly loaded, so its place cache fills as they go.
    """

    def answers(dataset: Dataset) -> list[object]:
        return [dataset.events(at=p) for p in PLACE_IDS] + [
            dataset.figures(at=p) for p in PLACE_IDS
        ]

    expected = answers(s.load_dataset(Path(str(bundled_data()))))
    fresh = s.load_dataset(Path(str(bundled_data())))
    barrier = threading.Barrier(8)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(answers(fresh))

    workers = [threading.Thread(target=worker) for _ in range(8)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert results == [expected] * 8


# Validation at every door ---------------------------------------------------------------


def evolve_at(value: Any, path: JsonPath, new: Any) -> Any:
    """``value`` with the value at ``path`` replaced, rebuilt in code through the constructors."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value)
        items[head] = evolve_at(items[head], rest, new)
        return tuple(items)
    return attrs.evolve(value, **{head: evolve_at(getattr(value, head), rest, new)})


def set_json_at(value: Json, path: JsonPath, new: Json) -> Json:
    """The JSON value with the value at ``path`` replaced."""
    parent = get_at(value, path[:-1])
    parent[path[-1]] = new
    return value


@st.composite
def impossible_values(draw: st.DrawFn) -> tuple[Any, JsonPath, Any]:
    """A bundled record, a path in it, and a value of the right type that cannot be true."""
    record = draw(st.sampled_from([DATA.source, *DATA.entities(), *DATA.events(), *DATA.figures()]))
    choices: list[tuple[JsonPath, Any]] = [
        (("id",), draw(st.sampled_from(["Al-Baghouz", "two words", "-x", "x--y", ""]))),
        (("evidence", 0, "paragraph"), draw(st.integers(max_value=0))),
        (("evidence", 0, "quote"), " ".join(["word"] * draw(st.integers(41, 60)))),
        (("evidence", 0, "quote"), draw(st.sampled_from(["", " ", " padded", "padded\n"]))),
        (("evidence",), ()),
    ]
    if isinstance(record, Entity):
        choices += [
            (("kind",), "country"),
            (("name",), " Name"),
            (("aliases",), (*record.aliases, *record.aliases[:1]) if record.aliases else ()),
            (("subtype",), "not-a-subtype"),
        ]
        if record.kind == "place":
            choices.append((("located_in",), record.id))
    if isinstance(record, Event):
        day = record.date.start - dt.timedelta(days=draw(st.integers(1, 400)))
        choices += [
            (("date", "end"), day),
            (("title",), "first line\nsecond line"),
            (("title",), "t" * 121),
            (("kind",), "massacre-of-facts"),
            (("asserted_by",), ()),
        ]
    if isinstance(record, Figure):
        choices += [
            (
                ("quantity", "qualifier"),
                "between" if record.quantity.low == record.quantity.high else "exact",
            ),
            (("parts",), (record.id,)),
            (("measure",), "guess"),
        ]
        if record.period is not None:
            choices.append((("period", "precision"), "fortnight"))
    if isinstance(record, Source):
        choices += [(("sha256",), "ABC"), (("authors",), ("Not A Slug",))]
    path, new = draw(st.sampled_from(choices))
    if path == ("aliases",) and not new:
        path, new = ("name",), ""
    return record, path, new


@at_most(200)
@given(impossible_values())
def test_code_and_files_refuse_the_same_impossible_values(case: tuple[Any, JsonPath, Any]) -> None:
    """Code and files refuse the same impossible values with the same error text.

    A bad id, an end before its start, a long quote, a title of two lines, an unknown kind ...:
    the constructor refuses it when a record is built in code, and the loader when it is read
    from JSON, with the same InvalidRecordError text. A term outside a vocabulary is the one
    exception: the loader's type check refuses it before the validator runs, so the file's
    error names the field path and the value in its own words.
    """
    record, path, new = case
    with pytest.raises(InvalidRecordError) as in_code:
        evolve_at(record, path, new)
    unstructured = fast_converter().unstructure(record)
    as_json = json.loads(json.dumps(fast_converter().unstructure(new), default=str))
    damaged = set_json_at(unstructured, path, as_json)
    with pytest.raises(SchemaError) as from_file:
        structure(damaged, type(record), "records.json")
    if "is not one of" in in_code.value.problem:
        assert f"{new} not in literal" in str(from_file.value)
        assert str(from_file.value).endswith(f"@ {dollar(path)}")
    else:
        assert str(in_code.value) in str(from_file.value)


WRONG_PYTHON_VALUES: dict[str, list[object]] = {
    "null": [None],
    "boolean": [True],
    "integer": [7],
    "float": [2.5],
    "string": ["2019"],
    "array": [(5,), (None,)],
    "object": [{"x": 1}],
}


def holds_records(declared: Any) -> bool:
    """Whether a field holds a record, or a tuple of records, rather than plain values."""
    inner, _ = unwrap_optional(declared)
    if typing.get_origin(inner) is tuple:
        inner = typing.get_args(inner)[0]
    return attrs.has(inner)


@st.composite
def wrongly_typed_records(draw: st.DrawFn) -> tuple[str, Any, str, bool]:
    """A bundled record with one field holding a value of a type it cannot have.

    Built with the validators switched off (as ``object.__setattr__`` or a careless subclass
    could); returned with its collection, the field, and whether that field holds records.
    """
    name = draw(st.sampled_from(DATA_FILES))
    cls = RECORD_CLASS[name]
    pools: dict[str, list[Any]] = {
        "source.json": [DATA.source],
        "entities.json": list(DATA.entities()),
        "events.json": list(DATA.events()),
        "figures.json": list(DATA.figures()),
    }
    pool = pools[name]
    record = draw(st.sampled_from(pool))
    hints = typing.get_type_hints(cls)
    field = draw(st.sampled_from([f.name for f in attrs.fields(cls) if f.name != "id"]))
    accepted = json_kinds(hints[field])
    value: Any
    if "array" in accepted:  # a tuple with an item of the wrong type
        value = draw(st.sampled_from([(5,), (None,), (True,), (2.5,)]))
    else:
        refused = sorted(set(WRONG_PYTHON_VALUES) - accepted)
        value = draw(
            st.sampled_from(refused).flatmap(lambda k: st.sampled_from(WRONG_PYTHON_VALUES[k]))
        )
    with attrs.validators.disabled():
        broken = attrs.evolve(record, **{field: value})
    return name, broken, field, holds_records(hints[field])


@at_most(200)
@given(wrongly_typed_records())
def test_from_records_refuses_wrong_types_as_the_loader_does(
    case: tuple[str, Any, str, bool],
) -> None:
    """Dataset.from_records refuses wrongly typed values as the loader does.

    A value of the wrong type in any field, even one that slipped past the constructor, is a
    SchemaError naming the collection and the record id, and the field path where the field
    holds plain values (for fields that hold records, see
    test_from_records_names_the_field_of_a_broken_record).
    """
    name, broken, field, nested = case
    collections: dict[str, Any] = {
        "source.json": DATA.source,
        "entities.json": list(DATA.entities()),
        "events.json": list(DATA.events()),
        "figures.json": list(DATA.figures()),
    }
    if name == "source.json":
        collections[name] = broken
    else:
        collections[name] = [broken if r.id == broken.id else r for r in collections[name]]
    with pytest.raises(SchemaError) as caught:
        Dataset.from_records(
            collections["source.json"],
            collections["entities.json"],
            collections["events.json"],
            collections["figures.json"],
        )
    error = caught.value
    assert error.file.endswith("(built in code)")
    assert error.record == broken.id
    if not nested:
        assert f"@ $.{field}" in str(error)


def test_from_records_names_the_field_of_a_broken_record() -> None:
    """A value that is not a DateSpan where an event's date belongs is refused naming $.date."""
    event = DATA.events()[0]
    with attrs.validators.disabled():
        broken = attrs.evolve(event, date="2019")  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match=r"@ \$\.date"):
        Dataset.from_records(DATA.source, DATA.entities(), [broken], DATA.figures())


def test_from_records_rebuilds_the_bundled_dataset_unchanged() -> None:
    """The bundled records pass Dataset.from_records and come back unchanged.

    Equal, in the same order, with the same conflicting accounts and errata.
    """
    rebuilt = Dataset.from_records(DATA.source, DATA.entities(), DATA.events(), DATA.figures())
    assert rebuilt.source == DATA.source
    assert rebuilt.entities() == DATA.entities()
    assert rebuilt.events() == DATA.events()
    assert rebuilt.figures() == DATA.figures()
    assert rebuilt.conflicting_accounts() == DATA.conflicting_accounts()
    assert rebuilt.errata() == DATA.errata()


@at_most(200)
@given(
    st.sampled_from(["source", "entities", "events", "figures"]), NOT_TEXT | st.sampled_from(IDS)
)
def test_from_records_refuses_what_is_not_a_record(which: str, junk: object) -> None:
    """Something other than a record of the right class is an ArgumentTypeError.

    In any position of any collection; the error names the collection.
    """
    args: dict[str, Any] = {
        "source": DATA.source,
        "entities": list(DATA.entities()),
        "events": list(DATA.events()),
        "figures": list(DATA.figures()),
    }
    if which == "source":
        args["source"] = junk if not isinstance(junk, Source) else None
    else:
        args[which] = [*args[which][:1], junk]
    with pytest.raises(ArgumentTypeError, match=f"^{which}: expected a"):
        Dataset.from_records(args["source"], args["entities"], args["events"], args["figures"])


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda e: attrs.evolve(e, aliases=("a plain name",)), id="alias-as-text"),
        pytest.param(lambda e: attrs.evolve(e, kind=["place"]), id="kind-as-list"),
        pytest.param(lambda e: attrs.evolve(e, notes="abc"), id="notes-as-text"),
        pytest.param(
            lambda e: Coordinates(
                latitude="36",  # type: ignore[arg-type]
                longitude=40.0,
                precision_km=1.0,
                source="x",
            ),
            id="latitude-as-text",
        ),
    ],
)
def test_wrong_types_in_code_are_invalid_record_errors(build: Callable[[Entity], Any]) -> None:
    """A record built in code with a wrongly typed value raises InvalidRecordError.

    As every error of the package is, a DatasetError; the record never builds.
    """
    with pytest.raises(InvalidRecordError):
        build(DATA.entity("al-baghouz"))


def test_built_in_code_records_are_checked_at_construction() -> None:
    """The constructors apply the validators a loaded record passes.

    Each of these is refused when built in code, naming the class and field.
    """
    evidence = (Evidence(quote="a quote", paragraph=1),)
    attribution = (Attribution(by="enab-baladi"),)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: Quantity(low=3, high=2, qualifier="between"), "Quantity.high"),
        (lambda: Quantity(low=-1, high=-1, qualifier="exact"), "Quantity.low"),
        (lambda: Evidence(quote="x", paragraph=0), "Evidence.paragraph"),
        (lambda: Participant(entity="Not A Slug", role="subject"), "Participant.entity"),
        (lambda: Link(relation="follows-on", event="x"), "Link.relation"),  # type: ignore[arg-type]
        (
            lambda: Figure(
                id="f",
                counted="people",
                quantity=Quantity(low=1, high=1, qualifier="exact"),
                unit="people",
                wording="one",
                parts=("g",),
                asserted_by=attribution,
                evidence=evidence,
            ),
            "Figure.breakdown",
        ),
    ]
    for build, field in cases:
        with pytest.raises(InvalidRecordError, match=f"^{field}: "):
            build()
