"""The JSON Schema of a data folder, generated from the record model.

``python tools/build_data.py`` writes it into the package's data folder as ``schema.json``,
where :func:`syria_is_2024.schema.json_schema` reads it; the documentation publishes it, and
the tests check that the shipped file is what this module generates. It checks structure, JSON
types, required and unknown keys and vocabulary terms; the loader checks the rest.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from syria_is_2024 import __version__, model
from syria_is_2024.errors import DictionaryError
from syria_is_2024.layout import DATA_FILES, MANIFEST, SCHEMA_VERSION
from syria_is_2024.schema import (
    _plain,
    _referenced,
    _vocabulary_name,
    field_meanings,
    type_hints,
    vocabularies,
)

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

FILES: Final[dict[str, tuple[type, bool]]] = {
    "entities.json": (model.Entity, True),
    "events.json": (model.Event, True),
    "figures.json": (model.Figure, True),
    "source.json": (model.Source, False),
    "changes.json": (model.Release, True),
    "manifest.json": (model.Manifest, False),
}
"""Each data file with the record class it holds and whether it holds an array of them."""

_PRIMITIVES: Final[dict[object, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dt.date: {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
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


def _schema_type(hint: Any, known: Mapping[str, tuple[Any, dict[str, str]]]) -> dict[str, Any]:
    """A type as a JSON Schema, referring to the definitions of classes and vocabularies."""
    if hint is type(None):
        return {"type": "null"}
    if hint in _PRIMITIVES:
        return dict(_PRIMITIVES[hint])
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
