"""Release checks: the wheel and sdist build, pass twine, hold the right files, and work.

The wheel is also installed on its own, outside the checkout, and loads every record there.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from support import require_module

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built wheel and sdist of the project."""
    require_module("build")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def _wheel(dist: Path) -> Path:
    return next(dist.glob("*.whl"))


def test_twine_check_strict(dist: Path) -> None:
    """The distributions' metadata renders and passes `twine check --strict`."""
    require_module("twine")
    files = [str(p) for p in dist.iterdir()]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_contents(dist: Path) -> None:
    """The wheel ships the package, its data, manifest, py.typed and both license files.

    It ships no tests, tools, benchmark generator or article text.
    """
    with zipfile.ZipFile(_wheel(dist)) as archive:
        names = set(archive.namelist())
    for required in (
        "syria_is_2024/__init__.py",
        "syria_is_2024/py.typed",
        "syria_is_2024/data/manifest.json",
        "syria_is_2024/data/source.json",
        "syria_is_2024/data/entities.json",
        "syria_is_2024/data/events.json",
        "syria_is_2024/data/figures.json",
    ):
        assert required in names
    assert not [n for n in names if n.startswith(("tests/", "tools/", "benchmarks/", "docs/"))]
    assert not [n for n in names if "synthetic" in n], "the benchmark data generator is not shipped"
    assert not [n for n in names if "article" in n.rsplit("/", 1)[-1]]
    licenses = {n.split("/", 1)[1] for n in names if n.split("/")[0].endswith(".dist-info")}
    assert {"licenses/LICENSE", "licenses/LICENSE-DATA"} <= licenses


def test_sdist_contents(dist: Path) -> None:
    """The sdist carries the sources, tests, docs, changelog and both licenses, not the article."""
    sdist = next(dist.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = names[0].split("/")[0]
    shipped = ("pyproject.toml", "README.md", "CHANGELOG.md", "CITATION.cff", "LICENSE")
    for required in (*shipped, "LICENSE-DATA"):
        assert f"{top}/{required}" in names
    assert any(n.startswith(f"{top}/tests/") for n in names)
    assert any(n.startswith(f"{top}/src/syria_is_2024/data/") for n in names)
    assert not [n for n in names if n.endswith("article.txt")]


def test_installed_wheel_loads_every_record(dist: Path, tmp_path: Path) -> None:
    """Installed alone in a fresh environment outside the checkout, the wheel loads all data."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(_wheel(dist))],
        check=True,
        capture_output=True,
    )
    code = (
        "import syria_is_2024 as s, importlib.util, sys\n"
        "d = s.get_dataset()\n"
        "assert 'site-packages' in importlib.util.find_spec('syria_is_2024').origin\n"
        "n = len(d.entities()) + len(d.events()) + len(d.figures())\n"
        "assert all(s.record(r.id) is r for r in (*d.entities(), *d.events(), *d.figures()))\n"
        "print(s.__version__, n)\n"
    )
    result = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    import syria_is_2024 as here

    data = here.get_dataset()
    expected = len(data.entities()) + len(data.events()) + len(data.figures())
    assert result.stdout.split() == [here.__version__, str(expected)]
