"""The command line: every subcommand, its JSON output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import cattrs
import pytest

from syria_is_2024 import __version__
from syria_is_2024.citation import cite
from syria_is_2024.cli import build_parser, main
from syria_is_2024.convert import configure_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import Entity, Event, Figure, Record
from syria_is_2024.tables import TABLES

PROG = build_parser().prog
CONVERTER = cattrs.Converter(forbid_extra_keys=True)
configure_converter(CONVERTER)
PARQUET = "the [parquet] extra is not installed: pip install syria-is-2024[parquet]"
SUBCOMMANDS = ("summary", "entities", "events", "figures", "show", "cite", "changes", "export")

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    """Run the command in-process: its exit code, stdout and stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: Capture, *argv: str) -> Any:
    """Run the command with ``--json``; it must succeed, print nothing on stderr, and parse."""
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def table_ids(out: str) -> list[str]:
    """The first column of an aligned table, without its header and rule."""
    lines = out.splitlines()
    assert set(lines[1].replace(" ", "")) == {"-"}, "a header, then a rule of dashes"
    return [line.split()[0] for line in lines[2:]]


def fails(capsys: Capture, *argv: str, code: int = 2) -> str:
    """Run a command that must fail: nothing on stdout, one line on stderr; return that line."""
    got, out, err = run(capsys, *argv)
    assert got == code, (argv, err)
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith(PROG)
    return err


# summary -------------------------------------------------------------------------------------


def test_summary_is_the_default(data: Dataset, capsys: Capture) -> None:
    """Without a command, the summary: version, counts by kind, coverage and citation."""
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert run(capsys, "summary")[1] == out
    assert f"{PROG} {__version__}" in out
    totals = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line[:1].isalpha()}
    assert totals["entities"] == str(len(data.entities()))
    assert totals["events"] == str(len(data.events()))
    assert totals["figures"] == str(len(data.figures()))
    for kind in {e.kind for e in data.entities()} | {e.kind for e in data.events()}:
        assert f" {kind} " in out
    start = min(e.date.start for e in data.events()).isoformat()
    end = max(e.date.end for e in data.events()).isoformat()
    assert f"Events cover {start} to {end}." in out
    citation = cite(data, __version__, "text")
    assert " ".join(out.split("Cite as:")[1].split()) == " ".join(citation.split())


def test_summary_json(data: Dataset, capsys: Capture) -> None:
    """The JSON summary counts records by kind and gives the events' date coverage."""
    summary = run_json(capsys, "summary")
    assert summary["version"] == __version__
    assert summary["entities"]["total"] == len(data.entities())
    assert sum(summary["entities"]["by_kind"].values()) == len(data.entities())
    assert summary["events"]["total"] == len(data.events())
    assert sum(summary["events"]["by_kind"].values()) == len(data.events())
    assert summary["figures"]["total"] == len(data.figures())
    assert summary["events"]["coverage"] == {
        "start": min(e.date.start for e in data.events()).isoformat(),
        "end": max(e.date.end for e in data.events()).isoformat(),
    }
    assert summary["errata"] == len(data.errata())
    assert summary["citation"] == cite(data, __version__, "text")
    code, out, _ = run(capsys, "--json")
    assert code == 0
    assert json.loads(out) == summary


# listings ------------------------------------------------------------------------------------


def test_entities(data: Dataset, capsys: Capture) -> None:
    """Entities as a table, filtered by one or more kinds, or as JSON records."""
    code, out, _ = run(capsys, "entities")
    assert code == 0
    assert table_ids(out) == [e.id for e in data.entities()]
    code, out, _ = run(capsys, "entities", "--kind", "place", "--kind", "person")
    assert table_ids(out) == [e.id for e in data.entities(("place", "person"))]
    records = run_json(capsys, "entities", "--kind", "place")
    assert [r["id"] for r in records] == [e.id for e in data.entities("place")]
    assert CONVERTER.structure(records[0], Entity) == data.entities("place")[0]


def busiest(data: Dataset, what: str) -> str:
    """The entity or place that the most events name, so that filters have something to find."""
    counts: dict[str, int] = {}
    for event in data.events():
        names = event.places if what == "place" else [p.entity for p in event.participants]
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=counts.__getitem__)


def test_events(data: Dataset, capsys: Capture) -> None:
    """Events are listed in order and filtered exactly as Dataset.events filters them."""
    code, out, _ = run(capsys, "events")
    assert code == 0
    assert table_ids(out) == [e.id for e in data.events()]
    actor, place = busiest(data, "entity"), busiest(data, "place")
    kind = data.events()[0].kind
    cases: list[tuple[list[str], tuple[Event, ...]]] = [
        (["--start", "2022", "--end", "2022-06"], data.events("2022", "2022-06")),
        (["--involving", actor], data.events(involving=actor)),
        (["--involving", data.entity(actor).name], data.events(involving=actor)),
        (["--at", place], data.events(at=place)),
        (["--kind", kind], data.events(kind=kind)),
        (["--start", "2019-03-01", "--at", place], data.events("2019-03-01", at=place)),
    ]
    for options, expected in cases:
        assert expected, options
        records = run_json(capsys, "events", *options)
        assert [r["id"] for r in records] == [e.id for e in expected], options
        assert table_ids(run(capsys, "events", *options)[1]) == [e.id for e in expected]
    first = run_json(capsys, "events")[0]
    assert CONVERTER.structure(first, Event) == data.events()[0]


def test_figures(data: Dataset, capsys: Capture) -> None:
    """Figures are listed by id and filtered exactly as Dataset.figures filters them."""
    code, out, _ = run(capsys, "figures")
    assert code == 0
    assert table_ids(out) == [f.id for f in data.figures()]
    subject = next(s for f in data.figures() for s in (*f.actors, *f.affected))
    place = next(p for f in data.figures() for p in f.places)
    cases: list[tuple[list[str], tuple[Figure, ...]]] = [
        (["--start", "2020", "--end", "2024"], data.figures("2020", "2024")),
        (["--subject", subject], data.figures(subject=subject)),
        (["--at", place], data.figures(at=place)),
        (["--measure", "count"], data.figures(measure="count")),
        (
            ["--measure", "duration", "--measure", "rank"],
            data.figures(measure=("duration", "rank")),
        ),
    ]
    for options, expected in cases:
        assert expected, options
        records = run_json(capsys, "figures", *options)
        assert [r["id"] for r in records] == [f.id for f in expected], options
        assert table_ids(run(capsys, "figures", *options)[1]) == [f.id for f in expected]


def test_figures_show_quantities_with_their_qualifier(data: Dataset, capsys: Capture) -> None:
    """An open bound is shown as a bound (>=13), never as a number it is not."""
    out = run(capsys, "figures")[1]
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[2:]}
    for figure in data.figures():
        quantity = figure.quantity
        if quantity.qualifier == "at_least":
            assert rows[figure.id] == f">={quantity.low}"
        elif quantity.qualifier == "exact":
            assert rows[figure.id] == str(quantity.low)


# show ----------------------------------------------------------------------------------------


def pick(data: Dataset) -> dict[str, Record]:
    """Records to show: one of each kind, one with errata, one with notes."""
    every: list[Record] = [*data.entities(), *data.events(), *data.figures()]
    return {
        "entity": data.entities("place")[0],
        "event": data.events()[0],
        "figure": data.figures()[0],
        "errata": data.errata()[0][0],
        "notes": next(r for r in every if r.notes),
    }


def test_show_gives_evidence_attribution_notes_and_errata(data: Dataset, capsys: Capture) -> None:
    """A record is shown with its quotes and paragraphs, who asserts it, notes and errata."""
    for record in pick(data).values():
        code, out, err = run(capsys, "show", record.id)
        assert (code, err) == (0, ""), record.id
        flat = " ".join(out.split())
        assert out.startswith(f"{type(record).__name__.lower()} {record.id}\n")
        for item in record.evidence:
            assert f'paragraph {item.paragraph}: "{" ".join(item.quote.split())}"' in flat
        if not isinstance(record, Entity):
            assert "Asserted by" in out
            for attribution in record.asserted_by:
                assert f"({attribution.by})" in flat
        for note in record.notes:
            assert " ".join(note.split()) in flat
        for erratum in record.errata:
            assert f'printed "{erratum.as_printed}"' in flat
            assert " ".join(erratum.reasoning.split()) in flat


def test_show_json_is_the_record(data: Dataset, capsys: Capture) -> None:
    """``show --json`` gives the record as the converter writes it, which reads back equal."""
    classes: dict[str, type[Record]] = {"entity": Entity, "event": Event, "figure": Figure}
    for record in pick(data).values():
        shown = run_json(capsys, "show", record.id)
        cls = classes[shown["record_kind"]]
        assert isinstance(record, cls)
        assert CONVERTER.structure(shown["record"], cls) == record


def test_show_finds_an_entity_by_name(data: Dataset, capsys: Capture) -> None:
    """``show`` accepts an entity's name as well as its id."""
    entity = data.entities("place")[0]
    assert run(capsys, "show", entity.name)[1] == run(capsys, "show", entity.id)[1]


# cite ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["bibtex", "apa", "text"])
def test_cite(data: Dataset, capsys: Capture, style: str) -> None:
    """``cite`` prints the citation of the style asked for (bibtex by default)."""
    expected = cite(data, __version__, style)
    code, out, _ = run(capsys, "cite", "--style", style)
    assert (code, out) == (0, expected + "\n")
    printed = run_json(capsys, "cite", "--style", style)
    assert printed == {"style": style, "what": "dataset", "citation": expected}
    if style == "bibtex":
        assert run(capsys, "cite")[1] == out
    article = cite(data, __version__, style, what="article")
    assert article != expected
    assert run(capsys, "cite", "--style", style, "--what", "article")[1] == article + "\n"


# export --------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_export_tables(capsys: Capture, tmp_path: Path, form: str) -> None:
    """``export`` writes one file per table and lists the files it wrote."""
    code, out, err = run(capsys, "export", "--format", form, "--out", str(tmp_path))
    assert (code, err) == (0, "")
    names = [Path(line).name for line in out.splitlines()]
    assert names == [f"{name}.{form}" for name in TABLES]
    assert all((tmp_path / name).is_file() for name in names)


def test_export_datapackage(capsys: Capture, tmp_path: Path) -> None:
    """The Data Package export lists the CSV files and the descriptor, as JSON on request."""
    listed = run_json(capsys, "export", "--format", "datapackage", "--out", str(tmp_path))
    assert listed["format"] == "datapackage"
    assert [Path(p).name for p in listed["files"]] == [
        *(f"{name}.csv" for name in TABLES),
        "datapackage.json",
    ]
    assert all(Path(p).is_file() for p in listed["files"])


def test_export_geojson_to_a_folder_or_a_file(capsys: Capture, tmp_path: Path) -> None:
    """GeoJSON goes to places.geojson in a folder, or to the .geojson file named."""
    code, out, _ = run(capsys, "export", "--format", "geojson", "--out", str(tmp_path / "a"))
    assert (code, out) == (0, f"{tmp_path / 'a' / 'places.geojson'}\n")
    target = tmp_path / "b" / "map.geojson"
    code, out, _ = run(capsys, "export", "--format", "geojson", "--out", str(target))
    assert (code, out) == (0, f"{target}\n")
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_export_parquet(capsys: Capture, tmp_path: Path) -> None:
    """Parquet export writes one file per table."""
    pytest.importorskip("pyarrow", reason=PARQUET)
    code, out, _ = run(capsys, "export", "--format", "parquet", "--out", str(tmp_path))
    assert code == 0
    assert [Path(line).name for line in out.splitlines()] == [f"{n}.parquet" for n in TABLES]


def test_export_parquet_without_pyarrow_names_the_extra(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pyarrow, the export fails with one line naming the extra to install."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    err = fails(capsys, "export", "--format", "parquet", "--out", str(tmp_path))
    assert "pip install 'syria-is-2024[parquet]'" in err


def test_export_into_a_file_fails_with_exit_1(capsys: Capture, tmp_path: Path) -> None:
    """A folder that cannot be made is an I/O failure: one line, exit code 1."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    fails(capsys, "export", "--format", "csv", "--out", str(blocker / "sub"), code=1)


def test_export_refuses_an_empty_out(capsys: Capture) -> None:
    """``--out ""`` is a bad argument (exit 2), not the working folder."""
    err = fails(capsys, "export", "--format", "csv", "--out", "")
    assert "--out is empty" in err


def test_export_replaces_a_file_named_by_out_only_when_asked(
    capsys: Capture, tmp_path: Path
) -> None:
    """An existing file named by ``--out`` is kept (exit 1) unless ``--overwrite`` is given.

    Here the file is a link to a file outside: it is refused without the flag and, with it,
    replaced by the export; the file it pointed to is never written.
    """
    outside = tmp_path / "outside.json"
    outside.write_text("keep me", encoding="utf-8")
    target = tmp_path / "map.geojson"
    target.symlink_to(outside)
    err = fails(capsys, "export", "--format", "geojson", "--out", str(target), code=1)
    assert str(target) in err and "--overwrite" in err
    assert target.is_symlink()
    code, out, err = run(
        capsys, "export", "--format", "geojson", "--out", str(target), "--overwrite"
    )
    assert (code, out, err) == (0, f"{target}\n", "")
    assert not target.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert outside.read_text(encoding="utf-8") == "keep me"


# options, help and errors --------------------------------------------------------------------


def test_json_goes_before_or_after_the_command(capsys: Capture) -> None:
    """``--json`` works in either place."""
    assert run(capsys, "--json", "entities")[1] == run(capsys, "entities", "--json")[1]


def test_data_reads_another_folder(data_copy: Path, capsys: Capture) -> None:
    """``--data`` loads the dataset from a folder instead of the bundled data."""
    assert run_json(capsys, "--data", str(data_copy), "summary") == run_json(capsys, "summary")
    assert run(capsys, "figures", "--data", str(data_copy))[0] == 0
    err = fails(capsys, "--data", str(data_copy / "missing"), "summary")
    assert "is not a folder" in err


@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_help(capsys: Capture, command: str | None) -> None:
    """``--help`` works everywhere and exits 0."""
    argv = ["--help"] if command is None else [command, "--help"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith(f"usage: {PROG}")


def test_version(capsys: Capture) -> None:
    """``--version`` prints the package version."""
    assert run(capsys, "--version") == (0, f"{PROG} {__version__}\n", "")


def test_parser_lists_every_subcommand() -> None:
    """The parser offers exactly the documented subcommands."""
    help_text = build_parser().format_help()
    for command in SUBCOMMANDS:
        assert command in help_text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "invalid choice"),
        (["events", "--frob"], "unrecognized arguments"),
        (["events", "--start", "2023-13"], "is not an ISO date"),
        (["events", "--start", "2022", "--end", "2021"], "is before start"),
        (["events", "--kind", "picnic"], "unknown kind 'picnic'"),
        (["events", "--involving", "nobody-at-all-xyz"], "no entity matches"),
        (["events", "--at", "nowhere-at-all-xyz"], "no entity matches"),
        (["figures", "--measure", "weight"], "unknown measure 'weight'"),
        (["figures", "--subject", "nobody-at-all-xyz"], "no entity matches"),
        (["entities", "--kind", "animal"], "unknown kind 'animal'"),
        (["show"], "required: ID"),
        (["show", "no-such-record-xyz"], "no record matches"),
        (["cite", "--style", "mla"], "invalid choice"),
        (["export", "--format", "csv"], "required: --out"),
        (["export", "--format", "xlsx", "--out", "x"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys: Capture, argv: list[str], message: str) -> None:
    """Bad arguments and unknown keys fail with exit code 2 and a one-line message."""
    assert message in fails(capsys, *argv)


def test_an_unknown_key_suggests_close_ids(data: Dataset, capsys: Capture) -> None:
    """A misspelt id is answered with the ids it resembles."""
    record = data.events()[0]
    err = fails(capsys, "show", record.id[:-1] + "x")
    assert f"did you mean {record.id!r}" in err or repr(record.id) in err


def test_a_place_filter_on_a_non_place_exits_2(data: Dataset, capsys: Capture) -> None:
    """``--at`` must name a place."""
    person = data.entities("person")[0]
    assert "not a place" in fails(capsys, "events", "--at", person.id)


def test_python_dash_m_runs_the_summary() -> None:
    """``python -m syria_is_2024 summary`` runs as a separate process and exits 0."""
    result = subprocess.run(
        [sys.executable, "-m", "syria_is_2024", "summary"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"{PROG} {__version__}")
    assert "Cite as:" in result.stdout


def test_within_keeps_only_spans_inside_the_window(data: Dataset, capsys: Capture) -> None:
    """`--within` lists the events and figures the accessors return with within=True."""
    events = run_json(capsys, "events", "--start", "2023", "--end", "2023", "--within")
    assert [e["id"] for e in events] == [e.id for e in data.events("2023", "2023", within=True)]
    assert len(events) < len(data.events("2023", "2023"))
    figures = run_json(capsys, "figures", "--start", "2019", "--end", "2019", "--within")
    assert [f["id"] for f in figures] == [f.id for f in data.figures("2019", "2019", within=True)]


def test_changes_lists_each_release_record_by_record(capsys: Capture) -> None:
    """``changes --since`` lists the later releases' added and changed ids, or them as JSON."""
    code, out, _ = run(capsys, "changes", "--since", "1.0.0")
    assert code == 0
    assert "2.0.0" in out and "added" in out and "changed" in out and "1.0.0" not in out
    releases = run_json(capsys, "changes", "--since", "1.0.0", "--json")
    assert [r["version"] for r in releases] == ["2.0.0", "2.1.0", "2.1.1"]
    assert run(capsys, "changes", "--since", "0.9")[0] == 2


# any terminal --------------------------------------------------------------------------------


def command(*argv: str) -> list[str]:
    """The command line, to run as a separate process."""
    return [sys.executable, "-m", "syria_is_2024", *argv]


def environment(**env: str) -> dict[str, str]:
    """The environment of the tests, with ``env`` set."""
    return {**os.environ, **env}


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_text_the_output_cannot_encode_is_replaced(encoding: str) -> None:
    """Arabic names on an ASCII or cp1252 output (``LC_ALL=C``) become ``?``, not a traceback."""
    result = subprocess.run(
        command("show", "deir-ezzor"),
        env=environment(PYTHONIOENCODING=encoding, LC_ALL="C"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert b"Deir Ezzor" in result.stdout and b"?" in result.stdout


def test_a_reader_that_leaves_early_ends_the_command_quietly() -> None:
    """``syria-is-2024 events --json | head -1``: exit status 141, nothing on stderr.

    The output (about 200 kB) is far larger than a pipe holds, so the command is still
    writing when the reader closes its end.
    """
    process = subprocess.Popen(
        command("events", "--json"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"[\n"
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""
    process.stderr.close()


def test_a_closed_output_is_one_line_on_stderr() -> None:
    """Started with standard output closed (``>&-``), the command says so and exits 1."""
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *command("summary")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == f"{PROG}: error: standard output is closed\n"


def test_show_never_breaks_a_quote_inside_a_word(
    data: Dataset, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 60-column terminal, every word of every quote shown, hyphenated ones too, is whole."""
    monkeypatch.setenv("COLUMNS", "60")
    every: list[Record] = [*data.entities(), *data.events(), *data.figures()]
    hyphenated = [r for r in every if any("-" in e.quote for e in r.evidence)][:20]
    assert hyphenated
    for record in hyphenated:
        out = run(capsys, "show", record.id)[1]
        words = set(out.split())
        for item in record.evidence:
            for word in item.quote.split():
                assert any(word in shown for shown in words), (record.id, word)


def test_show_an_entity_lists_the_events_and_figures_naming_it(
    data: Dataset, capsys: Capture
) -> None:
    """``show <entity>`` ends with the events and figures that name the entity."""
    out = run(capsys, "show", "Islamic State")[1]
    naming = [r for r in data.referenced_by("islamic-state") if not isinstance(r, Entity)]
    assert any(isinstance(r, Event) for r in naming) and any(isinstance(r, Figure) for r in naming)
    assert "\nEvents\n" in out and "\nFigures\n" in out
    for record in naming:
        assert f"  - {record.id}" in out, record.id


@pytest.mark.parametrize("listing", ["events", "entities", "figures", "changes"])
def test_tables_fit_the_terminal(
    data: Dataset, capsys: Capture, monkeypatch: pytest.MonkeyPatch, listing: str
) -> None:
    """With ``COLUMNS=60`` every line fits in 60 characters.

    Long cells are cut with an ellipsis, ids only where they must; written to a file or a
    pipe, the table is whole.
    """
    monkeypatch.delenv("COLUMNS", raising=False)
    whole = run(capsys, listing)[1]
    monkeypatch.setenv("COLUMNS", "60")
    code, fitted, _ = run(capsys, listing)
    assert code == 0
    assert max(len(line) for line in fitted.splitlines()) <= 60
    assert max(len(line) for line in whole.splitlines()) > 60
    assert "…" in fitted and "…" not in whole
    if listing == "events":
        shown = table_ids(fitted)
        ids = [e.id for e in data.events()]
        assert all(
            s == i or (s.endswith("…") and i.startswith(s[:-1]))
            for s, i in zip(shown, ids, strict=True)
        )
        titles = [e.title for e in data.events()]
        assert max(titles, key=len) in whole
