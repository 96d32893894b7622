"""Synthetic datasets load like the bundled one, repeat for a seed, and answer filters correctly."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

import pytest

import syria_is_2024 as s
from syria_is_2024.dataset import Dataset
from syria_is_2024.loader import DATA_FILES, MANIFEST
from syria_is_2024.model import Entity, Event
from syria_is_2024.synthetic import plan, write_synthetic

EVENTS = 200
SEED = 7


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 200 events, written once for the module."""
    return write_synthetic(tmp_path_factory.mktemp("synthetic"), events=EVENTS, seed=SEED)


@pytest.fixture(scope="module")
def loaded(folder: Path) -> Dataset:
    """The synthetic dataset, loaded through the public loader."""
    return s.load_dataset(folder)


def test_it_loads_through_the_public_loader(folder: Path, loaded: Dataset) -> None:
    """The files load with the manifest's counts and the planned number of each record."""
    sizes = plan(EVENTS)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    counts = {entry["name"]: entry["records"] for entry in manifest["files"]}
    assert [entry["name"] for entry in manifest["files"]] == list(DATA_FILES)
    assert manifest["version"] == s.__version__
    assert counts == {
        "source.json": 1,
        "entities.json": sizes.entities,
        "events.json": EVENTS,
        "figures.json": sizes.figures,
    }
    assert len(loaded.entities()) == sizes.entities
    assert len(loaded.events()) == EVENTS
    assert len(loaded.figures()) == sizes.figures
    assert loaded.manifest is not None and loaded.manifest.name == "syria-is-2024-synthetic"


def test_it_covers_the_schema(loaded: Dataset) -> None:
    """A four-level place tree, actors, mostly single days, other precisions, figure parts."""
    places = Counter(e.subtype for e in loaded.entities("place"))
    assert places["country"] == 3 and places["governorate"] == 18
    assert places["area"] >= 18 and places["village"] >= places["area"]
    for kind in ("person", "organization", "group", "outlet"):
        assert loaded.entities(kind)
    village = next(e for e in loaded.entities("place") if e.subtype == "village")
    chain = [village]
    while chain[-1].located_in is not None:
        chain.append(loaded.entity(chain[-1].located_in))
    assert [e.subtype for e in chain] == ["village", "area", "governorate", "country"]
    precisions = Counter(event.date.precision for event in loaded.events())
    assert precisions["day"] > EVENTS / 2
    assert {"month", "year", "unknown"} <= precisions.keys()
    broken_down = [f for f in loaded.figures() if f.parts]
    assert broken_down and all(f.breakdown in ("complete", "partial") for f in broken_down)
    assert any(event.links for event in loaded.events())
    assert any(event.figures for event in loaded.events())


def test_it_is_deterministic_for_a_seed(folder: Path, tmp_path: Path) -> None:
    """The same seed and size write the same bytes; another seed writes other records."""
    again = write_synthetic(tmp_path / "again", events=EVENTS, seed=SEED)
    for name in (*DATA_FILES, MANIFEST):
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name
    other = write_synthetic(tmp_path / "other", events=EVENTS, seed=SEED + 1)
    assert (other / "events.json").read_bytes() != (folder / "events.json").read_bytes()


def test_sizes_grow_in_proportion() -> None:
    """Villages, people and figures grow with the events; countries and governorates do not."""
    small, large = plan(1_000), plan(100_000)
    assert (small.countries, small.governorates) == (large.countries, large.governorates)
    assert large.villages == 100 * small.villages
    assert large.persons == 100 * small.persons
    assert large.figures == 100 * small.figures


def test_the_smallest_dataset_loads(tmp_path: Path) -> None:
    """One event is enough for a valid dataset."""
    loaded = s.load_dataset(write_synthetic(tmp_path, events=1))
    assert len(loaded.events()) == 1


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    """Sizes and seeds are whole numbers; a dataset has at least one event."""
    with pytest.raises(ValueError, match="events must be 1 or more"):
        write_synthetic(tmp_path, events=0)
    with pytest.raises(s.ArgumentTypeError, match="events must be a whole number"):
        write_synthetic(tmp_path, events="10")  # type: ignore[arg-type]
    with pytest.raises(s.ArgumentTypeError, match="seed must be a whole number"):
        write_synthetic(tmp_path, seed=True)
    with pytest.raises(s.ArgumentTypeError, match="directory must be a string or path"):
        write_synthetic(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", DATA_FILES)
def test_a_changed_byte_is_refused(folder: Path, tmp_path: Path, name: str) -> None:
    """One flipped byte in any synthetic data file fails its SHA-256 check."""
    for item in (*DATA_FILES, MANIFEST):
        (tmp_path / item).write_bytes((folder / item).read_bytes())
    raw = bytearray((tmp_path / name).read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (tmp_path / name).write_bytes(bytes(raw))
    with pytest.raises(s.IntegrityError, match=rf"^{name}: SHA-256"):
        s.load_dataset(tmp_path)


# Filters against a brute-force scan ---------------------------------------------------------


def _walks_to(place: str, target: str, parent: dict[str, str | None]) -> bool:
    """Whether ``target`` is ``place`` or contains it, following ``located_in`` upwards."""
    current: str | None = place
    while current is not None:
        if current == target:
            return True
        current = parent[current]
    return False


def _scan(
    data: Dataset,
    low: dt.date | None,
    high: dt.date | None,
    involving: str | None,
    at: str | None,
    kinds: set[str],
    within: bool,
) -> tuple[Event, ...]:
    parent = {e.id: e.located_in for e in data.entities("place")}
    found = []
    for event in data.events():
        start, end = event.date.start, event.date.end
        if within:
            dated = (low is None or start >= low) and (high is None or end <= high)
        else:
            dated = (low is None or end >= low) and (high is None or start <= high)
        if (
            dated
            and (involving is None or any(p.entity == involving for p in event.participants))
            and (at is None or any(_walks_to(p, at, parent) for p in event.places))
            and (not kinds or event.kind in kinds)
        ):
            found.append(event)
    return tuple(sorted(found, key=lambda e: (e.date.start, e.date.end, e.id)))


def test_event_filters_agree_with_a_brute_force_scan(loaded: Dataset) -> None:
    """Every combination of window, participant, place (at any level) and kind, scanned."""
    rng = random.Random(SEED)
    places: list[Entity] = list(loaded.entities("place"))
    actors = [e for e in loaded.entities() if e.kind != "place"]
    kinds: list[str] = sorted({event.kind for event in loaded.events()})
    nonempty = 0
    for _ in range(400):
        low = high = None
        if rng.random() < 0.8:
            first = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(4900))
            low = first if rng.random() < 0.8 else None
            high = first + dt.timedelta(days=rng.choice((0, 30, 365, 2000)))
        involving = rng.choice(actors).id if rng.random() < 0.5 else None
        at = rng.choice(places).id if rng.random() < 0.6 else None
        wanted = set(rng.sample(kinds, rng.randint(1, 3))) if rng.random() < 0.3 else set()
        within = rng.random() < 0.2
        got = loaded.events(
            low, high, involving=involving, at=at, kind=wanted or None, within=within
        )
        query = (low, high, involving, at, wanted, within)
        assert got == _scan(loaded, *query), query
        nonempty += bool(got)
    assert nonempty > 100  # the queries are not all trivially empty


def test_year_bounds_agree_with_a_brute_force_scan(loaded: Dataset) -> None:
    """A year given as text covers all of it, at every level of the place tree."""
    for place in (e for e in loaded.entities("place") if e.subtype != "village"):
        for year in range(2011, 2025):
            low, high = dt.date(year, 1, 1), dt.date(year, 12, 31)
            got = loaded.events(str(year), str(year), at=place.id)
            assert got == _scan(loaded, low, high, None, place.id, set(), False)


def test_figure_filters_agree_with_a_brute_force_scan(loaded: Dataset) -> None:
    """Figures by subject, place and period, against a scan of every figure."""
    rng = random.Random(SEED)
    parent = {e.id: e.located_in for e in loaded.entities("place")}
    subjects = sorted({subject for f in loaded.figures() for subject in f.subjects})
    places = [e.id for e in loaded.entities("place")]
    for _ in range(200):
        subject = rng.choice(subjects) if rng.random() < 0.5 else None
        if subject is not None and subject.startswith("event-"):
            subject = None  # subjects that are events are not entity keys
        at = rng.choice(places) if rng.random() < 0.5 else None
        year = rng.randint(2011, 2024)
        low, high = dt.date(year, 1, 1), dt.date(year, 12, 31)
        got = loaded.figures(str(year), str(year), subject=subject, at=at)
        expected = tuple(
            f
            for f in sorted(loaded.figures(), key=lambda f: f.id)
            if (subject is None or subject in f.subjects)
            and (at is None or any(_walks_to(p, at, parent) for p in f.places))
            and f.period is not None
            and f.period.overlaps(low, high)
        )
        assert got == expected
