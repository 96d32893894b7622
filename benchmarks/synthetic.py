"""Write a data folder of the real schema with any number of invented events, for the benchmark.

Not part of the package (it does not ship in the wheel): ``benchmarks/run.py`` and
``tests/test_synthetic.py`` load it by file path. It uses only the package's public names, and
the folder it writes (the four data files and a manifest with their SHA-256 hashes and record
counts) loads with :func:`syria_is_2024.load_dataset` and follows the 2.0.0 record model:
events and figures carry a ``status``, counts say what they count, figures name ``actors``
and ``affected`` (never places), some figures break down into parts of the same measure and
unit, and nothing ends after the source was written. Entities and figures grow in proportion
to the events; the same size and seed always give the same bytes::

    python benchmarks/synthetic.py FOLDER EVENTS [--seed SEED]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import syria_is_2024
from syria_is_2024.layout import DATA_FILES, MANIFEST, SCHEMA_VERSION
from syria_is_2024.model import month_end
from syria_is_2024.taxonomy import COUNTS, EVENT_KINDS, RELATIONS, ROLES, STATUSES

__all__ = ["counts", "write_synthetic"]

Json = dict[str, Any]

GOVERNORATES: Final = 14
"""Like the country above them, the governorates do not grow with the data."""
WRITTEN: Final = (dt.date(2024, 3, 22), dt.date(2024, 3, 28))
"""The first and last day the synthetic text can have been written (the source's ``written``)."""
PUBLISHED: Final = dt.date(2024, 4, 1)
"""The first day of the month the synthetic edition was published in (after it was written)."""
_FIRST_DAY: Final = dt.date(2011, 3, 15)
# Days are drawn before the month of writing, so that a whole month ends before it too: no
# date or period ends after the source's written.end.
_DAYS: Final = (WRITTEN[0].replace(day=1) - _FIRST_DAY).days
_URL: Final = "https://example.org/synthetic-article"
# The unit of each kind of count; durations are in months and have no counts.
_UNITS: Final[dict[str, str]] = {
    "killed": "people",
    "wounded": "people",
    "casualties": "people",
    "detained": "people",
    "attacks": "operations",
    "members": "fighters",
    "people": "people",
    "places": "villages",
    "other": "reasons",
}
# Names are words of consonant-vowel syllables, one word per entity, followed by words that
# start with no such syllable (or, for persons, preceded by a given name that does not), so no
# two entities share a name key; ids hold digits, which names never do.
_SYLLABLES: Final = tuple(c + v for c in "bdfhklmnrstz" for v in "aiou")
_GIVEN: Final = ("Ahmad", "Khaled", "Omar", "Ibrahim", "Layla", "Yusra")
_FILLER: Final = (
    "the organization said its fighters attacked a position near the village after a week of "
    "clashes while local sources reported arrests and a curfew in the district according to "
    "officials who spoke about the operation and the number of people killed or detained"
)
_WORDS: Final = tuple(_FILLER.split())


def counts(events: int) -> dict[str, int]:
    """The entities, events and figures of a folder of ``events`` events."""
    return {
        "entities": sum(_entity_counts(events).values()),
        "events": events,
        "figures": max(1, events // 2),
    }


def _entity_counts(events: int) -> dict[str, int]:
    return {
        "country": 1,
        "region": 1,
        "governorate": GOVERNORATES,
        "village": max(1, events // 5),
        "person": max(2, events // 4),
        "organization": max(1, events // 25),
        "outlet": max(1, events // 200),
    }


def _word(number: int) -> str:
    """A capitalised word of two syllables or more, different for every ``number``."""
    base = len(_SYLLABLES)
    value, syllables = number + base, []
    while value:
        value, digit = divmod(value, base)
        syllables.append(_SYLLABLES[digit])
    return "".join(reversed(syllables)).capitalize()


class _Writer:
    """The records of one folder, drawn from a seeded random generator."""

    def __init__(self, events: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.events = events
        self.figures = counts(events)["figures"]
        self.ids: dict[str, list[str]] = {kind: [] for kind in _entity_counts(events)}
        self.entities: list[Json] = []

    def sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize()

    def evidence(self) -> list[Json]:
        return [{"quote": self.sentence(5, 30), "paragraph": self.rng.randint(1, 60)}]

    def day(self) -> Json:
        """Mostly a single day, sometimes a month, always before publication."""
        day = _FIRST_DAY + dt.timedelta(days=self.rng.randrange(_DAYS))
        if self.rng.random() < 0.8:
            return {"start": day.isoformat(), "end": day.isoformat(), "precision": "day"}
        first = day.replace(day=1)
        end = month_end(first).isoformat()
        return {"start": first.isoformat(), "end": end, "precision": "month"}

    def entity(self, kind: str, subtype: str, name: str, **extra: Any) -> str:
        """Add an entity and return its id."""
        entity_id = f"{kind}-{len(self.entities) + 1}"
        record: Json = {"id": entity_id, "kind": kind, "subtype": subtype, "name": name}
        record.update(extra, description=self.sentence(6, 16), evidence=self.evidence())
        self.entities.append(record)
        return entity_id

    def write_entities(self) -> None:
        sizes, rng, ids = _entity_counts(self.events), self.rng, self.ids
        # The country lies in no other place; the region is informal, so places name it in
        # their regions while their administrative chain (located_in) ends at the country.
        ids["country"].append(self.entity("place", "country", "Synthetic Republic"))
        country = ids["country"][0]
        ids["region"].append(
            self.entity("place", "region", "Eastern Synthetia", located_in=country)
        )
        for _ in range(sizes["governorate"]):
            name = f"{_word(len(self.entities))} Governorate"
            ids["governorate"].append(
                self.entity("place", "governorate", name, located_in=ids["country"][0])
            )
        for n in range(sizes["village"]):
            within = ids["governorate"][n % GOVERNORATES]
            name = _word(len(self.entities))
            extra: Json = {"located_in": within}
            if n % 3 == 0:
                extra["regions"] = ids["region"]
            ids["village"].append(self.entity("place", "village", name, **extra))
        for kind, subtype, suffix in (
            ("organization", "armed_group", "Brigade"),
            ("outlet", "news_agency", "Agency"),
        ):
            for _ in range(sizes[kind]):
                name = f"{_word(len(self.entities))} {suffix}"
                ids[kind].append(self.entity(kind, subtype, name))
        for _ in range(sizes["person"]):
            # Persons belong to organizations, which belong to nothing: no membership cycles.
            word = _word(len(self.entities))
            member: Json = {"member_of": [rng.choice(ids["organization"])]}
            if rng.random() < 0.3:
                member["aliases"] = [{"name": f"Abu {word}", "kind": "kunya"}]
            name = f"{rng.choice(_GIVEN)} al-{word}"
            ids["person"].append(self.entity("person", "member", name, **member))

    def attribution(self) -> list[Json]:
        """Asserted by an outlet, never by a place."""
        return [{"by": self.rng.choice(self.ids["outlet"])}]

    def status(self) -> str:
        return self.rng.choice(tuple(STATUSES))

    def write_events(self) -> list[Json]:
        rng, ids, records = self.rng, self.ids, []
        for n in range(1, self.events + 1):
            kind = rng.choice(tuple(EVENT_KINDS))
            record: Json = {
                "id": f"event-{n}",
                "kind": kind,
                "status": self.status(),
                "title": f"{kind.replace('_', ' ').capitalize()} {n}: {self.sentence(2, 6)}",
                "description": self.sentence(10, 30),
                "date": self.day(),
                "places": [rng.choice(ids["village"])],
                "participants": [
                    {"entity": rng.choice(ids[group]), "role": rng.choice(tuple(ROLES))}
                    for group in ("organization", "person")
                ],
            }
            if rng.random() < 0.1:
                record["ongoing"] = True
            if rng.random() < 0.2:
                record["figures"] = [f"figure-{rng.randint(1, self.figures)}"]
            # Links point to earlier events only, so part_of links form no cycle.
            if n > 1 and rng.random() < 0.3:
                relation = rng.choice(tuple(RELATIONS))
                record["links"] = [{"relation": relation, "event": f"event-{rng.randrange(1, n)}"}]
            record.update(asserted_by=self.attribution(), evidence=self.evidence())
            records.append(record)
        return records

    def write_figures(self) -> list[Json]:
        """Counts (mostly) and durations; some break down into the next figure.

        A part shares its total's measure, counts and unit and is no larger than it (a
        ``partial`` breakdown); parts point forward only, so they form no cycle.
        """
        rng, ids, records = self.rng, self.ids, []
        total: Json | None = None  # the figure whose part the next one is
        for n in range(1, self.figures + 1):
            if total is not None:
                measure, what, unit = total["measure"], total.get("counts"), total["unit"]
                value = rng.randint(1, total["quantity"]["low"])
            elif rng.random() < 0.9:
                measure, what = "count", rng.choice(tuple(COUNTS))
                unit, value = _UNITS[what], rng.randint(1, 5000)
            else:
                measure, what, unit, value = "duration", None, "months", rng.randint(1, 120)
            record: Json = {"id": f"figure-{n}", "counted": self.sentence(4, 12)}
            record["measure"] = measure
            if what is not None:
                record["counts"] = what
            record.update(
                status=self.status(),
                quantity={"low": value, "high": value, "qualifier": "exact"},
                unit=unit,
                wording=f"{value} {unit}",
            )
            if rng.random() < 0.7:
                record["period"] = self.day()
            record.update(
                places=[rng.choice(ids["village"])],
                actors=[rng.choice(ids["organization"])],
                affected=[rng.choice(ids["person"])],
            )
            total = None
            if n < self.figures and rng.random() < 0.1:
                record.update(parts=[f"figure-{n + 1}"], breakdown="partial")
                total = record
            record.update(asserted_by=self.attribution(), evidence=self.evidence())
            records.append(record)
        return records

    def source(self, sha256: str) -> Json:
        return {
            "id": "synthetic-article",
            "title": "A synthetic report of the same schema",
            "authors": self.ids["person"][:2],
            "publisher": self.ids["outlet"][0],
            "language": "en",
            "published": {
                "start": PUBLISHED.isoformat(),
                "end": month_end(PUBLISHED).isoformat(),
                "precision": "month",
                "basis": "external",
                "rule": "The synthetic edition's address files it under its month.",
            },
            "written": {
                "start": WRITTEN[0].isoformat(),
                "end": WRITTEN[1].isoformat(),
                "precision": "days",
                "approximate": True,
                "basis": "inferred",
                "rule": "Invented: the week before publication, after every date in the data.",
            },
            "url": _URL,
            "external": [
                {"field": "published", "note": "The month of the invented edition.", "source": _URL}
            ],
            "sha256": sha256,
            "evidence": self.evidence(),
            "notes": ["Generated by benchmarks/synthetic.py; every record is invented."],
        }


def _dump(value: Any) -> bytes:
    """JSON in the bundled data's format (one-space indent, UTF-8, a final newline)."""
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_synthetic(directory: str | Path, events: int = 1000, seed: int = 0) -> Path:
    """Write a folder of ``events`` events (1 or more) into ``directory``, created if missing."""
    if events < 1:
        raise ValueError(f"events must be 1 or more, not {events}")
    writer = _Writer(events, seed)
    writer.write_entities()
    article = f"synthetic article: seed {seed}, {events} events, schema {SCHEMA_VERSION}"
    sha256 = hashlib.sha256(article.encode("utf-8")).hexdigest()
    contents = {
        "source.json": writer.source(sha256),
        "entities.json": writer.entities,
        "events.json": writer.write_events(),
        "figures.json": writer.write_figures(),
        "changes.json": [],
    }
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for name in DATA_FILES:
        value = contents[name]
        raw = _dump(value)
        (root / name).write_bytes(raw)
        records = len(value) if isinstance(value, list) else 1
        files.append({"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "records": records})
    manifest = {
        "name": "syria-is-2024-synthetic",
        "version": syria_is_2024.__version__,
        "schema_version": SCHEMA_VERSION,
        "article_sha256": sha256,
        "files": files,
    }
    (root / MANIFEST).write_bytes(_dump(manifest))
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Write a folder from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("events", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write_synthetic(args.folder, args.events, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
