"""The loader's fast path agrees with the detailed path on every verdict and every record.

The fast path (``syria_is_2024.builders`` and the quick pass of ``checks``) exists only for
speed: whatever it accepts, the detailed path (cattrs with the attrs validators, and the
record-by-record checks) must accept and build identically, and whatever it refuses, the
detailed path must refuse too. These tests compare the two on the bundled data, on synthetic
data, and on data damaged at random.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from syria_is_2024 import checks
from syria_is_2024.builders import Rejected, all_slugs, build_many, build_one
from syria_is_2024.convert import detailed_converter
from syria_is_2024.keys import name_owners
from syria_is_2024.loader import MANIFEST, bundled_data
from syria_is_2024.model import (
    _SLUG as SLUG,
)
from syria_is_2024.model import (
    MAX_QUOTE_WORDS,
    Alias,
    Attribution,
    Coordinates,
    DateSpan,
    Entity,
    Erratum,
    Event,
    Evidence,
    ExternalFact,
    ExternalId,
    Figure,
    Link,
    Manifest,
    Participant,
    Quantity,
    Source,
)
from syria_is_2024.synthetic import write_synthetic
from test_robustness import (
    DATA,
    RECORD_CLASS,
    SLOTS,
    Damage,
    at_most,
    get_at,
    link_damage,
    parsed,
    structured,
    walk,
)

Json = Any


def detailed(data: Json, cls: Any) -> Any:
    """The detailed path's record, or the exception it raised."""
    try:
        return detailed_converter().structure(data, cls)
    except Exception as error:  # the verdict is what is compared
        return error


def fast(data: Json, cls: Any) -> Any:
    """The fast path's record, or the exception it raised."""
    build = build_many if getattr(cls, "__origin__", None) is tuple else build_one
    record_cls = cls.__args__[0] if build is build_many else cls
    try:
        return build(data, record_cls)
    except Exception as error:  # the verdict is what is compared
        return error


def assert_same_verdict(data: Json, cls: Any) -> None:
    """Both paths refuse the data, or both build records that are equal, types included."""
    quick, slow = fast(data, cls), detailed(data, cls)
    assert isinstance(quick, Exception) == isinstance(slow, Exception), (quick, slow)
    if not isinstance(slow, Exception):
        assert quick == slow
        assert repr(quick) == repr(slow)  # 1 and 1.0 are equal; their reprs are not


def shape(name: str) -> Any:
    """What a file's JSON is structured as: a record, or a tuple of records."""
    cls: Any = RECORD_CLASS[name]
    return cls if name == "source.json" else tuple[cls, ...]


@pytest.mark.parametrize("name", sorted(RECORD_CLASS))
def test_the_bundled_files_build_identically(name: str) -> None:
    """Every bundled record comes out of the fast path as the detailed path builds it."""
    data = parsed(name)
    built = fast(data, shape(name))
    assert not isinstance(built, Exception), built
    assert_same_verdict(data, shape(name))


def test_the_bundled_manifest_builds_identically() -> None:
    """The manifest too."""
    data = json.loads(bundled_data().joinpath(MANIFEST).read_bytes())
    assert isinstance(fast(data, Manifest), Manifest)
    assert_same_verdict(data, Manifest)


def test_the_manifest_gets_the_same_verdict_for_every_odd_value() -> None:
    """Each field of the manifest and of its first file entry, given each odd value."""
    original = json.loads(bundled_data().joinpath(MANIFEST).read_bytes())
    places: list[tuple[str | int, ...]] = [("name",), ("version",), ("schema_version",)]
    places += [("article_sha256",), ("files",)]
    places += [("files", 0, key) for key in original["files"][0]]
    for path in places:
        for value in [*ODD_VALUES, "0" * 64]:
            manifest = copy.deepcopy(original)
            get_at(manifest, path[:-1])[path[-1]] = value
            assert_same_verdict(manifest, Manifest)


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_files_build_identically(tmp_path: Path, seed: int) -> None:
    """Synthetic data, with every optional field the generator writes, builds identically."""
    folder = write_synthetic(tmp_path, events=60, seed=seed)
    for name in ("source.json", "entities.json", "events.json", "figures.json"):
        data = json.loads((folder / name).read_bytes())
        assert not isinstance(fast(data, shape(name)), Exception), name
        assert_same_verdict(data, shape(name))


# Damaged records ------------------------------------------------------------------------

ALL_VALUES: list[Json] = []
for _slot in SLOTS:
    _record = parsed(_slot.file)
    _value = get_at(_record if _slot.index is None else _record[_slot.index], _slot.path)
    if not isinstance(_value, dict | list):
        ALL_VALUES.append(_value)
ALL_VALUES = sorted(set(ALL_VALUES), key=repr)
"""Every plain value in the bundled data: valid somewhere, often invalid elsewhere."""

WHITE = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\u2028"])


@st.composite
def quotes(draw: st.DrawFn) -> str:
    """Texts of about the quote limit in words, with all kinds of white space between them."""
    count = draw(st.integers(MAX_QUOTE_WORDS - 3, MAX_QUOTE_WORDS + 3))
    words = draw(st.lists(st.sampled_from(["a", "word", "Ürfa", "x\u0301"]), min_size=count))
    text = words[0]
    for word in words[1:count]:
        text += draw(WHITE) + word
    return text


ODD_VALUES: list[Json] = [
    "",
    " ",
    " padded",
    "padded\n",
    "Capital",
    "two words",
    "a--b",
    "-a",
    "a-",
    "a\nb",
    "a-b\n",
    "ok-slug",
    "t" * 121,
    "one line\nanother",
    " ".join(["w"] * (MAX_QUOTE_WORDS + 1)),
    "\t".join(["w"] * (MAX_QUOTE_WORDS + 1)),
    "\u00a0".join(["w"] * (MAX_QUOTE_WORDS + 1)),
    " ".join(["w"] * MAX_QUOTE_WORDS),
    "2024-02-30",
    "2024-13-01",
    "20240301",
    "2024-W01-1",
    0,
    -1,
    1,
    2.5,
    1.0,
    True,
    False,
    None,
    [],
    ["x"],
    ["x", "x"],
    ["ok", 5],
    [" padded"],
    {},
    {"x": 1},
]
"""Values that break one rule or another, or none, depending on the field they land in."""

TRICKY: st.SearchStrategy[Json] = st.one_of(
    st.sampled_from(ALL_VALUES),
    st.sampled_from(ODD_VALUES),
    quotes(),
    st.text(max_size=6),
)


GROUPS: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
for _slot in SLOTS:
    _field = tuple("*" if isinstance(step, int) else step for step in _slot.path)
    GROUPS.setdefault((_slot.file, _field), []).append(_slot)
"""The slots by file and field (array positions as ``*``), so that every field is drawn often."""


@st.composite
def damaged_records(draw: st.DrawFn) -> tuple[Json, Any]:
    """A bundled record with one value replaced, one key removed or one key added."""
    slot = draw(st.sampled_from(GROUPS[draw(st.sampled_from(sorted(GROUPS)))]))
    data = parsed(slot.file)
    record = data if slot.index is None else data[slot.index]
    how = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
    parent, last = get_at(record, slot.path[:-1]), slot.path[-1]
    if how == "replace" or isinstance(last, int):
        parent[last] = draw(TRICKY)
    elif how == "delete":
        del parent[last]
    else:
        parent[draw(st.sampled_from(["extra", "Id", "notes", "id"]))] = draw(TRICKY)
    return record, RECORD_CLASS[slot.file]


def with_value(slot: Any, value: Json) -> Json:
    """A fresh copy of the slot's record with ``value`` at the slot."""
    data = parsed(slot.file)
    record = data if slot.index is None else data[slot.index]
    get_at(record, slot.path[:-1])[slot.path[-1]] = value
    return record


def test_every_field_deleted_or_joined_by_an_unknown_one_gets_the_same_verdict() -> None:
    """Each field removed, and an unknown field added beside it, in each kind of record."""
    for group in GROUPS.values():
        slot = group[0]
        if isinstance(slot.path[-1], int):
            continue
        for change in ("delete", "add"):
            data = parsed(slot.file)
            record = data if slot.index is None else data[slot.index]
            parent = get_at(record, slot.path[:-1])
            if change == "delete":
                del parent[slot.path[-1]]
            else:
                parent["unknown"] = 1
            assert_same_verdict(record, RECORD_CLASS[slot.file])


def test_every_field_gets_the_same_verdict_for_every_odd_value() -> None:
    """Each odd value in each field of the model, in two records where the field occurs."""
    for group in GROUPS.values():
        for slot in group[:1] + group[-1:]:
            for value in ODD_VALUES:
                assert_same_verdict(with_value(slot, value), RECORD_CLASS[slot.file])


def full_records() -> list[tuple[str, Json]]:
    """One record of each kind with every optional field present, built from bundled ones.

    The bundled data leave some fields empty everywhere (no entity has errata or external
    ids); these records give every field of the model a value, so that each is tested.
    """
    place = copy.deepcopy(
        next(e for e in parsed("entities.json") if "coordinates" in e and "located_in" in e)
    )
    place.update(
        aliases=[{"name": "Another Name", "kind": "name", "external": True, "ambiguous": True}],
        anonymous=False,
        member_of=["some-body"],
        external_ids=[{"scheme": "wikidata", "value": "Q1"}],
        external=[{"field": "coordinates", "note": "From a map."}],
        standalone="Named in passing.",
        notes=["A note."],
        errata=[{"field": "name", "as_printed": "Nmae", "likely": "Name", "reasoning": "A typo."}],
    )
    event = copy.deepcopy(parsed("events.json")[0])
    event.update(
        places=["a-place"],
        participants=[{"entity": "someone", "role": "subject"}],
        figures=["a-figure"],
        links=[{"relation": "part_of", "event": "another-event"}],
        notes=["A note."],
        errata=[{"field": "title", "as_printed": "x", "likely": "y", "reasoning": "z"}],
    )
    event["date"] = {
        "start": "2023-05-01",
        "end": "2023-05-31",
        "precision": "month",
        "approximate": True,
        "wording": "in May",
        "basis": "inferred",
        "rule": "A rule.",
    }
    event["asserted_by"] = [{"by": "someone", "via": ["an-outlet"]}]
    figure = copy.deepcopy(parsed("figures.json")[0])
    figure.update(
        measure="count",
        period=dict(event["date"]),
        places=["a-place"],
        subjects=["someone"],
        parts=["part-one", "part-two"],
        breakdown="partial",
        notes=["A note."],
        errata=[{"field": "unit", "as_printed": "x", "likely": "y", "reasoning": "z"}],
    )
    source = copy.deepcopy(parsed("source.json"))
    source.update(subtitle="A subtitle.", url="https://example.org/a", notes=["A note."])
    return [
        ("entities.json", place),
        ("events.json", event),
        ("figures.json", figure),
        ("source.json", source),
    ]


FULL_SLOTS: list[tuple[str, Json, tuple[str | int, ...]]] = [
    (name, record, path)
    for name, record in full_records()
    for path, _, _ in walk(record, RECORD_CLASS[name], ())
]


NESTED = (
    Alias,
    Attribution,
    Coordinates,
    DateSpan,
    Erratum,
    Evidence,
    ExternalFact,
    ExternalId,
    Link,
    Participant,
    Quantity,
)


@functools.cache
def hints(cls: Any) -> dict[str, Any]:
    """The declared types of a class's fields."""
    return typing.get_type_hints(cls)


def classes_along(cls: Any, path: tuple[str | int, ...]) -> list[tuple[str, str]]:
    """The (class, field) pairs a path walks through, from a record class down."""
    found = []
    for step in path:
        if isinstance(step, int):
            continue
        found.append((cls.__name__, step))
        declared = hints(cls)[step]
        for arg in (declared, *typing.get_args(declared)):
            inner = [a for a in (arg, *typing.get_args(arg)) if attrs.has(a)]
            if inner:
                cls = inner[0]
                break
    return found


def test_records_with_every_field_build_identically() -> None:
    """Records giving every optional field a value are built alike by both paths."""
    for name, record in full_records():
        built = fast(record, RECORD_CLASS[name])
        assert not isinstance(built, Exception), (name, built)
        assert_same_verdict(record, RECORD_CLASS[name])


def test_every_field_of_the_model_is_tested() -> None:
    """Each field of each record class occurs in the bundled or the full records above."""
    seen = {
        (type_name, step)
        for slots in ([(s.file, s.path) for s in SLOTS], [(n, p) for n, _, p in FULL_SLOTS])
        for file, path in slots
        for type_name, step in classes_along(RECORD_CLASS[file], path)
    }
    wanted = {
        (cls.__name__, field.name)
        for cls in (Source, Entity, Event, Figure, *NESTED)
        for field in attrs.fields(cls)
    }
    assert wanted - seen == set()


def test_every_field_of_a_full_record_gets_the_same_verdict_for_every_odd_value() -> None:
    """Each odd value in each field of the full records, and each field deleted."""
    for name, record, path in FULL_SLOTS:
        for value in [*ODD_VALUES, "delete"]:
            changed = copy.deepcopy(record)
            parent = get_at(changed, path[:-1])
            if value == "delete" and isinstance(path[-1], str):
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
            assert_same_verdict(changed, RECORD_CLASS[name])


@at_most(500)
@given(damaged_records())
def test_damaged_records_get_the_same_verdict(case: tuple[Json, Any]) -> None:
    """Any one change to any record: refused by both paths, or built alike by both."""
    record, cls = case
    assert_same_verdict(record, cls)


@at_most(200)
@given(st.lists(quotes(), min_size=1, max_size=3))
def test_quote_lengths_are_judged_as_the_model_judges_them(texts: list[str]) -> None:
    """The fast path's word count skips only quotes that cannot be too long."""
    record = copy.deepcopy(parsed("events.json")[0])
    record["evidence"] = [{"quote": text, "paragraph": 1} for text in texts]
    too_long = any(len(text.split()) > MAX_QUOTE_WORDS for text in texts)
    assert isinstance(fast(record, Event), Exception) == too_long
    assert_same_verdict(record, Event)


def test_the_fast_path_refuses_with_its_own_error() -> None:
    """A refusal by the fast path's own checks is a Rejected error (a ValueError)."""
    record = dict(parsed("events.json")[0], id="Not A Slug")
    with pytest.raises(Rejected):
        build_one(record, Event)
    assert issubclass(Rejected, ValueError)


# The quick consistency pass ------------------------------------------------------------


def verdicts(records: dict[str, Any]) -> tuple[bool, list[str]]:
    """The quick pass's verdict and the detailed pass's problems for the same records."""
    source = records["source.json"]
    entities, events, figures = (
        records["entities.json"],
        records["events.json"],
        records["figures.json"],
    )
    owners = name_owners(entities)
    quick = checks._consistent(source, entities, events, figures, owners)
    return quick, checks._problems(source, entities, events, figures, owners)


def test_the_quick_pass_accepts_the_bundled_data() -> None:
    """The bundled data passes both passes."""
    assert verdicts(bundled_records()) == (True, [])


@at_most(150)
@given(link_damage())
def test_the_quick_pass_refuses_broken_links(damage: Damage) -> None:
    """A dangling reference, a duplicated id or a deleted target: both passes refuse."""
    quick, problems = verdicts(structured({damage.file: damage.apply()}))
    assert not quick
    assert problems


REFERENCE_FIELDS = {
    Source: ("authors", "publisher"),
    Entity: ("located_in", "member_of"),
    Event: ("places", "figures", "participants", "links", "asserted_by", "asserted_by.via"),
    Figure: ("places", "subjects", "parts", "asserted_by", "asserted_by.via"),
}
ALL_IDS = sorted(
    {DATA.source.id}
    | {e.id for e in DATA.entities()}
    | {e.id for e in DATA.events()}
    | {f.id for f in DATA.figures()}
)


def bundled_records() -> dict[str, Any]:
    """The bundled records by file, as the loader builds them."""
    return {
        "source.json": DATA.source,
        "entities.json": DATA.entities(),
        "events.json": DATA.events(),
        "figures.json": DATA.figures(),
    }


def relink(record: Any, field: str, target: str | None, other: str | None) -> Any:
    """``record`` with its reference ``field`` pointed at ``target`` (``other`` for a via).

    ``None`` when the record's own validators refuse the change: that is not a link problem.
    """
    try:
        new: Any = (target,)
        if field in ("id", "located_in", "publisher"):
            new = target
        elif field == "participants":
            new = (Participant(entity=target, role="subject"),)  # type: ignore[arg-type]
        elif field == "links":
            new = (Link(relation="part_of", event=target),)  # type: ignore[arg-type]
        elif field == "asserted_by":
            new = (Attribution(by=target, via=(other,)),)  # type: ignore[arg-type]
        elif field == "asserted_by.via":  # the first asserter kept, relayed through the target
            field = "asserted_by"
            new = (Attribution(by=record.asserted_by[0].by, via=(target,)),)
        changes: dict[str, Any] = {field: new}
        if isinstance(record, Figure) and field == "parts":
            changes["breakdown"] = "complete"
        return attrs.evolve(record, **changes)
    except Exception:  # refused by the record's own validators: not a link problem
        return None


@st.composite
def relinked(draw: st.DrawFn) -> dict[str, Any]:
    """The bundled records with one reference pointed at another record (or the same one).

    Some of these are fine (another place), most break a rule on the kind of what is linked,
    the place tree, a breakdown's sum, or the ids' uniqueness.
    """
    records = bundled_records()
    name = draw(st.sampled_from(sorted(records)))
    held = records[name]
    index = draw(st.integers(0, len(held) - 1)) if name != "source.json" else 0
    record = held if name == "source.json" else held[index]
    field = draw(st.sampled_from((*REFERENCE_FIELDS[type(record)], "id")))
    targets = st.sampled_from([*ALL_IDS, record.id])
    changed = relink(record, field, draw(targets), draw(targets))
    if changed is not None:
        if name == "source.json":
            records[name] = changed
        else:
            records[name] = tuple(changed if n == index else r for n, r in enumerate(held))
    return records


def one_of_each_kind() -> list[str]:
    """An id of each kind of record: each entity kind and place subtype, an event, a figure."""
    seen: dict[object, str] = {}
    for entity in DATA.entities():
        seen.setdefault(
            (entity.kind, entity.subtype if entity.kind == "place" else None), entity.id
        )
    return [*seen.values(), DATA.events()[0].id, DATA.figures()[0].id, DATA.source.id]


def places_of_each_subtype() -> list[str]:
    """The id of one place of each subtype (country, governorate ... village)."""
    return list({e.subtype: e.id for e in DATA.entities("place")}.values())


def test_every_reference_field_to_every_kind_gets_the_same_verdict() -> None:
    """Both passes agree whatever a reference field of a few records is pointed at.

    Each is pointed at a record of each kind, at its own record, and at nothing (None).
    """
    targets = one_of_each_kind()
    people = DATA.entities("person")
    chosen: dict[str, list[Any]] = {
        "source.json": [DATA.source],
        "entities.json": [DATA.entity(i) for i in places_of_each_subtype()] + [*people[:2]],
        "events.json": [*DATA.events()[:2]],
        "figures.json": [*[f for f in DATA.figures() if f.parts][:1], DATA.figures()[0]],
    }
    for name, picked in chosen.items():
        for record, field in [(r, f) for r in picked for f in REFERENCE_FIELDS[type(r)]]:
            for target in [*targets, record.id, None]:
                changed = relink(record, field, target, target)
                if changed is None:
                    continue
                records = bundled_records()
                if name == "source.json":
                    records[name] = changed
                else:
                    records[name] = tuple(
                        changed if r.id == record.id else r for r in records[name]
                    )
                quick, problems = verdicts(records)
                assert quick == (not problems), (record.id, field, target, problems)


@at_most(300)
@given(relinked())
def test_the_quick_pass_and_the_detailed_pass_agree(records: dict[str, Any]) -> None:
    """Whatever one reference points at, the quick pass passes exactly what the detailed does."""
    quick, problems = verdicts(records)
    assert quick == (not problems), problems


def test_the_detailed_pass_still_runs_where_the_quick_one_refuses() -> None:
    """check_dataset names the problems when the quick pass refuses."""
    entities = [e for e in DATA.entities() if e.id != DATA.source.publisher]
    found = checks.check_dataset(DATA.source, entities, DATA.events(), DATA.figures())
    assert any(DATA.source.publisher in problem for problem in found)


def test_build_many_refuses_what_is_not_an_array() -> None:
    """A file's JSON that is not an array is refused by the fast path."""
    with pytest.raises(Rejected):
        build_many({"id": "x"}, Entity)
    assert isinstance(fast([parsed("source.json")], Source), Exception)


def test_a_date_after_publication_is_refused_by_both_passes() -> None:
    """An event or a figure's period ending after the article appeared: both passes refuse."""
    later = dt.date(2030, 1, 1)
    span = DateSpan(start=later, end=later, precision="day")
    event = attrs.evolve(DATA.events()[0], date=span)
    dated = next(f for f in DATA.figures() if f.period is not None)
    for name, changed in (
        ("events.json", event),
        ("figures.json", attrs.evolve(dated, period=span)),
    ):
        records = bundled_records()
        records[name] = tuple(changed if r.id == changed.id else r for r in records[name])
        quick, problems = verdicts(records)
        assert not quick
        assert any("is after publication" in problem for problem in problems)


@at_most(500)
@given(st.lists(st.text(alphabet="ab9-\nZ _", max_size=6), max_size=4))
def test_ids_are_judged_together_as_the_model_judges_each(values: list[str]) -> None:
    """The fast path's check of many ids at once says what the model's slug rule says of each."""
    assert all_slugs(values) == all(SLUG.fullmatch(value) for value in values)
