"""The cattrs converter that turns JSON values into records and back.

One function configures a converter, another builds it, as cattrs does. The loader structures
with :func:`converter` (attrs validators on, no detailed validation); when that fails, it
structures the file again record by record with :func:`detailed_converter`, the same
configuration with cattrs' detailed validation, to say which field of which record was wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, Final

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory

from .errors import InvalidRecordError

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InvalidRecordError("date", f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidRecordError(
            "date", f"{value!r} is not a valid ISO date (YYYY-MM-DD)"
        ) from None


class StructureTypeError(TypeError):
    """A JSON value of the wrong type for its field (cattrs would otherwise coerce it)."""


_INT64: Final = range(-(2**63), 2**63)
"""The whole numbers every export can write (Parquet and pandas hold 64-bit integers)."""


def _as_given(value: Any, type_: type) -> Any:
    """The JSON value as it is, for the validators to judge (cattrs would turn 5 into "5")."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value not in _INT64:
            raise StructureTypeError(f"{value} is outside the 64-bit range every export can write")
        if type_ is float:  # JSON writes 2.0 as 2: a whole number is a float where one is due
            return float(value)
    return value


def _is_homogeneous_tuple(type_: Any) -> bool:
    args: tuple[Any, ...] = getattr(type_, "__args__", ())
    return getattr(type_, "__origin__", None) is tuple and args[1:] == (Ellipsis,)


def _tuple_from_array(type_: Any, converter: cattrs.BaseConverter) -> Any:
    """Structure ``tuple[X, ...]`` from a JSON array only: cattrs would split text into letters."""
    structure_items = homogenous_tuple_structure_factory(type_, converter)

    def hook(value: Any, cls: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise StructureTypeError(f"expected a JSON array, found {value!r}")
        return structure_items(value, cls)

    return hook


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the dataset's hooks: dates as ISO 8601 text, no coercion of JSON types."""
    for primitive in (str, int, float, bool):
        converter.register_structure_hook(primitive, _as_given)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_from_array)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)


def _make(detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    configure_converter(converter)
    return converter


@functools.cache
def converter() -> cattrs.Converter:
    """The converter the loader structures with and records are unstructured with."""
    return _make(detailed=False)


@functools.cache
def detailed_converter() -> cattrs.Converter:
    """The same converter with detailed validation: it names every failing field's path."""
    return _make(detailed=True)
