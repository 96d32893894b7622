"""Values and records survive unstructure, JSON and structure unchanged; broken ones do not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import date_spans, quantities
from syria_is_2024 import SchemaError
from syria_is_2024.convert import fast_converter
from syria_is_2024.dataset import Dataset
from syria_is_2024.loader import structure
from syria_is_2024.model import DateSpan, Entity, Event, Figure, Quantity, Source


def through_json(value: object, cls: type[Any]) -> Any:
    """Unstructure, dump to JSON text, parse and structure back, as a file round trip does."""
    converter = fast_converter()
    text = json.dumps(converter.unstructure(value))
    return structure(json.loads(text), cls, "test.json")


@given(date_spans())
def test_date_spans_round_trip(value: DateSpan) -> None:
    """Every valid DateSpan comes back equal after a JSON round trip."""
    assert through_json(value, DateSpan) == value


@given(quantities())
def test_quantities_round_trip(value: Quantity) -> None:
    """Every valid Quantity comes back equal after a JSON round trip."""
    assert through_json(value, Quantity) == value


def test_every_bundled_record_round_trips(data: Dataset) -> None:
    """Every record of the dataset, as shipped, survives a JSON round trip unchanged."""
    for cls, records in (
        (Entity, data.entities()),
        (Event, data.events()),
        (Figure, data.figures()),
    ):
        for record in records:
            assert through_json(record, cls) == record
    assert through_json(data.source, Source) == data.source


BREAKERS: list[tuple[str, object, str]] = [
    ("start", "2019-13-01", "$.start"),
    ("end", "not a date", "$.end"),
    ("start", 20190101, "$.start"),
    ("precision", "fortnight", "$.precision"),
    ("approximate", "yes", "$.approximate"),
    ("wording", 5, "$.wording"),
]


@given(date_spans(), st.sampled_from(BREAKERS))
def test_broken_date_spans_are_refused_naming_the_field(
    value: DateSpan, breaker: tuple[str, object, str]
) -> None:
    """A span with a wrong-typed or invalid field is refused, and the error names that field."""
    key, bad, path = breaker
    raw = fast_converter().unstructure(value)
    raw[key] = bad
    with pytest.raises(SchemaError) as caught:
        structure(raw, DateSpan, "test.json")
    assert caught.value.file == "test.json"
    assert any(problem.endswith(f"@ {path}") for problem in caught.value.problems), caught.value


@given(date_spans())
def test_a_span_turned_backwards_is_refused(value: DateSpan) -> None:
    """Swapping in an end before the start is refused with the DateSpan.end problem."""
    raw = fast_converter().unstructure(value)
    raw["end"] = "1989-12-31"
    with pytest.raises(SchemaError, match=r"DateSpan\.(end|precision)"):
        structure(raw, DateSpan, "test.json")


@given(
    quantities(),
    st.sampled_from(
        [("low", -5), ("high", "ten"), ("qualifier", "roughly"), ("low", 2.5), ("extra", 1)]
    ),
)
def test_broken_quantities_are_refused(value: Quantity, breaker: tuple[str, object]) -> None:
    """A negative, non-integer or unknown value, or an unknown key, is refused naming the file."""
    key, bad = breaker
    raw = fast_converter().unstructure(value)
    raw[key] = bad
    with pytest.raises(SchemaError, match=r"^test\.json: "):
        structure(raw, Quantity, "test.json")


def test_unknown_keys_are_named() -> None:
    """An unknown key in a record is refused and named, with the record id."""
    raw = {"id": "x", "surprise": 1}
    with pytest.raises(SchemaError, match=r"record 'x' at \$\[0\].*unknown field\(s\) surprise"):
        structure([raw], tuple[Entity, ...], "entities.json")
