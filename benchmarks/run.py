"""Measure the package's import, load, lookup, filter and memory costs against their targets.

Run with the project's environment (the package installed)::

    python benchmarks/run.py            # the full run: bundled data, 1,000 to 100,000 events
    python benchmarks/run.py --quick    # a smoke run: smaller sizes, fewer repeats

Every comparison interleaves the two things it compares and reports medians over repeated
runs and their ratio, since absolute times on a shared machine drift. Import costs are timed
in fresh processes; each first load runs in a fresh process as well. Synthetic datasets of the
real schema come from :mod:`syria_is_2024.synthetic` and load through the same loader as the
bundled data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

FILES: Final = ("manifest.json", "source.json", "entities.json", "events.json", "figures.json")
BUNDLED: Final = "bundled"
SEED: Final = 0
LOOKUP_KEYS: Final = 1000
"""Distinct random keys per lookup batch; a median is taken over batches."""
WARM_KEYS: Final = 100
"""Keys of a warm lookup batch: few enough that what they reach stays in the CPU's caches."""
WARM_PASSES: Final = 40
"""Passes over the warm keys, straight after the cold pass, that time warm lookups."""
FILTER_CALLS: Final = 20
"""Calls of one filter query per batch."""
LARGE: Final = 50_000
"""Datasets of this many events or more get fewer load repeats (each load takes seconds)."""

ALTERNATIVES: Final = (
    ("palmerpenguins", "import palmerpenguins; palmerpenguins.load_penguins()"),
    ("sklearn", "from sklearn.datasets import load_iris; load_iris()"),
)
OURS_FIRST_CALL: Final = "import syria_is_2024; syria_is_2024.get_dataset()"


@dataclass(frozen=True)
class Settings:
    """How much to measure: dataset sizes and how many repeats of each comparison."""

    sizes: tuple[int, ...]
    import_runs: int
    alternative_runs: int
    load_processes: dict[str, int]
    warm_loads: dict[str, int]
    batches: int


@dataclass(frozen=True)
class Row:
    """One comparison: two medians, their ratio, and the target the ratio must not exceed."""

    section: str
    name: str
    measured: str
    measured_median: float
    baseline: str
    baseline_median: float
    ratio: float
    target: float | None
    unit: str = "s"

    @property
    def verdict(self) -> str:
        """``pass`` or ``FAIL`` against the target, ``info`` for a row without one."""
        if self.target is None:
            return "info"
        return "pass" if self.ratio <= self.target else "FAIL"


# Formatting --------------------------------------------------------------------------------


def _time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.0f} ns"


def _amount(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    return _time(value)


def _print_row(row: Row) -> None:
    target = "-" if row.target is None else f"<= {row.target:g}x"
    print(
        f"  {row.name:<44} {row.measured}: {_amount(row.measured_median, row.unit):>10}"
        f" | {row.baseline}: {_amount(row.baseline_median, row.unit):>10}"
        f" | ratio {row.ratio:6.2f}x  target {target:<8} {row.verdict}"
    )


def markdown(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table, for the performance notes."""
    lines = [
        "| section | measurement | measured (median) | baseline (median) | ratio | target "
        "| result |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
    ]
    for row in rows:
        target = "-" if row.target is None else f"≤ {row.target:g}x"
        lines.append(
            f"| {row.section} | {row.name}"
            f" | {row.measured}: {_amount(row.measured_median, row.unit)}"
            f" | {row.baseline}: {_amount(row.baseline_median, row.unit)} | {row.ratio:.2f}x"
            f" | {target} | {row.verdict} |"
        )
    return "\n".join(lines)


def _median_ratio(measured: Sequence[float], baseline: Sequence[float]) -> float:
    """The median of the ratios of samples taken back to back (robust to drift over the run)."""
    return statistics.median(m / b for m, b in zip(measured, baseline, strict=True))


# Fresh-process timings ---------------------------------------------------------------------


def _child_env(pycache: str) -> dict[str, str]:
    """The environment of timed processes: bytecode cached (in a private folder), as installed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _run_code(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def _interleaved(codes: dict[str, str], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times of ``python -c CODE`` for each code, taken in turn, after a warm-up."""
    for code in codes.values():  # write the bytecode caches and warm the file cache
        _run_code(code, env)
        _run_code(code, env)
    times: dict[str, list[float]] = {name: [] for name in codes}
    for n in range(runs):
        order = list(codes.items())
        if n % 2:
            order.reverse()
        for name, code in order:
            times[name].append(_run_code(code, env))
    return times


def bench_import(settings: Settings, env: dict[str, str]) -> list[Row]:
    """``import syria_is_2024`` against ``import attrs``, each in fresh processes."""
    codes = {"ours": "import syria_is_2024", "attrs": "import attrs"}
    times = _interleaved(codes, settings.import_runs, env)
    own: dict[str, list[float]] = {"syria_is_2024": [], "attrs": []}
    for _ in range(settings.import_runs):
        for module, samples in own.items():
            samples.append(_import_seconds(module, env))
    return [
        Row(
            "import",
            'python -c "import syria_is_2024" vs "import attrs"',
            "syria_is_2024",
            statistics.median(times["ours"]),
            "attrs",
            statistics.median(times["attrs"]),
            _median_ratio(times["ours"], times["attrs"]),
            1.10,
        ),
        Row(
            "import",
            "the imports alone (python -X importtime, cumulative)",
            "syria_is_2024",
            statistics.median(own["syria_is_2024"]),
            "attrs",
            statistics.median(own["attrs"]),
            _median_ratio(own["syria_is_2024"], own["attrs"]),
            None,
        ),
    ]


def _import_seconds(module: str, env: dict[str, str]) -> float:
    """The cumulative time Python reports for importing ``module`` in a fresh process."""
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=env,
        check=True,
        stderr=subprocess.PIPE,
        text=True,
    ).stderr
    for line in report.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1]) / 1e6
    raise RuntimeError(f"python -X importtime reported no import of {module}")


def bench_alternatives(settings: Settings, env: dict[str, str]) -> tuple[list[Row], list[str]]:
    """The bundled data's first call against what a user might load a small dataset with."""
    codes = {"ours": OURS_FIRST_CALL}
    notes = []
    for name, code in ALTERNATIVES:
        if importlib.util.find_spec(name) is None:
            notes.append(f"{name} is not installed here (pip install {name}); not compared")
        else:
            codes[name] = code
    if len(codes) == 1:
        notes.append("no alternative could be compared")
        return [], notes
    times = _interleaved(codes, settings.alternative_runs, env)
    rows = []
    for name, code in codes.items():
        if name == "ours":
            continue
        rows.append(
            Row(
                "alternatives",
                f"fresh process: syria_is_2024.get_dataset() vs {code.split('; ')[-1]}",
                "syria_is_2024",
                statistics.median(times["ours"]),
                name,
                statistics.median(times[name]),
                _median_ratio(times["ours"], times[name]),
                None,
            )
        )
    return rows, notes


# First load --------------------------------------------------------------------------------


def _worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in this (fresh) process and return its results as JSON values."""
    if spec["task"] == "load":
        return _load_worker(spec["path"], spec["warm"])
    return _scale_worker(spec["small"], spec["large"], spec["batches"])


def _spawn(spec: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _data_dir(path: str) -> Path:
    if path == BUNDLED:
        from syria_is_2024.loader import bundled_data

        return Path(str(bundled_data()))
    return Path(path)


def _json_seconds(raws: Sequence[bytes], *, paused: bool) -> float:
    """Seconds to ``json.loads`` every file; ``paused`` runs it with the collector off."""
    was_enabled = gc.isenabled()
    if paused:
        gc.disable()
    start = time.perf_counter()
    parsed = [json.loads(raw) for raw in raws]
    elapsed = time.perf_counter() - start
    if was_enabled:
        gc.enable()
    del parsed
    return elapsed


def _load_worker(path: str, warm: int) -> dict[str, Any]:
    import cattrs  # noqa: F401  (the target excludes importing cattrs)

    from syria_is_2024 import __version__
    from syria_is_2024.loader import CHECK_AND_INDEX, STRUCTURE, _load

    folder = _data_dir(path)
    raws = [(folder / name).read_bytes() for name in FILES]
    expected = ("syria-is-2024", __version__) if path == BUNDLED else None

    def load() -> tuple[float, dict[str, float]]:
        steps: dict[str, float] = {}
        start = time.perf_counter()
        dataset = _load(folder, expected, timings=steps)
        elapsed = time.perf_counter() - start
        del dataset
        gc.collect()
        return elapsed, steps

    samples = []
    for _ in range(1 + warm):  # the first is the process's first load
        paused = _json_seconds(raws, paused=True)
        loaded, steps = load()
        collected = _json_seconds(raws, paused=False)
        samples.append(
            {
                "load": loaded,
                "build": steps[STRUCTURE] + steps[CHECK_AND_INDEX],
                "steps": steps,
                "json_paused": paused,
                "json_gc": collected,
            }
        )
    return {"bytes": sum(len(raw) for raw in raws), "samples": samples}


def bench_load(
    settings: Settings, datasets: dict[str, tuple[int, Path]]
) -> tuple[list[Row], dict[str, dict[str, float]]]:
    """First and repeated loads of the bundled and synthetic data against ``json.loads``.

    The target judges what a load adds to parsing: structuring with the record checks, and
    the dataset's checks and indexes, as the loader times them. The whole load (reading and
    hashing the files and parsing them included) is shown beside it.
    """
    rows: list[Row] = []
    phases: dict[str, dict[str, float]] = {}
    for label, (size, folder) in {BUNDLED: (0, Path()), **datasets}.items():
        key = "bundled" if label == BUNDLED else "large" if size >= LARGE else "small"
        path = BUNDLED if label == BUNDLED else str(folder)
        results = [
            _spawn({"task": "load", "path": path, "warm": settings.warm_loads[key]})
            for _ in range(settings.load_processes[key])
        ]
        first = [r["samples"][0] for r in results]
        again = [s for r in results for s in r["samples"][1:]]
        phases[label] = {
            step: statistics.median(s["steps"][step] for s in first) for step in first[0]["steps"]
        }
        name = f"{label} ({results[0]['bytes'] / 2**20:.1f} MiB of JSON)"
        for when, samples, target in (("first load", first, 4.0), ("repeat load", again, None)):
            if not samples:
                continue
            paused = [s["json_paused"] for s in samples]
            for what, field, goal in (
                ("structure and check", "build", target),
                ("whole load", "load", None),
            ):
                measured = [s[field] for s in samples]
                rows.append(
                    Row(
                        "load",
                        f"{when}, {what}: {name}",
                        "structure + checks + indexes" if field == "build" else "load",
                        statistics.median(measured),
                        "json.loads, gc paused",
                        statistics.median(paused),
                        _median_ratio(measured, paused),
                        goal,
                    )
                )
        print(f"  measured {label}", file=sys.stderr)
    return rows, phases


# Lookups, filters and memory ---------------------------------------------------------------


def _filter_query(dataset: Any) -> dict[str, tuple[str, str, str, str]]:
    """For each level of the place tree, a query whose result is exactly one event.

    The same person and event serve every level, so the queries differ only in how wide a
    place they name: a district, its governorate, its country.
    """
    from syria_is_2024.model import Entity

    events = list(dataset.events())
    random.Random(SEED).shuffle(events)
    for event in events:
        people = [p.entity for p in event.participants if p.entity.startswith("person-")]
        if not people or not event.places:
            continue
        chain: list[Entity] = [dataset.entity(event.places[0])]
        while chain[-1].located_in is not None:
            chain.append(dataset.entity(chain[-1].located_in))
        levels = {entity.subtype: entity.id for entity in chain}
        if not {"area", "governorate", "country"} <= levels.keys():
            continue
        year = str(event.date.start.year)
        if event.date.end.year != event.date.start.year:
            continue
        queries = {
            level: (year, year, levels[subtype], people[0])
            for level, subtype in (
                ("district", "area"),
                ("governorate", "governorate"),
                ("country", "country"),
            )
        }
        if all(
            len(dataset.events(s, e, at=at, involving=who)) == 1
            for s, e, at, who in queries.values()
        ):
            return queries
    raise RuntimeError("no query with a one-event result was found")


def _scale_worker(small: str, large: str, batches: int) -> dict[str, Any]:
    from syria_is_2024 import load_dataset
    from syria_is_2024.model import Record

    small_set = load_dataset(small)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    large_set = load_dataset(large)
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    json_bytes = sum((Path(large) / name).stat().st_size for name in FILES)

    rng = random.Random(SEED)
    lookups: dict[str, dict[str, tuple[Callable[[str], object], list[str]]]] = {}
    datasets = {"small": small_set, "large": large_set}
    queries = {}
    for label, dataset in datasets.items():
        entities = dataset.entities()
        events = dataset.events()
        figures = dataset.figures()
        picked = rng.sample(entities, min(LOOKUP_KEYS, len(entities)))
        event_keys = [e.id for e in rng.sample(events, min(LOOKUP_KEYS, len(events)))]
        figure_keys = [f.id for f in rng.sample(figures, min(LOOKUP_KEYS, len(figures)))]
        # The floor: a plain dict of every record by id, read with the same event keys.
        records: tuple[Record, ...] = (*entities, *events, *figures)
        control = {record.id: record for record in records}
        lookups[label] = {
            "entity(id)": (dataset.entity, [e.id for e in picked]),
            "entity(name)": (dataset.entity, [e.name for e in picked]),
            "event(id)": (dataset.event, event_keys),
            "figure(id)": (dataset.figure, figure_keys),
            "dict.get(id) (control: a plain dict of every record)": (control.get, event_keys),
        }
        queries[label] = _filter_query(dataset)

    timings: dict[str, dict[str, list[float]]] = {"small": {}, "large": {}}
    for n in range(batches):
        order = ["small", "large"] if n % 2 == 0 else ["large", "small"]
        for label in order:
            for name, (function, keys) in lookups[label].items():
                # Cold: each of 1,000 random keys once, after other work has run. Warm: 100 of
                # them again and again (the first pass warms them), a working set small enough
                # to stay in the CPU's caches at every size, so only the package's work is left.
                start = time.perf_counter()
                for key in keys:
                    function(key)
                middle = time.perf_counter()
                hot = keys[:WARM_KEYS]
                for _ in range(WARM_PASSES):
                    for key in hot:
                        function(key)
                end = time.perf_counter()
                cold, warm = (middle - start) / len(keys), (end - middle) / (len(hot) * WARM_PASSES)
                timings[label].setdefault(f"{name}, cold", []).append(cold)
                timings[label].setdefault(f"{name}, warm", []).append(warm)
            dataset = datasets[label]
            for level in ("district", "governorate", "country"):
                since, until, at, who = queries[label][level]
                start = time.perf_counter()
                for _ in range(FILTER_CALLS):
                    dataset.events(since, until, at=at, involving=who)
                timings[label].setdefault(f"events@{level}", []).append(
                    (time.perf_counter() - start) / FILTER_CALLS
                )
    shown = {
        label: {
            level: list(queries[label][level]) for level in ("district", "governorate", "country")
        }
        for label in queries
    }
    return {
        "memory": {"retained": after - before, "peak": peak - before, "json_bytes": json_bytes},
        "timings": timings,
        "queries": shown,
    }


def _lookup_title(name: str) -> str:
    """A lookup row's title, saying how many keys and how they were looked up."""
    if name.endswith(", warm"):
        how = f"{WARM_KEYS} keys looked up again and again (warm)"
    else:
        how = f"{LOOKUP_KEYS:,} random keys, each once (cold)"
    return f"{name.rsplit(', ', 1)[0]}: {how}"


def _judged_lookup(name: str) -> bool:
    """Whether a lookup row is judged by the target: the package's own lookups, warm.

    Cold lookups at 100,000 records wait on main memory, as a plain dictionary's do (the
    control row): that is the machine's cache size, not the package's work.
    """
    return name.endswith(", warm") and "control" not in name


def bench_scale(settings: Settings, small: tuple[str, Path], large: tuple[str, Path]) -> list[Row]:
    """Lookups and filters at the largest size against the smallest, and the largest's memory."""
    result = _spawn(
        {
            "task": "scale",
            "small": str(small[1]),
            "large": str(large[1]),
            "batches": settings.batches,
        }
    )
    rows = []
    timings = result["timings"]
    for name in timings["small"]:
        is_filter = name.startswith("events@")
        level = name.removeprefix("events@")
        title = (
            f"events(year, year, at={level}, involving=person), 1 result"
            if is_filter
            else _lookup_title(name)
        )
        rows.append(
            Row(
                "filter" if is_filter else "lookup",
                title,
                large[0],
                statistics.median(timings["large"][name]),
                small[0],
                statistics.median(timings["small"][name]),
                _median_ratio(timings["large"][name], timings["small"][name]),
                2.0 if is_filter else 1.5 if _judged_lookup(name) else None,
            )
        )
    memory = result["memory"]
    rows.append(
        Row(
            "memory",
            f"{large[0]}: retained after load (tracemalloc, after gc)",
            "objects",
            memory["retained"],
            "JSON files",
            memory["json_bytes"],
            memory["retained"] / memory["json_bytes"],
            5.0,
            unit="B",
        )
    )
    rows.append(
        Row(
            "memory",
            f"{large[0]}: peak during load",
            "peak",
            memory["peak"],
            "JSON files",
            memory["json_bytes"],
            memory["peak"] / memory["json_bytes"],
            None,
            unit="B",
        )
    )
    for label, queries in result["queries"].items():
        name = small[0] if label == "small" else large[0]
        print(f"  filter queries on {name}: {queries}", file=sys.stderr)
    return rows


# Orchestration -----------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    if args.quick:
        return Settings(
            sizes=tuple(args.sizes or (1000, 10000)),
            import_runs=7,
            alternative_runs=3,
            load_processes={"bundled": 3, "small": 2, "large": 2},
            warm_loads={"bundled": 2, "small": 1, "large": 1},
            batches=5,
        )
    return Settings(
        sizes=tuple(args.sizes or (1000, 10000, 100000)),
        import_runs=31,
        alternative_runs=9,
        load_processes={"bundled": 7, "small": 5, "large": 3},
        warm_loads={"bundled": 5, "small": 3, "large": 1},
        batches=15,
    )


def _datasets(sizes: Sequence[int], where: Path) -> dict[str, tuple[int, Path]]:
    """The synthetic datasets, written with :func:`write_synthetic` (kept ones are reused)."""
    from syria_is_2024.synthetic import write_synthetic

    found = {}
    for size in sorted(sizes):
        folder = where / f"events-{size}-seed-{SEED}"
        if not (folder / "manifest.json").is_file():
            start = time.perf_counter()
            write_synthetic(folder, events=size, seed=SEED)
            print(
                f"  wrote {size:,} events to {folder} in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
        found[f"synthetic {size:,} events"] = (size, folder)
    return found


def _sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if len(sizes) < 2 or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least two sizes of 1 or more, like 1000,100000")
    return sizes


def _load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews timings."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print each against its target and a Markdown summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--sizes", type=_sizes, help="event counts, e.g. 1000,10000,100000")
    parser.add_argument("--data", type=Path, help="keep synthetic datasets here and reuse them")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(json.loads(args.worker))))
        return 0

    settings = _settings(args)
    began = time.perf_counter()
    print(
        f"syria-is-2024 benchmarks: Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {dt.datetime.now():%Y-%m-%d %H:%M}, "
        f"load average {_load_average()}"
    )
    with tempfile.TemporaryDirectory(prefix="syria-is-bench-") as scratch:
        data_root = args.data or Path(scratch)
        print("\nSynthetic datasets", file=sys.stderr)
        synthetic = _datasets(settings.sizes, data_root)
        env = _child_env(str(Path(scratch) / "pycache"))
        rows: list[Row] = []

        print("\nImport (fresh processes)")
        section = bench_import(settings, env)
        for row in section:
            _print_row(row)
        rows += section

        print("\nFirst call, against other small-dataset loaders (fresh processes)")
        section, notes = bench_alternatives(settings, env)
        for row in section:
            _print_row(row)
        for note in notes:
            print(f"  {note}")
        rows += section

        print("\nLoad against json.loads of the same bytes (same process)")
        section, phases = bench_load(settings, synthetic)
        for row in section:
            _print_row(row)
        rows += section
        print("\n  Where a first load's time goes (medians of the loader's own timings):")
        for label, steps in phases.items():
            total = sum(steps.values())
            parts = ", ".join(
                f"{name} {_time(seconds)} ({seconds / total:.0%})"
                for name, seconds in steps.items()
            )
            print(f"    {label}: {_time(total)}: {parts}")

        labels = list(synthetic)
        print(f"\nLookups, filters and memory: {labels[-1]} against {labels[0]}")
        section = bench_scale(
            settings, (labels[0], synthetic[labels[0]][1]), (labels[-1], synthetic[labels[-1]][1])
        )
        for row in section:
            _print_row(row)
        rows += section

    failed = [row for row in rows if row.verdict == "FAIL"]
    print(f"\nSummary ({time.perf_counter() - began:.0f} s; load average {_load_average()})\n")
    print(markdown(rows))
    print(f"\n{len(failed)} target(s) missed" if failed else "\nevery target met")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_average_after": _load_average(),
                    "rows": [dict(asdict(row), verdict=row.verdict) for row in rows],
                    "phases": phases,
                    "notes": notes,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
