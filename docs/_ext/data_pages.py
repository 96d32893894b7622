"""Sphinx extension: pages and passages generated from the package at build time.

``data-dictionary.md`` and ``exports.md`` hold marker lines in place of generated text; on
reading them, each marker is replaced: the data dictionary (every file, class, field and
vocabulary term of the model, with the meaning each field states in its metadata), and the
columns of every table. The JSON Schema of :func:`syria_is_2024.schema.json_schema` is written
beside the build for download. Nothing generated is copied by hand, and a field without a
meaning fails the build. The ``cite-output`` directive shows what :func:`syria_is_2024.cite`
returns in a given style.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import re
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from syria_is_2024 import __version__, cite, taxonomy
from syria_is_2024.citation import CITATION_STYLES
from syria_is_2024.layout import SCHEMA_VERSION
from syria_is_2024.schema import (
    DictionaryError,
    field_meanings,
    json_schema,
    type_hints,
    vocabularies,
)
from syria_is_2024.tables import TABLES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from json_schema import FILES, model_classes

DICTIONARY_MARKER = "% data-dictionary: generated at build time"
TABLES_MARKER = "% tables: generated at build time"
MARKERS = {"data-dictionary": DICTIONARY_MARKER, "exports": TABLES_MARKER}
SCHEMA = "schema.json"
_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`~?([^`]+)`")
_PRIMITIVES: dict[object, str] = {str: "str", int: "int", float: "float", bool: "bool"}


def _plain(text: str) -> str:
    """Docstring text as Markdown: reST roles become code, paragraphs stay apart."""
    return _ROLE.sub(r"`\1`", inspect.cleandoc(text)).replace("``", "`")


def _referenced(hint: Any) -> Any:
    yield hint
    if typing.get_origin(hint) is not Literal:
        for argument in typing.get_args(hint):
            if argument is not Ellipsis:
                yield from _referenced(argument)


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
        return _PRIMITIVES[hint]
    if hint is dt.date:
        return "date"
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


def _anchor(heading: str) -> str:
    """The anchor Markdown renderers give a heading (GitHub's rule, which MyST follows)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def data_dictionary() -> str:
    """The data dictionary as Markdown: every file, class, field and vocabulary term, explained.

    Each field gets its type, its default and its meaning; each vocabulary lists its terms with
    their meanings and the fields that use it. Raises :class:`DictionaryError` if anything in
    the model or the taxonomy has no documented meaning.
    """
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
        'from the `metadata["meaning"]` of every field when the documentation is built, '
        "so every class, field and term below is the one the loader reads.",
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
        hints = type_hints(cls)
        lines += [
            f"### {cls.__name__}",
            "",
            _plain(cls.__doc__ or ""),
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


def tables_markdown(heading_level: int = 3) -> str:
    """The documentation of every table as Markdown: how it is flattened, then its columns."""
    hashes = "#" * heading_level
    parts: list[str] = []
    for spec in TABLES.values():
        parts.append(f"{hashes} `{spec.name}`\n")
        parts.append(spec.description + "\n")
        keys = [f"primary key ({', '.join(spec.primary_key)})"]
        keys += [
            f"({', '.join(fk.columns)}) → `{fk.table}` ({', '.join(fk.reference)})"
            for fk in spec.foreign_keys
        ]
        parts.append("Keys: " + "; ".join(keys) + ".\n")
        parts.append("| column | type | required | description |")
        parts.append("|---|---|---|---|")
        for column in spec.columns:
            text = column.description
            if column.vocabulary:
                text += " One of: " + ", ".join(f"`{term}`" for term in column.vocabulary) + "."
            required = "yes" if column.required else ""
            parts.append(f"| `{column.name}` | {column.type} | {required} | {_cell(text)} |")
        parts.append("")
    return "\n".join(parts)


def generated_dir(app: Sphinx) -> Path:
    """Where generated files go: inside the build's doctree folder, never the source tree."""
    folder = Path(app.doctreedir) / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_schema(app: Sphinx) -> None:
    """Write the JSON Schema of the data files where the dictionary page links to it."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    (generated_dir(app) / SCHEMA).write_text(text, encoding="utf-8")


def _dictionary_page(app: Sphinx) -> str:
    schema = os.path.relpath(generated_dir(app) / SCHEMA, Path(app.srcdir))
    return "\n".join(
        [
            data_dictionary(),
            "## JSON Schema",
            "",
            "The same model as a JSON Schema (draft 2020-12) of the data folder, an object keyed "
            f"by file name: {{download}}`{SCHEMA} <{Path(schema).as_posix()}>`, generated from "
            "the model when the data is built and read by `syria_is_2024.schema.json_schema()`. "
            "`file_schema(name)` gives the schema of one file. The schema checks structure, "
            "JSON types, required and unknown keys and vocabulary terms; the loader checks the "
            "rest (slugs, dates, links between records).",
            "",
        ]
    )


def inject_generated(app: Sphinx, docname: str, source: list[str]) -> None:
    """Replace the marker line of a generated page with its generated text."""
    marker = MARKERS.get(docname)
    if marker is None:
        return
    lines = source[0].splitlines()
    if marker not in lines:
        raise ExtensionError(f"{docname}.md must hold the line {marker!r}")
    generated = _dictionary_page(app) if docname == "data-dictionary" else tables_markdown()
    source[0] = "\n".join(generated if line == marker else line for line in lines)


def always_reread(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read the generated pages on every build: the model may change without the pages."""
    return [name for name in MARKERS if name in env.found_docs]


class CiteOutput(SphinxDirective):
    """``cite-output STYLE`` shows the citation :func:`syria_is_2024.cite` gives in that style."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """A literal block holding the citation of the installed version."""
        style = self.arguments[0]
        if style not in CITATION_STYLES:
            raise self.error(f"unknown citation style {style!r}; known: {sorted(CITATION_STYLES)}")
        text = cite(style)
        block = nodes.literal_block(text, text, language="bibtex" if style == "bibtex" else "text")
        return [block]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hooks that generate the pages and the schema, and the directive."""
    app.add_directive("cite-output", CiteOutput)
    app.connect("builder-inited", write_schema)
    app.connect("source-read", inject_generated)
    app.connect("env-get-outdated", always_reread)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
