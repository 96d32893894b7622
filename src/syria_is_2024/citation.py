"""Citations of the dataset, naming its version, or of the article it is built from."""

from __future__ import annotations

import re
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
_MONTHS: Final = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_TEX: Final = str.maketrans(  # BibTeX counts braces even after a backslash: name them
    {char: "\\" + char for char in "&%$#_"}
    | {"{": r"\textbraceleft{}", "}": r"\textbraceright{}", "\\": r"\textbackslash{}"}
    | {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
)
WHAT: Final = ("dataset", "article")
"""What a citation cites: the dataset version (the default) or the article itself."""


class _Article:
    """The article as the styles write it: names, title, publisher, date in words, URL."""

    def __init__(self, dataset: Dataset) -> None:
        source, span = dataset.source, dataset.source.published
        self.names = [dataset.entity(author).name for author in source.authors]
        self.title = f"{source.title}: {source.subtitle}" if source.subtitle else source.title
        self.publisher = dataset.entity(source.publisher).name
        self.url = source.url or ""
        start, end = span.start, span.end
        self.year = str(start.year) + (f"\u2013{end.year}" if end.year != start.year else "")
        self.month = _MONTHS[start.month - 1] if start.replace(day=1) == end.replace(day=1) else ""
        day = f"{self.month} {start.day}" if start == end else self.month
        self.when = f"{day}, {self.year}" if start == end else f"{day} {self.year}".strip()
        self.apa_when = f"({self.year}, {day})" if day else f"({self.year})"
        first = f"{(self.names or [self.publisher])[0].split()[-1]} {start.year}"
        self.key = re.sub(r"\W+", "_", first, flags=re.ASCII).strip("_") or "article"

    def text(self) -> str:
        parts = [", ".join(self.names), f'"{self.title}"', self.publisher, self.when]
        return ", ".join(filter(None, parts)) + "." + (f" {self.url}" if self.url else "")

    def apa(self) -> str:
        names = [_inverted(name) for name in self.names]
        who = ", & ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        head = f"{who} {self.apa_when}. {self.title}." if who else f"{self.title}. {self.apa_when}."
        return f"{head} {self.publisher}." + (f" {self.url}" if self.url else "")

    def bibtex(self) -> str:
        fields = {"author": _tex(" and ".join(self.names)), "title": "{" + _tex(self.title) + "}"}
        fields |= {"journal": _tex(self.publisher), "year": self.year, "month": self.month}
        return _entry("article", self.key, fields, self.url)


def _inverted(name: str) -> str:
    """A name in APA's form, surname first: 'Khaled al-Jeratli' as 'al-Jeratli, K.'."""
    *given, surname = name.split()
    initials = ["-".join(f"{part[0]}." for part in word.split("-") if part) for word in given]
    shown = " ".join(filter(None, initials))
    return f"{surname}, {shown}" if shown else surname


def _tex(text: str) -> str:
    """Text as a BibTeX value: braces, backslashes and LaTeX's special characters escaped."""
    return text.translate(_TEX)


def _entry(kind: str, key: str, fields: dict[str, str], url: str) -> str:
    """A BibTeX entry; the URL's braces and backslashes percent-encoded, as URLs allow."""
    url = url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    lines = [f"  {name} = {{{value}}}," for name, value in {**fields, "url": url}.items() if value]
    return "\n".join([f"@{kind}{{{key},", *lines, "}"])


def _text(dataset: Dataset, version: str) -> str:
    return (
        f"{_DATASET_AUTHOR} ({_RELEASE_YEAR}). {DATASET_TITLE} (version {version}) [dataset]. "
        f"Built from: {_Article(dataset).text()}"
    )


def _apa(dataset: Dataset, version: str) -> str:
    return (
        f"{_DATASET_AUTHOR}. ({_RELEASE_YEAR}). {DATASET_TITLE} (Version {version}) "
        f"[Data set]. Data derived from {_Article(dataset).apa()}"
    )


def _bibtex(dataset: Dataset, version: str) -> str:
    article = _Article(dataset)
    derived = [" and ".join(article.names), f"``{article.title}''", article.publisher]
    note = f"Dataset version {version}, derived from " + ", ".join(filter(None, derived))
    fields = {"title": "{" + _tex(DATASET_TITLE) + "}", "author": "{" + _DATASET_AUTHOR + "}"}
    fields |= {"year": _RELEASE_YEAR, "version": _tex(version)}
    fields |= {"howpublished": "Python package \\texttt{syria-is-2024}"}
    fields["note"] = _tex(f"{note}, {article.when}")
    key = "syria_is_2024_v" + re.sub(r"\W", "_", version, flags=re.ASCII)
    return _entry("misc", key, fields, article.url)


CITATION_STYLES: Final[dict[str, Callable[[Dataset, str], str]]] = {
    "apa": _apa,
    "bibtex": _bibtex,
    "text": _text,
}


def cite(dataset: Dataset, version: str, style: str = "bibtex", what: str = "dataset") -> str:
    """A citation in the given style (``bibtex``, ``apa`` or ``text``).

    ``what`` is ``dataset`` for this dataset version (the default), or ``article`` for the
    article it is built from.
    """
    for name, value, known in (("style", style, CITATION_STYLES), ("what", what, WHAT)):
        if not isinstance(value, str):
            raise ArgumentTypeError(f"{name} must be a string, not {type(value).__name__}")
        if value not in known:
            raise QueryError(f"unknown citation {name} {value!r}; known: {', '.join(known)}")
    if what == "dataset":
        return CITATION_STYLES[style](dataset, version)
    article = _Article(dataset)
    return {"apa": article.apa, "bibtex": article.bibtex, "text": article.text}[style]()
