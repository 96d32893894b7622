"""Normalisation of names into lookup keys, so that spelling variants find the same entity.

A key ignores case, diacritics, punctuation and spacing, and the Arabic article ("al-", "el-",
"as-", "ad-" ...) written as a word of its own, so "Baghouz", "al-Baghouz" and "AL BAGHOUZ"
share the key ``baghouz``. Each name is also indexed with its articles kept (``albaghouz``),
so that a name typed without a separator ("Albaghouz") is found as well.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Entity


ARTICLES: Final = frozenset(
    {"al", "el", "as", "ad", "ash", "at", "az", "ar", "an", "ath", "adh", "ud", "ul", "es", "ez"}
)
"""The transliterated forms of the Arabic definite article, assimilated or not."""

MAX_KEY_LENGTH: Final = 500
"""Longer keys cannot name anything here; they are refused before any work is done."""

_SEPARATORS = re.compile(r"[\W_]+")
# Letters that NFKD does not decompose but that users type as plain Latin letters.
_FOLD = str.maketrans(
    {
        "\u0131": "i",
        "\u0142": "l",
        "\u00f8": "o",
        "\u0111": "d",
        "\u00df": "ss",
        "\u02bf": "",
        "\u02be": "",
    }
)


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [word for word in _SEPARATORS.split(plain.casefold().translate(_FOLD)) if word]


def key_forms(text: str) -> tuple[str, ...]:
    """The keys a name is indexed and looked up under: without its articles, then with them."""
    words = _words(text)
    full = "".join(words)
    stripped = "".join([word for word in words if word not in ARTICLES]) or full
    return (stripped,) if stripped == full else (stripped, full)


def name_owners(entities: Iterable[Entity]) -> dict[str, dict[str, bool]]:
    """Every lookup key of every id, name and alias, with the entities holding it.

    For each holder the flag says whether it declares the name ambiguous (a shared nisba);
    the dataset's checks and its name index are both built from this one pass.
    """
    owners: dict[str, dict[str, bool]] = {}
    for entity in entities:
        names = [(entity.id, False), (entity.name, False)]
        names += [(alias.name, alias.ambiguous) for alias in entity.aliases]
        for name, declared in names:
            for key in key_forms(name):
                slot = owners.setdefault(key, {})
                slot[entity.id] = slot.get(entity.id, False) or declared
    return owners
