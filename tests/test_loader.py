"""The loader verifies before it parses, and refuses damaged data naming file, record and field."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from strategies import SLUGS, Records, datasets
from syria_is_2024 import (
    ArgumentTypeError,
    DataFileError,
    DatasetError,
    IntegrityError,
    LinkError,
    SchemaError,
    loader,
    model,
)
from syria_is_2024.convert import configure_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.layout import DATA_FILES, MANIFEST, MAX_FILE_BYTES, SCHEMA_VERSION
from syria_is_2024.loader import bundled_data, structure
from syria_is_2024.model import (
    Attribution,
    DateSpan,
    Entity,
    Event,
    Figure,
    Link,
    Participant,
    Release,
    Source,
)


def rehash(folder: Path) -> None:
    """Make the manifest agree with the files again, so that later checks are reached."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        raw = (folder / entry["name"]).read_bytes()
        entry["sha256"] = hashlib.sha256(raw).hexdigest()
        data = json.loads(raw)
        entry["records"] = len(data) if isinstance(data, list) else 1
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def edit(folder: Path, name: str, change: Any) -> None:
    """Apply ``change`` to the parsed JSON of one file and write it back, then rehash."""
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    rehash(folder)


def test_a_copy_of_the_bundled_data_loads(data_copy: Path) -> None:
    """The loader reads a folder exactly as it reads the package data."""
    loaded = s.load_dataset(data_copy)
    assert loaded.entities() == s.entities()
    assert loaded.events() == s.events()
    assert loaded.manifest == s.get_dataset().manifest


def test_missing_and_empty_files(data_copy: Path) -> None:
    """A missing file or a missing manifest is named; an empty file fails its hash."""
    (data_copy / "events.json").write_bytes(b"")
    with pytest.raises(s.IntegrityError, match=r"^events\.json"):
        s.load_dataset(data_copy)
    (data_copy / "events.json").unlink()
    with pytest.raises(s.DataFileError, match=r"^events\.json: cannot be read"):
        s.load_dataset(data_copy)
    (data_copy / MANIFEST).unlink()
    with pytest.raises(s.DataFileError, match=r"^manifest\.json: cannot be read"):
        s.load_dataset(data_copy)


def test_not_json_is_named_with_line_and_column(data_copy: Path) -> None:
    """A body that is not JSON is refused with the file, line and column."""
    (data_copy / "figures.json").write_text('[{"id": ]', encoding="utf-8")
    rehash_skipping_counts(data_copy, "figures.json")
    with pytest.raises(s.DataFileError, match=r"^figures.json: is not valid JSON: .* line 1"):
        s.load_dataset(data_copy)


def rehash_skipping_counts(folder: Path, name: str) -> None:
    """Re-hash one file in the manifest but leave its record count as it was."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _set_date(events: list[dict[str, Any]]) -> None:
    events[3]["date"]["start"] = "2019-02-30"


def _rename_key(entities: list[dict[str, Any]]) -> None:
    entities[0]["nom"] = entities[0].pop("name")


def _dangling_link(events: list[dict[str, Any]]) -> None:
    events[0]["places"] = ["atlantis"]


def _delete_referenced(entities: list[dict[str, Any]]) -> None:
    entities[:] = [e for e in entities if e["id"] != "sdf"]


def _bad_breakdown(figures: list[dict[str, Any]]) -> None:
    for figure in figures:
        if figure["id"] == "fig-barisha-girl-killed":
            figure["quantity"] = {"low": 2, "high": 2, "qualifier": "exact"}


def _cycle(entities: list[dict[str, Any]]) -> None:
    for entity in entities:
        if entity["id"] == "syria":
            entity["located_in"] = "al-baghouz"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "events.json",
            _set_date,
            r"^events.json: record '[a-z0-9-]+' at \$\[3\]: .* @ \$\.date\.start",
        ),
        ("entities.json", _rename_key, r"^entities.json: record 'khaled-al-jeratli' at \$\[0\]: "),
        (
            "events.json",
            _dangling_link,
            r"event '[a-z0-9-]+' \.places\[0\]: 'atlantis' is not an entity",
        ),
        ("entities.json", _delete_referenced, r"'sdf' is not an entity"),
        ("figures.json", _bad_breakdown, r"figure 'fig-barisha-civilians-killed' \.parts: .*above"),
        ("entities.json", _cycle, r"entity 'syria' \.located_in: cycle"),
    ],
)
def test_damage_that_passes_the_hash_is_still_refused(
    data_copy: Path, name: str, change: Any, message: str
) -> None:
    """With the manifest re-hashed, invalid values, unknown keys and broken links are named."""
    edit(data_copy, name, change)
    with pytest.raises(s.DatasetError, match=message):
        s.load_dataset(data_copy)


def test_manifest_schema_version_is_checked(data_copy: Path) -> None:
    """A manifest of another schema version is refused rather than misread."""
    manifest = json.loads((data_copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["schema_version"] = 99
    (data_copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(s.DataFileError, match="schema_version 99"):
        s.load_dataset(data_copy)


def test_the_bundled_manifest_describes_the_files() -> None:
    """The shipped manifest names every data file with its true hash and record count."""
    root = bundled_data()
    manifest = json.loads(root.joinpath(MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == "syria-is-2024"
    assert manifest["version"] == s.__version__
    assert [f["name"] for f in manifest["files"]] == list(DATA_FILES)
    for entry in manifest["files"]:
        raw = root.joinpath(entry["name"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"]


def test_import_reads_nothing_and_imports_no_loader() -> None:
    """Importing the package neither imports cattrs, json or the loader nor opens a data file.

    It imports the record model (and so attrs), whose classes it exports.
    """
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))\n"
        "import syria_is_2024\n"
        "heavy = ('cattrs', 'syria_is_2024.loader', 'json')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "print([p for p in opened if p.endswith('.json')])\n"
        "syria_is_2024.entity('SDF')\n"
        "print('cattrs' in sys.modules, any(p.endswith('.json') for p in opened))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "[]", "True True"]


# Generated datasets: a valid one loads, each kind of damage is refused naming the record -----

CONVERTER = cattrs.Converter(forbid_extra_keys=True)
configure_converter(CONVERTER)
FOLDERS = settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
"""Each example writes and loads a whole folder: a score of datasets is enough."""


def files_of(records: Records) -> dict[str, Any]:
    """The JSON value of each data file holding the records."""
    return {
        "source.json": CONVERTER.unstructure(records.source),
        "entities.json": CONVERTER.unstructure(list(records.entities)),
        "events.json": CONVERTER.unstructure(list(records.events)),
        "figures.json": CONVERTER.unstructure(list(records.figures)),
        "changes.json": CONVERTER.unstructure(list(records.releases)),
    }


def write_folder(folder: Path, files: dict[str, Any]) -> Path:
    """Write the data files and a manifest that describes them correctly."""
    entries = []
    for name in DATA_FILES:
        raw = json.dumps(files[name], ensure_ascii=False).encode()
        (folder / name).write_bytes(raw)
        count = len(files[name]) if isinstance(files[name], list) else 1
        entries.append({"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "records": count})
    source = files["source.json"]
    manifest = {
        "name": "generated",
        "version": "0",
        "schema_version": SCHEMA_VERSION,
        "article_sha256": source["sha256"] if isinstance(source, dict) else "0" * 64,
        "files": entries,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def load_files(files: dict[str, Any]) -> Dataset | s.DatasetError:
    """Load a folder holding ``files``: the dataset, or the package error raised."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            return s.load_dataset(write_folder(Path(folder), files))
        except s.DatasetError as error:
            return error


@FOLDERS
@given(datasets())
def test_a_valid_generated_dataset_loads(records: Records) -> None:
    """A folder of generated records with a correct manifest loads, holding exactly them."""
    loaded = load_files(files_of(records))
    assert isinstance(loaded, Dataset), loaded
    assert loaded.source == records.source
    assert sorted(loaded.entities(), key=lambda e: e.id) == sorted(
        records.entities, key=lambda e: e.id
    )
    assert sorted(loaded.events(), key=lambda e: e.id) == sorted(records.events, key=lambda e: e.id)
    assert list(loaded.figures()) == sorted(records.figures, key=lambda f: f.id)
    assert loaded.manifest is not None and loaded.manifest.name == "generated"


def refused(files: dict[str, Any], error: type[s.DatasetError], *texts: str) -> None:
    """Loading ``files`` raises ``error``, and its message names each of ``texts``."""
    outcome = load_files(files)
    assert isinstance(outcome, error), repr(outcome)
    for text in texts:
        assert text in str(outcome), (text, str(outcome))


@FOLDERS
@given(datasets(), st.data())
def test_a_dangling_link_is_refused_naming_the_record(
    records: Records, data: st.DataObject
) -> None:
    """An event whose place does not exist: a LinkError naming the file, the event and the field."""
    files = files_of(records)
    index = data.draw(st.integers(0, len(files["events.json"]) - 1))
    event = files["events.json"][index]
    event["places"] = [*event["places"], "nowhere-at-all"]
    refused(files, s.LinkError, "events.json", repr(event["id"]), ".places", "nowhere-at-all")


@FOLDERS
@given(datasets(), st.data())
def test_a_duplicate_id_is_refused_naming_it(records: Records, data: st.DataObject) -> None:
    """A figure given an entity's id: a LinkError naming the id as already used."""
    files = files_of(records)
    taken = data.draw(st.sampled_from([e.id for e in records.entities]))
    index = data.draw(st.integers(0, len(files["figures.json"]) - 1))
    files["figures.json"][index]["id"] = taken
    refused(files, s.LinkError, repr(taken), "id already used")


@FOLDERS
@given(datasets())
def test_a_cycle_of_places_is_refused_naming_the_place(records: Records) -> None:
    """The country at the root of the place tree put inside one of its places: a LinkError."""
    files = files_of(records)
    places = [e for e in files["entities.json"] if e["kind"] == "place"]
    root = next(p for p in places if p.get("located_in") is None)
    child = next(p for p in places if p.get("located_in") == root["id"])
    root["located_in"] = child["id"]
    refused(files, s.LinkError, repr(root["id"]), ".located_in", "cycle")


@FOLDERS
@given(datasets())
def test_parts_above_their_total_are_refused_naming_the_total(records: Records) -> None:
    """A figure whose parts add up to more than its total: a LinkError naming it and its parts."""
    files = files_of(records)
    by = records.entities[0].id
    common: dict[str, Any] = {"counted": "c", "counts": "other", "status": "reported"}
    common.update(unit="u", wording="w", asserted_by=[{"by": by}])
    common["evidence"] = [{"quote": "a quote", "paragraph": 1}]
    part = {"id": "zz-part", "quantity": {"low": 5, "high": 5, "qualifier": "exact"}, **common}
    total = {
        "id": "zz-total",
        "quantity": {"low": 3, "high": 3, "qualifier": "exact"},
        "parts": ["zz-part"],
        "breakdown": "partial",
        **common,
    }
    files["figures.json"] += [part, total]
    refused(files, s.LinkError, "figures.json", "'zz-total'", ".parts")


@FOLDERS
@given(datasets(), st.data())
def test_an_event_dated_after_the_writing_is_refused_naming_it(
    records: Records, data: st.DataObject
) -> None:
    """An event ending the day after the text was written: a LinkError naming its date."""
    files = files_of(records)
    index = data.draw(st.integers(0, len(files["events.json"]) - 1))
    event = files["events.json"][index]
    late = (records.source.written.end + dt.timedelta(days=1)).isoformat()
    event["date"] = {"start": late, "end": late, "precision": "day"}
    refused(files, s.LinkError, "events.json", repr(event["id"]), ".date")


WRONG_TYPES: list[tuple[str, str, Any]] = [
    ("entities.json", "name", 5),
    ("entities.json", "anonymous", "yes"),
    ("entities.json", "aliases", "a name"),
    ("events.json", "title", ["a title"]),
    ("events.json", "date", "2019-01-01"),
    ("events.json", "places", {"a-place": 1}),
    ("figures.json", "quantity", 7),
    ("figures.json", "evidence", None),
]


@FOLDERS
@given(datasets(), st.sampled_from(WRONG_TYPES), st.data())
def test_a_value_of_the_wrong_json_type_is_refused_naming_record_and_field(
    records: Records, case: tuple[str, str, Any], data: st.DataObject
) -> None:
    """A field holding the wrong JSON type: a SchemaError naming the file, record and field."""
    name, field, value = case
    files = files_of(records)
    index = data.draw(st.integers(0, len(files[name]) - 1))
    record = files[name][index]
    record[field] = value
    refused(files, s.SchemaError, name, repr(record["id"]), f"$.{field}")


@FOLDERS
@given(datasets(), st.sampled_from(["entities.json", "events.json", "figures.json"]), st.data())
def test_an_unknown_key_is_refused_naming_record_and_key(
    records: Records, name: str, data: st.DataObject
) -> None:
    """A key the model does not know: a SchemaError naming the file, record and the key."""
    files = files_of(records)
    record = files[name][data.draw(st.integers(0, len(files[name]) - 1))]
    record["surprise"] = 1
    refused(files, s.SchemaError, name, repr(record["id"]), "surprise")


REQUIRED = {
    "entities.json": ["kind", "name", "description", "evidence"],
    "events.json": ["kind", "title", "description", "date", "asserted_by", "evidence"],
    "figures.json": ["counted", "quantity", "unit", "wording", "asserted_by", "evidence"],
}


@FOLDERS
@given(datasets(), st.sampled_from(sorted(REQUIRED)), st.data())
def test_a_missing_required_key_is_refused_naming_record_and_field(
    records: Records, name: str, data: st.DataObject
) -> None:
    """A required key left out: a SchemaError naming the file, record and the missing field."""
    files = files_of(records)
    record = files[name][data.draw(st.integers(0, len(files[name]) - 1))]
    field = data.draw(st.sampled_from(REQUIRED[name]))
    del record[field]
    refused(files, s.SchemaError, name, repr(record["id"]), f"$.{field}")


@pytest.mark.parametrize("text", ["20140101", "2014-W01-3"])
def test_dates_in_json_are_written_in_full(text: str) -> None:
    """A date in a file must be YYYY-MM-DD: compact and week dates are refused naming the field."""
    # new in the refactor
    span = {"start": text, "end": "2014-12-31", "precision": "days"}
    with pytest.raises(s.SchemaError) as caught:
        structure(span, DateSpan, "test.json")
    assert "$.start" in str(caught.value)


Json = Any
JsonPath = tuple[str | int, ...]


def at_most(examples: int) -> settings:
    """The loaded profile's settings, capped at ``examples`` (each example loads a folder)."""
    return settings(max_examples=min(examples, settings().max_examples))


# Fuzzing: damage anywhere in a copy of the bundled data ----------------------------------------
#
# Each example writes its damaged file (and, where it says so, a manifest re-hashed to match)
# over one copy of the bundled data, loads the folder, and puts the intact bytes back.

ORIGINAL: dict[str, bytes] = {
    name: bundled_data().joinpath(name).read_bytes() for name in (MANIFEST, *DATA_FILES)
}
RECORD_CLASS: dict[str, type[Any]] = {
    "source.json": Source,
    "entities.json": Entity,
    "events.json": Event,
    "figures.json": Figure,
    "changes.json": Release,
}
ARRAY_FILES = ("entities.json", "events.json", "figures.json")


def parsed(name: str) -> Json:
    """A fresh, mutable parse of a bundled file."""
    return json.loads(ORIGINAL[name])


def records_of(name: str, data: Json) -> list[tuple[int | None, Json]]:
    """The records of a file's JSON with their positions (``None`` for the one source)."""
    return list(enumerate(data)) if isinstance(data, list) else [(None, data)]


ALL_IDS: frozenset[str] = frozenset(
    record["id"]
    for name in DATA_FILES
    for _, record in records_of(name, parsed(name))
    if name != "changes.json"
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
        (Figure, "actors"),
        (Figure, "affected"),
        (Entity, "regions"),
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
        expected = f"@ {shown}"
    elif how == "rename":
        value = draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in FIELD_NAMES))
        expected = value
    elif how == "retype":
        value = draw(st.sampled_from(wrong_kinds(slot)).flatmap(value_of_kind))
        expected = f" @ {shown}"
    else:
        value = draw(INVALID_DATES)
        expected = f"@ {shown}"
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
    if damage.path[0] != "id" and "id" in record:  # releases are named by position only
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
    assert "records" in str(error)


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
            records["changes.json"],
        )
    assert len(in_code.value.problems) == len(error.problems)
    for from_code, from_files in zip(in_code.value.problems, error.problems, strict=True):
        assert from_files.endswith(f": {from_code}")  # the loader names the file first


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
        ("figures.json", "actors", {}),
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


FIRST_LOAD = """
import sys, threading
import syria_is_2024 as s
from syria_is_2024 import loader
from pathlib import Path

folder = Path(sys.argv[1])
loader.bundled_data = lambda: folder
good = (folder / "events.json").read_bytes()
(folder / "events.json").write_bytes(good[:-2])
for call in (s.get_dataset, s.entities, s.events, s.source):
    try:
        call()
    except s.IntegrityError as error:
        print("refused", error.file)
(folder / "events.json").write_bytes(good)
loads = []
real = loader.load_bundled
def counted():
    loads.append(1)
    return real()
loader.load_bundled = counted
barrier = threading.Barrier(16)
results = []
def first_call():
    barrier.wait()
    results.append(len(s.get_dataset().events()))
threads = [threading.Thread(target=first_call) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
print("loads", len(loads), "answers", len(results), "events", sorted(set(results)))
"""


def test_a_failed_first_load_leaves_nothing_behind_and_many_first_calls_load_once(
    data_copy: Path,
) -> None:
    """A failed first load caches nothing; then sixteen threads calling at once load once.

    In a fresh interpreter whose bundled data is a damaged copy, every accessor raises the
    IntegrityError naming the file; once the file is whole, sixteen threads making the first
    call together all get the whole dataset from a single load.
    """
    result = subprocess.run(
        [sys.executable, "-c", FIRST_LOAD, str(data_copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    events = len(json.loads((data_copy / "events.json").read_bytes()))
    assert result.stdout.splitlines() == [
        *["refused events.json"] * 4,
        f"loads 1 answers 16 events [{events}]",
    ]


def _not_utf8(folder: Path) -> None:
    (folder / "source.json").write_bytes(b'{"id": "\xff"}')
    rehash_skipping_counts(folder, "source.json")


def _with_source_text(text: bytes) -> Any:
    def damage(folder: Path) -> None:
        (folder / "source.json").write_bytes(text)
        rehash_skipping_counts(folder, "source.json")

    return damage


def _source_bytes() -> bytes:
    return bundled_data().joinpath("source.json").read_bytes()


def _nested_too_deeply(folder: Path) -> None:
    (folder / "source.json").write_bytes(b"[" * 100_000)
    rehash_skipping_counts(folder, "source.json")


def _another_article(folder: Path) -> None:
    edit(folder, "source.json", lambda source: source.update(sha256="1" * 64))


def _unlisted(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f["name"] != "events.json"]
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "file", "named"),
    [
        (_not_utf8, "source.json", "UTF-8"),
        (_with_source_text(codecs.BOM_UTF8 + _source_bytes()), "source.json", "byte order mark"),
        (_with_source_text(_source_bytes().decode().encode("utf-16")), "source.json", "UTF-8"),
        (_with_source_text(_source_bytes().decode().encode("utf-32")), "source.json", "UTF-8"),
        (_with_source_text(b'{"id": "a", "id": "b"}'), "source.json", "'id'"),
        (_with_source_text(b'[{"paragraph": NaN}]'), "source.json", "NaN"),
        (_with_source_text(b'[{"paragraph": -Infinity}]'), "source.json", "Infinity"),
        (_nested_too_deeply, "source.json", "JSON"),
        (_another_article, MANIFEST, "article_sha256"),
        (_unlisted, MANIFEST, "events.json"),
    ],
)
def test_each_refusal_of_a_folder_names_the_file(
    data_copy: Path, damage: Any, file: str, named: str
) -> None:
    """Each refusal of a damaged folder is a DataFileError naming the file at fault.

    Bytes that are not UTF-8 (UTF-16 and UTF-32 included), a byte order mark, an object that
    repeats a key, NaN or infinity, JSON nested too deeply, a manifest whose article hash
    differs from source.json's, or a manifest that leaves a data file out.
    """
    damage(data_copy)
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(data_copy)
    assert caught.value.file == file
    assert named in str(caught.value)


def test_a_record_whose_id_is_not_text_is_named_by_position(data: Dataset) -> None:
    """A record whose id is not text cannot be named by it: its position and $.id are named."""
    raw = CONVERTER.unstructure(list(data.events()[:2]))
    raw[1]["id"] = 5
    with pytest.raises(SchemaError) as caught:
        structure(raw, tuple[Event, ...], "events.json")
    assert caught.value.index == 1
    assert "$[1]" in str(caught.value) and "$.id" in str(caught.value)


def test_unknown_keys_are_listed_together(data: Dataset) -> None:
    """Every unknown key of a record is named in the one error, with the record's id."""
    raw = CONVERTER.unstructure(data.events()[0])
    raw.update(zeta=1, alpha=2)
    with pytest.raises(SchemaError) as caught:
        structure([raw], tuple[Event, ...], "events.json")
    assert caught.value.record == raw["id"]
    assert "alpha" in str(caught.value) and "zeta" in str(caught.value)


FORK_WHILE_LOADING = """
import os, sys, threading
import syria_is_2024
from syria_is_2024 import accessors

loading = threading.Event()
release = threading.Event()

def hold_the_first_load():
    with accessors._lock:  # what a thread loading the data for the first time holds
        loading.set()
        release.wait(30)

threading.Thread(target=hold_the_first_load, daemon=True).start()
loading.wait(30)
pid = os.fork()
if pid == 0:
    import signal
    signal.alarm(30)  # a child stuck on the inherited lock would wait for ever
    os._exit(0 if len(syria_is_2024.entities()) > 0 else 1)
release.set()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="only where processes fork")
def test_a_child_forked_during_a_first_load_can_load() -> None:
    """A process forked while another thread holds the first-load lock can load in the child."""
    result = subprocess.run(
        [sys.executable, "-c", FORK_WHILE_LOADING],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_whole_number_beyond_64_bits_is_refused_naming_the_field(data: Dataset) -> None:
    """A number every export could not write (beyond 64 bits) is refused at its field."""
    raw = CONVERTER.unstructure(data.events()[0])
    raw["evidence"][0]["paragraph"] = 2**63
    with pytest.raises(SchemaError) as caught:
        structure([raw], tuple[Event, ...], "events.json")
    assert caught.value.record == raw["id"]
    assert "$.evidence[0].paragraph" in str(caught.value) and "64-bit" in str(caught.value)


# Folders that are not what they seem: the manifest's list, file types and sizes, the system ---


@pytest.mark.parametrize(
    ("listed", "named"),
    [("events.json", "events.json"), ("schema.json", "schema.json"), (MANIFEST, MANIFEST)],
)
def test_a_manifest_lists_each_data_file_once_and_nothing_else(
    folder: Path, listed: str, named: str
) -> None:
    """A manifest listing a data file twice, or any other file, is refused naming that file."""
    manifest = parsed(MANIFEST)
    entry = next(e for e in manifest["files"] if e["name"] == "events.json")
    manifest["files"].append({**entry, "name": listed})
    error = refusal(folder, {MANIFEST: json.dumps(manifest).encode()})
    assert_names_file(error, MANIFEST)
    assert repr(named) in str(error)


class Hung(Exception):
    """The loader waited on a file, as opening a FIFO for reading does."""


@contextlib.contextmanager
def at_most_seconds(seconds: int) -> Iterator[None]:
    """Raise Hung rather than wait for ever when the block takes too long (where alarms exist)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hang(signum: int, frame: object) -> None:
        raise Hung(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/null exist only on POSIX")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_data_file_that_is_not_a_regular_file_is_refused_unopened(
    data_copy: Path, kind: str
) -> None:
    """A FIFO or a device in place of a data file is refused by its type, before it is opened.

    The error names the file and the folder. Opening a FIFO would wait for a writer for ever.
    """
    path = data_copy / "events.json"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(os.devnull)
    with at_most_seconds(10), pytest.raises(DataFileError) as caught:
        s.load_dataset(data_copy)
    assert caught.value.file == "events.json"
    assert f"is not a regular file in {data_copy}" in str(caught.value)


def test_a_data_file_over_the_size_limit_is_refused_unread(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data file larger than MAX_FILE_BYTES is refused by its size before a byte is read."""
    with (data_copy / "events.json").open("r+b") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: it takes no room on disk
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path.name != "events.json", "the oversized file was read"
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(data_copy)
    assert caught.value.file == "events.json"
    assert f"{MAX_FILE_BYTES + 1} bytes in {data_copy}" in str(caught.value)


def test_errors_of_the_system_are_dataset_errors_naming_the_folder(
    tmp_path: Path, data_copy: Path
) -> None:
    """An error the system raises is a DataFileError that names the folder's full path.

    A folder name too long for the system, and a data file that is a link to nothing.
    """
    too_long = tmp_path / ("x" * 300)
    with pytest.raises(DataFileError) as caught:
        s.load_dataset(too_long)
    assert caught.value.file == str(too_long)
    assert "too long" in str(caught.value)
    (data_copy / "figures.json").unlink()
    (data_copy / "figures.json").symlink_to(tmp_path / "gone.json")
    with pytest.raises(DataFileError, match=r"^figures\.json: cannot be read in ") as caught:
        s.load_dataset(data_copy)
    assert str(data_copy) in str(caught.value)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser reads a folder whatever its mode; the test above covers that case",
)
def test_a_folder_that_cannot_be_read_is_named(data_copy: Path) -> None:
    """A folder whose mode forbids reading is a DataFileError naming it, not a PermissionError."""
    data_copy.chmod(0)
    try:
        with pytest.raises(DataFileError) as caught:
            s.load_dataset(data_copy)
    finally:
        data_copy.chmod(0o755)
    assert str(data_copy) in str(caught.value)


# Fuzzing: whole folders damaged in several ways at once ------------------------------------------


def _pick(draw: st.DataObject, folder: Path) -> Path:
    return folder / draw.draw(st.sampled_from([MANIFEST, *DATA_FILES]), label="file")


def _cut(folder: Path, draw: st.DataObject) -> None:
    path = _pick(draw, folder)
    if path.is_file():
        raw = path.read_bytes()
        path.write_bytes(raw[: draw.draw(st.integers(0, max(0, len(raw) - 1)))])


def _flip(folder: Path, draw: st.DataObject) -> None:
    path = _pick(draw, folder)
    if path.is_file() and (raw := path.read_bytes()):
        at = draw.draw(st.integers(0, len(raw) - 1))
        path.write_bytes(
            raw[:at] + bytes([raw[at] ^ draw.draw(st.integers(1, 255))]) + raw[at + 1 :]
        )


def _json_in(path: Path) -> Any:
    """The JSON value of a regular file, or ``ValueError`` (never opening a FIFO, which blocks)."""
    if not path.is_file():
        raise ValueError(f"{path.name} is not a regular file")
    return json.loads(path.read_bytes())


def _listing(folder: Path, draw: st.DataObject) -> None:
    """Delete, repeat or add an entry of the manifest's list of files."""
    try:
        manifest = _json_in(folder / MANIFEST)
        files = manifest["files"]
    except (OSError, ValueError, TypeError, KeyError):
        return  # the manifest is damaged already
    if not isinstance(files, list) or not files or not isinstance(files[0], dict):
        return
    entry = files[draw.draw(st.integers(0, len(files) - 1))]
    how = draw.draw(st.sampled_from(["delete", "repeat", "add"]))
    if how == "delete":
        files.remove(entry)
    else:
        name = entry.get("name") if how == "repeat" else draw.draw(st.sampled_from(["x", "y.json"]))
        files.append({**entry, "name": name})
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _retype(folder: Path, draw: st.DataObject) -> None:
    """Give a value of a record another JSON type, then re-hash the manifest to match."""
    name = draw.draw(st.sampled_from(DATA_FILES))
    try:
        data = _json_in(folder / name)
    except (OSError, ValueError):
        return  # damaged already
    records = data if isinstance(data, list) else [data]
    record = records[draw.draw(st.integers(0, len(records) - 1))] if records else None
    if not isinstance(record, dict) or not record:
        return
    key = draw.draw(st.sampled_from(sorted(record)))
    kinds = ["null", "boolean", "integer", "float", "string", "array", "object"]
    record[key] = draw.draw(st.sampled_from(kinds).flatmap(value_of_kind))
    (folder / name).write_text(json.dumps(data), encoding="utf-8")
    try:
        manifest = _json_in(folder / MANIFEST)
        for entry in manifest["files"]:
            if entry["name"] == name:
                entry["sha256"] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    except (OSError, ValueError, TypeError, KeyError):
        return


def _extra_file(folder: Path, draw: st.DataObject) -> None:
    name = draw.draw(st.sampled_from(["notes.json", "events.json.orig", ".hidden"]))
    (folder / name).write_bytes(draw.draw(st.binary(max_size=64)))


def _replace(folder: Path, draw: st.DataObject, how: str) -> None:
    """Put something else where a file was: a link, a FIFO, a folder, or nothing."""
    path = _pick(draw, folder)
    if how == "link":
        how = draw.draw(st.sampled_from(["link", "dangling", "loop"]))
    if how == "fifo" and not hasattr(os, "mkfifo"):
        how = "delete"
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    else:
        path.unlink(missing_ok=True)
    if how == "link":
        path.symlink_to(_pick(draw, folder))
    elif how in ("dangling", "loop"):
        path.symlink_to(folder / "nowhere" if how == "dangling" else path)
    elif how == "fifo":
        os.mkfifo(path)
    elif how == "folder":
        path.mkdir()


FOLDER_DAMAGE: dict[str, Callable[[Path, st.DataObject], None]] = {
    "truncate": _cut,
    "flip a byte": _flip,
    "manifest entries": _listing,
    "wrong JSON type": _retype,
    "extra file": _extra_file,
    "link": functools.partial(_replace, how="link"),
    "fifo": functools.partial(_replace, how="fifo"),
    "folder": functools.partial(_replace, how="folder"),
    "deleted file": functools.partial(_replace, how="delete"),
}


@at_most(150)
@given(st.lists(st.sampled_from(sorted(FOLDER_DAMAGE)), min_size=1, max_size=3), st.data())
def test_a_damaged_folder_loads_or_raises_a_dataset_error(
    kinds: list[str], draw: st.DataObject
) -> None:
    """A copy of the bundled data damaged in one to three ways gives a Dataset or a DatasetError.

    Files truncated or with a byte flipped; manifest entries deleted, repeated or added; extra
    files; a value of the wrong JSON type behind a re-hashed manifest; a file replaced by a
    link (to another file, to nothing, to itself), a FIFO, a folder, or deleted. Nothing else
    may come out of load_dataset, and it must not wait on a FIFO.
    """
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, raw in ORIGINAL.items():
            (folder / name).write_bytes(raw)
        for kind in kinds:
            FOLDER_DAMAGE[kind](folder, draw)
        with at_most_seconds(20):
            try:
                outcome: object = s.load_dataset(folder)
            except DatasetError as error:
                outcome = error
    assert isinstance(outcome, Dataset | DatasetError)
