"""The arguments of the filters: date windows, vocabulary terms, flags, and how they combine.

Every filter of :class:`~syria_is_2024.dataset.Dataset` checks its arguments here, so that a
wrong type is an :class:`~syria_is_2024.errors.ArgumentTypeError` and a wrong value a
:class:`~syria_is_2024.errors.QueryError`, whichever filter is given it. Internal to
:mod:`syria_is_2024.dataset`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Collection, Iterable
from typing import TypeVar

from .errors import ArgumentTypeError, QueryError, a_or_an
from .model import DateSpan, month_end

DateArg = dt.date | str | int | None
"""A window bound: a date, ISO text (``2023``, ``2023-04`` or ``2023-04-30``), a year as a
whole number (``2023``), or ``None``."""

T = TypeVar("T")


def parse_bound(value: DateArg, name: str, *, end: bool) -> dt.date | None:
    """Turn a window bound into a date; a year or month given as text covers all of it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):  # a year, like "2023"
        if not 1000 <= value <= 9999:
            raise QueryError(f"{name}={value!r} is not a four-digit year")
        value = str(value)
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name} must be a date, an ISO date string, a year or None, not {value!r}"
        )
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            first = dt.date.fromisoformat(text + "-01")
            return month_end(first) if end else first
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(
            f"{name}={value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


Window = tuple[dt.date | None, dt.date | None, bool]


def window(start: DateArg, end: DateArg, within: bool) -> Window | None:
    """The window to match spans against (``None`` when it is open at both ends)."""
    low = parse_bound(start, "start", end=False)
    high = parse_bound(end, "end", end=True)
    if low is not None and high is not None and high < low:
        raise QueryError(f"end {high.isoformat()} is before start {low.isoformat()}")
    flag(within, "within")
    return None if low is None and high is None else (low, high, within)


def flag(value: bool | None, name: str) -> bool | None:
    """A true-or-false argument (or ``None``), refused if it is anything else."""
    if value is not None and not isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be True or False, not {value!r}")
    return value


def among(
    tests: list[Callable[[T], bool]],
    name: str,
    value: str | Collection[str] | None,
    allowed: Iterable[str],
    term: Callable[[T], str | None],
) -> None:
    """Add a test keeping the records whose ``term`` is one of the vocabulary ``value``."""
    wanted = vocabulary(value, name, allowed)
    if wanted:
        tests.append(lambda record: term(record) in wanted)


def kept(records: tuple[T, ...], tests: list[Callable[[T], bool]]) -> tuple[T, ...]:
    """The records passing every test (all of them, as held, when there is none)."""
    if not tests:
        return records
    return tuple(r for r in records if all(test(r) for test in tests))


def vocabulary(value: str | Collection[str] | None, name: str, allowed: Iterable[str]) -> set[str]:
    """The terms asked for (one or several), each found in the vocabulary whatever its case.

    ``Claimed`` and ``military operation`` are ``claimed`` and ``military_operation``; an
    unknown term is refused with the closest terms, an empty collection as asking for nothing.
    """
    if value is None:
        return set()
    wanted = (value,) if isinstance(value, str) else value
    if not isinstance(wanted, Collection) or not all(isinstance(v, str) for v in wanted):
        raise ArgumentTypeError(f"{name} must be a string or a collection of strings")
    if not wanted:
        raise QueryError(f"{name}= is empty: give at least one term, or None for all")
    known = {term.casefold(): term for term in allowed}
    found = set()
    for term in wanted:
        plain = "_".join(term.casefold().replace("-", " ").split())
        if plain not in known:
            close = difflib.get_close_matches(plain, known, 3, 0.6)
            hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise QueryError(f"unknown {name} {term!r}; {hint}known: {sorted(known.values())}")
        found.add(known[plain])
    return found


def check_id(value: object, what: str) -> None:
    """Refuse an id that is not text."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{a_or_an(what)} id must be a string, not {type(value).__name__}")


def matches(span: DateSpan, low: dt.date | None, high: dt.date | None, within: bool) -> bool:
    """Whether a span overlaps the window or, with ``within``, lies wholly inside it."""
    if within:
        return (low is None or span.start >= low) and (high is None or span.end <= high)
    return span.overlaps(low, high)
