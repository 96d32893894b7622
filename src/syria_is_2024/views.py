"""Plain-text views for people: a record in full, and aligned tables that fit a width.

The command line prints them (``syria-is-2024 show`` and the listings), and
:func:`syria_is_2024.describe` returns the first. Text is wrapped between words, never inside
a word or at a hyphen, so that quotes and addresses stay whole.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from .errors import ArgumentTypeError, UnknownKeyError
from .model import Coordinates, Entity, Event, Figure
from .tables import record_kind

if TYPE_CHECKING:
    from .dataset import Dataset
    from .model import Attribution, DateSpan, Quantity, Record

_NARROWEST: Final = 8
"""A column is not narrowed below this many characters to fit a table to the terminal."""
_SHOWN_APART: Final = frozenset({"id", "evidence", "asserted_by", "notes", "errata"})


def columns(out: IO[str]) -> int | None:
    """The width to fit: ``$COLUMNS`` or the terminal's; ``None`` (any) for a file or a pipe."""
    if os.environ.get("COLUMNS", "").isdigit() or out.isatty():
        return shutil.get_terminal_size().columns
    return None


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], width: int | None
) -> Iterator[str]:
    """Lines of columns padded to their widest cell, two spaces apart, within ``width``.

    To fit, the widest column gives way first, the first (the id) only when no other can, and
    none below eight characters; cells longer than their column are cut with an ellipsis.
    """
    body = [list(row) for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *body, strict=True)]
    excess = sum(widths) + 2 * (len(widths) - 1) - width if width else 0
    while excess > 0:
        wide = [i for i, w in enumerate(widths) if w > _NARROWEST]
        if not wide:
            break
        narrowed = max([i for i in wide if i] or wide, key=widths.__getitem__)  # the id last
        widths[narrowed] -= 1
        excess -= 1
    rule = ["-" * w for w in widths]
    for row in (list(headers), rule, *body):
        cells = [
            (cell if len(cell) <= w else cell[: w - 1] + "…").ljust(w)
            for cell, w in zip(row, widths, strict=True)
        ]
        yield "  ".join(cells).rstrip()


def fill(text: str, first: str, rest: str) -> str:
    """Text wrapped to the terminal, never inside a word or at a hyphen (a URL stays whole)."""
    return textwrap.fill(
        text,
        max(60, min(shutil.get_terminal_size((100, 24)).columns, 120)),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def quantity(value: Quantity) -> str:
    """A quantity in a few characters, its bound shown as a bound (``>=13``, ``~6``)."""
    low, high, qualifier = value.low, value.high, value.qualifier
    return {
        "exact": f"{low}",
        "approximately": f"~{low}",
        "average": f"avg {low}",
        "at_least": f">={low}",
        "more_than": f">{low}",
        "at_most": f"<={high}",
        "between": f"{low}-{high}",
    }.get(qualifier, qualifier)


def _span(span: DateSpan) -> str:
    details = [span.precision] + (["approximate"] if span.approximate else [])
    if span.basis != "stated":
        details.append(span.basis.replace("_", " "))
    return f"{span.edtf} ({', '.join(details)})"


def _with_name(dataset: Dataset, entity_id: str) -> str:
    return f"{dataset.entity(entity_id).name} ({entity_id})"


def _attribution(dataset: Dataset, attribution: Attribution) -> str:
    text = _with_name(dataset, attribution.by)
    if attribution.via:
        text += ", via " + ", then ".join(_with_name(dataset, v) for v in attribution.via)
    return text


def _value(value: Any) -> str | None:
    """A field value as one line of text, or ``None`` when there is nothing to show."""
    if value is None or value == () or value is False:
        return None
    if value is True:
        return "yes"
    if isinstance(value, tuple):
        shown = [_value(item) for item in value]
        return "; ".join(text for text in shown if text)
    if isinstance(value, Coordinates):
        return (
            f"{value.latitude}, {value.longitude} within {value.precision_km} km "
            f"(not from the article: {value.source})"
        )
    if attrs.has(type(value)):  # the first field names the item, the others qualify it
        texts = [_value(getattr(value, field.name)) for field in attrs.fields(type(value))]
        names = [field.name for field in attrs.fields(type(value))]
        pairs = zip(names[1:], texts[1:], strict=True)
        rest = [f"{name} {text}" if text != "yes" else name for name, text in pairs if text]
        return f"{texts[0]} ({', '.join(rest)})" if rest else texts[0]
    text = str(value)
    return text.replace("_", " ") if isinstance(value, str) and " " not in text else text


def find(dataset: Dataset, key: str) -> Record:
    """A record by id; failing that, an entity by name or alias."""
    try:
        return dataset.record(key)
    except UnknownKeyError as by_id:
        try:
            return dataset.entity(key)
        except UnknownKeyError:
            raise by_id from None


def describe(dataset: Dataset, record: Record) -> str:
    """A record in full: its fields, evidence, attribution, notes and errata.

    For an entity, the events and figures that name it follow.
    """
    if not isinstance(record, Entity | Event | Figure):
        raise ArgumentTypeError(f"expected an entity, event or figure, not {record!r:.80}")
    lines = [f"{record_kind(record)} {record.id}"]

    def items(title: str, texts: Sequence[str]) -> None:
        if texts:
            lines.extend(["", title, *(fill(text, "  - ", "    ") for text in texts)])

    for field in attrs.fields(type(record)):
        if field.name in _SHOWN_APART:
            continue
        value = getattr(record, field.name)
        if field.name in ("date", "period") and value is not None:
            extra = [f"{k} {getattr(value, k)}" for k in ("wording", "rule") if getattr(value, k)]
            text: str | None = "; ".join([_span(value), *extra])
        elif field.name == "quantity":
            text = f"{quantity(value)} ({value.qualifier})"
        else:
            text = _value(value)
        if text:
            lines.append(fill(text, f"{field.name:<14}", " " * 14))
    items("Evidence", [f'paragraph {e.paragraph}: "{e.quote}"' for e in record.evidence])
    if not isinstance(record, Entity):
        items("Asserted by", [_attribution(dataset, a) for a in record.asserted_by])
    items("Notes", list(record.notes))
    errata = [
        f'{e.field}: printed "{e.as_printed}", likely "{e.likely}". {e.reasoning}'
        for e in record.errata
    ]
    items("Errata", errata)
    if isinstance(record, Entity):
        naming = dataset.referenced_by(record.id)
        events = [e for e in naming if isinstance(e, Event)]
        figures = [f for f in naming if isinstance(f, Figure)]
        items("Events", [f"{e.id} ({e.date.edtf}): {e.title}" for e in events])
        items(
            "Figures", [f"{f.id}: {f.counted} ({quantity(f.quantity)} {f.unit})" for f in figures]
        )
    return "\n".join(lines) + "\n"
