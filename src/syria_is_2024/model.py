"""The record model: frozen, slotted attrs classes for everything the dataset holds.

Validators here check what a single value can get wrong (an end before its start, a low bound
above the high one, a quote over 40 words). Checks that need the whole dataset (links that
resolve, places that form a tree, parts that fit their totals) live in :mod:`syria_is_2024.checks`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Final

import attrs
from attrs import field, frozen

from .errors import InvalidRecordError, a_or_an
from .taxonomy import (
    SUBTYPES,
    AliasKind,
    Breakdown,
    DateBasis,
    EntityKind,
    EventKind,
    Measure,
    Precision,
    Qualifier,
    Relation,
    Role,
    terms,
)

__all__ = [
    "MAX_QUOTE_WORDS",
    "Alias",
    "Attribution",
    "Coordinates",
    "DataFile",
    "DateSpan",
    "Entity",
    "Erratum",
    "Event",
    "Evidence",
    "ExternalFact",
    "ExternalId",
    "Figure",
    "Link",
    "Manifest",
    "Participant",
    "Quantity",
    "Record",
    "Source",
    "month_end",
]

MAX_QUOTE_WORDS: Final = 40
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _fail(instance: object, attribute: attrs.Attribute[Any], problem: str) -> None:
    raise InvalidRecordError(f"{type(instance).__name__}.{attribute.name}", problem)


def _slug(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        _fail(instance, attribute, f"{value!r} is not a lowercase slug like 'al-baghouz'")


def _slugs(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _slug(instance, attribute, item)
    if len(set(value)) != len(value):
        _fail(instance, attribute, f"repeats an id: {value!r}")


def _text(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        _fail(instance, attribute, "must be non-empty text")
    elif value != value.strip():
        _fail(instance, attribute, f"has leading or trailing white space: {value!r}")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _texts(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _text(instance, attribute, item)


def _non_empty(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    if not value:
        _fail(instance, attribute, "needs at least one item")


def _sha256(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        _fail(instance, attribute, "must be 64 lowercase hexadecimal digits")


def _one_of(vocabulary: object) -> Any:
    """Build a validator that accepts only the terms of a ``Literal`` vocabulary."""
    allowed = terms(vocabulary)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or value not in allowed:
            _fail(instance, attribute, f"{value!r} is not one of {sorted(allowed)}")

    return check


def _optional(check: Any) -> Any:
    """Let ``None`` through a validator."""

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def _tuple(value: Any) -> Any:
    """Freeze a list given in code into a tuple; anything else is left for the validator."""
    return tuple(value) if isinstance(value, list) else value


def _items(item_type: type | tuple[type, ...]) -> Any:
    """Build a validator: the value is a tuple whose items are all of ``item_type``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            _fail(instance, attribute, f"must be a list or tuple, not {type(value).__name__}")
        for item in value:  # type: ignore[attr-defined]
            if not isinstance(item, item_type):
                _fail(instance, attribute, f"holds {item!r}, which is not {_names(item_type)}")

    return check


def _number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(instance, attribute, f"{value!r} is not a number")


def _instance(item_type: type) -> Any:
    """Build a validator: the value is an instance of ``item_type``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, item_type):
            _fail(instance, attribute, f"{value!r} is not {_names(item_type)}")

    return check


def _names(item_type: type | tuple[type, ...]) -> str:
    types = item_type if isinstance(item_type, tuple) else (item_type,)
    return " or ".join(a_or_an(t.__name__) for t in types)


@frozen(kw_only=True)
class Evidence:
    """A verbatim quote from the article (at most 40 words) and the paragraph it stands in.

    Paragraphs are the article's non-blank lines numbered from 1, headline and captions included.
    """

    quote: str = field(validator=_text)
    paragraph: int = field()

    @quote.validator
    def _check_quote(self, attribute: attrs.Attribute[str], value: str) -> None:
        words = len(value.split())
        if words > MAX_QUOTE_WORDS:
            _fail(self, attribute, f"has {words} words; quotes are at most {MAX_QUOTE_WORDS}")

    @paragraph.validator
    def _check_paragraph(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            _fail(self, attribute, f"{value!r} is not a paragraph number (1 or more)")


_PRECISION_RULES: Final[dict[str, str]] = {
    "day": "start and end must be the same day",
    "month": "start and end must be the first and last day of one month",
    "year": "start and end must be January 1 and December 31 of one year",
}


def month_end(day: dt.date) -> dt.date:
    """The last day of the day's month (safe at the end of the calendar, December 9999)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@frozen(kw_only=True)
class DateSpan:
    """When something happened: inclusive ``start`` and ``end`` dates and how precise they are.

    ``wording`` keeps the text's own words; for anything not stated in full, ``basis`` says what
    it was resolved against and ``rule`` how. :attr:`edtf` renders the span as EDTF text.
    """

    start: dt.date = field()
    end: dt.date = field()
    precision: Precision = field(validator=_one_of(Precision))
    approximate: bool = field(default=False)
    wording: str | None = field(default=None, validator=_optional_text)
    basis: DateBasis = field(default="stated", validator=_one_of(DateBasis))
    rule: str | None = field(default=None, validator=_optional_text)

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        start = self.start
        for name, bound in (("start", start), ("end", value)):
            if not isinstance(bound, dt.date) or isinstance(bound, dt.datetime):
                raise InvalidRecordError(f"DateSpan.{name}", f"{bound!r} is not a date")
        if value < start:
            _fail(self, attribute, f"{value.isoformat()} is before start {start.isoformat()}")
        precision = self.precision
        if precision == "day":
            ok = start == value
        elif precision == "month":
            ok = start.day == 1 and value == month_end(start)
        elif precision == "year":
            ok = (start.month, start.day, value.month, value.day) == (1, 1, 12, 31) and (
                start.year == value.year
            )
        else:
            ok = True
        if not ok:
            raise InvalidRecordError(
                "DateSpan.precision", f"{precision!r}: {_PRECISION_RULES[precision]}"
            )

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if self.basis != "stated" and value is None:
            _fail(self, attribute, f"a date resolved on basis {self.basis!r} must record its rule")

    @property
    def edtf(self) -> str:
        """The span as EDTF (ISO 8601-2) text: ``2019-03``, ``2022-05-01~/2022-08-31~``."""
        mark = "~" if self.approximate else ""
        if self.precision == "day":
            return self.start.isoformat() + mark
        if self.precision == "month":
            return self.start.isoformat()[:7] + mark
        if self.precision == "year":
            return str(self.start.year) + mark
        return f"{self.start.isoformat()}{mark}/{self.end.isoformat()}{mark}"

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether the span shares at least one day with the window (``None`` is an open bound)."""
        return (start is None or self.end >= start) and (end is None or self.start <= end)


@frozen(kw_only=True)
class Quantity:
    """A number as the text gives it: ``low``/``high`` bounds (``None`` is open) and a qualifier."""

    low: int | None = field()
    high: int | None = field()
    qualifier: Qualifier = field(validator=_one_of(Qualifier))

    @qualifier.validator
    def _check(self, attribute: attrs.Attribute[str], value: str) -> None:
        low, high = self.low, self.high
        for name, bound in (("low", low), ("high", high)):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
                raise InvalidRecordError(f"Quantity.{name}", f"{bound!r} is not a whole number")
            if bound is not None and bound < 0:
                raise InvalidRecordError(f"Quantity.{name}", f"{bound} is negative")
        if low is not None and high is not None and low > high:
            raise InvalidRecordError("Quantity.high", f"low {low} is above high {high}")
        if value in ("exact", "approximately", "average"):
            ok = low is not None and low == high
            need = "low == high, both given"
        elif value in ("at_least", "more_than"):
            ok, need = low is not None and high is None, "low given, high open (None)"
        elif value == "at_most":
            ok, need = low is None and high is not None, "high given, low open (None)"
        elif value == "between":
            ok = low is not None and high is not None and low < high
            need = "low < high, both given"
        else:
            ok, need = low is None and high is None, "no value: low and high None"
        if not ok:
            _fail(self, attribute, f"{value!r} needs {need}; got low={low!r}, high={high!r}")


@frozen(kw_only=True)
class Alias:
    """Another name an entity answers to; ``external`` marks one that the article does not use."""

    name: str = field(validator=_text)
    kind: AliasKind = field(default="name", validator=_one_of(AliasKind))
    external: bool = field(default=False)
    ambiguous: bool = field(default=False)
    """Declares that the name knowingly belongs to several entities (a shared nisba)."""


@frozen(kw_only=True)
class Attribution:
    """Who asserts a happening or number: ``by`` an entity, relayed ``via`` others in order."""

    by: str = field(validator=_slug)
    via: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])


@frozen(kw_only=True)
class Erratum:
    """An evident error in the article: what it prints, the likely reading, and why."""

    field: str = attrs.field(validator=_text)
    as_printed: str = attrs.field(validator=_text)
    likely: str = attrs.field(validator=_text)
    reasoning: str = attrs.field(validator=_text)


@frozen(kw_only=True)
class ExternalFact:
    """A fact on the record that does not come from the article, with where it does come from."""

    field: str = attrs.field(validator=_text)
    note: str = attrs.field(validator=_text)


@frozen(kw_only=True)
class ExternalId:
    """An identifier in another catalogue (always external to the article)."""

    scheme: str = field(validator=_text)
    value: str = field(validator=_text)


@frozen(kw_only=True)
class Coordinates:
    """A point for a place, always from outside the article; ``precision_km`` is its radius."""

    latitude: float = field(validator=_number)
    longitude: float = field(validator=_number)
    precision_km: float = field(validator=_number)
    source: str = field(validator=_text)

    @latitude.validator
    def _check_latitude(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -90.0 <= value <= 90.0:
            _fail(self, attribute, f"{value!r} is outside -90..90")

    @longitude.validator
    def _check_longitude(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -180.0 <= value <= 180.0:
            _fail(self, attribute, f"{value!r} is outside -180..180")

    @precision_km.validator
    def _check_precision(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not value > 0:
            _fail(self, attribute, f"{value!r} must be positive")


@frozen(kw_only=True)
class Participant:
    """An entity taking part in an event, with its role."""

    entity: str = field(validator=_slug)
    role: Role = field(validator=_one_of(Role))


@frozen(kw_only=True)
class Link:
    """A relation from one event to another (``part_of``, ``reports``, ``contradicts`` ...)."""

    relation: Relation = field(validator=_one_of(Relation))
    event: str = field(validator=_slug)


@frozen(kw_only=True)
class Entity:
    """A person, organization, group, outlet or place named (or relied on unnamed) by the article.

    Places link to the place that contains them through ``located_in``; people and units to
    the bodies they belong to through ``member_of``. ``standalone`` explains an entity that no
    event or figure refers to.
    """

    id: str = field(validator=_slug)
    kind: EntityKind = field(validator=_one_of(EntityKind))
    subtype: str | None = field(default=None)
    name: str = field(validator=_text)
    aliases: tuple[Alias, ...] = field(default=(), converter=_tuple, validator=_items(Alias))
    description: str = field(validator=_text)
    anonymous: bool = field(default=False)
    located_in: str | None = field(default=None)
    member_of: tuple[str, ...] = field(
        default=(), converter=_tuple, validator=[_items(str), _slugs]
    )
    coordinates: Coordinates | None = field(
        default=None, validator=_optional(_instance(Coordinates))
    )
    external_ids: tuple[ExternalId, ...] = field(
        default=(), converter=_tuple, validator=_items(ExternalId)
    )
    external: tuple[ExternalFact, ...] = field(
        default=(), converter=_tuple, validator=_items(ExternalFact)
    )
    standalone: str | None = field(default=None, validator=_optional_text)
    evidence: tuple[Evidence, ...] = field(
        converter=_tuple, validator=[_items(Evidence), _non_empty]
    )
    notes: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _texts])
    errata: tuple[Erratum, ...] = field(default=(), converter=_tuple, validator=_items(Erratum))

    @subtype.validator
    def _check_subtype(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        allowed = SUBTYPES.get(self.kind, ())
        if value is not None and value not in allowed:
            _fail(self, attribute, f"{value!r} is not a subtype of {self.kind!r}: {allowed}")
        if self.kind == "place" and value is None:
            _fail(self, attribute, "a place needs a subtype (village, governorate, country ...)")

    @located_in.validator
    def _check_located_in(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            if self.kind != "place":
                _fail(
                    self, attribute, f"only places are located in places, not {a_or_an(self.kind)}"
                )
            _slug(self, attribute, value)
            if value == self.id:
                _fail(self, attribute, "a place cannot contain itself")
        if self.coordinates is not None and self.kind != "place":
            raise InvalidRecordError("Entity.coordinates", "only places carry coordinates")

    @aliases.validator
    def _check_aliases(self, attribute: attrs.Attribute[tuple[Alias, ...]], value: Any) -> None:
        names = [alias.name for alias in value]
        if len(set(names)) != len(names):
            _fail(self, attribute, f"repeats a name: {names!r}")


@frozen(kw_only=True)
class Event:
    """A dated happening the article reports, with who took part, where, and who says so."""

    id: str = field(validator=_slug)
    kind: EventKind = field(validator=_one_of(EventKind))
    title: str = field(validator=_text)
    description: str = field(validator=_text)
    date: DateSpan = field(validator=_instance(DateSpan))
    places: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])
    participants: tuple[Participant, ...] = field(
        default=(), converter=_tuple, validator=_items(Participant)
    )
    figures: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])
    links: tuple[Link, ...] = field(default=(), converter=_tuple, validator=_items(Link))
    asserted_by: tuple[Attribution, ...] = field(
        converter=_tuple, validator=[_items(Attribution), _non_empty]
    )
    evidence: tuple[Evidence, ...] = field(
        converter=_tuple, validator=[_items(Evidence), _non_empty]
    )
    notes: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _texts])
    errata: tuple[Erratum, ...] = field(default=(), converter=_tuple, validator=_items(Erratum))

    @title.validator
    def _check_title(self, attribute: attrs.Attribute[str], value: str) -> None:
        if "\n" in value or len(value) > 120:
            _fail(self, attribute, "a title is one line of at most 120 characters")


@frozen(kw_only=True)
class Figure:
    """A number the article gives: what it counts, how much, when, where, and its parts.

    ``parts`` are the ids of figures that break this one down; ``breakdown`` says whether they
    are the whole (``complete``: they sum to it) or some of it (``partial``: 'including').
    """

    id: str = field(validator=_slug)
    counted: str = field(validator=_text)
    measure: Measure = field(default="count", validator=_one_of(Measure))
    quantity: Quantity = field(validator=_instance(Quantity))
    unit: str = field(validator=_text)
    wording: str = field(validator=_text)
    period: DateSpan | None = field(default=None, validator=_optional(_instance(DateSpan)))
    places: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])
    subjects: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])
    parts: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _slugs])
    breakdown: Breakdown | None = field(default=None, validator=_optional(_one_of(Breakdown)))
    asserted_by: tuple[Attribution, ...] = field(
        converter=_tuple, validator=[_items(Attribution), _non_empty]
    )
    evidence: tuple[Evidence, ...] = field(
        converter=_tuple, validator=[_items(Evidence), _non_empty]
    )
    notes: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _texts])
    errata: tuple[Erratum, ...] = field(default=(), converter=_tuple, validator=_items(Erratum))

    @breakdown.validator
    def _check_breakdown(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if (value is None) != (not self.parts):
            _fail(self, attribute, "parts and breakdown go together: give both or neither")
        if self.id in self.parts:
            raise InvalidRecordError("Figure.parts", "a figure cannot be a part of itself")


@frozen(kw_only=True)
class Source:
    """The article the dataset is built from, and how its publication date was determined."""

    id: str = field(validator=_slug)
    title: str = field(validator=_text)
    subtitle: str | None = field(default=None, validator=_optional_text)
    authors: tuple[str, ...] = field(converter=_tuple, validator=[_items(str), _slugs])
    publisher: str = field(validator=_slug)
    language: str = field(validator=_text)
    published: DateSpan = field(validator=_instance(DateSpan))
    url: str | None = field(default=None, validator=_optional_text)
    sha256: str = field(validator=_sha256)
    evidence: tuple[Evidence, ...] = field(
        converter=_tuple, validator=[_items(Evidence), _non_empty]
    )
    notes: tuple[str, ...] = field(default=(), converter=_tuple, validator=[_items(str), _texts])


@frozen(kw_only=True)
class DataFile:
    """A data file named in the manifest, with its SHA-256 and how many records it holds."""

    name: str = field(validator=_text)
    sha256: str = field(validator=_sha256)
    records: int = field()


@frozen(kw_only=True)
class Manifest:
    """The registry of the bundled data: dataset name and version, and a hash for every file."""

    name: str = field(validator=_text)
    version: str = field(validator=_text)
    schema_version: int = field()
    article_sha256: str = field(validator=_sha256)
    files: tuple[DataFile, ...] = field(converter=_tuple, validator=[_items(DataFile), _non_empty])


Record = Entity | Event | Figure
"""Any of the three record kinds that share one id space."""
