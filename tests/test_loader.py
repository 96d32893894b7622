"""The loader verifies before it parses, and refuses damaged data naming file, record and field."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from syria_is_2024.loader import DATA_FILES, MANIFEST, bundled_data


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


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(st.sampled_from(DATA_FILES), st.floats(0, 1, exclude_max=True), st.integers(1, 255))
def test_a_file_changed_by_one_byte_is_refused(
    data_copy: Path, name: str, where: float, xor: int
) -> None:
    """Any one-byte change to any data file fails the SHA-256 check, naming the file."""
    path = data_copy / name
    original = path.read_bytes()
    raw = bytearray(original)
    position = int(where * len(raw))
    raw[position] ^= xor
    path.write_bytes(bytes(raw))
    try:
        with pytest.raises(s.IntegrityError, match=rf"^{name}: SHA-256"):
            s.load_dataset(data_copy)
    finally:
        path.write_bytes(original)


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
    with pytest.raises(s.DataFileError, match="is not a folder"):
        s.load_dataset(data_copy / "nowhere")


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


def test_record_counts_must_match_the_manifest(data_copy: Path) -> None:
    """A deleted record is noticed even when the manifest's hash was updated but not its count."""
    path = data_copy / "figures.json"
    figures = json.loads(path.read_text(encoding="utf-8"))
    unreferenced = [f for f in figures if f["id"] == "fig-badia-reasons"]
    path.write_text(json.dumps([f for f in figures if f not in unreferenced]), encoding="utf-8")
    rehash_skipping_counts(data_copy, "figures.json")
    with pytest.raises(s.DataFileError, match=r"^figures.json: holds \d+ records, the manifest"):
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
