"""Every code example of the README and the documentation runs, and the documentation builds.

Python blocks are taken from README.md and every Markdown page under docs/. A block written as
an interactive session (``>>>`` prompts) is checked with doctest, its printed output included;
any other Python block is executed. The blocks of one file share a namespace, in order, as a
reader would run them. The Sphinx build runs once, with warnings as errors, into a temporary
folder.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs
import pytest

import syria_is_2024
from support import tool
from syria_is_2024 import model
from syria_is_2024.export import datapackage_descriptor
from syria_is_2024.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PYTHON = frozenset({"python", "py", "python3", "pycon"})
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, the line its code starts on, and the code."""

    language: str
    line: int
    code: str


def fenced_blocks(text: str, first_line: int = 1) -> Iterator[Block]:
    """The fenced blocks of Markdown text, including those nested in MyST directives.

    A fence opens with three or more backticks or tildes and closes with at least as many of
    the same character; the body of a directive fence (```` ```{note} ````) is searched again.
    """
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = lines[index].strip()
        marker = opening[:1]
        if marker not in ("`", "~") or not opening.startswith(marker * 3):
            index += 1
            continue
        width = len(opening) - len(opening.lstrip(marker))
        info = opening[width:].strip()
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            closing = lines[end].strip()
            if closing.startswith(marker * width) and not closing.lstrip(marker):
                break
            body.append(lines[end])
            end += 1
        start = first_line + index + 1
        if info.startswith("{"):
            yield from fenced_blocks("\n".join(body), start)
        yield Block(info.split()[0].lower() if info else "", start, "\n".join(body) + "\n")
        index = end + 1


def documents() -> list[Path]:
    """README.md and every Markdown page of the documentation (not the build, not the _ext)."""
    pages = sorted(
        path
        for path in DOCS.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(DOCS).parts)
    )
    readme = ROOT / "README.md"
    return ([readme] if readme.is_file() else []) + pages


def python_blocks(path: Path) -> list[Block]:
    """The Python blocks of one Markdown file, in order."""
    return [b for b in fenced_blocks(path.read_text(encoding="utf-8")) if b.language in PYTHON]


def _run_block(block: Block, path: Path, namespace: dict[str, Any]) -> None:
    """Run one block: as a doctest if it has prompts, else as a script; fail with its place."""
    where = f"{path.relative_to(ROOT)}:{block.line}"
    if any(line.lstrip().startswith(">>>") for line in block.code.splitlines()):
        test = doctest.DocTestParser().get_doctest(
            block.code, namespace, where, str(path), block.line - 1
        )
        runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # the test ran on a copy; later blocks build on it
        if runner.failures:
            pytest.fail(f"doctest failed in {where}:\n" + "".join(report), pytrace=False)
    else:
        # Padding with blank lines makes tracebacks name the line in the Markdown file.
        code = compile("\n" * (block.line - 1) + block.code, str(path), "exec")
        exec(code, namespace)


def test_the_extractor_finds_the_examples() -> None:
    """The documentation has examples of both kinds, so a broken extractor cannot pass quietly."""
    blocks = [block for path in documents() for block in python_blocks(path)]
    assert sum(block.language == "pycon" for block in blocks) >= 20
    sample = "Text\n\n````{note}\n```python\nx = 1\n```\n````\n\n~~~py\ny = 2\n~~~\n"
    found = [(b.language, b.line, b.code) for b in fenced_blocks(sample)]
    assert ("python", 5, "x = 1\n") in found
    assert ("py", 10, "y = 2\n") in found


@pytest.mark.parametrize("path", documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_examples_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of the file runs, and every interactive example prints what it shows.

    The blocks run in a temporary working directory, so examples that write files leave
    nothing behind.
    """
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for block in python_blocks(path):
        _run_block(block, path, namespace)


@dataclass(frozen=True)
class Build:
    """A finished documentation build: where its HTML is, and the build's output."""

    html: Path
    log: str


def _source_files() -> set[Path]:
    """The files of the documentation's sources (Python's bytecode caches aside)."""
    ignored = {"_build", "__pycache__"}
    return {p for p in DOCS.rglob("*") if p.is_file() and not ignored & set(p.parts)}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the documentation once, with warnings as errors, into a temporary folder."""
    if importlib.util.find_spec("sphinx") is None:
        pytest.skip("sphinx is not installed: install the 'docs' extra to build the documentation")
    out = tmp_path_factory.mktemp("docs")
    before = _source_files()
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the documentation does not build:\n{log}"
    assert _source_files() == before, "the build wrote into the documentation's sources"
    return Build(out / "html", log)


def test_docs_build_without_warnings(build: Build) -> None:
    """``sphinx -W`` succeeds and every page of the documentation is rendered."""
    pages = ("index", "browse", "method", "entities", "events", "figures", "truth", "api")
    for page in (*pages, "data-dictionary"):
        assert (build.html / f"{page}.html").is_file(), page


def test_pictures_are_drawn_into_the_build(build: Build) -> None:
    """The timelines and the map are drawn as SVG at build time and placed in their pages."""
    for name, pages in (
        ("timeline", ["events"]),
        ("ongoing", ["events"]),
        ("places", ["entities", "index"]),
    ):
        picture = build.html / "_images" / f"{name}.svg"
        assert picture.read_text(encoding="utf-8").lstrip().startswith("<?xml"), name
        for page in pages:
            assert f"_images/{name}.svg" in (build.html / f"{page}.html").read_text(
                encoding="utf-8"
            )


def _text(html: str) -> str:
    """The visible text of a page, as one line of words."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_front_page_states_the_size_of_the_data_it_was_built_with(build: Build) -> None:
    """The counts on the front page are those of the installed data, not typed by hand."""
    page = _text((build.html / "index.html").read_text(encoding="utf-8"))
    data = syria_is_2024.get_dataset()
    records: tuple[model.Record, ...] = (*data.entities(), *data.events(), *data.figures())
    quotes = sum(len(r.evidence) for r in records)
    assert f"{len(data.entities())} entities" in page
    assert f"{len(data.events())} events" in page
    assert f"{len(data.figures())} figures" in page
    assert f"{quotes} verbatim quotes" in page
    assert str(data.source.url) in page
    assert "LicenseRef-Enab-Baladi-Quotations" in page


def test_the_map_key_names_every_numbered_place(build: Build) -> None:
    """Every place with coordinates has a number in the table under the map, north first."""
    page = (build.html / "entities.html").read_text(encoding="utf-8")
    key = page.split('class="data-figure-key', 1)[1].split("</table>", 1)[0]
    rows = [_text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", key, re.S)[1:]]
    located = [p for p in syria_is_2024.entities("place") if p.coordinates is not None]
    assert len(rows) == len(located)
    latitudes = {p.name: p.coordinates.latitude for p in located if p.coordinates}
    named = [row.split(" ", 1)[1] for row in rows]
    assert [int(row.split(" ", 1)[0]) for row in rows] == list(range(1, len(located) + 1))
    in_order = [max((n for n in latitudes if text.startswith(f"{n} ")), key=len) for text in named]
    assert [latitudes[n] for n in in_order] == sorted(latitudes.values(), reverse=True)


def test_browse_page_lists_every_record_and_links_the_downloads(build: Build) -> None:
    """Every event, entity and figure id is on the browse page; each download is in the site.

    The Data Package there is the one the package's export writes, with every CSV beside it.
    """
    page = (build.html / "browse.html").read_text(encoding="utf-8")
    data = syria_is_2024.get_dataset()
    records: tuple[model.Record, ...] = (*data.events(), *data.entities(), *data.figures())
    for record in records:
        assert f'<span class="pre">{record.id}</span>' in page, record.id
    links = re.findall(r'href="(downloads/[^"]+)"', page)
    assert "downloads/datapackage.json" in links
    assert {f"downloads/{name}.csv" for name in TABLES} <= set(links)
    for link in links:
        assert (build.html / link).is_file(), link
    descriptor = json.loads((build.html / "downloads" / "datapackage.json").read_text("utf-8"))
    assert descriptor == datapackage_descriptor(data)
    archive = next(link for link in links if link.endswith(".zip"))
    with zipfile.ZipFile(build.html / archive) as bundle:
        assert set(bundle.namelist()) == {"datapackage.json", *(f"{n}.csv" for n in TABLES)}


def test_api_page_shows_no_generated_constructor_or_printed_dictionary(build: Build) -> None:
    """The reference hides attrs' generated ``__init__`` and the values of dictionaries."""
    page = (build.html / "api.html").read_text(encoding="utf-8")
    assert "Method generated by attrs" not in page
    assert "__init__" not in _text(page)
    table = page.split('id="syria_is_2024.tables.TABLES"', 1)[1].split("</dt>", 1)[0]
    assert "{" not in _text(table)
    assert 'href="https://docs.python.org/3/library/stdtypes.html#str"' in page


def test_data_dictionary_page_is_generated(build: Build) -> None:
    """The dictionary page holds every model class and links the generated JSON Schema."""
    page = (build.html / "data-dictionary.html").read_text(encoding="utf-8")
    for name in model.__all__:
        value = getattr(model, name)
        if isinstance(value, type) and attrs.has(value):
            assert f'id="{name.lower()}"' in page, name
    schemas = list((build.html / "_downloads").rglob("schema.json"))
    assert len(schemas) == 1
    assert schemas[0].parent.name in page


def test_table_columns_are_generated_into_the_exports_page(build: Build) -> None:
    """The exports page lists every table and column, rendered from the layouts at build time."""
    page = (build.html / "exports.html").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f'<span class="pre">{spec.name}</span>' in page, spec.name
        for column in spec.columns:
            assert f'<span class="pre">{column.name}</span>' in page, (spec.name, column.name)


def _inventory(html: Path) -> set[str]:
    """The object names of a Sphinx ``objects.inv``: four header lines, then zlib text."""
    raw = (html / "objects.inv").read_bytes()
    body = raw.split(b"\n", 4)[4]
    return {line.split(" ", 1)[0] for line in zlib.decompress(body).decode().splitlines()}


def test_api_reference_covers_the_public_interface(build: Build) -> None:
    """Every public name of the package, and every model class, has an API entry."""
    documented = _inventory(build.html)
    for name in syria_is_2024.__all__:
        if name.startswith("__"):
            continue
        value = getattr(syria_is_2024, name)
        places = {f"syria_is_2024.{name}", f"{getattr(value, '__module__', '')}.{name}"}
        assert places & documented, f"{name} is not in the API reference"
    for name in model.__all__:
        value = getattr(model, name)
        if isinstance(value, type) and attrs.has(value):
            assert f"{value.__module__}.{name}" in documented, name


def test_the_link_checker_finds_every_kind_of_broken_link(tmp_path: Path) -> None:
    """``tools/check_site.py`` reports a link to no file and a fragment to no id, nothing else.

    Links outside the site (with a scheme) and links that resolve are not reported.
    """
    checker = tool("check_site")
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><a href="b.html#there">fine</a><a href="#top">fine</a>'
        '<a href="https://example.org/x#y">outside</a><img src="gone.png">'
        '<a href="b.html#nowhere">broken</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="there">B</p>', encoding="utf-8")
    assert checker.broken_links(tmp_path) == [
        "a.html: gone.png: no such file",
        "a.html: b.html#nowhere: no such id in b.html",
    ]


def test_the_browser_check_reads_what_chromium_reports() -> None:
    """Console errors, exceptions, failed and outside requests count; the favicon does not.

    (The browser itself runs once, from ``.ci/run``; this checks how its reports are judged.)
    """
    checker = tool("check_site")
    origin = "http://127.0.0.1:8000/"
    events = [
        {"method": "Runtime.consoleAPICalled", "params": {"type": "log", "args": []}},
        {
            "method": "Runtime.consoleAPICalled",
            "params": {"type": "error", "args": [{"value": "x"}]},
        },
        {
            "method": "Network.responseReceived",
            "params": {"response": {"status": 404, "url": origin + "favicon.ico"}},
        },
        {
            "method": "Network.responseReceived",
            "params": {"response": {"status": 404, "url": origin + "a.svg"}},
        },
        {
            "method": "Network.requestWillBeSent",
            "params": {"request": {"url": "https://cdn.example/x.js"}},
        },
    ]
    assert list(checker._problems(events, origin)) == [
        "console error: x",
        f"HTTP 404: {origin}a.svg",
        "request outside the site: https://cdn.example/x.js",
    ]


def test_every_internal_link_of_the_built_site_resolves(build: Build) -> None:
    """Every link, image, style and script of the built pages points to a file and an id."""
    assert tool("check_site").broken_links(build.html) == []


def test_versioning_page_shows_the_policy_alone(build: Build) -> None:
    """The versioning page includes the changelog's policy and none of its release sections."""
    page = (build.html / "versioning.html").read_text(encoding="utf-8")
    assert "never reused for anything else" in page
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    following = changelog.split("## Versioning", 1)[1].split("\n## ", 1)[1].splitlines()[0]
    assert following  # the heading after the policy: "Unreleased", or the newest release
    assert following not in page
    assert 'id="added"' not in page
