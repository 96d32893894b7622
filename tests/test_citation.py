"""Citations of the dataset and of the article: every style, for any valid source."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import A_QUOTE, A_SOURCE, URLS, date_spans
from support import require_module
from syria_is_2024 import ArgumentTypeError, QueryError, __version__
from syria_is_2024.citation import CITATION_STYLES, WHAT, cite
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import Entity

SPECIALS = "{}&%$#_~^\\"
"""The characters LaTeX gives a meaning of its own, braces and the backslash included."""
TITLES = st.text(
    st.sampled_from("abcdefghij ABC'\"*:-" + SPECIALS), min_size=1, max_size=30
).filter(lambda text: text == text.strip() and text.strip())
"""Titles full of LaTeX's special characters (without digits, which a date could hide in)."""
ESCAPES = re.compile(r"\\text[a-z]+\{\}|\\[&%$#_]")
"""LaTeX's ways of writing a special character: ``\\&``, ``\\textbraceleft{}`` ..."""


def unescaped(value: str) -> set[str]:
    """The special characters of a BibTeX value left unescaped (its outer braces aside)."""
    plain = ESCAPES.sub("", value)
    if plain.startswith("{") and plain.endswith("}"):
        plain = plain[1:-1]
    return set(plain) & set(SPECIALS)


def bibtex_entry(text: str) -> Any:
    """The one entry a BibTeX text holds, as pybtex (an independent BibTeX parser) reads it."""
    require_module("pybtex")
    from pybtex.database import parse_string  # type: ignore[import-untyped]

    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 1, text
    return next(iter(entries.items()))


@st.composite
def cited(draw: st.DrawFn) -> tuple[Dataset, str]:
    """A dataset whose source has any authors (none too), subtitle, date, title and URL.

    The authors' and the publisher's names are full of LaTeX's special characters too.
    """
    names = draw(st.lists(TITLES, max_size=3))
    people = [
        Entity(
            id=f"person-{n}", kind="person", name=f"{name} {n}", description="d", evidence=A_QUOTE
        )
        for n, name in enumerate(names)
    ]
    outlet = Entity(
        id="outlet-o", kind="outlet", name=f"{draw(TITLES)} o", description="d", evidence=A_QUOTE
    )
    source = attrs.evolve(
        A_SOURCE,
        title=draw(TITLES),
        subtitle=draw(st.none() | TITLES),
        authors=tuple(person.id for person in people),
        published=draw(date_spans()),
        url=draw(st.none() | URLS),
    )
    return Dataset(source, [*people, outlet], (), ()), draw(st.text(min_size=1, max_size=12))


@given(cited())
def test_any_valid_source_is_cited_in_every_style(case: tuple[Dataset, str]) -> None:
    """Every style cites any valid source and any version, the dataset or the article.

    No authors, no subtitle, any date and LaTeX's special characters anywhere in the title:
    each citation names the title and the URL, shows no EDTF date, and each BibTeX entry reads
    back as one entry with a plain key, its fields whole and every special character escaped.
    """
    dataset, version = case
    source = dataset.source
    for what in WHAT:
        for style in CITATION_STYLES:
            text = cite(dataset, version, style, what)
            if source.url:
                assert source.url in text
            if style == "bibtex":
                key, entry = bibtex_entry(text)
                assert re.fullmatch(r"[A-Za-z0-9_]+", key)
                assert "title" in entry.fields
                for name, value in entry.fields.items():
                    if name not in ("url", "howpublished"):
                        assert unescaped(value) == set(), (name, value)
            else:
                assert source.title in text
                if len(source.published.edtf) > 4:  # a bare year is the year itself
                    assert source.published.edtf not in text


def test_apa_inverts_the_authors_and_has_no_markup(data: Dataset) -> None:
    """APA gives each author as 'Surname, I.', joined by commas and '&', and no Markdown."""
    for what in WHAT:
        apa = cite(data, __version__, "apa", what)
        assert "al-Jeratli, K., Ibrahim, H., & al-Sawadi, R. (2024, April)." in apa
        assert "*" not in apa


def test_human_readable_dates_are_words(data: Dataset) -> None:
    """The text and BibTeX styles give the month in words, never as EDTF ('2024-04')."""
    for what in WHAT:
        for style in ("text", "bibtex"):
            citation = cite(data, __version__, style, what)
            assert "April" in citation
            assert "2024-04" not in citation


def test_the_article_itself_can_be_cited(data: Dataset) -> None:
    """``what="article"`` cites the article, its authors and URL, without the dataset."""
    key, entry = bibtex_entry(cite(data, __version__, "bibtex", what="article"))
    assert key == "al_Jeratli_2024"
    assert entry.type == "article"
    assert [str(person) for person in entry.persons["author"]] == [
        "al-Jeratli, Khaled",
        "Ibrahim, Hassan",
        "al-Sawadi, Reham",
    ]
    assert entry.fields["journal"] == "Enab Baladi"
    assert entry.fields["url"] == data.source.url
    for style in CITATION_STYLES:
        article = cite(data, __version__, style, what="article")
        assert "syria-is-2024" not in article
        assert "Five years since al-Baghouz battle" in article
    assert cite(data, __version__) == cite(data, __version__, "bibtex", what="dataset")


def test_bibtex_escapes_latex_specials(data: Dataset) -> None:
    """A title with braces, a backslash and LaTeX's specials is escaped character by character."""
    title = "50% of A&B_{x} ~ $5 #1 ^ \\"
    source = attrs.evolve(data.source, title=title, subtitle=None)
    dataset = Dataset(source, data.entities(), data.events(), data.figures())
    _, entry = bibtex_entry(cite(dataset, __version__, "bibtex", what="article"))
    assert entry.fields["title"] == (
        r"{50\% of A\&B\_\textbraceleft{}x\textbraceright{} \textasciitilde{} \$5 \#1 "
        r"\textasciicircum{} \textbackslash{}}"
    )


@pytest.mark.parametrize(
    ("style", "what", "error"),
    [("mla", "dataset", QueryError), ("apa", "book", QueryError), ("apa", 1, ArgumentTypeError)],
)
def test_unknown_styles_and_targets_are_refused(
    data: Dataset, style: str, what: Any, error: type[Exception]
) -> None:
    """An unknown style or target is a QueryError naming the known ones; a number is a TypeError."""
    with pytest.raises(error, match="known: " if error is QueryError else "must be a string"):
        cite(data, __version__, style, what)
