"""What the record model says about itself: its classes, vocabularies, field meanings, JSON Schema.

Everything here is read off the attrs classes of :mod:`syria_is_2024.model` (each field's type,
default and ``metadata["meaning"]``) and the vocabularies of :mod:`syria_is_2024.taxonomy`, so
it cannot drift from what the loader accepts. The data dictionary of the documentation, the
table columns and the Data Package are built from the same functions. A field without a
meaning is an error, never a gap.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any, Final, Literal

import attrs

from . import model, taxonomy
from ._version import __version__
from .errors import DictionaryError
from .layout import DATA_FILES, MANIFEST, SCHEMA_VERSION

__all__ = [
    "FILES",
    "JSON_SCHEMA_DIALECT",
    "DictionaryError",
    "field_meanings",
    "file_schema",
    "json_schema",
    "model_classes",
    "type_hints",
    "vocabularies",
    "vocabulary_of",
]

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


FILES: Final[dict[str, tuple[type, bool]]] = {
    "entities.json": (model.Entity, True),
    "events.json": (model.Event, True),
    "figures.json": (model.Figure, True),
    "source.json": (model.Source, False),
    "manifest.json": (model.Manifest, False),
}
"""Each data file with the record class it holds and whether it holds an array of them."""

_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`~?([^`]+)`")
_PRIMITIVES: Final[dict[object, tuple[str, dict[str, Any]]]] = {
    str: ("str", {"type": "string"}),
    int: ("int", {"type": "integer"}),
    float: ("float", {"type": "number"}),
    bool: ("bool", {"type": "boolean"}),
    dt.date: (
        "date",
        {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    ),
}


def model_classes() -> tuple[type, ...]:
    """Every attrs class of the model: the file roots first, then each as it is first reached.

    Walking from the files keeps a record next to the values it holds; a class no file reaches
    still comes last, so nothing in the model goes undocumented.
    """
    ordered: list[type] = []
    queue = [cls for cls, _ in FILES.values()]
    while queue:
        cls = queue.pop(0)
        if cls in ordered:
            continue
        ordered.append(cls)
        hints = type_hints(cls)
        queue.extend(
            inner
            for field in attrs.fields(cls)
            for inner in _referenced(hints[field.name])
            if attrs.has(inner)
        )
    for name in model.__all__:
        value = getattr(model, name)
        if isinstance(value, type) and attrs.has(value) and value not in ordered:
            ordered.append(value)
    return tuple(ordered)


def vocabularies() -> dict[str, tuple[Any, dict[str, str]]]:
    """Each ``Literal`` vocabulary of the taxonomy by name, with the mapping of its meanings.

    The mapping is the taxonomy dict whose keys are exactly the vocabulary's terms; a
    vocabulary without one, or with several, raises :class:`DictionaryError`.
    """
    meanings = [
        value
        for name, value in vars(taxonomy).items()
        if name.isupper()
        and isinstance(value, dict)
        and all(isinstance(meaning, str) for meaning in value.values())
    ]
    found: dict[str, tuple[Any, dict[str, str]]] = {}
    for name in taxonomy.__all__:
        value = getattr(taxonomy, name)
        if typing.get_origin(value) is not Literal:
            continue
        terms = set(typing.get_args(value))
        matches = [m for m in meanings if set(m) == terms]
        if len(matches) != 1:
            problem = "no mapping gives" if not matches else "several mappings give"
            raise DictionaryError(f"taxonomy.{name}: {problem} the meaning of exactly its terms")
        found[name] = (value, matches[0])
    return found


def field_meanings(cls: type) -> dict[str, str]:
    """The meaning of every field of ``cls``, from ``metadata["meaning"]`` on the field.

    Raises :class:`DictionaryError` naming every field of the class without a meaning.
    """
    result = {}
    problems = []
    for field in attrs.fields(cls):
        meaning = field.metadata.get(model.MEANING)
        if not isinstance(meaning, str) or not meaning.strip():
            problems.append(f"{cls.__name__}.{field.name}: no documented meaning")
        else:
            result[field.name] = _plain(meaning)
    if problems:
        raise DictionaryError("; ".join(problems))
    return result


def type_hints(cls: type) -> dict[str, Any]:
    """The resolved type of every field of a model class."""
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


def vocabulary_of(hint: Any) -> tuple[str, tuple[str, ...]] | None:
    """The name and terms of the taxonomy vocabulary a type uses (itself, or inside ``| None``)."""
    for inner in _referenced(hint):
        if typing.get_origin(inner) is Literal:
            return _vocabulary_name(inner, vocabularies()), typing.get_args(inner)
    return None


def _referenced(hint: Any) -> Iterator[Any]:
    """The hint and every type nested in it (the members of unions, the items of tuples)."""
    yield hint
    if typing.get_origin(hint) is not Literal:
        for argument in typing.get_args(hint):
            if argument is not Ellipsis:
                yield from _referenced(argument)


def _plain(text: str) -> str:
    """Docstring text as Markdown: reST roles become code, paragraphs stay apart."""
    return _ROLE.sub(r"`\1`", inspect.cleandoc(text)).replace("``", "`")


def _vocabulary_name(hint: Any, known: Mapping[str, tuple[Any, dict[str, str]]]) -> str:
    for name, (vocabulary, _) in known.items():
        if hint == vocabulary:
            return name
    raise DictionaryError(f"{hint!r} is not a vocabulary of the taxonomy")


def _schema_type(hint: Any, known: Mapping[str, tuple[Any, dict[str, str]]]) -> dict[str, Any]:
    """A type as a JSON Schema, referring to the definitions of classes and vocabularies."""
    if hint is type(None):
        return {"type": "null"}
    if hint in _PRIMITIVES:
        return dict(_PRIMITIVES[hint][1])
    if isinstance(hint, type) and attrs.has(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin = typing.get_origin(hint)
    if origin is Literal:
        return {"$ref": f"#/$defs/{_vocabulary_name(hint, known)}"}
    if origin is tuple:
        (item, ellipsis) = typing.get_args(hint)
        if ellipsis is not Ellipsis:
            raise DictionaryError(f"{hint!r}: only homogeneous tuples are supported")
        return {"type": "array", "items": _schema_type(item, known)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_type(arg, known) for arg in typing.get_args(hint)]}
    raise DictionaryError(f"{hint!r}: no JSON Schema for this type")


def _json_default(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _docstring(cls: type) -> str:
    if not cls.__doc__ or not cls.__doc__.strip():
        raise DictionaryError(f"{cls.__name__}: the class has no docstring")
    return _plain(cls.__doc__)


def _check_files() -> None:
    """The files described here are exactly those the loader reads."""
    if set(FILES) != {MANIFEST, *DATA_FILES}:
        raise DictionaryError(
            f"FILES names {sorted(FILES)}, the loader reads {sorted({MANIFEST, *DATA_FILES})}"
        )


def _definitions() -> dict[str, Any]:
    known = vocabularies()
    definitions: dict[str, Any] = {}
    for cls in model_classes():
        meanings = field_meanings(cls)
        hints = type_hints(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            schema = _schema_type(hints[field.name], known)
            schema["description"] = meanings[field.name]
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                schema["default"] = _json_default(field.default)
            properties[field.name] = schema
        definitions[cls.__name__] = {
            "type": "object",
            "title": cls.__name__,
            "description": _docstring(cls),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    for name, (_, terms) in known.items():
        definitions[name] = {
            "title": name,
            "description": "; ".join(f"{term}: {meaning}" for term, meaning in terms.items()),
            "enum": list(terms),
        }
    return definitions


def _file_schema(cls: type, many: bool) -> dict[str, Any]:
    reference = {"$ref": f"#/$defs/{cls.__name__}"}
    return {"type": "array", "items": reference} if many else reference


def json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) of the data folder, as an object keyed by file name.

    It checks structure, JSON types, required keys, unknown keys and vocabulary terms. Rules
    that need code (slugs, date order and precision, links between records) stay with the
    loader. Use :func:`file_schema` to validate one file on its own.
    """
    _check_files()
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"syria-is-2024 data files, schema version {SCHEMA_VERSION}",
        "description": (
            f"The data folder of syria-is-2024 {__version__} as an object keyed by file name; "
            "generated from the record model by syria_is_2024.schema.json_schema()."
        ),
        "type": "object",
        "properties": {name: _file_schema(cls, many) for name, (cls, many) in FILES.items()},
        "required": list(FILES),
        "additionalProperties": False,
        "$defs": _definitions(),
    }


def file_schema(name: str) -> dict[str, Any]:
    """A standalone JSON Schema of one data file (``entities.json``, ``manifest.json`` ...)."""
    _check_files()
    if name not in FILES:
        raise DictionaryError(f"{name!r} is not a data file; known: {', '.join(FILES)}")
    cls, many = FILES[name]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"syria-is-2024 {name}, schema version {SCHEMA_VERSION}",
        **_file_schema(cls, many),
        "$defs": _definitions(),
    }
