"""The benchmark's data generator (benchmarks/synthetic.py) writes folders the package loads.

The generator is not part of the package; it is loaded here by file path, so that a change of
the schema that it no longer follows fails these tests rather than the next benchmark run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Protocol, cast

import pytest

import syria_is_2024 as s
from syria_is_2024.taxonomy import STATUSES

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"


class Generator(Protocol):
    """The names the benchmark uses from the generator."""

    def counts(self, events: int) -> dict[str, int]: ...  # noqa: D102

    def write_synthetic(  # noqa: D102
        self, directory: str | Path, events: int = ..., seed: int = ...
    ) -> Path: ...


@pytest.fixture(scope="module")
def generator() -> Generator:
    """benchmarks/synthetic.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("synthetic", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Generator, module)


@pytest.mark.parametrize("events", [1, 40, 500])
def test_a_folder_loads_with_the_counts_asked_for(
    generator: Generator, tmp_path: Path, events: int
) -> None:
    """Each size loads through the public loader with the events asked for, in proportion."""
    loaded = s.load_dataset(generator.write_synthetic(tmp_path, events=events))
    expected = generator.counts(events)
    assert expected["events"] == events
    assert len(loaded.entities()) == expected["entities"]
    assert len(loaded.events()) == events
    assert len(loaded.figures()) == expected["figures"]


def test_entities_and_figures_grow_with_the_events(generator: Generator) -> None:
    """Ten times the events give close to ten times the entities and figures."""
    small, large = generator.counts(1_000), generator.counts(10_000)
    for kind in ("entities", "figures"):
        assert 9 * small[kind] <= large[kind] <= 10 * small[kind], kind


def test_a_seed_gives_the_same_bytes(generator: Generator, tmp_path: Path) -> None:
    """The same size and seed write the same files, so runs compare like with like."""
    first = generator.write_synthetic(tmp_path / "first", events=30, seed=3)
    again = generator.write_synthetic(tmp_path / "again", events=30, seed=3)
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in again.iterdir())
    for path in first.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_generator_is_not_in_the_package() -> None:
    """It lives in benchmarks/, outside the wheel."""
    assert importlib.util.find_spec("syria_is_2024.synthetic") is None


def test_a_folder_uses_the_2_0_record_model(generator: Generator, tmp_path: Path) -> None:
    """Statuses, counts, durations, parts, ongoing events and regions all occur, and fit."""
    loaded = s.load_dataset(generator.write_synthetic(tmp_path, events=500, seed=1))
    events, figures = loaded.events(), loaded.figures()
    latest = loaded.source.written.end
    assert {event.status for event in events} == set(STATUSES)
    assert any(event.ongoing for event in events)
    assert {figure.measure for figure in figures} == {"count", "duration"}
    assert all((figure.counts is None) == (figure.measure != "count") for figure in figures)
    assert any(entity.regions for entity in loaded.entities("place"))
    places = {entity.id for entity in loaded.entities("place")}
    by_id = {figure.id: figure for figure in figures}
    totals = [figure for figure in figures if figure.parts]
    assert totals
    for figure in totals:
        for part in (by_id[ref] for ref in figure.parts):
            assert (part.measure, part.unit) == (figure.measure, figure.unit), figure.id
    for figure in figures:
        assert not places & {*figure.actors, *figure.affected}, figure.id
        assert figure.period is None or figure.period.end <= latest, figure.id
    for event in events:
        assert not places & {participant.entity for participant in event.participants}, event.id
        assert event.date.end <= latest, event.id
