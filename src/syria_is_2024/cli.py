"""The ``syria-is-2024`` command line: summary, listings, records, citations and exports.

Every subcommand prints an aligned table or text for people, or JSON with ``--json`` for
programs (records as the cattrs converter writes them, the same shape as the data files).
Errors are one line on stderr; the exit code is 0 on success, 2 for a bad argument, an unknown
key or a dataset that cannot be used, and 1 when a file cannot be written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

import attrs

from . import export
from ._version import __version__
from .accessors import get_dataset, load_dataset
from .citation import CITATION_STYLES, cite
from .errors import DatasetError, UnknownKeyError
from .model import Coordinates, Entity
from .tables import TABLES, record_kind

if TYPE_CHECKING:
    from .dataset import Dataset
    from .model import Attribution, DateSpan, Quantity, Record


PROG: Final = "syria-is-2024"
"""The name of the command, in usage lines and error messages."""

_EXIT_OK: Final = 0
_EXIT_IO: Final = 1
_EXIT_USAGE: Final = 2

Handler = Callable[[argparse.Namespace, IO[str]], None]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, with a pointer to ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(_EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# Output helpers ------------------------------------------------------------------------------


def _print_json(value: Any, out: IO[str]) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _print_table(headers: Sequence[str], rows: Iterable[Sequence[str]], out: IO[str]) -> None:
    """Columns padded to their widest cell, two spaces apart; the last column is not padded."""
    body = [list(row) for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *body, strict=True)]
    rule = ["-" * width for width in widths]
    for row in (list(headers), rule, *body):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


def _unstructure(record: object) -> Any:
    from .convert import converter

    return converter().unstructure(record)


def _fill(text: str, first: str, rest: str) -> str:
    """Text wrapped to the terminal, never inside a word or at a hyphen (a URL stays whole)."""
    return textwrap.fill(
        text,
        max(60, min(shutil.get_terminal_size((100, 24)).columns, 120)),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _quantity(quantity: Quantity) -> str:
    low, high, qualifier = quantity.low, quantity.high, quantity.qualifier
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


# Subcommands ---------------------------------------------------------------------------------


def _dataset(args: argparse.Namespace) -> Dataset:
    return get_dataset() if args.data is None else load_dataset(args.data)


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def _summary(args: argparse.Namespace, out: IO[str]) -> None:
    dataset = _dataset(args)
    entities, events, figures = dataset.entities(), dataset.events(), dataset.figures()
    version = export.dataset_version(dataset)
    starts, ends = [e.date.start for e in events], [e.date.end for e in events]
    coverage = {"start": min(starts).isoformat(), "end": max(ends).isoformat()} if events else None
    summary: dict[str, Any] = {
        "name": PROG,
        "version": __version__,
        "dataset_version": version,
        "source": dataset.source.title,
        "entities": {"total": len(entities), "by_kind": _counts(e.kind for e in entities)},
        "events": {
            "total": len(events),
            "by_kind": _counts(e.kind for e in events),
            "coverage": coverage,
        },
        "figures": {"total": len(figures), "by_measure": _counts(f.measure for f in figures)},
        "errata": len(dataset.errata()),
        "citation": cite(dataset, version, "text"),
    }
    if args.json:
        _print_json(summary, out)
        return
    out.write(f"{PROG} {__version__} (dataset version {version})\n")
    out.write(f"Built from the article: {dataset.source.title}\n\n")
    rows: list[list[str]] = []
    for key, by in (("entities", "by_kind"), ("events", "by_kind"), ("figures", "by_measure")):
        rows.append([key, "", str(summary[key]["total"])])
        rows.extend(["", kind, str(count)] for kind, count in summary[key][by].items())
    rows.append(["errata", "", str(summary["errata"])])
    _print_table(["records", "kind", "count"], rows, out)
    if coverage is not None:
        out.write(f"\nEvents cover {coverage['start']} to {coverage['end']}.\n")
    out.write("\nCite as:\n" + _fill(summary["citation"], "  ", "  ") + "\n")


def _listing(
    out: IO[str], args: argparse.Namespace, found: Sequence[Any], headers: list[str], row: Any
) -> None:
    """Print records as JSON or as a table of a few columns."""
    if args.json:
        _print_json([_unstructure(record) for record in found], out)
    else:
        _print_table(headers, [row(record) for record in found], out)


def _entities(args: argparse.Namespace, out: IO[str]) -> None:
    found = _dataset(args).entities(args.kind)
    columns = ["id", "kind", "subtype", "name"]
    return _listing(out, args, found, columns, lambda e: [e.id, e.kind, e.subtype or "", e.name])


def _events(args: argparse.Namespace, out: IO[str]) -> None:
    filters = {k: getattr(args, k) for k in ("involving", "at", "kind", "status", "within")}
    found = _dataset(args).events(args.start, args.end, **filters)
    columns = ["id", "date", "status", "kind", "title"]
    return _listing(
        out, args, found, columns, lambda e: [e.id, e.date.edtf, e.status, e.kind, e.title]
    )


def _figures(args: argparse.Namespace, out: IO[str]) -> None:
    filters = {k: getattr(args, k) for k in ("subject", "at", "measure", "counts", "within")}
    found = _dataset(args).figures(args.start, args.end, **filters)
    columns = ["id", "quantity", "unit", "period", "counted"]
    period: Any = lambda f: "" if f.period is None else f.period.edtf  # noqa: E731
    row = lambda f: [f.id, _quantity(f.quantity), f.unit, period(f), f.counted]  # noqa: E731
    return _listing(out, args, found, columns, row)


def _find(dataset: Dataset, key: str) -> Record:
    """A record by id; failing that, an entity by name or alias."""
    try:
        return dataset.record(key)
    except UnknownKeyError as by_id:
        try:
            return dataset.entity(key)
        except UnknownKeyError:
            raise by_id from None


def _describe(value: Any) -> str | None:
    """A field value as one line of text, or ``None`` when there is nothing to show."""
    if value is None or value == () or value is False:
        return None
    if value is True:
        return "yes"
    if isinstance(value, tuple):
        shown = [_describe(item) for item in value]
        return "; ".join(text for text in shown if text)
    if isinstance(value, Coordinates):
        return (
            f"{value.latitude}, {value.longitude} within {value.precision_km} km "
            f"(not from the article: {value.source})"
        )
    if attrs.has(type(value)):  # the first field names the item, the others qualify it
        texts = [_describe(getattr(value, field.name)) for field in attrs.fields(type(value))]
        names = [field.name for field in attrs.fields(type(value))]
        pairs = zip(names[1:], texts[1:], strict=True)
        rest = [f"{name} {text}" if text != "yes" else name for name, text in pairs if text]
        return f"{texts[0]} ({', '.join(rest)})" if rest else texts[0]
    text = str(value)
    return text.replace("_", " ") if isinstance(value, str) and " " not in text else text


_SHOWN_APART: Final = frozenset({"id", "evidence", "asserted_by", "notes", "errata"})


def _show(args: argparse.Namespace, out: IO[str]) -> None:
    dataset = _dataset(args)
    record = _find(dataset, args.id)
    kind = record_kind(record)
    if args.json:
        _print_json({"record_kind": kind, "record": _unstructure(record)}, out)
        return

    def line(label: str, text: str) -> None:
        out.write(_fill(text, f"{label:<14}", " " * 14) + "\n")

    def items(title: str, texts: Sequence[str]) -> None:
        if texts:
            out.write(f"\n{title}\n")
            out.writelines(_fill(text, "  - ", "    ") + "\n" for text in texts)

    out.write(f"{kind} {record.id}\n")
    for field in attrs.fields(type(record)):
        if field.name in _SHOWN_APART:
            continue
        value = getattr(record, field.name)
        if field.name in ("date", "period") and value is not None:
            extra = [f"{k} {getattr(value, k)}" for k in ("wording", "rule") if getattr(value, k)]
            text: str | None = "; ".join([_span(value), *extra])
        elif field.name == "quantity":
            text = f"{_quantity(value)} ({value.qualifier})"
        else:
            text = _describe(value)
        if text:
            line(field.name, text)
    items("Evidence", [f'paragraph {e.paragraph}: "{e.quote}"' for e in record.evidence])
    if not isinstance(record, Entity):
        items("Asserted by", [_attribution(dataset, a) for a in record.asserted_by])
    items("Notes", list(record.notes))
    errata = [
        f'{e.field}: printed "{e.as_printed}", likely "{e.likely}". {e.reasoning}'
        for e in record.errata
    ]
    items("Errata", errata)


def _cite(args: argparse.Namespace, out: IO[str]) -> None:
    dataset = _dataset(args)
    text = cite(dataset, export.dataset_version(dataset), args.style)
    if args.json:
        _print_json({"style": args.style, "citation": text}, out)
    else:
        out.write(text + "\n")


def _changes(args: argparse.Namespace, out: IO[str]) -> None:
    releases = _dataset(args).changes(args.since)
    if args.json:
        _print_json([_unstructure(release) for release in releases], out)
        return
    rows = [[r.version, "added", i, ""] for r in releases for i in r.added]
    rows += [[r.version, "changed", c.id, ", ".join(c.fields)] for r in releases for c in r.changed]
    rows += [[r.version, "withdrawn", w.id, w.why] for r in releases for w in r.withdrawn]
    _print_table(["version", "change", "id", "fields or why"], rows, out)


def _export(args: argparse.Namespace, out: IO[str]) -> None:
    dataset = _dataset(args)
    target = Path(args.out)
    if args.format == "datapackage":
        descriptor = export.to_datapackage(dataset, target)
        written = [target / f"{name}.csv" for name in TABLES] + [descriptor]
    elif args.format == "geojson":
        if target.suffix.lower() not in (".geojson", ".json"):
            target = target / "places.geojson"
        written = [export.to_geojson(dataset, target)]
    else:  # one file per table
        write = {"csv": export.to_csv, "jsonl": export.to_jsonl, "parquet": export.to_parquet}
        written = write[args.format](dataset, target)
    if args.json:
        _print_json({"format": args.format, "files": [str(path) for path in written]}, out)
    else:
        out.writelines(f"{path}\n" for path in written)


# Parser --------------------------------------------------------------------------------------

_DATE_HELP: Final = "YYYY, YYYY-MM or YYYY-MM-DD"
_WITHIN_HELP = "only records whose whole date span lies inside --start/--end"


def _common_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """``--json`` and ``--data``, accepted before or after the subcommand.

    On subcommands the defaults are suppressed, so that an option given before the
    subcommand is not reset by the subcommand's own default.
    """
    keep: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table", **keep)
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="read the dataset from this folder (laid out like the bundled data)",
        **keep,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command, with every subcommand and its options."""
    parser = _Parser(
        prog=PROG,
        description="Query, cite and export the syria-is-2024 dataset.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options. "
        "Without a command, prints the summary.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common_options(parser, defaults=True)
    parser.set_defaults(handler=_summary)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Handler, help: str, dated: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        _common_options(sub, defaults=False)
        sub.set_defaults(handler=handler)
        if dated:  # a listing of dated records: a window, a place, and how spans meet the window
            sub.add_argument(
                "--start", metavar="DATE", help=f"{dated} ending on or after ({_DATE_HELP})"
            )
            sub.add_argument(
                "--end", metavar="DATE", help=f"{dated} starting on or before ({_DATE_HELP})"
            )
            sub.add_argument("--at", metavar="PLACE", help="at this place or any place within it")
            sub.add_argument("--within", action="store_true", help=_WITHIN_HELP)
        return sub

    def repeatable(sub: argparse.ArgumentParser, name: str, help: str) -> None:
        sub.add_argument(f"--{name}", action="append", help=f"only {help}; repeatable")

    command("summary", _summary, "version, record counts, date coverage and citation")

    sub = command("entities", _entities, "list entities, sorted by kind and id")
    repeatable(sub, "kind", "this kind (person, place ...)")

    sub = command("events", _events, "list events in chronological order", dated="events")
    sub.add_argument("--involving", metavar="KEY", help="with this entity (id, name or alias)")
    repeatable(sub, "kind", "this kind (battle, claim ...)")
    repeatable(sub, "status", "this status (claimed ...)")

    sub = command("figures", _figures, "list figures, sorted by id", dated="period")
    sub.add_argument("--subject", metavar="KEY", help="about this entity (id, name or alias)")
    repeatable(sub, "measure", "this measure (count, duration, rank)")
    repeatable(sub, "counts", "counts of (killed ...)")

    sub = command("show", _show, "one record with its evidence, attribution, notes and errata")
    sub.add_argument("id", metavar="ID", help="a record id, or an entity's name or alias")

    sub = command("cite", _cite, "a citation of the dataset")
    sub.add_argument(
        "--style", choices=sorted(CITATION_STYLES), default="bibtex", help="default: bibtex"
    )

    sub = command("changes", _changes, "what each release added, changed and withdrew")
    sub.add_argument("--since", metavar="VERSION", help="only the releases after this one")

    sub = command("export", _export, "write the dataset's tables to files")
    sub.add_argument("--format", required=True, choices=export.FORMATS, help="the file format")
    sub.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder to write into (for geojson, a .geojson file path is also accepted)",
    )
    return parser


# Entry point ---------------------------------------------------------------------------------


def _silence_stdout() -> None:
    """After a closed pipe (``| head``), send the rest of the output nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured output)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Used by ``python -m syria_is_2024`` and by the ``syria-is-2024`` script; tests call it
    in-process.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # --help, --version, or a usage error already reported
        return exit.code if isinstance(exit.code, int) else _EXIT_USAGE
    handler: Handler = args.handler
    try:
        handler(args, sys.stdout)
    except DatasetError as error:
        sys.stderr.write(f"{PROG}: error: {_one_line(error)}\n")
        return _EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        return _EXIT_IO
    except OSError as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return _EXIT_IO
    return _EXIT_OK


def _one_line(error: Exception) -> str:
    """The error's message; a multi-line one is joined so the error stays on one line."""
    return " ".join(line.strip() for line in str(error).splitlines() if line.strip())
