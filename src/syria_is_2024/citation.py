"""Citations of the dataset, naming its version and the article it is built from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .dataset import Dataset
from .errors import ArgumentTypeError, QueryError

DATASET_TITLE: Final = (
    "syria-is-2024: entities, events and figures of Enab Baladi's "
    "'Five years since al-Baghouz battle'"
)
_DATASET_AUTHOR: Final = "syria-is-2024 contributors"
_RELEASE_YEAR: Final = "2026"


def _article_authors(dataset: Dataset) -> list[str]:
    return [dataset.entity(author).name for author in dataset.source.authors]


def _publisher(dataset: Dataset) -> str:
    return dataset.entity(dataset.source.publisher).name


def _url(dataset: Dataset) -> str:
    return f" {dataset.source.url}" if dataset.source.url else ""


def _text(dataset: Dataset, version: str) -> str:
    source = dataset.source
    return (
        f"{_DATASET_AUTHOR} ({_RELEASE_YEAR}). {DATASET_TITLE} (version {version}) [dataset]. "
        f'Built from: {", ".join(_article_authors(dataset))}, "{source.title}: '
        f'{source.subtitle}", {_publisher(dataset)}, {source.published.edtf}.{_url(dataset)}'
    )


def _apa(dataset: Dataset, version: str) -> str:
    source = dataset.source
    authors = _article_authors(dataset)
    apa_authors = ", ".join(authors[:-1]) + f", & {authors[-1]}" if len(authors) > 1 else authors[0]
    return (
        f"{_DATASET_AUTHOR}. ({_RELEASE_YEAR}). *{DATASET_TITLE}* (Version {version}) "
        f"[Data set]. Data derived from {apa_authors} ({source.published.start.year}, "
        f"{source.published.start:%B}). {source.title}: {source.subtitle}. "
        f"{_publisher(dataset)}.{_url(dataset)}"
    )


def _bibtex(dataset: Dataset, version: str) -> str:
    source = dataset.source
    authors = " and ".join(_article_authors(dataset))
    key = "syria_is_2024_v" + version.replace(".", "_")
    return "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{{{DATASET_TITLE}}}}},",
            f"  author = {{{{{_DATASET_AUTHOR}}}}},",
            f"  year = {{{_RELEASE_YEAR}}},",
            f"  version = {{{version}}},",
            "  howpublished = {Python package \\texttt{syria-is-2024}},",
            f"  note = {{Dataset version {version}, derived from {authors}, "
            f"``{source.title}: {source.subtitle}'', {_publisher(dataset)}, "
            f"{source.published.start.year}}},",
            *([f"  url = {{{dataset.source.url}}},"] if dataset.source.url else []),
            "}",
        ]
    )


CITATION_STYLES: Final[dict[str, Callable[[Dataset, str], str]]] = {
    "apa": _apa,
    "bibtex": _bibtex,
    "text": _text,
}


def cite(dataset: Dataset, version: str, style: str = "bibtex") -> str:
    """A citation of this dataset version in the given style (``bibtex``, ``apa`` or ``text``)."""
    if not isinstance(style, str):
        raise ArgumentTypeError(f"style must be a string, not {type(style).__name__}")
    try:
        render = CITATION_STYLES[style]
    except KeyError:
        raise QueryError(
            f"unknown citation style {style!r}; known: {', '.join(sorted(CITATION_STYLES))}"
        ) from None
    return render(dataset, version)
