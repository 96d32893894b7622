"""The ``syria-is-2024`` command line: summary, listings, records, citations and exports.

Every subcommand prints an aligned table or text for people, or JSON with ``--json`` for
programs (records as the cattrs converter writes them, the same shape as the data files).
Errors are one line on stderr; the exit code is 0 on success, 2 for a bad argument, an unknown
key or a dataset that cannot be used, 1 when a file (or standard output) cannot be written,
and 141 (as for a process ended by SIGPIPE) when the reader closes the pipe early (``| head``).
Text the output's encoding cannot hold is written with ``?`` in its place.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

from . import export
from ._version import __version__
from .accessors import get_dataset, load_dataset
from .citation import CITATION_STYLES, cite
from .errors import DatasetError
from .tables import TABLES, record_kind
from .views import columns, describe, fill, find, quantity, table

if TYPE_CHECKING:
    from .dataset import Dataset


PROG: Final = "syria-is-2024"
"""The name of the command, in usage lines and error messages."""

_EXIT_OK: Final = 0
_EXIT_IO: Final = 1
_EXIT_USAGE: Final = 2
_EXIT_PIPE: Final = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left

Handler = Callable[[argparse.Namespace, IO[str]], None]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, with a pointer to ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(_EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# Output helpers ------------------------------------------------------------------------------


def _print_json(value: Any, out: IO[str]) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)  # piece by piece: a closed pipe is seen
    out.write("\n")


def _print_table(headers: Sequence[str], rows: Iterable[Sequence[str]], out: IO[str]) -> None:
    """An aligned table, fitted to the terminal's width (a file or pipe gets it whole)."""
    out.writelines(line + "\n" for line in table(headers, rows, columns(out)))


def _unstructure(record: object) -> Any:
    from .convert import converter

    return converter().unstructure(record)


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
    out.write("\nCite as:\n" + fill(summary["citation"], "  ", "  ") + "\n")


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
    names = ("involving", "at", "kind", "status", "within", "members")
    filters = {k: getattr(args, k) for k in names}
    found = _dataset(args).events(args.start, args.end, **filters)
    columns = ["id", "date", "status", "kind", "title"]
    return _listing(
        out, args, found, columns, lambda e: [e.id, e.date.edtf, e.status, e.kind, e.title]
    )


def _figures(args: argparse.Namespace, out: IO[str]) -> None:
    names = ("subject", "at", "measure", "counts", "within", "members")
    filters = {k: getattr(args, k) for k in names}
    found = _dataset(args).figures(args.start, args.end, **filters)
    columns = ["id", "quantity", "unit", "period", "counted"]
    period: Any = lambda f: "" if f.period is None else f.period.edtf  # noqa: E731
    row = lambda f: [f.id, quantity(f.quantity), f.unit, period(f), f.counted]  # noqa: E731
    return _listing(out, args, found, columns, row)


def _show(args: argparse.Namespace, out: IO[str]) -> None:
    dataset = _dataset(args)
    record = find(dataset, args.id)
    if args.json:
        _print_json({"record_kind": record_kind(record), "record": _unstructure(record)}, out)
    else:
        out.write(describe(dataset, record))


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
_MEMBERS_HELP = "{} counts the entity's members and sub-organizations too, at any depth"


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
    sub.add_argument("--members", action="store_true", help=_MEMBERS_HELP.format("--involving"))
    repeatable(sub, "kind", "this kind (battle, claim ...)")
    repeatable(sub, "status", "this status (claimed ...)")

    sub = command("figures", _figures, "list figures, sorted by id", dated="period")
    sub.add_argument("--subject", metavar="KEY", help="about this entity (id, name or alias)")
    sub.add_argument("--members", action="store_true", help=_MEMBERS_HELP.format("--subject"))
    repeatable(sub, "measure", "this measure (count, duration, rank)")
    repeatable(sub, "counts", "counts of (killed ...)")

    sub = command("show", _show, "one record in full; for an entity, the records naming it")
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
    in-process. Standard output is set to write ``?`` for what its encoding cannot hold.
    """
    out = sys.stdout
    if out is None:  # started with standard output closed
        sys.stderr.write(f"{PROG}: error: standard output is closed\n")
        return _EXIT_IO
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(errors="replace")
    try:
        code = _run(argv, out)
        out.flush()
    except BrokenPipeError:  # the reader left (| head): end quietly
        _silence_stdout()
        return _EXIT_PIPE
    except OSError as error:  # a file or standard output cannot be written (a full disk)
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return _EXIT_IO
    return code


def _run(argv: Sequence[str] | None, out: IO[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit:  # --help, --version, or a usage error already reported
        return exit.code if isinstance(exit.code, int) else _EXIT_USAGE
    handler: Handler = args.handler
    try:
        handler(args, out)
    except DatasetError as error:
        sys.stderr.write(f"{PROG}: error: {_one_line(error)}\n")
        return _EXIT_USAGE
    return _EXIT_OK


def _one_line(error: Exception) -> str:
    """The error's message; a multi-line one is joined so the error stays on one line."""
    return " ".join(line.strip() for line in str(error).splitlines() if line.strip())
