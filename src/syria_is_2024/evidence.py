"""Checking evidence quotes against a copy of the article.

The package does not ship the article. Anyone who holds its text can check that it is the
same text (its SHA-256) and that every quote stands, word for word, in the paragraph the
record names. White space, letter case and typographic quotes and dashes are not significant.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .errors import ArgumentTypeError, DataFileError

if TYPE_CHECKING:
    from .dataset import Dataset


_TYPOGRAPHY: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Text reduced to what a quote must match: NFKC, plain quotes and dashes, single spaces."""
    plain = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", plain).strip().lower()


def paragraphs(article: str) -> list[str]:
    """The article's paragraphs as evidence numbers them: its non-blank lines, from 1."""
    return [line for line in article.splitlines() if line.strip()]


def locate(quote: str, numbered: list[str]) -> int | None:
    """The number of the first paragraph holding the quote, or ``None``."""
    wanted = normalize_text(quote)
    for number, paragraph in enumerate(numbered, start=1):
        if wanted in normalize_text(paragraph):
            return number
    return None


def _quotes(records: Iterable[object]) -> Iterator[tuple[str, str, int]]:
    for record in records:
        for item in getattr(record, "evidence", ()):
            yield getattr(record, "id", "?"), item.quote, item.paragraph


def verify_article(path: str | os.PathLike[str], dataset: Dataset | None = None) -> list[str]:
    """Problems found checking a dataset's evidence against the article at ``path``.

    Returns an empty list when the file's SHA-256 is the one the dataset records and every
    quote stands in the paragraph it names. ``dataset`` defaults to the bundled one.
    """
    if dataset is None:
        from .accessors import get_dataset as bundled

        dataset = bundled()
    if not isinstance(path, str | os.PathLike):
        raise ArgumentTypeError(f"path must be a string or path, not {type(path).__name__}")
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataFileError(str(path), f"cannot be read ({error.strerror or error})") from None
    problems = []
    expected = dataset.source.sha256
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected:
        problems.append(f"{path}: SHA-256 {digest} is not the dataset's {expected}")
    numbered = paragraphs(raw.decode("utf-8", errors="replace"))
    records = (dataset.source, *dataset.entities(), *dataset.events(), *dataset.figures())
    for record_id, quote, paragraph in _quotes(records):
        if paragraph > len(numbered):
            problems.append(f"{record_id}: paragraph {paragraph} is past the article's end")
        elif normalize_text(quote) not in normalize_text(numbered[paragraph - 1]):
            found = locate(quote, numbered)
            where = f"it stands in paragraph {found}" if found else "it is not in the article"
            problems.append(f"{record_id}: quote not in paragraph {paragraph} ({where}): {quote!r}")
    return problems
