"""Entity lookup ignores case, diacritics, punctuation, spacing and the Arabic article."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import syria_is_2024 as s
from syria_is_2024.dataset import Dataset
from syria_is_2024.keys import _unicode_words, _words, key_forms

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
    """A declared shared nisba raises an error listing every entity it names."""
    with pytest.raises(s.AmbiguousKeyError) as caught:
        s.entity("al-Qurashi")
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
    assert "did you mean 'al-Baghouz'" in str(caught.value)


@pytest.mark.parametrize("key", ["", " ", "-", "x" * 100_000, "\ud800", "\x00\x01", "دير الزور"])
def test_odd_keys_are_answered_with_unknown_key(key: str) -> None:
    """Empty, huge, surrogate, control or non-Latin keys raise UnknownKeyError, nothing else."""
    with pytest.raises(s.UnknownKeyError):
        s.entity(key)


@pytest.mark.parametrize("key", [None, 5, b"Daraa", ["Daraa"]])
def test_non_strings_are_type_errors(key: object) -> None:
    """A key that is not a string raises TypeError (also a DatasetError)."""
    with pytest.raises(TypeError):
        s.entity(key)  # type: ignore[arg-type]
    with pytest.raises(s.DatasetError):
        s.event(key)  # type: ignore[arg-type]


def test_key_forms() -> None:
    """Keys drop case, marks, punctuation and separated articles; the full form is kept too."""
    assert key_forms("Al-Baghouz") == ("baghouz", "albaghouz")
    assert key_forms("Ras al-Ain") == ("rasain", "rasalain")
    assert key_forms("Erdoğan") == ("erdogan",)
    assert key_forms("Al") == ("al",)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_splits_as_the_general_path(text: str) -> None:
    """ASCII text takes a quicker split; its words are exactly those of the Unicode path."""
    assert _words(text) == _unicode_words(text)


def test_names_are_indexed_unambiguously(data: Dataset) -> None:
    """No two entities share a lookup key unless every holder declares the name ambiguous."""
    owners: dict[str, set[str]] = {}
    declared: dict[str, set[str]] = {}
    for entity in data.entities():
        names = [(entity.name, False)] + [(a.name, a.ambiguous) for a in entity.aliases]
        for name, shared in names:
            for key in key_forms(name):
                owners.setdefault(key, set()).add(entity.id)
                if shared:
                    declared.setdefault(key, set()).add(entity.id)
    for key, holders in owners.items():
        if len(holders) > 1:
            assert declared.get(key) == holders, key
