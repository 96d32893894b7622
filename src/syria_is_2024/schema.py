"""What the record model says about itself: field types, meanings, vocabularies, JSON Schema.

Everything here is read off the attrs classes of :mod:`syria_is_2024.model` (each field's type,
default and ``metadata["meaning"]``) and the vocabularies of :mod:`syria_is_2024.taxonomy`, so
it cannot drift from what the loader accepts. The table columns, the Data Package and the
documentation's data dictionary are built from these functions; the JSON Schema is generated
from them when the data is built (``tools/json_schema.py``) and shipped beside the data. A
field without a meaning is an error, never a gap.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys
import typing
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs
import importlib_resources

from . import model, taxonomy
from .errors import DictionaryError as DictionaryError  # re-exported for the schema's users

SCHEMA = "schema.json"
"""The JSON Schema's file in the data folder."""

_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`~?([^`]+)`")


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


@functools.cache
def field_meanings(cls: type) -> dict[str, str]:
    """The meaning of every field of ``cls``, from ``metadata["meaning"]`` on the field.

    Raises :class:`DictionaryError` naming every field of the class without a meaning. Computed
    once per class, like :func:`type_hints`: the dict is shared, to read, not to change.
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


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """The resolved type of every field of a model class (computed once per class, shared)."""
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a data folder, as an object keyed by file name.

    It is generated from the record model when the data is built and shipped beside it. It
    checks structure, JSON types, required and unknown keys and vocabulary terms; rules that
    need code (slugs, date order and precision, links between records) stay with the loader.
    """
    schema: dict[str, Any] = json.loads(
        importlib_resources.files("syria_is_2024").joinpath("data", SCHEMA).read_text("utf-8")
    )
    return schema


def file_schema(name: str) -> dict[str, Any]:
    """A standalone JSON Schema of one data file (``entities.json``, ``manifest.json`` ...)."""
    whole = json_schema()
    if name not in whole["properties"]:
        known = ", ".join(whole["properties"])
        raise DictionaryError(f"{name!r} is not a data file; known: {known}")
    return {
        "$schema": whole["$schema"],
        "title": f"syria-is-2024 {name}",
        **whole["properties"][name],
        "$defs": whole["$defs"],
    }
