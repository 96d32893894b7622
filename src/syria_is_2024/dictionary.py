"""The data dictionary and the JSON Schema of the data files, generated from the record model.

Both are built by introspecting the attrs classes of :mod:`syria_is_2024.model` and the
vocabularies of :mod:`syria_is_2024.taxonomy`, so they cannot drift from what the loader
accepts. A field's meaning comes from its attribute docstring in the model or, failing that,
from :data:`FIELD_MEANINGS`; a field with neither (or with both) is an error, never a gap.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import itertools
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
    "FIELD_MEANINGS",
    "FILES",
    "JSON_SCHEMA_DIALECT",
    "DictionaryError",
    "data_dictionary",
    "field_meanings",
    "file_schema",
    "json_schema",
    "model_classes",
    "vocabularies",
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

_ID = "The record's id: a lowercase slug, unique across entities, events and figures, never reused."
_EVIDENCE = "Verbatim quotes from the article that support the record; at least one."
_NOTES = "Remarks on how the text was read: caveats and choices made in encoding it."
_ERRATA = "Evident errors of the article in what this record encodes, each with its likely reading."
_ASSERTED_BY = "Who says so, each attribution naming relays if any; at least one."
_PLACES = "Ids of the places concerned (place entities)."

FIELD_MEANINGS: Final[dict[str, dict[str, str]]] = {
    "Evidence": {
        "quote": (
            "Words copied from the article (at most 40); typographic quotes, dashes, case and "
            "white space aside, they stand verbatim in the paragraph named."
        ),
        "paragraph": (
            "The paragraph holding the quote: the article's non-blank lines numbered from 1, "
            "headline and captions included."
        ),
    },
    "DateSpan": {
        "start": "The first day the span can cover (inclusive).",
        "end": "The last day the span can cover (inclusive); never before start.",
        "precision": (
            "How precisely the text dates it; a day, month or year span fills exactly that "
            "day, month or year."
        ),
        "approximate": (
            "The bounds are approximate ('about', 'mid-', 'the end of'); marked `~` in EDTF."
        ),
        "wording": "The text's own words for the date, where it uses any.",
        "basis": (
            "What the date was resolved against: the text in full, a reference date, or inference."
        ),
        "rule": "How a date not stated in full was resolved; required unless basis is `stated`.",
    },
    "Quantity": {
        "low": "The lower bound of the number, or None where the text leaves it open.",
        "high": "The upper bound of the number, or None where the text leaves it open.",
        "qualifier": "How the text states the number; it fixes which of low and high are given.",
    },
    "Alias": {
        "name": "The other name, as written.",
        "kind": "What sort of name it is.",
        "external": (
            "The article does not use this name; it is added so that lookups find the entity."
        ),
    },
    "Attribution": {
        "by": "Id of the entity that makes the assertion.",
        "via": (
            "Ids of the entities that relay the assertion, in order from the one who makes it "
            "to the reader (the last is usually the article's publisher)."
        ),
    },
    "Erratum": {
        "field": "The field of the record the error concerns.",
        "as_printed": "What the article prints.",
        "likely": "The likely intended reading.",
        "reasoning": "Why the printed text is taken for an error, and why the reading is likely.",
    },
    "ExternalFact": {
        "field": "The field of the record whose value does not come from the article.",
        "note": "Where the value comes from instead.",
    },
    "ExternalId": {
        "scheme": "The catalogue the identifier belongs to.",
        "value": "The identifier within that catalogue.",
    },
    "Coordinates": {
        "latitude": "Latitude in decimal degrees, north positive (-90 to 90).",
        "longitude": "Longitude in decimal degrees, east positive (-180 to 180).",
        "precision_km": "Radius in kilometres around the point within which the place lies.",
        "source": "Where the point comes from (the article gives no coordinates).",
    },
    "Participant": {
        "entity": "Id of the entity taking part.",
        "role": "The part it plays in the event.",
    },
    "Link": {
        "relation": "How this event relates to the other.",
        "event": "Id of the other event.",
    },
    "Entity": {
        "id": _ID,
        "kind": "What sort of entity it is.",
        "subtype": (
            "A finer kind, one of the subtypes of its kind (see Subtypes); required for places."
        ),
        "name": "The main name of the entity, as the article writes it.",
        "aliases": "Other names the entity answers to; lookups find it by any of them.",
        "description": "Who or what the entity is, in the dataset's words.",
        "anonymous": "The article relies on the entity without naming it (an unnamed source).",
        "located_in": "For a place: id of the place containing it; every chain ends at a country.",
        "member_of": "Ids of the organizations, groups or outlets the entity belongs to.",
        "coordinates": "For a place: a point and its precision, from outside the article.",
        "external_ids": "Identifiers of the entity in other catalogues.",
        "external": "Facts on the record that do not come from the article, with their origin.",
        "standalone": "Why the entity is kept although no event or figure refers to it.",
        "evidence": _EVIDENCE,
        "notes": _NOTES,
        "errata": _ERRATA,
    },
    "Event": {
        "id": _ID,
        "kind": "What sort of happening it is.",
        "title": "A one-line summary of at most 120 characters.",
        "description": "What happened, in the dataset's words.",
        "date": "When it happened, with its precision and how it was resolved.",
        "places": _PLACES,
        "participants": "The entities taking part, each with its role.",
        "figures": "Ids of the figures that quantify the event.",
        "links": "Relations to other events: part of, reports, follows, contradicts ...",
        "asserted_by": _ASSERTED_BY,
        "evidence": _EVIDENCE,
        "notes": _NOTES,
        "errata": _ERRATA,
    },
    "Figure": {
        "id": _ID,
        "counted": "What the number counts or measures, in the dataset's words.",
        "measure": "Whether the number is a count, a duration or a rank.",
        "quantity": "The number, as bounds and a qualifier.",
        "unit": "The unit of the number (people, operations, years ...).",
        "wording": "The article's own words for the number.",
        "period": (
            "The time the number covers or refers to, where the text gives one; a figure "
            "without a period never matches a date window."
        ),
        "places": _PLACES,
        "subjects": "Ids of the entities or events the number is about.",
        "parts": "Ids of the figures that break this one down.",
        "breakdown": (
            "Whether the parts make up the whole (`complete`) or some of it (`partial`); "
            "given exactly when parts are."
        ),
        "asserted_by": _ASSERTED_BY,
        "evidence": _EVIDENCE,
        "notes": _NOTES,
        "errata": _ERRATA,
    },
    "Source": {
        "id": "The source's id, a lowercase slug.",
        "title": "The article's headline.",
        "subtitle": "The article's subheading, if it has one.",
        "authors": "Ids of the person entities who wrote it.",
        "publisher": "Id of the entity that published it.",
        "language": "The language of the text the dataset is built from, as a language tag.",
        "published": "When it was published, resolved like any other date.",
        "url": "Where the article can be read, if known.",
        "sha256": "SHA-256 of the article's text, against which quotes can be verified.",
        "evidence": "Quotes supporting the title, the authors and the date.",
        "notes": _NOTES,
    },
    "DataFile": {
        "name": "The file's name within the data folder.",
        "sha256": "SHA-256 of the file's bytes; a file that does not match is refused.",
        "records": "How many records the file holds; any other count is refused.",
    },
    "Manifest": {
        "name": "The dataset's name.",
        "version": "The dataset version, which is the package version.",
        "schema_version": "The version of the record model the files follow.",
        "article_sha256": "SHA-256 of the article; it equals the source's.",
        "files": "Every data file, with its hash and number of records.",
    },
}
"""The meaning of every model field that has no attribute docstring, by class and field name."""

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
        hints = _hints(cls)
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


def field_meanings(
    cls: type, meanings: Mapping[str, Mapping[str, str]] = FIELD_MEANINGS
) -> dict[str, str]:
    """The meaning of every field of ``cls``, from its attribute docstrings and ``meanings``.

    Raises :class:`DictionaryError` when a field has no meaning, has two (a docstring and an
    entry), or when ``meanings`` explains a field the class does not have.
    """
    names = [field.name for field in attrs.fields(cls)]
    documented = _attribute_docstrings(cls)
    given = dict(meanings.get(cls.__name__, {}))
    problems = []
    for name in given:
        if name not in names:
            problems.append(f"{cls.__name__}.{name}: explained but not a field")
        elif name in documented:
            problems.append(f"{cls.__name__}.{name}: explained twice (docstring and mapping)")
    result = {}
    for name in names:
        meaning = documented.get(name) or given.get(name)
        if not meaning or not meaning.strip():
            problems.append(f"{cls.__name__}.{name}: no documented meaning")
        else:
            result[name] = _plain(meaning)
    if problems:
        raise DictionaryError("; ".join(problems))
    return result


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """The string literals that follow field assignments in the class body of ``cls``."""
    for node in _module_tree(cls.__module__).body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            body = node.body
            break
    else:  # pragma: no cover - every model class is defined at module level
        raise DictionaryError(f"{cls.__name__}: class body not found in {cls.__module__}")
    found = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


@functools.cache
def _module_tree(name: str) -> ast.Module:
    """The parsed source of a module, read once: attribute docstrings exist only there."""
    return ast.parse(inspect.getsource(sys.modules[name]))


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


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


def _render_type(hint: Any, known: Mapping[str, tuple[Any, dict[str, str]]]) -> str:
    """A type as Markdown: Python notation, with record classes and vocabularies linked."""
    if hint is type(None):
        return "None"
    if hint in _PRIMITIVES:
        return _PRIMITIVES[hint][0]
    if isinstance(hint, type) and attrs.has(hint):
        return f"[{hint.__name__}](#{_anchor(hint.__name__)})"
    origin = typing.get_origin(hint)
    if origin is Literal:
        name = _vocabulary_name(hint, known)
        return f"[{name}](#{_anchor(name)})"
    if origin is tuple:
        (item, ellipsis) = typing.get_args(hint)
        if ellipsis is not Ellipsis:
            raise DictionaryError(f"{hint!r}: only homogeneous tuples are supported")
        return f"tuple\\[{_render_type(item, known)}, ...\\]"
    if origin in (typing.Union, types.UnionType):
        return " \\| ".join(_render_type(arg, known) for arg in typing.get_args(hint))
    raise DictionaryError(f"{hint!r}: no rendering for this type")


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


def _anchor(heading: str) -> str:
    """The anchor Markdown renderers give a heading (GitHub's rule, which MyST follows)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


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


def data_dictionary() -> str:
    """The data dictionary as Markdown: every file, class, field and vocabulary term, explained.

    Each field gets its type, its default and its meaning; each vocabulary lists its terms with
    their meanings and the fields that use it. Raises :class:`DictionaryError` if anything in
    the model or the taxonomy has no documented meaning.
    """
    _check_files()
    known = vocabularies()
    classes = model_classes()
    headings = [cls.__name__ for cls in classes] + [*known, "Subtypes"]
    anchors = [_anchor(heading) for heading in headings]
    if len(set(anchors)) != len(anchors):
        raise DictionaryError(f"two headings share an anchor: {sorted(anchors)}")
    used_by: dict[str, list[str]] = {name: [] for name in known}
    lines = [
        "# Data dictionary",
        "",
        f"Dataset version {__version__}, schema version {SCHEMA_VERSION}. Generated from the "
        "record model (`syria_is_2024.model`) and its vocabularies (`syria_is_2024.taxonomy`) "
        "by `syria_is_2024.dictionary.data_dictionary()`, so every class, field and term below "
        "is the one the loader reads.",
        "",
        "In the JSON files a `tuple` is an array, a `date` is ISO 8601 text (`YYYY-MM-DD`) and "
        "`None` is `null`. A field with a default may be left out; a required one may not, "
        "and a key that is not a field is refused.",
        "",
        "## Files",
        "",
        "| File | Holds |",
        "| --- | --- |",
    ]
    for name, (cls, many) in FILES.items():
        link = f"[{cls.__name__}](#{_anchor(cls.__name__)})"
        lines.append(f"| `{name}` | {'an array of ' + link if many else 'one ' + link} |")
    lines += ["", "## Records", ""]
    for cls in classes:
        meanings = field_meanings(cls)
        hints = _hints(cls)
        lines += [
            f"### {cls.__name__}",
            "",
            _docstring(cls),
            "",
            "| Field | Type | Default | Meaning |",
            "| --- | --- | --- | --- |",
        ]
        for field in attrs.fields(cls):
            hint = hints[field.name]
            for inner in _referenced(hint):
                if typing.get_origin(inner) is Literal:
                    used_by[_vocabulary_name(inner, known)].append(f"{cls.__name__}.{field.name}")
            default = "required" if field.default is attrs.NOTHING else f"`{field.default!r}`"
            lines.append(
                f"| `{field.name}` | {_render_type(hint, known)} | {default} | "
                f"{_cell(meanings[field.name])} |"
            )
        lines.append("")
    lines += ["## Vocabularies", ""]
    for name, (_, terms) in known.items():
        users = ", ".join(f"`{user}`" for user in used_by[name]) or "no field"
        lines += [f"### {name}", "", f"Used by {users}.", "", "| Term | Meaning |", "| --- | --- |"]
        lines += [f"| `{term}` | {_cell(meaning)} |" for term, meaning in terms.items()]
        lines.append("")
    lines += [
        "### Subtypes",
        "",
        "`Entity.subtype` takes one of the subtypes of the entity's kind "
        f"([EntityKind](#{_anchor('EntityKind')})).",
        "",
        "| Kind | Subtypes |",
        "| --- | --- |",
    ]
    entity_kinds = set(typing.get_args(taxonomy.EntityKind))
    for kind, subtypes in taxonomy.SUBTYPES.items():
        if kind not in entity_kinds:
            raise DictionaryError(f"taxonomy.SUBTYPES: {kind!r} is not an entity kind")
        lines.append(f"| `{kind}` | {', '.join(f'`{s}`' for s in subtypes)} |")
    return "\n".join(lines) + "\n"


def _definitions() -> dict[str, Any]:
    known = vocabularies()
    definitions: dict[str, Any] = {}
    for cls in model_classes():
        meanings = field_meanings(cls)
        hints = _hints(cls)
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
            "generated from the record model by syria_is_2024.dictionary.json_schema()."
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
