"""Shared fixtures: hypothesis profiles, the article, and loadable copies of the bundled data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import syria_is_2024
from syria_is_2024.dataset import Dataset
from syria_is_2024.loader import bundled_data

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ARTICLE_ENV = "SYRIA_IS_ARTICLE"
_DEFAULT_ARTICLE = Path(__file__).resolve().parents[1].parent / "shared" / "source" / "article.txt"


@pytest.fixture(scope="session")
def article_path() -> Path:
    """The source article: $SYRIA_IS_ARTICLE or ../shared/source/article.txt.

    Outside CI a missing article skips the tests that need it; in CI it fails them, since
    those tests check the data.
    """
    path = Path(os.environ.get(ARTICLE_ENV, _DEFAULT_ARTICLE))
    if not path.is_file():
        message = f"the article is not at {path} (set {ARTICLE_ENV} to its path)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def article_text(article_path: Path) -> str:
    """The article's text."""
    return article_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data() -> Dataset:
    """The bundled dataset, as the accessors load it."""
    return syria_is_2024.get_dataset()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder, for tests that damage it."""
    target = tmp_path / "data"
    target.mkdir()
    source = bundled_data()
    for item in source.iterdir():
        if item.name.endswith(".json"):
            (target / item.name).write_bytes(item.read_bytes())
    return target
