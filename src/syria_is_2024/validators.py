"""The attrs validators of the record model: what a single value can get wrong.

Each validator raises :class:`~syria_is_2024.errors.InvalidRecordError` naming the field as
``Class.field``. The record classes in :mod:`syria_is_2024.model` attach one to every
field; the module is internal to the model.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Final

import attrs

from .errors import InvalidRecordError, a_or_an
from .keys import key_forms
from .taxonomy import terms

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""What attrs calls with the instance, the attribute and the value."""

_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_URL: Final = re.compile(r"https?://[^\s/]+\.[^\s/]+(/\S*)?")
_HIDDEN: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
"""Unicode categories no text may hold: controls, format characters (bidirectional controls,
zero-width spaces), lone surrogates, private use, line separators. No text of the data needs
one; each hides what the text holds (words joined by zero-width spaces count as one)."""


def fail(instance: object, attribute: attrs.Attribute[Any], problem: str) -> None:
    """Raise the error for ``attribute`` of ``instance``: ``Class.field: problem``."""
    raise InvalidRecordError(f"{type(instance).__name__}.{attribute.name}", problem)


def slug(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An id: a lowercase slug such as ``al-baghouz``."""
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        fail(instance, attribute, f"{value!r} is not a lowercase slug like 'al-baghouz'")


def slugs(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A tuple of distinct ids."""
    items(str)(instance, attribute, value)
    ids: tuple[str, ...] = value  # type: ignore[assignment]  # items() checked it
    for item in ids:
        slug(instance, attribute, item)
    if len(set(ids)) != len(ids):
        fail(instance, attribute, f"repeats an id: {ids!r}")


def hidden(value: str) -> str | None:
    """The first character of ``value`` that no text may hold, described; ``None`` if none."""
    chars = () if value.isprintable() else (c for c in value if unicodedata.category(c) in _HIDDEN)
    found = next(iter(chars), None)
    return None if found is None else f"U+{ord(found):04X} ({unicodedata.name(found, 'unnamed')})"


def text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Non-empty text without leading or trailing white space, or any invisible character."""
    if not isinstance(value, str) or not value.strip():
        fail(instance, attribute, "must be non-empty text")
    elif value != value.strip():
        fail(instance, attribute, f"has leading or trailing white space: {value!r}")
    elif found := hidden(value):
        fail(instance, attribute, f"holds {found}: no text may hold an invisible character")


def name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A name: text with a letter or digit, so that a lookup key can find it."""
    text(instance, attribute, value)
    if not key_forms(str(value))[0]:
        fail(instance, attribute, f"{value!r} has no letter or digit for a lookup to find")


def texts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A tuple of texts, each as :func:`text` requires."""
    items(str)(instance, attribute, value)
    for item in value:  # type: ignore[attr-defined]
        text(instance, attribute, item)


def url(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An http(s) address without white space: where an outside fact was checked."""
    if not isinstance(value, str) or not _URL.fullmatch(value) or hidden(value):
        fail(instance, attribute, f"{value!r} is not an http(s) URL")


def boolean(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``True`` or ``False``, nothing that merely behaves like one."""
    if not isinstance(value, bool):
        fail(instance, attribute, f"{value!r} is not true or false")


def whole(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A whole number of zero or more (a count)."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(instance, attribute, f"{value!r} is not a whole number")
    elif value < 0:
        fail(instance, attribute, f"{value} is negative")


def date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A calendar date (a ``datetime`` is not one)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        fail(instance, attribute, f"{value!r} is not a date")


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """At least one item."""
    if not value:
        fail(instance, attribute, "needs at least one item")


def sha256(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A SHA-256 digest as 64 lowercase hexadecimal digits."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        fail(instance, attribute, "must be 64 lowercase hexadecimal digits")


def one_of(vocabulary: object) -> Validator:
    """A validator that accepts only the terms of a ``Literal`` vocabulary."""
    allowed = terms(vocabulary)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in allowed:
            fail(instance, attribute, f"{value!r} is not one of {sorted(allowed)}")

    return check


def optional(check: Validator) -> Validator:
    """Let ``None`` through a validator."""

    def optional_check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional_check


def to_tuple(value: Any) -> Any:
    """Freeze a list given in code into a tuple; anything else is left for the validator."""
    return tuple(value) if isinstance(value, list) else value


def _names(item_type: type | tuple[type, ...]) -> str:
    types = item_type if isinstance(item_type, tuple) else (item_type,)
    return " or ".join(a_or_an(t.__name__) for t in types)


def items(item_type: type | tuple[type, ...]) -> Validator:
    """A validator: the value is a tuple whose items are all of ``item_type``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            fail(instance, attribute, f"must be a list or tuple, not {type(value).__name__}")
        listed: tuple[object, ...] = value  # type: ignore[assignment]  # checked just above
        for n, item in enumerate(listed):
            if not isinstance(item, item_type):
                where = f"{type(instance).__name__}.{attribute.name}[{n}]"
                raise InvalidRecordError(where, f"{item!r} is not {_names(item_type)}")

    return check


def instance(item_type: type | tuple[type, ...]) -> Validator:
    """A validator: the value is an instance of ``item_type`` (a bool is not a number)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, item_type) or isinstance(value, bool):
            fail(instance, attribute, f"{value!r} is not {_names(item_type)}")

    return check
