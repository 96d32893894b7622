"""Measure import and load costs of syria_is_2024 as ratios to floors measured in the same run.

    python benchmarks/run.py            # the full run
    python benchmarks/run.py --quick    # a smoke run: fewer pairs and repeats
    python benchmarks/run.py --json     # the results as JSON on standard output

Run it with the package importable (installed, or ``PYTHONPATH=src`` from a checkout). The exit
status is 0 when every target is met, 1 otherwise. The method is described in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.machinery
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Final

FIRST_LOAD: Final = "import syria_is_2024 as s; s.entities(); s.events(); s.figures()"
FLOOR: Final = "import attrs, cattrs"
FIRST_LOAD_TARGET: Final = 2.0
FRAME: Final = "import syria_is_2024 as s; s.frame('events')"
FRAME_FLOOR: Final = "import pandas"
FRAME_TARGET: Final = 1.25
# What the events frame cannot avoid: pandas and the package's first load, for comparison.
FRAME_REFERENCE: Final = "import pandas, syria_is_2024 as s; s.events()"
LINEAR_TARGET: Final = 1.5
SIZES: Final = (1_000, 10_000)
SEED: Final = 0

# Run in a fresh process: every file opened while importing the package, and its data folder.
AUDIT: Final = """
import json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.path.realpath(os.fsdecode(args[0])))
sys.addaudithook(hook)
import syria_is_2024
data = os.path.join(os.path.dirname(os.path.realpath(syria_is_2024.__file__)), "data")
print(json.dumps({"opened": opened, "data": data}))
"""
# Run in a fresh process with a folder to time and a one-event folder to load first.
LOAD: Final = """
import gc, json, sys, time
import syria_is_2024
syria_is_2024.load_dataset(sys.argv[2])
gc.collect()
start = time.perf_counter()
dataset = syria_is_2024.load_dataset(sys.argv[1])
elapsed = time.perf_counter() - start
records = len(dataset.entities()) + len(dataset.events()) + len(dataset.figures())
print(json.dumps([elapsed, records]))
"""

# Appended to a fresh process's code: its peak resident memory in bytes. On Linux ru_maxrss
# keeps the peak of the parent across fork and exec (a benchmark that has loaded 10,000 events
# would pass its own peak on), so the process's own high-water mark, VmHWM, bounds it there.
PEAK: Final = """
import resource, sys
unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes there, else KiB
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit
try:
    with open("/proc/self/status") as status:
        own = [int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:")]
except OSError:
    own = []
print(min([peak, *own]))
"""


@dataclass(frozen=True)
class Row:
    """One line of the results: what was measured, against which floor, and the verdict."""

    name: str
    measured: str
    floor: str
    ratio: float | None
    spread: str
    target: float | None
    passed: bool | None

    @property
    def result(self) -> str:
        """PASS or FAIL against the target, or info for a row without one."""
        if self.passed is None:
            return "info"
        return "PASS" if self.passed else "FAIL"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def _quartiles(values: Sequence[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 else (values[0],) * 3
    return f"{low:.2f}-{high:.2f}x"


def _env() -> dict[str, str]:
    """The timed processes' environment: this one, with bytecode cached as when installed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(code: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def _wall(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def check_import(env: dict[str, str]) -> tuple[Row, dict[str, Any]]:
    """Whether ``import syria_is_2024`` opens any file of its data folder (audit hook)."""
    _run("import syria_is_2024", env)  # write the bytecode caches first, as an install does
    report = json.loads(_run(AUDIT, env).splitlines()[-1])
    data = report["data"] + os.sep
    opened: list[str] = report["opened"]
    in_data = [path for path in opened if path.startswith(data)]
    suffixes = (*importlib.machinery.all_suffixes(), ".pyc")
    others = [p for p in opened if not p.endswith(suffixes) and "__pycache__" not in p]
    listed = f": {', '.join(others)}" if others else ""
    row = Row(
        "import syria_is_2024 opens no data file",
        f"{len(in_data)} data files opened; {len(opened)} files in all, "
        f"{len(others)} of them not modules{listed}",
        "-",
        None,
        "-",
        None,
        not in_data,
    )
    return row, {"opened": opened, "in_data": in_data, "not_modules": others}


def paired(
    name: str, code: str, floor: str, target: float | None, pairs: int, env: dict[str, str]
) -> tuple[Row, dict[str, Any]]:
    """Fresh processes running ``code`` against fresh ones running ``floor``, in pairs.

    Without a ``target`` the row is for information.
    """
    for _ in range(2):  # write bytecode caches and warm the file cache
        _wall(code, env)
        _wall(floor, env)
    loads, floors = [], []
    for _ in range(pairs):
        loads.append(_wall(code, env))
        floors.append(_wall(floor, env))
    ratios = [mine / base for mine, base in zip(loads, floors, strict=True)]
    ratio = statistics.median(ratios)
    row = Row(
        name,
        _ms(statistics.median(loads)),
        f"{floor}: {_ms(statistics.median(floors))}",
        ratio,
        f"{_quartiles(ratios)} over {pairs} pairs",
        target,
        None if target is None else ratio <= target,
    )
    return row, {"load_s": loads, "floor_s": floors, "ratios": ratios}


def first_load(pairs: int, env: dict[str, str]) -> tuple[Row, dict[str, Any]]:
    """A fresh process's first load against a fresh ``import attrs, cattrs``, in pairs."""
    name = "first load, fresh process: entities(), events(), figures()"
    return paired(name, FIRST_LOAD, FLOOR, FIRST_LOAD_TARGET, pairs, env)


def events_frame(pairs: int, env: dict[str, str]) -> list[tuple[Row, dict[str, Any]]]:
    """A fresh process's ``frame("events")`` against a fresh ``import pandas``, in pairs.

    The second row times importing pandas and a first load without the frame, against the
    same floor: what the frame adds is the difference between the two.
    """
    name = 'events frame, fresh process: frame("events")'
    reference = "pandas and a first load, fresh process: events()"
    return [
        paired(name, FRAME, FRAME_FLOOR, FRAME_TARGET, pairs, env),
        paired(reference, FRAME_REFERENCE, FRAME_FLOOR, None, pairs, env),
    ]


def peak_memory(runs: int, env: dict[str, str]) -> tuple[Row, dict[str, Any]]:
    """Peak resident memory (``ru_maxrss``) of a first load and of the floor, for information."""
    loads = [int(_run(FIRST_LOAD + PEAK, env).split()[-1]) for _ in range(runs)]
    floors = [int(_run(FLOOR + PEAK, env).split()[-1]) for _ in range(runs)]
    load, floor = statistics.median(loads), statistics.median(floors)
    row = Row(
        "peak memory of a first load, fresh process",
        f"{load / 2**20:.1f} MiB",
        f"{FLOOR}: {floor / 2**20:.1f} MiB",
        load / floor,
        f"median of {runs}",
        None,
        None,
    )
    return row, {"load_bytes": loads, "floor_bytes": floors}


def _generator() -> ModuleType:
    """benchmarks/synthetic.py, imported from its file (benchmarks/ is not a package)."""
    path = Path(__file__).resolve().with_name("synthetic.py")
    spec = importlib.util.spec_from_file_location("synthetic", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def linear_loading(repeats: int, scratch: Path, env: dict[str, str]) -> tuple[Row, dict[str, Any]]:
    """Seconds per record of ``load_dataset`` at 10,000 events against 1,000 (best of repeats).

    Each load runs in a fresh process, after a load of a one-event folder there (which builds
    the converters' hooks once), so both sizes start from the same state.
    """
    write: Callable[..., Path] = _generator().write_synthetic
    warm = write(scratch / "events-1", events=1, seed=SEED)
    folders = {size: write(scratch / f"events-{size}", events=size, seed=SEED) for size in SIZES}
    times: dict[int, list[float]] = {size: [] for size in SIZES}
    records: dict[int, int] = {}
    for _ in range(repeats):
        for size, folder in folders.items():
            out = subprocess.run(
                [sys.executable, "-c", LOAD, str(folder), str(warm)],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
            seconds, records[size] = json.loads(out.splitlines()[-1])
            times[size].append(seconds)
    small, large = SIZES
    best = {size: min(samples) for size, samples in times.items()}
    per_small, per_large = best[small] / records[small], best[large] / records[large]
    ratio = per_large / per_small
    row = Row(
        f"load_dataset per record, {large:,} vs {small:,} events",
        f"{_us(per_large)} ({records[large]:,} records in {_ms(best[large])})",
        f"{small:,} events: {_us(per_small)} ({records[small]:,} records in {_ms(best[small])})",
        ratio,
        f"best of {repeats} fresh processes each",
        LINEAR_TARGET,
        ratio <= LINEAR_TARGET,
    )
    return row, {"load_s": times, "records": records}


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| measurement | measured | floor | ratio | spread | target | result |",
        "| --- | --- | --- | ---: | --- | ---: | --- |",
    ]
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}x"
        target = "-" if row.target is None else f"≤ {row.target:g}x"
        if row.target is None and row.passed is not None:
            target = "check"
        lines.append(
            f"| {row.name} | {row.measured} | {row.floor} | {ratio} | {row.spread} | {target} "
            f"| {row.result} |"
        )
    return "\n".join(lines)


def _machine() -> str:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {dt.datetime.now():%Y-%m-%d %H:%M}, load average {load}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table (or JSON), and exit 0 only if every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer pairs and repeats")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    pairs, repeats, memory_runs = (5, 2, 1) if args.quick else (31, 7, 5)

    began = time.perf_counter()
    machine = _machine()
    env = _env()
    print("checking what the import opens", file=sys.stderr)
    row, import_details = check_import(env)
    rows = [row]
    print(f"timing {pairs} pairs of fresh processes", file=sys.stderr)
    row, first_details = first_load(pairs, env)
    rows.append(row)
    print(f"timing {pairs} pairs of fresh processes building the events frame", file=sys.stderr)
    (row, frame_details), (reference, reference_details) = events_frame(pairs, env)
    rows += [row, reference]
    print("measuring peak memory", file=sys.stderr)
    memory, memory_details = peak_memory(memory_runs, env)
    print(f"loading synthetic folders of {SIZES} events", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="syria-is-bench-") as scratch:
        row, linear_details = linear_loading(repeats, Path(scratch), env)
    rows += [row, memory]
    seconds = time.perf_counter() - began
    ok = all(row.passed is not False for row in rows)

    if args.json:
        results = {
            "machine": machine,
            "quick": args.quick,
            "seconds": seconds,
            "passed": ok,
            "rows": [dict(asdict(row), result=row.result) for row in rows],
            "import": import_details,
            "first_load": first_details,
            "events_frame": frame_details,
            "pandas_and_first_load": reference_details,
            "linear_loading": linear_details,
            "peak_memory": memory_details,
        }
        print(json.dumps(results, indent=1))
    else:
        print(f"syria-is-2024 benchmark{' (quick)' if args.quick else ''}: {machine}\n")
        print(table(rows))
        verdict = "every target met" if ok else "a target was missed"
        print(f"\n{verdict} ({seconds:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
