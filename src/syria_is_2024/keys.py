"""Normalisation of names into lookup keys, so that spelling variants find the same entity.

A key ignores case, diacritics, punctuation and spacing, and the Arabic article ("al-", "el-",
"as-", "ad-" ...) written as a word of its own, so "Baghouz", "al-Baghouz" and "AL BAGHOUZ"
share the key ``baghouz``. Each name is also indexed with its articles kept (``albaghouz``),
so that a name typed without a separator ("Albaghouz") is found as well. Arabic script keeps
its letters, without vowel marks, tatweel or the spelling variants of hamza, ta marbuta and
alif maqsura.

A looser key, used only to suggest names, also drops generic words ("governorate", "city")
and vowels, so that "Dayr az Zawr governorate" suggests Deir Ezzor.
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
        "\u0640": "",  # Arabic tatweel, a stretch of the line
        "\u0629": "\u0647",  # ta marbuta, often typed as ha
        "\u0649": "\u064a",  # alif maqsura, often typed as ya
        "\u06cc": "\u064a",  # Persian ya
        "\u06a9": "\u0643",  # Persian kaf
    }
)
GENERIC: Final = frozenset(
    {"governorate", "province", "city", "town", "village", "district", "sub", "subdistrict"}
    | {"countryside", "region", "area", "محافظه", "مدينه", "منطقه", "ناحيه", "قريه", "بلده"}
)
"""Words that say what sort of place a name is; a looser key for suggestions drops them."""
_VOWELS = str.maketrans("", "", "aeiouwy")


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


def plain_key(text: str) -> str:
    """A key for suggestions: no article, no generic word ("Raqqa province" is ``raqqa``)."""
    return "".join(w for w in _words(text) if w not in ARTICLES and w not in GENERIC)


def loose_key(text: str) -> str:
    """A looser key for suggestions: a plain key without vowels or doubled letters.

    Transliterations of one Arabic name mostly differ in their vowels ("Dayr az Zawr", "Deir
    ez-Zor" and "Deir al-Zour" share ``drzr``); too loose to find a name, close enough to
    suggest one.
    """
    bare = plain_key(text).translate(_VOWELS)
    return "".join(ch for i, ch in enumerate(bare) if i == 0 or bare[i - 1] != ch)


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
