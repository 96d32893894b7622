"""The values records are made of: evidence, date spans, quantities, names, links, points.

Every field carries a validator (:mod:`syria_is_2024.validators`) and states its meaning in its
``metadata`` under :data:`MEANING`; the data dictionary, the JSON Schema and the table columns
are derived from these. The records themselves are in :mod:`syria_is_2024.model`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, Final

import attrs
from attrs import field, frozen

from . import validators as v
from .errors import InvalidRecordError
from .taxonomy import AliasKind, DateBasis, Point, Precision, Qualifier, Relation, Role

__all__ = [
    "ACTORS",
    "LISTS",
    "MAX_QUOTE_WORDS",
    "MEANING",
    "REFERS",
    "Alias",
    "Attribution",
    "Coordinates",
    "DateSpan",
    "Erratum",
    "Evidence",
    "ExternalFact",
    "ExternalId",
    "Link",
    "Participant",
    "Quantity",
    "RelatedSource",
    "checked_field",
    "flag_field",
    "ids_field",
    "means",
    "month_end",
    "nested_field",
    "optional_field",
    "optional_text_field",
    "records_field",
    "slug_field",
    "term_field",
    "text_field",
    "url_field",
]

MAX_QUOTE_WORDS: Final = 40
MEANING: Final = "meaning"
"""The ``metadata`` key under which every field states what it means."""


REFERS: Final = "refers"
"""The ``metadata`` key under which a field holding ids names what they may point to: entity
kinds (``place``, ``person`` ...), ``events`` or ``figures``."""
LISTS: Final = "lists"
"""The ``metadata`` key under which a list field names the class of the values it lists."""
ACTORS: Final = ("person", "organization", "group", "outlet")
"""The kinds of entity that act, assert and suffer (places only locate)."""


def means(text: str, refers: tuple[str, ...] = ()) -> dict[str, object]:
    """The ``metadata`` of a field that means ``text`` (and holds ids of ``refers`` records)."""
    return {MEANING: text, REFERS: refers} if refers else {MEANING: text}


def checked_field(check: v.Validator, meaning: str) -> Any:
    """A required field whose value ``check`` validates."""
    return field(validator=check, metadata=means(meaning))


def optional_field(check: v.Validator, meaning: str) -> Any:
    """A field whose value ``check`` validates, or ``None`` (the default)."""
    return field(default=None, validator=v.optional(check), metadata=means(meaning))


def text_field(meaning: str) -> Any:
    """A required field of non-empty text."""
    return checked_field(v.text, meaning)


def optional_text_field(meaning: str) -> Any:
    """A field of non-empty text or ``None`` (the default)."""
    return optional_field(v.text, meaning)


def flag_field(meaning: str) -> Any:
    """A true-or-false field, false by default."""
    return field(default=False, validator=v.boolean, metadata=means(meaning))


def term_field(vocabulary: object, meaning: str, default: str | None = None) -> Any:
    """A field holding a term of a ``Literal`` vocabulary, required unless given a default."""
    if default is None:
        return field(validator=v.one_of(vocabulary), metadata=means(meaning))
    return field(default=default, validator=v.one_of(vocabulary), metadata=means(meaning))


def nested_field(cls: type, meaning: str) -> Any:
    """A required field holding a value of the model's class ``cls``."""
    return checked_field(v.instance(cls), meaning)


def url_field(meaning: str) -> Any:
    """A required field holding an http(s) address."""
    return checked_field(v.url, meaning)


def slug_field(meaning: str, refers: tuple[str, ...] = ()) -> Any:
    """A required field holding a record id (a lowercase slug) of the ``refers`` tables."""
    return field(validator=v.slug, metadata=means(meaning, refers))


def ids_field(meaning: str, *refers: str) -> Any:
    """A tuple field of distinct ids of ``refers`` records (a list in JSON), empty by default."""
    return field(
        default=(), converter=v.to_tuple, validator=v.slugs, metadata=means(meaning, refers)
    )


def records_field(item_type: type, meaning: str, *, required: bool = False) -> Any:
    """A tuple field of nested values (a list in JSON); ``required`` asks for at least one."""
    checks = [v.items(item_type), v.non_empty] if required else v.items(item_type)
    return field(
        default=attrs.NOTHING if required else (),
        converter=v.to_tuple,
        validator=checks,
        metadata={**means(meaning), LISTS: item_type},
    )


@frozen(kw_only=True)
class Evidence:
    """A verbatim quote from the article (at most 40 words) and the paragraph it stands in.

    Paragraphs are the article's non-blank lines numbered from 1, headline and captions included.
    """

    quote: str = text_field(
        "Words copied from the article (at most 40); typographic quotes, dashes, case and white "
        "space aside, they stand verbatim in the paragraph named."
    )
    paragraph: int = field(
        metadata=means(
            "The paragraph holding the quote: the article's non-blank lines numbered from 1, "
            "headline and captions included."
        )
    )

    @quote.validator
    def _check_quote(self, attribute: attrs.Attribute[str], value: str) -> None:
        words = len(value.split())
        if words > MAX_QUOTE_WORDS:
            v.fail(self, attribute, f"has {words} words; quotes are at most {MAX_QUOTE_WORDS}")

    @paragraph.validator
    def _check_paragraph(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            v.fail(self, attribute, f"{value!r} is not a paragraph number (1 or more)")


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

    start: dt.date = checked_field(v.date, "The first day the span can cover (inclusive).")
    end: dt.date = checked_field(
        v.date, "The last day the span can cover (inclusive); never before start."
    )
    precision: Precision = term_field(
        Precision,
        "How precisely the text dates it; a day, month or year span fills exactly that day, month "
        "or year.",
    )
    approximate: bool = flag_field(
        "The bounds are approximate ('about', 'mid-', 'the end of'); marked `~` in EDTF."
    )
    wording: str | None = optional_text_field(
        "The text's own words for the date, where it uses any."
    )
    basis: DateBasis = term_field(
        DateBasis,
        "What the date was resolved against: the text in full, a reference date, or inference.",
        default="stated",
    )
    rule: str | None = optional_text_field(
        "How a date not stated in full was resolved; required unless basis is `stated`."
    )

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        if value < self.start:
            v.fail(self, attribute, f"{value.isoformat()} is before start {self.start.isoformat()}")

    @precision.validator
    def _check_precision(self, attribute: attrs.Attribute[str], value: str) -> None:
        start = self.start
        filled = {  # the span each precision must fill, given its start
            "day": (start, start),
            "month": (start.replace(day=1), month_end(start)),
            "year": (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)),
        }
        if value in filled and (start, self.end) != filled[value]:
            v.fail(self, attribute, f"{value!r}: {_PRECISION_RULES[value]}")

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if self.basis != "stated" and value is None:
            v.fail(self, attribute, f"a date resolved on basis {self.basis!r} must record its rule")

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

    low: int | None = field(
        validator=v.optional(v.whole),
        metadata=means("The lower bound of the number, or None where the text leaves it open."),
    )
    high: int | None = field(
        validator=v.optional(v.whole),
        metadata=means("The upper bound of the number, or None where the text leaves it open."),
    )
    qualifier: Qualifier = term_field(
        Qualifier, "How the text states the number; it fixes which of low and high are given."
    )

    @qualifier.validator
    def _check(self, attribute: attrs.Attribute[str], value: str) -> None:
        low, high = self.low, self.high
        if low is not None and high is not None and low > high:
            raise InvalidRecordError("Quantity.high", f"low {low} is above high {high}")
        if value in ("exact", "approximately", "average"):
            ok, need = low is not None and low == high, "low == high, both given"
        elif value in ("at_least", "more_than"):
            ok, need = low is not None and high is None, "low given, high open (None)"
        elif value == "at_most":
            ok, need = low is None and high is not None, "high given, low open (None)"
        elif value == "between":
            ok, need = low is not None and high is not None and low < high, "low < high, both given"
        else:
            ok, need = low is None and high is None, "no value: low and high None"
        if not ok:
            v.fail(self, attribute, f"{value!r} needs {need}; got low={low!r}, high={high!r}")


@frozen(kw_only=True)
class Alias:
    """Another name an entity answers to; ``external`` marks one that the article does not use."""

    name: str = text_field("The other name, as written.")
    kind: AliasKind = term_field(AliasKind, "What sort of name it is.", default="name")
    external: bool = flag_field(
        "The article does not use this name; it is added so that lookups find the entity."
    )
    ambiguous: bool = flag_field("The name knowingly belongs to several entities (a shared nisba).")
    source: str | None = optional_field(
        v.url, "For an external name: the page that confirms it; required for one."
    )

    @source.validator
    def _check_source(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if self.external and value is None:
            v.fail(self, attribute, "an external name needs the page that confirms it")


@frozen(kw_only=True)
class Attribution:
    """Who asserts a happening or number: ``by`` an entity, relayed ``via`` others in order."""

    by: str = slug_field("Id of the entity that makes the assertion.", ACTORS)
    via: tuple[str, ...] = ids_field(
        "Ids of the entities that relay the assertion, in order from the one who makes it "
        "to the reader (the last is usually the article's publisher).",
        *ACTORS,
    )


@frozen(kw_only=True)
class Erratum:
    """An evident error in the article: what it prints, the likely reading, and why."""

    field: str = text_field("The field of the record the error concerns.")
    as_printed: str = text_field("What the article prints.")
    likely: str = text_field("The likely intended reading.")
    reasoning: str = text_field(
        "Why the printed text is taken for an error, and why the reading is likely."
    )


@frozen(kw_only=True)
class ExternalFact:
    """A fact on the record that does not come from the article, with where it does come from."""

    field: str = text_field("The field of the record whose value does not come from the article.")
    note: str = text_field("The outside fact, in the dataset's words.")
    source: str = url_field("The address of the page the fact was checked against.")


@frozen(kw_only=True)
class ExternalId:
    """An identifier in another catalogue (always external to the article)."""

    scheme: str = text_field("The catalogue the identifier belongs to.")
    value: str = text_field("The identifier within that catalogue.")
    source: str = url_field("The page the identifier was checked against.")


_NUMBER: Final = v.instance((int, float))


@frozen(kw_only=True)
class Coordinates:
    """A point for a place, always from outside the article; ``precision_km`` is its radius.

    ``point`` says what the point is: the place itself, or the seat of an administrative unit.
    """

    latitude: float = checked_field(
        _NUMBER, "Latitude in decimal degrees, north positive (-90 to 90)."
    )
    longitude: float = checked_field(
        _NUMBER, "Longitude in decimal degrees, east positive (-180 to 180)."
    )
    precision_km: float = checked_field(
        _NUMBER,
        "Radius in kilometres around the point within which the place lies; for a seat, within "
        "which the seat lies.",
    )
    point: Point = term_field(
        Point, "What the point is: the place itself, or the seat of an administrative unit."
    )
    source: str = url_field("The page the point comes from (the article gives no coordinates).")

    @latitude.validator
    def _check_latitude(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -90.0 <= value <= 90.0:
            v.fail(self, attribute, f"{value!r} is outside -90..90")

    @longitude.validator
    def _check_longitude(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -180.0 <= value <= 180.0:
            v.fail(self, attribute, f"{value!r} is outside -180..180")

    @precision_km.validator
    def _check_precision(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not value > 0:
            v.fail(self, attribute, f"{value!r} must be positive")


@frozen(kw_only=True)
class Participant:
    """An entity taking part in an event, with its role."""

    entity: str = slug_field("Id of the entity taking part.", ACTORS)
    role: Role = term_field(Role, "The part it plays in the event.")


@frozen(kw_only=True)
class RelatedSource:
    """Another edition of the text: the original it translates, say, as the text points to it."""

    relation: str = text_field("How it relates to the text the dataset is built from.")
    language: str = text_field("Its language, as a language tag.")
    title: str | None = optional_text_field("Its title or link text, where the text gives one.")
    url: str | None = optional_field(v.url, "Its address, where known.")
    evidence: tuple[Evidence, ...] = records_field(
        Evidence, "Where the text points to it.", required=True
    )


@frozen(kw_only=True)
class Link:
    """A relation from one event to another (``part_of``, ``reports``, ``contradicts`` ...)."""

    relation: Relation = term_field(Relation, "How this event relates to the other.")
    event: str = slug_field("Id of the other event.", ("events",))
