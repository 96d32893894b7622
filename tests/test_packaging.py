"""The version agrees everywhere, and the citation metadata is valid."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from importlib.metadata import version as installed_version
from pathlib import Path

import importlib_resources
import pytest

import syria_is_2024 as s
from support import tool
from syria_is_2024 import citation, export
from syria_is_2024.layout import MANIFEST
from syria_is_2024.loader import bundled_data

ROOT = Path(__file__).resolve().parents[1]


def _cff_field(name: str) -> str:
    match = re.search(rf"^{name}: \"?([^\"\n]+)\"?$", (ROOT / "CITATION.cff").read_text(), re.M)
    assert match, name
    return match.group(1)


def test_version_agrees_everywhere() -> None:
    """Package, installed metadata, manifest, CITATION.cff and the top changelog entry agree."""
    manifest = json.loads(bundled_data().joinpath(MANIFEST).read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = re.search(r"^## \[(\d+\.\d+\.\d+[^\]]*)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert top is not None
    assert (
        s.__version__
        == installed_version("syria-is-2024")
        == manifest["version"]
        == _cff_field("version")
        == top.group(1)
    )
    assert _cff_field("date-released") == top.group(2)
    assert top.group(2).startswith(citation._RELEASE_YEAR)


def test_citations_name_the_version_and_the_article() -> None:
    """Every citation style names the dataset version and the source article."""
    for style in citation.CITATION_STYLES:
        text = s.cite(style)
        assert s.__version__ in text
        assert "Five years since al-Baghouz battle" in text
        assert "Enab Baladi" in text
    assert s.cite().startswith("@misc{syria_is_2024_v" + s.__version__.replace(".", "_") + ",")
    with pytest.raises(s.QueryError, match="unknown citation style 'mla'"):
        s.cite("mla")


def _cffconvert() -> str | None:
    return os.environ.get("CFFCONVERT") or shutil.which("cffconvert")


def test_citation_cff_is_valid() -> None:
    """CITATION.cff validates against the Citation File Format schema (with cffconvert).

    cffconvert pins an old jsonschema that conflicts with the test tools, so it lives in its
    own environment, named by $CFFCONVERT (``.ci/run`` builds it).
    """
    tool = _cffconvert()
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("cffconvert is required in CI (set CFFCONVERT)")
        pytest.skip("cffconvert is not installed; set CFFCONVERT to its path to run this check")
    result = subprocess.run(
        [tool, "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_ships_its_type_information() -> None:
    """py.typed is installed with the package, so type checkers use its annotations."""
    assert importlib_resources.files("syria_is_2024").joinpath("py.typed").is_file()


def test_the_licenses_agree_everywhere() -> None:
    """LICENSE-DATA, the Data Package, the README and the license expression agree.

    The dataset's own work is CC-BY-4.0 and the article's quotations remain the publisher's:
    LICENSE-DATA declares each with its SPDX id, the Data Package lists the same two, the
    README names both, and the distribution's expression is the code's MIT and these two.
    """
    declared = re.findall(r"SPDX-License-Identifier: (\S+)", (ROOT / "LICENSE-DATA").read_text())
    package = export.datapackage_descriptor(s.get_dataset())
    listed = [entry["name"] for entry in package["licenses"]]
    assert declared == listed == ["CC-BY-4.0", "LicenseRef-Enab-Baladi-Quotations"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in listed)
    assert "not covered by CC-BY-4.0" in readme
    expression = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert expression.split(" AND ") == ["MIT", *listed]


def test_the_floors_environment_pins_every_declared_minimum(tmp_path: Path) -> None:
    """``tools/floors.py`` (used by ``.ci/run``) pins each runtime dependency at its floor.

    The floors are what the code needs: cattrs 25.2 (``cattrs.cols``'s tuple factory), attrs
    24.3 (the least cattrs 25.2 accepts). A dependency without a floor is refused.
    """
    floors = tool("floors")
    assert floors.floors() == ["attrs==24.3", "cattrs==25.2", "importlib-resources==6.4"]
    bare = tmp_path / "pyproject.toml"
    bare.write_text('[project]\ndependencies = ["attrs>=24.3", "cattrs"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'cattrs' does not declare a floor"):
        floors.floors(bare)
