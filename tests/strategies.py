"""Hypothesis strategies for the record model, shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from syria_is_2024.model import DateSpan, Evidence, Quantity
from syria_is_2024.taxonomy import (
    DATE_BASES,
    DateBasis,
    Precision,
    Qualifier,
)

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


@st.composite
def date_spans(draw: st.DrawFn) -> DateSpan:
    """Any valid DateSpan: its bounds fit its precision, and a resolved date has a rule."""
    precision: Precision = draw(
        st.sampled_from(
            [
                "day",
                "days",
                "month",
                "part_of_month",
                "months",
                "part_of_year",
                "year",
                "years",
                "unknown",
            ]
        )
    )
    start = draw(DAYS)
    if precision == "day":
        end = start
    elif precision == "month":
        start = start.replace(day=1)
        end = _month_end(start)
    elif precision == "year":
        start = dt.date(start.year, 1, 1)
        end = dt.date(start.year, 12, 31)
    else:
        end = start + dt.timedelta(days=draw(st.integers(0, 4000)))
    basis: DateBasis = draw(st.sampled_from(sorted(DATE_BASES)))
    rule = draw(TEXT) if basis != "stated" else draw(st.none() | TEXT)
    return DateSpan(
        start=start,
        end=end,
        precision=precision,
        approximate=draw(st.booleans()),
        wording=draw(st.none() | TEXT),
        basis=basis,
        rule=rule,
    )


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    """Any valid Quantity: bounds as its qualifier requires, never negative."""
    qualifier: Qualifier = draw(
        st.sampled_from(
            [
                "exact",
                "approximately",
                "at_least",
                "more_than",
                "at_most",
                "between",
                "average",
                "vague",
            ]
        )
    )
    value = draw(st.integers(0, 10**9))
    if qualifier in ("exact", "approximately", "average"):
        return Quantity(low=value, high=value, qualifier=qualifier)
    if qualifier in ("at_least", "more_than"):
        return Quantity(low=value, high=None, qualifier=qualifier)
    if qualifier == "at_most":
        return Quantity(low=None, high=value, qualifier=qualifier)
    if qualifier == "between":
        return Quantity(low=value, high=value + draw(st.integers(1, 10**6)), qualifier=qualifier)
    return Quantity(low=None, high=None, qualifier="vague")


evidence = st.builds(
    Evidence,
    quote=st.lists(st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True), min_size=1, max_size=40).map(
        " ".join
    ),
    paragraph=st.integers(1, 500),
)
