"""Every field states its meaning once, on the field; the schema and the dictionary derive from it.

The expectations here are read from the model and the taxonomy directly, not through the
generators, so a generator that skipped a class, a field or a term would fail them. The
Markdown data dictionary is rendered by the documentation's extension (``docs/_ext``).
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import re
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs
import pytest
from hypothesis import given

from strategies import date_spans, evidence, quantities
from support import require_module
from syria_is_2024 import model, taxonomy
from syria_is_2024.convert import configure_converter
from syria_is_2024.layout import DATA_FILES, MANIFEST
from syria_is_2024.loader import bundled_data
from syria_is_2024.schema import (
    DictionaryError,
    field_meanings,
    file_schema,
    json_schema,
    vocabularies,
)
from syria_is_2024.tables import TABLES

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the 'test' extra")

MODEL_CLASSES = [
    getattr(model, name)
    for name in model.__all__
    if isinstance(getattr(model, name), type) and attrs.has(getattr(model, name))
]
VOCABULARIES = {
    name: typing.get_args(getattr(taxonomy, name))
    for name in taxonomy.__all__
    if typing.get_origin(getattr(taxonomy, name)) is Literal
}


_EXTENSIONS = Path(__file__).resolve().parents[1] / "docs" / "_ext"


@pytest.fixture(scope="module")
def dictionary() -> str:
    """The dictionary as the documentation build renders it, made once."""
    require_module("sphinx")
    sys.path.insert(0, str(_EXTENSIONS))
    try:
        data_pages = importlib.import_module("data_pages")
    finally:
        sys.path.remove(str(_EXTENSIONS))
    text: str = data_pages.data_dictionary()
    return text


def _section(text: str, heading: str) -> str:
    """The text under a ``### heading``, up to the next heading of level 2 or 3."""
    match = re.search(rf"^### {re.escape(heading)}\n(.*?)(?=^##)", text + "\n## end", re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def _rows(section: str) -> dict[str, list[str]]:
    """The table rows of a section, by the code-formatted first cell."""
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells[1:]
    return rows


@functools.cache
def _files() -> dict[str, Any]:
    folder = bundled_data()
    return {
        name: json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        for name in (MANIFEST, *DATA_FILES)
    }


def _data() -> dict[str, Any]:
    """A fresh copy of the parsed bundled files, free to be changed by a test."""
    return copy.deepcopy(_files())


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@functools.cache
def _events_validator() -> Any:
    return _validator(file_schema("events.json"))


def test_every_field_of_every_class_is_explained(dictionary: str) -> None:
    """Each model class has a section with one row per field: type, default and a meaning."""
    assert MODEL_CLASSES
    for cls in MODEL_CLASSES:
        rows = _rows(_section(dictionary, cls.__name__))
        for field in attrs.fields(cls):
            assert field.name in rows, f"{cls.__name__}.{field.name} is missing"
            kind, default, meaning = rows[field.name]
            assert kind and meaning, f"{cls.__name__}.{field.name} has an empty cell"
            expected = "required" if field.default is attrs.NOTHING else f"`{field.default!r}`"
            assert default == expected, f"{cls.__name__}.{field.name}"


def test_every_field_states_its_meaning_on_the_field(dictionary: str) -> None:
    """Each field's ``metadata["meaning"]`` is what the dictionary shows for it."""
    for cls in MODEL_CLASSES:
        rows = _rows(_section(dictionary, cls.__name__))
        for field in attrs.fields(cls):
            meaning = field.metadata[model.MEANING]
            assert " ".join(meaning.split()).replace("|", "\\|") == rows[field.name][2]


def test_every_field_has_a_validator() -> None:
    """The model validates itself: no field of any record class goes unchecked."""
    unchecked = [
        f"{cls.__name__}.{field.name}"
        for cls in MODEL_CLASSES
        for field in attrs.fields(cls)
        if field.validator is None
    ]
    assert unchecked == []


def test_table_columns_take_type_vocabulary_and_meaning_from_their_field() -> None:
    """A column holding a model field has that field's meaning, vocabulary and requiredness."""
    kind = next(c for c in TABLES["events"].columns if c.name == "kind")
    assert kind.description == attrs.fields(model.Event).kind.metadata[model.MEANING]
    assert set(kind.vocabulary) == set(typing.get_args(taxonomy.EventKind))
    assert kind.required and kind.type == "string"
    low = next(c for c in TABLES["figures"].columns if c.name == "low")
    assert low.type == "integer" and not low.required
    paragraph = next(c for c in TABLES["evidence"].columns if c.name == "paragraph")
    assert paragraph.description == attrs.fields(model.Evidence).paragraph.metadata[model.MEANING]


def test_every_vocabulary_term_is_explained(dictionary: str) -> None:
    """Each vocabulary has a section listing every term with its meaning from the taxonomy."""
    assert VOCABULARIES
    for name, terms in VOCABULARIES.items():
        rows = _rows(_section(dictionary, name))
        assert set(rows) == set(terms), name
        assert all(cells and cells[0] for cells in rows.values()), name


def test_every_subtype_is_listed(dictionary: str) -> None:
    """The subtypes of every entity kind are listed under that kind."""
    rows = _rows(_section(dictionary, "Subtypes"))
    for kind, subtypes in taxonomy.SUBTYPES.items():
        listed = {cell.strip(" `") for cell in rows[kind][0].split(",")}
        assert listed == set(subtypes), kind


def test_links_point_at_headings(dictionary: str) -> None:
    """Every in-page link of the dictionary names a heading of the dictionary."""
    headings = {
        re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", dictionary, re.M)
    }
    targets = set(re.findall(r"\]\(#([^)]+)\)", dictionary))
    assert targets
    assert targets <= headings


def test_a_field_without_meaning_is_an_error() -> None:
    """Deriving meanings refuses a field nobody explained, rather than publishing it blank."""

    @attrs.frozen
    class Unexplained:
        explained: int = attrs.field(metadata={model.MEANING: "A field with a meaning."})
        silent: int = attrs.field()

    with pytest.raises(DictionaryError, match=r"Unexplained\.silent: no documented meaning"):
        field_meanings(Unexplained)


def test_a_vocabulary_without_meanings_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``Literal`` vocabulary whose terms have no mapping of meanings is refused."""
    monkeypatch.setattr(taxonomy, "Mood", Literal["grim", "hopeful"], raising=False)
    monkeypatch.setattr(taxonomy, "__all__", [*taxonomy.__all__, "Mood"])
    with pytest.raises(DictionaryError, match=r"taxonomy\.Mood"):
        vocabularies()


def test_schema_validates_the_bundled_data() -> None:
    """The schema of the data folder, and of each file alone, accepts the bundled files."""
    data = _data()
    _validator(json_schema()).validate(data)
    for name, content in data.items():
        _validator(file_schema(name)).validate(content)


def test_schema_covers_every_class_and_vocabulary() -> None:
    """The schema defines every model class and every vocabulary, fields as properties."""
    definitions = json_schema()["$defs"]
    for cls in MODEL_CLASSES:
        properties = definitions[cls.__name__]["properties"]
        assert list(properties) == [field.name for field in attrs.fields(cls)]
        assert all(schema["description"] for schema in properties.values())
    for name, terms in VOCABULARIES.items():
        assert definitions[name]["enum"] == list(terms)


def _first_event() -> dict[str, Any]:
    record: dict[str, Any] = _data()["events.json"][0]
    return record


WRONG_RECORDS: list[tuple[Callable[[dict[str, Any]], object], str]] = [
    (lambda r: r.update(mood="grim"), "an unknown key"),
    (lambda r: r["date"].update(era="modern"), "an unknown nested key"),
    (lambda r: r["evidence"][0].update(paragraph="9"), "text for a whole number"),
    (lambda r: r["evidence"][0].update(paragraph=9.5), "a fraction for a whole number"),
    (lambda r: r["date"].update(approximate="yes"), "text for a boolean"),
    (lambda r: r["date"].update(start=20190209), "a number for a date"),
    (lambda r: r["date"].update(start="9 February 2019"), "a date not in ISO form"),
    (lambda r: r.update(places="al-baghouz"), "text for an array"),
    (lambda r: r.update(kind="massacre"), "a term outside the vocabulary"),
    (lambda r: r.pop("title"), "a missing required field"),
]
"""Ways to spoil an event record, each with what it gets wrong."""


@pytest.mark.parametrize(("change", "why"), WRONG_RECORDS, ids=[why for _, why in WRONG_RECORDS])
def test_schema_rejects_a_wrong_record(
    change: Callable[[dict[str, Any]], object], why: str
) -> None:
    """A record with an unknown key, a wrong type, a bad term or a missing field is refused."""
    record = _first_event()
    change(record)
    validator = _events_validator()
    assert not validator.is_valid([record]), why
    assert validator.is_valid([_first_event()])


def test_unknown_file_is_an_error() -> None:
    """Asking for the schema of a file that is not a data file names the known ones."""
    with pytest.raises(DictionaryError, match=r"entities\.json"):
        file_schema("people.json")


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    configure_converter(converter)
    return converter


@functools.cache
def _definition_validator(name: str) -> Any:
    return _validator({"$defs": json_schema()["$defs"], "$ref": f"#/$defs/{name}"})


@given(span=date_spans(), quantity=quantities(), quote=evidence)
def test_schema_accepts_any_valid_value(
    span: model.DateSpan, quantity: model.Quantity, quote: model.Evidence
) -> None:
    """Any value the model accepts, written as the loader writes it, fits the schema."""
    converter = _converter()
    for value in (span, quantity, quote):
        _definition_validator(type(value).__name__).validate(converter.unstructure(value))


def test_the_shipped_schema_is_the_one_the_model_generates() -> None:
    """``schema.json`` in the data folder is what ``tools/json_schema.py`` makes of the model now.

    (``python tools/build_data.py`` rewrites it; a model change without a rebuild fails here.)
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    try:
        generator = importlib.import_module("json_schema")
    finally:
        sys.path.pop(0)
    assert json_schema() == generator.json_schema()
    assert set(json_schema()["properties"]) == {MANIFEST, *DATA_FILES}
