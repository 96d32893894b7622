"""Entity lookup ignores case, diacritics, punctuation, spacing and the Arabic article."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import syria_is_2024 as s
from strategies import NOT_TEXT, any_text
from support import outcome
from syria_is_2024 import AmbiguousKeyError, ArgumentTypeError, UnknownKeyError
from syria_is_2024.dataset import Dataset
from syria_is_2024.keys import key_forms, name_owners, plain_key
from syria_is_2024.model import Entity, Event, Figure

NAMES = [
    (entity.id, name, ambiguous)
    for entity in s.entities()
    for name, ambiguous in [(entity.name, False)]
    + [(alias.name, alias.ambiguous) for alias in entity.aliases]
]

SEPARATORS = [" ", "  ", "\t", "-", " - ", "_", "\u00a0"]


@st.composite
def variant(draw: st.DrawFn, name: str) -> str:
    """The name with random case, added diacritics and different spacing or hyphenation."""
    out = [draw(st.sampled_from(["", " ", "  "]))]
    for char in name:
        if char in " -":
            out.append(draw(st.sampled_from(SEPARATORS)))
            continue
        out.append(char.upper() if draw(st.booleans()) else char.lower())
        if char.isalpha() and draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0304"])))
    out.append(draw(st.sampled_from(["", " ", "\n"])))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "".join(out))


@given(st.sampled_from(NAMES).flatmap(lambda n: st.tuples(st.just(n), variant(n[1]))))
def test_every_variant_of_every_name_finds_its_entity(
    case: tuple[tuple[str, str, bool], str],
) -> None:
    """Case, diacritic and spacing variants of each name and alias resolve to the same entity."""
    (entity_id, _, ambiguous), text = case
    if ambiguous:
        with pytest.raises(s.AmbiguousKeyError) as caught:
            s.entity(text)
        assert entity_id in caught.value.candidates
    else:
        assert s.entity(text).id == entity_id


@pytest.mark.parametrize("key", ["Baghouz", "al-Baghouz", "AL BAGHOUZ", "al Baghouz", "albaghouz"])
def test_the_arabic_article_is_ignored(key: str) -> None:
    """With or without 'al-', in any case, the village is found."""
    assert s.entity(key).id == "al-baghouz"


def test_ids_names_and_aliases_all_work() -> None:
    """An entity answers to its id, its name and each alias (kunya, nickname, title...)."""
    assert s.entity("osama-al-azizi") is s.entity("al-Shayeb") is s.entity("wali of horan")
    assert s.entity("Abu Ibrahim al-Hashimi al-Qurashi").id == "abdullah-qardash"
    assert s.entity("Youth of Sunna").id == "eighth-brigade"
    assert s.entity("HTS") is s.entity("Hayat Tahrir al-Sham")


def test_a_shared_name_lists_its_owners() -> None:
    """A declared shared nisba raises an error with the key as typed and every entity it names."""
    with pytest.raises(s.AmbiguousKeyError) as caught:
        s.entity("AL QURASHI")
    assert caught.value.key == "AL QURASHI"
    assert all(c in str(caught.value) for c in caught.value.candidates)
    assert set(caught.value.candidates) == {
        "abdullah-qardash",
        "abu-al-hasan-al-qurashi",
        "abu-al-hussein-al-qurashi",
    }
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, s.DatasetError)


def test_unknown_keys_suggest_close_names() -> None:
    """An unknown key is a KeyError and a DatasetError, with at most five close names."""
    with pytest.raises(s.UnknownKeyError) as caught:
        s.entity("Bagouz")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, s.DatasetError)
    assert "al-Baghouz" in caught.value.suggestions
    assert len(caught.value.suggestions) <= 5
    assert "al-Baghouz" in str(caught.value)
    with pytest.raises(s.UnknownKeyError) as caught:
        s.entity("Abu Bakr al-Bagdadi")
    assert s.entity("abu-bakr-al-baghdadi").name in caught.value.suggestions
    with pytest.raises(s.UnknownKeyError) as caught:
        s.entity("qqqqqqqqqqqq")
    assert caught.value.suggestions == ()


@pytest.mark.parametrize("key", ["", " ", "-", "x" * 100_000, "\ud800", "\x00\x01", "دير الزور"])
def test_odd_keys_are_answered_with_unknown_key(key: str) -> None:
    """Empty, huge, surrogate, control or non-Latin keys raise UnknownKeyError, nothing else."""
    with pytest.raises(s.UnknownKeyError):
        s.entity(key)
    assert s.entity("Barisha\n").id == "barisha"  # white space is folded, as everywhere


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Al-Baghouz", ("baghouz", "albaghouz")),
        ("Ras al-Ain", ("rasain", "rasalain")),
        ("Erdo\u011fan", ("erdogan",)),
        ("Al", ("al",)),
        ("al as", ("alas",)),
        ("El-Ad", ("elad",)),
        ("  al  ", ("al",)),
        ("", ("",)),
        ("Ash-Shaddadi", ("shaddadi", "ashshaddadi")),
        ("Deir ez-Zor", ("deirzor", "deirezzor")),
        ("Raqqa_City", ("raqqacity",)),
        ("\u1e24asakah", ("hasakah",)),
        ("\u02bfAyn \u02beIssa", ("aynissa",)),
        ("\u0141\u00f3d\u017a Stra\u00dfe", ("lodzstrasse",)),
        ("\u00d8ster \u0110ak \u0131l", ("osterdakil",)),
        (
            "\u0645\u064f\u062d\u0627\u0641\u0638\u0629 \u0625\u062f\u0644\u0628",
            ("\u0645\u062d\u0627\u0641\u0638\u0647\u0627\u062f\u0644\u0628",),
        ),
        (
            "\u0645\u0640\u062d\u0640\u0627\u0641\u0638\u0629",
            ("\u0645\u062d\u0627\u0641\u0638\u0647",),
        ),
        ("\u0645\u0648\u0633\u0649", ("\u0645\u0648\u0633\u064a",)),
    ],
)
def test_key_forms(name: str, forms: tuple[str, ...]) -> None:
    """Keys drop case, marks, separators and separate articles, and fold letters to Latin.

    The form with the articles kept comes second when it differs; a name made only of
    articles keeps them all.
    """
    assert key_forms(name) == forms


def test_names_are_indexed_unambiguously(data: Dataset) -> None:
    """In the bundled data, a lookup key held by several entities is declared by every holder."""
    for key, holders in name_owners(data.entities()).items():
        if len(holders) > 1:
            assert all(holders.values()), key


# Any key at all ------------------------------------------------------------------------------

DATA = s.get_dataset()
NAME_TEXTS = sorted(
    {e.name for e in DATA.entities()} | {a.name for e in DATA.entities() for a in e.aliases}
)
RECORDS: list[Entity | Event | Figure] = [*DATA.entities(), *DATA.events(), *DATA.figures()]
IDS = sorted(r.id for r in RECORDS)
ANY_TEXT = any_text(IDS + NAME_TEXTS)


def entity_forms(entity: Entity) -> set[str]:
    """Every lookup key of an entity."""
    names = [entity.id, entity.name, *(alias.name for alias in entity.aliases)]
    return {form for name in names for form in key_forms(name)}


def at_most(examples: int) -> settings:
    """The loaded profile's settings, capped at ``examples``."""
    return settings(max_examples=min(examples, settings().max_examples))


@at_most(200)
@given(ANY_TEXT)
def test_lookups_answer_any_text_with_a_record_or_a_key_error(key: str) -> None:
    """Any text at all gets a record answering to it, or a documented key error.

    Empty, control characters, lone surrogates, 100,000 characters, other scripts, real names
    in other cases: each lookup returns a record that answers to the key, or raises
    UnknownKeyError (with at most five real suggestions) or AmbiguousKeyError.
    """
    lookups: list[tuple[Callable[[str], Any], tuple[type[Any], ...]]] = [
        (s.entity, (Entity,)),
        (s.event, (Event,)),
        (s.figure, (Figure,)),
        (s.record, (Entity, Event, Figure)),
    ]
    for lookup, kind in lookups:
        found = outcome(functools.partial(lookup, key))
        if isinstance(found, UnknownKeyError):
            assert found.key == key
            assert isinstance(found, KeyError)
            assert len(found.suggestions) <= 5
            known = NAME_TEXTS if lookup is s.entity else IDS
            assert set(found.suggestions) <= set(known)
        elif isinstance(found, AmbiguousKeyError):
            assert lookup is s.entity
            assert len(found.candidates) > 1
            assert all(set(key_forms(key)) & entity_forms(DATA.entity(c)) for c in found.candidates)
        else:
            assert isinstance(found, kind), repr(found)
            if lookup is s.entity:
                assert found.id == key or set(key_forms(key)) & entity_forms(found)
            else:
                assert found.id == key


@at_most(200)
@given(NOT_TEXT)
def test_lookups_refuse_what_is_not_text_with_a_type_error(key: object) -> None:
    """A key that is not a string is an ArgumentTypeError, a TypeError, from every lookup.

    None, numbers, bytes, lists, dicts, dates and plain objects alike.
    """
    for lookup in (s.entity, s.event, s.figure, s.record, s.search):
        with pytest.raises(ArgumentTypeError) as caught:
            lookup(key)  # type: ignore[arg-type]
        assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize("key", ["Barisha\x00", "Barisha\x1b", "\x9bBarisha", "Bari\x7fsha"])
def test_a_key_with_a_control_character_finds_nothing(key: str) -> None:
    """A name with a control character (white space aside) is no name of the data."""
    assert s.entity("Barisha").id == "barisha"
    with pytest.raises(s.UnknownKeyError):
        s.entity(key)
    assert s.entity("Barisha\n").id == "barisha"  # white space is folded, as everywhere


# Suggestions, other scripts and search -------------------------------------------------------


def suggested(key: str) -> tuple[str, ...]:
    """The names suggested for a key that finds nothing."""
    with pytest.raises(UnknownKeyError) as caught:
        s.entity(key)
    return caught.value.suggestions


def test_a_generic_word_or_another_spelling_suggests_the_place() -> None:
    """A generic word or other vowels still suggest the place meant, first.

    "Deir ez-Zor governorate", "Raqqa province", "Dair al Zur", and Idlib in Arabic script
    without the word for governorate that its Arabic alias holds.
    """
    assert suggested("Deir ez-Zor governorate")[0] == "Deir Ezzor"
    assert suggested("Raqqa province")[0] == "Raqqa"
    assert suggested("Dair al Zur")[0] == "Deir Ezzor"
    assert suggested("\u0625\u062f\u0644\u0628")[0] == "Idlib"  # Idlib, without "governorate"
    assert len(suggested("Deir ez-Zor governorate")) <= 5


ARABIC_NAMES = [
    (entity.id, alias.name)
    for entity in s.entities()
    for alias in entity.aliases
    if any("ARABIC" in unicodedata.name(ch, "") for ch in alias.name)
]


def test_the_data_has_arabic_names() -> None:
    """The places and people the next test looks up have names in Arabic script."""
    assert len(ARABIC_NAMES) >= 5


@pytest.mark.parametrize(("entity_id", "name"), ARABIC_NAMES)
def test_arabic_names_resolve_as_typed(entity_id: str, name: str) -> None:
    """An Arabic-script name resolves however it is typed.

    As written, without its vowel marks, stretched with tatweel, and with ta marbuta or alif
    maqsura typed as ha or ya, as keyboards often do.
    """
    bare = "".join(ch for ch in name if not unicodedata.combining(ch))
    typed = [
        name,
        bare,
        bare.replace("\u0629", "\u0647").replace("\u0649", "\u064a"),
        "\u0640".join(bare),
    ]
    for key in typed:
        assert s.entity(key).id == entity_id, key


def test_search_finds_every_name_containing_the_text() -> None:
    """``search`` finds the entities with the text inside an id, a name or an alias.

    Text and names are compared as keys (case, spacing, "al-" ignored); the entities come in
    the order of ``entities()``; text without a letter or digit is refused.
    """
    found = s.search("deir EZ")
    assert {"deir-ezzor", "eastern-deir-ezzor-countryside", "bases-east-of-deir-ezzor"} <= {
        e.id for e in found
    }
    assert list(found) == [e for e in s.entities() if e in found]
    assert s.entity("al-Baghouz") in s.search("\u0627\u0644\u0628\u0627\u063a\u0648\u0632")
    assert s.search("qqqqzzzz") == ()
    with pytest.raises(s.QueryError, match="no letter or digit"):
        s.search(" - ")


@given(st.sampled_from(NAMES), st.integers(0, 3), st.integers(0, 3))
def test_search_finds_an_entity_by_any_part_of_its_names(
    case: tuple[str, str, bool], cut_start: int, cut_end: int
) -> None:
    """Any name or alias, whole or with letters cut from either end, finds its entity."""
    entity_id, name, _ = case
    part = name[cut_start : len(name) - cut_end]
    if not key_forms(part)[0]:
        return
    assert s.entity(entity_id) in s.search(part)


@at_most(200)
@given(ANY_TEXT)
def test_search_answers_any_text(text: str) -> None:
    """Any text gives a tuple of entities in the order of ``entities()``, or a QueryError."""
    found = outcome(functools.partial(s.search, text))
    if isinstance(found, s.QueryError):
        assert not key_forms(text)[0]
        return
    assert isinstance(found, tuple)
    assert list(found) == [e for e in s.entities() if e in found]


@pytest.mark.parametrize(
    ("spelling", "place"),
    [("Dayr az Zawr", "deir-ezzor"), ("Ar Raqqah", "raqqa"), ("As Suwayda'", "as-suwayda")],
)
def test_gazetteer_spellings_resolve_as_outside_names(spelling: str, place: str) -> None:
    """ISO 3166-2's romanised governorate names find the place, and say where they come from."""
    found = s.entity(spelling)
    assert found.id == place
    alias = next(a for a in found.aliases if plain_key(a.name) == plain_key(spelling))
    assert alias.external and alias.source is not None
