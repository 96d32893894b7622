"""The loader verifies before it parses, and refuses damaged data naming file, record and field."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from strategies import Records, datasets
from syria_is_2024.convert import configure_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.layout import DATA_FILES, MANIFEST, SCHEMA_VERSION
from syria_is_2024.loader import bundled_data, structure
from syria_is_2024.model import DateSpan


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
            r"event '[a-z0-9-]+' \.places: 'atlantis' is not an entity",
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
    """Importing the package neither imports cattrs, attrs or the loader nor opens a data file."""
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))\n"
        "import syria_is_2024\n"
        "heavy = ('cattrs', 'attrs', 'syria_is_2024.loader', 'json', 'typing')\n"
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
    common = {"counted": "c", "unit": "u", "wording": "w", "asserted_by": [{"by": by}]}
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
def test_an_event_dated_after_publication_is_refused_naming_it(
    records: Records, data: st.DataObject
) -> None:
    """An event ending the day after the source's publication: a LinkError naming its date."""
    files = files_of(records)
    index = data.draw(st.integers(0, len(files["events.json"]) - 1))
    event = files["events.json"][index]
    late = (records.source.published.end + dt.timedelta(days=1)).isoformat()
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
