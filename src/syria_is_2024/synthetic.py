"""Synthetic datasets of the real schema, at any size, for benchmarks and tests.

:func:`write_synthetic` writes a folder laid out like the bundled data (``source.json``, the
three record files and a ``manifest.json`` with SHA-256 hashes and record counts) that
:func:`syria_is_2024.load_dataset` loads through the same code path. The records are invented
but valid: entities grow in proportion to the events, every link resolves, places form a tree
(countries > governorates > districts > villages), dates are mostly single days with some
months, years and undated spans, and some figures break down into parts. The same seed and
size always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ._version import __version__
from .errors import ArgumentTypeError
from .keys import key_forms
from .layout import DATA_FILES, MANIFEST, SCHEMA_VERSION
from .taxonomy import EVENT_KINDS, RELATIONS, ROLES

__all__ = ["SyntheticPlan", "plan", "write_synthetic"]

Json = dict[str, Any]

COUNTRIES: Final = 3
"""Countries in the place tree; like governorates, their number does not grow with the data."""
GOVERNORATES_PER_COUNTRY: Final = 6
EVENTS_PER_DISTRICT: Final = 50
EVENTS_PER_VILLAGE: Final = 5

PUBLISHED: Final = (dt.date(2024, 3, 22), dt.date(2024, 3, 31))
"""The synthetic source's publication span; every event and figure ends on or before it."""
_FIRST_DAY: Final = dt.date(2011, 3, 15)
_LAST_DAY: Final = dt.date(2024, 3, 22)
_DAYS: Final = (_LAST_DAY - _FIRST_DAY).days

_CONSONANTS: Final = "bdfhjklmnqrstwyz"
_VOWELS: Final = "aiou"
_GIVEN: Final = (
    "Ahmad",
    "Khaled",
    "Hassan",
    "Reham",
    "Omar",
    "Layla",
    "Yusuf",
    "Samira",
    "Ibrahim",
    "Nour",
    "Mahmoud",
    "Huda",
)
_ORG_NOUNS: Final = ("Brigade", "Council", "Front", "Directorate", "Battalion", "Movement")
_ORG_SUBTYPES: Final = ("armed_group", "government_agency", "security_service", "military_unit")
_GROUP_SUBTYPES: Final = ("armed_groups", "experts", "officials", "civilians", "fighters")
_OUTLET_SUBTYPES: Final = ("newspaper", "news_agency", "channel", "platform")
_PERSON_SUBTYPES: Final = ("leader", "official", "spokesperson", "member", "source")
_FILLER: Final = (
    "the organization said its fighters attacked a position near the village after a week "
    "of clashes while local sources reported arrests of several members and a curfew in "
    "the district according to officials who spoke on condition of anonymity about the "
    "operation and the number of people killed or detained in the area since the campaign"
)
_WORDS: Final = tuple(_FILLER.split())
_EVENT_KINDS: Final = tuple(EVENT_KINDS)
_ROLES: Final = tuple(ROLES)
_RELATIONS: Final = tuple(RELATIONS)
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class SyntheticPlan:
    """How many records of each kind a synthetic dataset of a given size holds."""

    events: int
    countries: int
    governorates: int
    districts: int
    villages: int
    persons: int
    organizations: int
    groups: int
    outlets: int
    figures: int

    @property
    def entities(self) -> int:
        """All entities: places, persons, organizations, groups and outlets."""
        return (
            self.countries
            + self.governorates
            + self.districts
            + self.villages
            + self.persons
            + self.organizations
            + self.groups
            + self.outlets
        )


def plan(events: int) -> SyntheticPlan:
    """The record counts for ``events`` events: villages, people and figures grow with them.

    Countries and governorates stay fixed, as in a real country, so a query at a governorate
    covers more events as the data grows; districts and villages keep a fixed number of
    events each.
    """
    governorates = COUNTRIES * GOVERNORATES_PER_COUNTRY
    districts = max(governorates, events // EVENTS_PER_DISTRICT)
    return SyntheticPlan(
        events=events,
        countries=COUNTRIES,
        governorates=governorates,
        districts=districts,
        villages=max(districts, events // EVENTS_PER_VILLAGE),
        persons=max(4, events // 4),
        organizations=max(3, events // 25),
        groups=max(1, events // 200),
        outlets=max(2, events // 200),
        figures=max(4, events // 2),
    )


def _word(number: int) -> str:
    """A pronounceable capitalised word unique to ``number`` (two syllables or more)."""
    syllables = []
    base = len(_CONSONANTS) * len(_VOWELS)
    value = number + base  # at least two syllables, so never a one-word article like "al"
    while value:
        value, digit = divmod(value, base)
        consonant, vowel = divmod(digit, len(_VOWELS))
        syllables.append(_CONSONANTS[consonant] + _VOWELS[vowel])
    return "".join(reversed(syllables)).capitalize()


class _Builder:
    """Builds the records of one synthetic dataset from a seeded random generator."""

    def __init__(self, sizes: SyntheticPlan, seed: int) -> None:
        self.plan = sizes
        self.rng = random.Random(seed)
        self.serial = 0
        self.name_keys: set[str] = set()
        self.entities: list[Json] = []
        self.countries: list[str] = []
        self.governorates: list[str] = []
        self.districts: list[str] = []
        self.villages: list[str] = []
        self.persons: list[str] = []
        self.organizations: list[str] = []
        self.groups: list[str] = []
        self.outlets: list[str] = []
        self.figure_ids = [f"figure-{n}" for n in range(1, sizes.figures + 1)]
        self.event_ids = [f"event-{n}" for n in range(1, sizes.events + 1)]

    # Text -------------------------------------------------------------------------------

    def sentence(self, low: int, high: int) -> str:
        """A capitalised run of ``low`` to ``high`` filler words with a full stop."""
        words = self.rng.choices(_WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def evidence(self, count: int = 1) -> list[Json]:
        """``count`` quotes of at most 30 words with their paragraph numbers."""
        return [
            {"quote": self.sentence(6, 30)[:-1], "paragraph": self.rng.randint(1, 400)}
            for _ in range(count)
        ]

    def unique_name(self, name: str) -> str:
        """``name``, or ``name`` with this entity's serial added if another name shares its key.

        Keys with the serial cannot clash: their letters are followed by a number no other
        entity carries, and ids (``village-12``) use words that no generated name contains.
        """
        keys = key_forms(name)
        if any(key in self.name_keys for key in keys):
            name = f"{name} {self.serial}"
            keys = key_forms(name)
        self.name_keys.update(keys)
        return name

    # Entities ---------------------------------------------------------------------------

    def entity(
        self, prefix: str, kind: str, subtype: str, name: str, description: str, **extra: Any
    ) -> str:
        """Add an entity with a fresh id and a name no other entity's key shares; return its id."""
        self.serial += 1
        entity_id = f"{prefix}-{self.serial}"
        self.name_keys.update(key_forms(entity_id))  # ids are looked up as names too
        record: Json = {
            "id": entity_id,
            "kind": kind,
            "subtype": subtype,
            "name": self.unique_name(name),
        }
        aliases = extra.pop("aliases", None)
        if aliases:
            record["aliases"] = [
                dict(alias, name=self.unique_name(alias["name"])) for alias in aliases
            ]
        record["description"] = description
        record.update(extra)
        record["evidence"] = self.evidence()
        self.entities.append(record)
        return entity_id

    def places(self) -> None:
        """The place tree: countries, then governorates, districts and villages in turn."""
        rng = self.rng
        for _ in range(self.plan.countries):
            word = _word(self.serial)
            self.countries.append(
                self.entity(
                    "country",
                    "place",
                    "country",
                    f"Republic of {word}",
                    f"A country of the synthetic region, called {word} for short.",
                    aliases=[{"name": word, "kind": "name"}],
                    external_ids=[{"scheme": "synthetic-iso", "value": f"S{self.serial:02d}"}],
                )
            )
        levels = (
            (
                "governorate",
                "governorate",
                self.plan.governorates,
                self.governorates,
                self.countries,
            ),
            ("district", "area", self.plan.districts, self.districts, self.governorates),
            ("village", "village", self.plan.villages, self.villages, self.districts),
        )
        for prefix, subtype, count, target, parents in levels:
            for n in range(count):
                extra: Json = {"located_in": parents[n % len(parents)]}
                if prefix == "village" and rng.random() < 0.3:
                    extra["coordinates"] = {
                        "latitude": round(rng.uniform(32.0, 37.0), 4),
                        "longitude": round(rng.uniform(35.5, 42.0), 4),
                        "precision_km": rng.choice((1.0, 2.5, 5.0)),
                        "source": "synthetic gazetteer",
                    }
                word = _word(self.serial)
                name = word if prefix == "village" else f"{word} {prefix.capitalize()}"
                description = f"A {prefix} of the synthetic place tree."
                target.append(self.entity(prefix, "place", subtype, name, description, **extra))

    def actors(self) -> None:
        """Organizations, groups, outlets and persons, some with aliases and memberships."""
        rng = self.rng
        for _ in range(self.plan.organizations):
            word = _word(self.serial)
            noun = rng.choice(_ORG_NOUNS)
            extra: Json = {}
            if self.organizations and rng.random() < 0.2:
                extra["member_of"] = [rng.choice(self.organizations)]
            if rng.random() < 0.4:
                extra["aliases"] = [
                    {"name": f"{word[:3].upper()}{noun[0]}", "kind": "abbreviation"}
                ]
            self.organizations.append(
                self.entity(
                    "org",
                    "organization",
                    rng.choice(_ORG_SUBTYPES),
                    f"{word} {noun}",
                    self.sentence(8, 20),
                    **extra,
                )
            )
        for prefix, kind, subtypes, count, target in (
            ("group", "group", _GROUP_SUBTYPES, self.plan.groups, self.groups),
            ("outlet", "outlet", _OUTLET_SUBTYPES, self.plan.outlets, self.outlets),
        ):
            for _ in range(count):
                word = _word(self.serial)
                target.append(
                    self.entity(
                        prefix,
                        kind,
                        rng.choice(subtypes),
                        f"{word} {kind.capitalize()}",
                        self.sentence(6, 14),
                    )
                )
        for _ in range(self.plan.persons):
            word = _word(self.serial)
            extra = {}
            if rng.random() < 0.5:
                extra["member_of"] = [rng.choice(self.organizations)]
            if rng.random() < 0.3:
                extra["aliases"] = [{"name": f"Abu {word}", "kind": "kunya"}]
            if rng.random() < 0.05:
                extra["anonymous"] = True
            self.persons.append(
                self.entity(
                    "person",
                    "person",
                    rng.choice(_PERSON_SUBTYPES),
                    f"{rng.choice(_GIVEN)} al-{word}",
                    self.sentence(8, 24),
                    **extra,
                )
            )

    # Dates ------------------------------------------------------------------------------

    def date_span(self) -> Json:
        """A span ending before publication: mostly one day, some months, years, runs, unknowns."""
        rng = self.rng
        day = _FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))
        roll = rng.random()
        if roll < 0.75:
            span: Json = {"start": day.isoformat(), "end": day.isoformat(), "precision": "day"}
            if rng.random() < 0.3:
                span["wording"] = f"on {_MONTHS[day.month - 1]} {day.day}, {day.year}"
            return span
        if roll < 0.83:
            first = day.replace(day=1)
            return {
                "start": first.isoformat(),
                "end": _month_end(first).isoformat(),
                "precision": "month",
                "wording": f"in {_MONTHS[first.month - 1]} {first.year}",
            }
        if roll < 0.87:
            year = min(day.year, _LAST_DAY.year - 1)
            return {
                "start": f"{year}-01-01",
                "end": f"{year}-12-31",
                "precision": "year",
                "wording": f"in {year}",
            }
        if roll < 0.94:
            end = min(day + dt.timedelta(days=rng.randint(1, 40)), _LAST_DAY)
            return {
                "start": day.isoformat(),
                "end": end.isoformat(),
                "precision": "days",
                "approximate": rng.random() < 0.5,
                "basis": "relative_to_context",
                "rule": "Counted from the first day the text names to the last.",
            }
        end = min(day + dt.timedelta(days=rng.randint(180, 1500)), _LAST_DAY)
        return {
            "start": day.isoformat(),
            "end": end.isoformat(),
            "precision": "unknown",
            "basis": "inferred",
            "rule": "Not dated by the text: bounded by the happenings it follows and precedes.",
        }

    # Figures and events -----------------------------------------------------------------

    def quantity(self) -> Json:
        """A quantity of one of the qualifiers, with bounds that fit it."""
        rng = self.rng
        value = rng.randint(1, 5000)
        roll = rng.random()
        if roll < 0.6:
            return {"low": value, "high": value, "qualifier": "exact"}
        if roll < 0.7:
            return {"low": value, "high": value, "qualifier": "approximately"}
        if roll < 0.78:
            return {"low": value, "high": None, "qualifier": "at_least"}
        if roll < 0.83:
            return {"low": value, "high": None, "qualifier": "more_than"}
        if roll < 0.9:
            return {"low": value, "high": value + rng.randint(1, 500), "qualifier": "between"}
        if roll < 0.93:
            return {"low": None, "high": value, "qualifier": "at_most"}
        if roll < 0.95:
            return {"low": value, "high": value, "qualifier": "average"}
        return {"low": None, "high": None, "qualifier": "vague"}

    def attribution(self) -> list[Json]:
        """Who asserts a record: an outlet or organization, sometimes relayed by an outlet."""
        rng = self.rng
        by = rng.choice(self.outlets) if rng.random() < 0.6 else rng.choice(self.organizations)
        attribution: Json = {"by": by}
        if rng.random() < 0.3:
            via = rng.choice(self.outlets)
            if via != by:
                attribution["via"] = [via]
        return [attribution]

    def place(self) -> str:
        """A place an event or figure happens at: mostly a village, sometimes a district."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.85:
            return rng.choice(self.villages)
        if roll < 0.97:
            return rng.choice(self.districts)
        return rng.choice(self.governorates)

    def figure(self, figure_id: str, quantity: Json, parts: Sequence[str], breakdown: str) -> Json:
        """One figure record; ``parts`` and ``breakdown`` are given together or not at all."""
        rng = self.rng
        record: Json = {"id": figure_id, "counted": self.sentence(4, 12)[:-1]}
        if rng.random() < 0.1:
            record["measure"] = "duration"
            unit = "months"
        else:
            unit = rng.choice(("people", "operations", "fighters", "families"))
        record["quantity"] = quantity
        record["unit"] = unit
        record["wording"] = f"{quantity['low'] or quantity['high'] or 'several'} {unit}"
        if rng.random() < 0.7:
            record["period"] = self.date_span()
        record["places"] = [self.place()]
        subjects = [rng.choice(self.organizations)]
        if rng.random() < 0.2:
            subjects.append(rng.choice(self.event_ids))
        record["subjects"] = subjects
        if parts:
            record["parts"] = list(parts)
            record["breakdown"] = breakdown
        record["asserted_by"] = self.attribution()
        record["evidence"] = self.evidence()
        return record

    def figures(self) -> list[Json]:
        """All figures; about one in ten is a total broken down into the figures after it."""
        rng = self.rng
        ids = self.figure_ids
        records: list[Json] = []
        n = 0
        while n < len(ids):
            count = rng.randint(2, 3)
            if rng.random() < 0.1 and n + count < len(ids):
                values = [rng.randint(1, 400) for _ in range(count)]
                breakdown = rng.choice(("complete", "partial"))
                total = sum(values) + (0 if breakdown == "complete" else rng.randint(0, 300))
                exact = {"low": total, "high": total, "qualifier": "exact"}
                parts = ids[n + 1 : n + 1 + count]
                records.append(self.figure(ids[n], exact, parts, breakdown))
                for part, value in zip(parts, values, strict=True):
                    part_quantity = {"low": value, "high": value, "qualifier": "exact"}
                    records.append(self.figure(part, part_quantity, (), ""))
                n += 1 + count
            else:
                records.append(self.figure(ids[n], self.quantity(), (), ""))
                n += 1
        return records

    def events(self) -> list[Json]:
        """All events, each with places, participants, attribution and evidence."""
        rng = self.rng
        people = self.persons
        bodies = self.organizations + self.groups
        records: list[Json] = []
        for n, event_id in enumerate(self.event_ids):
            kind = rng.choice(_EVENT_KINDS)
            record: Json = {
                "id": event_id,
                "kind": kind,
                "title": f"{kind.replace('_', ' ').capitalize()} {_word(n)}: {self.sentence(2, 6)}",
                "description": self.sentence(10, 30),
                "date": self.date_span(),
            }
            places = rng.choices((0, 1, 2), weights=(15, 65, 20))[0]
            if places:
                record["places"] = list(dict.fromkeys(self.place() for _ in range(places)))
            chosen = [rng.choice(people) for _ in range(rng.randint(0, 2))]
            chosen += [rng.choice(bodies) for _ in range(rng.randint(1, 2))]
            record["participants"] = [
                {"entity": entity, "role": rng.choice(_ROLES)} for entity in chosen
            ]
            if rng.random() < 0.2:
                record["figures"] = [rng.choice(self.figure_ids)]
            if n and rng.random() < 0.3:
                record["links"] = [
                    {"relation": rng.choice(_RELATIONS), "event": self.event_ids[rng.randrange(n)]}
                ]
            record["asserted_by"] = self.attribution()
            record["evidence"] = self.evidence(rng.choice((1, 1, 1, 2)))
            if rng.random() < 0.05:
                record["notes"] = [self.sentence(6, 16)]
            records.append(record)
        return records

    def source(self, article_sha256: str) -> Json:
        """The source record: a synthetic article by two of the persons, from the first outlet."""
        return {
            "id": "synthetic-article",
            "title": "A synthetic report of the same schema",
            "authors": self.persons[:2],
            "publisher": self.outlets[0],
            "language": "en",
            "published": {
                "start": PUBLISHED[0].isoformat(),
                "end": PUBLISHED[1].isoformat(),
                "precision": "part_of_month",
                "approximate": True,
                "basis": "inferred",
                "rule": "Synthetic data: the span of the real report's publication.",
            },
            "sha256": article_sha256,
            "evidence": self.evidence(),
            "notes": ["Generated by syria_is_2024.synthetic; every record is invented."],
        }


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _dump(value: Any) -> bytes:
    """JSON in the bundled data's format (one-space indent, UTF-8, a final newline)."""
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_synthetic(directory: str | os.PathLike[str], events: int = 1000, seed: int = 0) -> Path:
    """Write a valid synthetic dataset of ``events`` events into ``directory`` and return it.

    The folder (created if missing) gets the four data files and a manifest with their
    SHA-256 hashes and record counts, in the bundled format, so that
    :func:`syria_is_2024.load_dataset` reads it as it reads the bundled data. Existing files
    of those names are replaced.
    """
    if not isinstance(directory, str | os.PathLike):
        raise ArgumentTypeError(f"directory must be a string or path, not {directory!r}")
    for name, value in (("events", events), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgumentTypeError(f"{name} must be a whole number, not {value!r}")
    if events < 1:
        raise ValueError(f"events must be 1 or more, not {events}")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    builder = _Builder(plan(events), seed)
    builder.places()
    builder.actors()
    figures = builder.figures()
    event_records = builder.events()
    article = f"synthetic article: seed {seed}, {events} events, schema {SCHEMA_VERSION}"
    article_sha256 = hashlib.sha256(article.encode("utf-8")).hexdigest()
    contents: dict[str, Any] = {
        "source.json": builder.source(article_sha256),
        "entities.json": builder.entities,
        "events.json": event_records,
        "figures.json": figures,
    }
    files = []
    for name in DATA_FILES:
        value = contents[name]
        raw = _dump(value)
        (root / name).write_bytes(raw)
        records = len(value) if isinstance(value, list) else 1
        files.append({"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "records": records})
    manifest = {
        "name": "syria-is-2024-synthetic",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "article_sha256": article_sha256,
        "files": files,
    }
    (root / MANIFEST).write_bytes(_dump(manifest))
    return root
