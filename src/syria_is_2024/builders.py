"""Records built straight from parsed JSON, with the model's rules checked in bulk.

This is the loader's fast path. Building a frozen attrs record through its ``__init__`` calls a
Python validator for every field of every nested record, which costs several times the JSON
parse. Here each record's slots are filled directly, the type of every JSON value is checked
in line, the values that simple validators would see (ids, texts, quotes, vocabulary terms) are
gathered and checked together at the end in a few passes over whole lists, and the rules that
relate several fields run as the model's own validator methods.

Anything that does not fit raises :class:`Rejected`, or whatever error the check met; the
loader then structures the same data through cattrs and the attrs validators, which say
exactly which field of which record is wrong. The test suite holds both paths to the same
verdict and the same records on valid, damaged and randomly generated data.
"""

from __future__ import annotations

import datetime as dt
import linecache
from collections.abc import Callable
from typing import Any, Final, TypeVar

import attrs

from .model import (
    MAX_QUOTE_WORDS,
    Alias,
    Attribution,
    Coordinates,
    DataFile,
    DateSpan,
    Entity,
    Erratum,
    Event,
    Evidence,
    ExternalFact,
    ExternalId,
    Figure,
    Link,
    Manifest,
    Participant,
    Quantity,
    Source,
)
from .taxonomy import (
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

__all__ = ["BUILDERS", "Rejected", "all_slugs", "build_many", "build_one"]

T = TypeVar("T")
Json = Any


class Rejected(ValueError):
    """The fast path cannot accept the data; the detailed path will say why."""


_SLUG_CHARS: Final = "abcdefghijklmnopqrstuvwxyz0123456789-\n"
_new = object.__new__


def _makers(*classes: type[Any]) -> dict[type[Any], Callable[..., Any]]:
    """For each class, a function filling every slot of a new instance, fields in order.

    The functions are generated together in one compiled module, as attrs generates methods:
    a slot is filled through its descriptor, which a frozen class's ``__setattr__`` forbids
    but does not guard, and no validator runs (the builders check the values instead).
    """
    namespace: dict[str, Any] = {"new": _new}
    lines: list[str] = []
    for n, cls in enumerate(classes):
        names = [field.name for field in attrs.fields(cls)]
        namespace[f"cls{n}"] = cls
        lines.append(f"def make{n}({', '.join(names)}):")
        lines.append(f"    record = new(cls{n})")
        for name in names:
            namespace[f"put{n}_{name}"] = cls.__dict__[name].__set__
            lines.append(f"    put{n}_{name}(record, {name})")
        lines.append("    return record")
    filename = "<syria_is_2024 generated record makers>"
    source = "\n".join(lines) + "\n"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return {cls: namespace[f"make{n}"] for n, cls in enumerate(classes)}


_MAKERS: Final = _makers(
    Evidence,
    DateSpan,
    Quantity,
    Alias,
    Attribution,
    Erratum,
    ExternalFact,
    ExternalId,
    Participant,
    Link,
    Entity,
    Event,
    Figure,
)


def _fields(cls: type[Any]) -> Any:
    return attrs.fields(cls)


class _Batch:
    """Values met while building one file, kept by the rule they must pass.

    ``slugs`` must be ids; ``texts`` non-empty text without surrounding white space;
    ``quotes`` that too, and at most :data:`~syria_is_2024.model.MAX_QUOTE_WORDS` words.
    """

    __slots__ = ("quotes", "slugs", "texts")

    def __init__(self) -> None:
        self.slugs: list[str] = []
        self.texts: list[str] = []
        self.quotes: list[str] = []

    def verify(self) -> None:
        """Check every gathered value; raise :class:`Rejected` at the first rule broken."""
        if not all_slugs(self.slugs):
            raise Rejected("an id is not a lowercase slug")
        for texts in (self.texts, self.quotes):
            if not all(texts) or list(map(str.strip, texts)) != texts:
                raise Rejected("a text is empty or has white space around it")
        # Printable text has no white space but " ", so it has at most one word more than it
        # has spaces: only the quotes that could be too long are split into words.
        limit = MAX_QUOTE_WORDS - 1
        doubtful = [q for q in self.quotes if q.count(" ") > limit or not q.isprintable()]
        if max(map(len, map(str.split, doubtful)), default=0) > MAX_QUOTE_WORDS:
            raise Rejected("a quote is too long")


def all_slugs(values: list[str]) -> bool:
    """Whether every value is a slug like ``al-baghouz``, judged on all of them joined.

    Each value, followed by a newline, must use only lowercase letters, digits and hyphens,
    and no value may be empty or hold a newline, begin or end with a hyphen or hold two in
    a row: a few scans of one string, however many values there are.
    """
    if not values:
        return True
    joined = "\n".join(values) + "\n"
    return (
        not joined.strip(_SLUG_CHARS)
        and joined.count("\n") == len(values)
        and not joined.startswith(("-", "\n"))
        and "\n\n" not in joined
        and "--" not in joined
        and "-\n" not in joined
        and "\n-" not in joined
    )


def _key_set(cls: type[Any]) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(cls))


def _object(raw: Json, allowed: frozenset[str]) -> None:
    """Refuse anything but a JSON object with no field outside ``allowed``."""
    if type(raw) is not dict or not allowed.issuperset(raw):
        raise Rejected("not an object of known fields")


def _list(value: Json) -> list[Any]:
    if type(value) is not list:
        raise Rejected("not an array")
    return value


def _bool(value: Json) -> bool:
    if type(value) is not bool:
        raise Rejected("not a boolean")
    return value


def _optional_str(value: Json) -> str | None:
    if value is not None and type(value) is not str:
        raise Rejected("not text")
    return value


def _term(value: Json, allowed: frozenset[str]) -> str:
    if value not in allowed:  # text outside the vocabulary, a number, null ...
        raise Rejected("a term is not in its vocabulary")
    return value  # type: ignore[no-any-return]


def _slug_tuple(value: Json, batch: _Batch) -> tuple[str, ...]:
    """An array of distinct ids as a tuple (each id is checked with the batch)."""
    if type(value) is not list:
        raise Rejected("not an array")
    items = tuple(value)
    if len(set(items)) != len(items):
        raise Rejected("an id repeats")
    batch.slugs.extend(items)
    return items


def _texts(value: Json, batch: _Batch) -> tuple[str, ...]:
    if type(value) is not list:
        raise Rejected("not an array")
    batch.texts.extend(value)
    return tuple(value)


_fromisoformat: Final = dt.date.fromisoformat
_PRECISIONS: Final = terms(Precision)
_BASES: Final = terms(DateBasis)
_QUALIFIERS: Final = terms(Qualifier)
_ALIAS_KINDS: Final = terms(AliasKind)
_ROLES: Final = terms(Role)
_RELATIONS: Final = terms(Relation)
_ENTITY_KINDS: Final = terms(EntityKind)
_EVENT_KINDS: Final = terms(EventKind)
_MEASURES: Final = terms(Measure)
_BREAKDOWNS: Final = terms(Breakdown)

# Nested records ----------------------------------------------------------------------------

_EVIDENCE_KEYS: Final = _key_set(Evidence)
_make_evidence: Final = _MAKERS[Evidence]


def _evidence_tuple(value: Json, batch: _Batch) -> tuple[Evidence, ...]:
    """A non-empty array of quotes with their paragraph numbers."""
    if type(value) is not list or not value:
        raise Rejected("no evidence")
    records = []
    quotes = batch.quotes
    for raw in value:
        if type(raw) is not dict or not _EVIDENCE_KEYS.issuperset(raw):
            raise Rejected("not an object of known fields")
        quote, paragraph = raw["quote"], raw["paragraph"]
        if type(paragraph) is not int or paragraph < 1:
            raise Rejected("not a paragraph number")
        quotes.append(quote)
        records.append(_make_evidence(quote, paragraph))
    return tuple(records)


_SPAN_KEYS: Final = _key_set(DateSpan)
_SPAN: Final = _fields(DateSpan)
_make_span: Final = _MAKERS[DateSpan]


def _span(raw: Json, batch: _Batch) -> DateSpan:
    if type(raw) is not dict or not _SPAN_KEYS.issuperset(raw):
        raise Rejected("not an object of known fields")
    start, end, precision = raw["start"], raw["end"], raw["precision"]
    if type(start) is not str or type(end) is not str or precision not in _PRECISIONS:
        raise Rejected("dates are not text, or the precision is unknown")
    basis = raw.get("basis", "stated")
    wording, rule = raw.get("wording"), raw.get("rule")
    if basis not in _BASES:
        raise Rejected("unknown basis")
    if wording is not None:
        batch.texts.append(wording)
    if rule is not None:
        batch.texts.append(rule)
    span: DateSpan = _make_span(
        _fromisoformat(start),
        _fromisoformat(end),
        precision,
        _bool(raw["approximate"]) if "approximate" in raw else False,
        wording,
        basis,
        rule,
    )
    span._check_end(_SPAN.end, span.end)
    if basis != "stated":  # the rule check can only fail then
        span._check_rule(_SPAN.rule, rule)
    return span


_QUANTITY_KEYS: Final = _key_set(Quantity)
_QUANTITY: Final = _fields(Quantity)
_make_quantity: Final = _MAKERS[Quantity]


def _quantity(raw: Json) -> Quantity:
    _object(raw, _QUANTITY_KEYS)
    quantity: Quantity = _make_quantity(
        raw["low"], raw["high"], _term(raw["qualifier"], _QUALIFIERS)
    )
    quantity._check(_QUANTITY.qualifier, quantity.qualifier)  # the bounds' types included
    return quantity


_ALIAS_KEYS: Final = _key_set(Alias)
_make_alias: Final = _MAKERS[Alias]


def _alias(raw: Json, batch: _Batch) -> Alias:
    _object(raw, _ALIAS_KEYS)
    name = raw["name"]
    batch.texts.append(name)
    return _make_alias(  # type: ignore[no-any-return]
        name,
        _term(raw["kind"], _ALIAS_KINDS) if "kind" in raw else "name",
        _bool(raw["external"]) if "external" in raw else False,
        _bool(raw["ambiguous"]) if "ambiguous" in raw else False,
    )


_ATTRIBUTION_KEYS: Final = _key_set(Attribution)
_make_attribution: Final = _MAKERS[Attribution]


def _attributions(value: Json, batch: _Batch) -> tuple[Attribution, ...]:
    """A non-empty array of who asserts something, and through whom."""
    if type(value) is not list or not value:
        raise Rejected("no attribution")
    records = []
    for raw in value:
        _object(raw, _ATTRIBUTION_KEYS)
        by = raw["by"]
        batch.slugs.append(by)
        via = _slug_tuple(raw["via"], batch) if "via" in raw else ()
        records.append(_make_attribution(by, via))
    return tuple(records)


def _texts_record(cls: type[T]) -> Callable[[Json, _Batch], T]:
    """A builder for a record whose fields are all required, non-empty texts."""
    allowed = _key_set(cls)
    names = [field.name for field in _fields(cls)]
    make = _MAKERS[cls]

    def build(raw: Json, batch: _Batch) -> T:
        _object(raw, allowed)
        values = [raw[name] for name in names]
        batch.texts.extend(values)
        return make(*values)  # type: ignore[no-any-return]

    return build


_erratum: Final = _texts_record(Erratum)
_external_fact: Final = _texts_record(ExternalFact)
_external_id: Final = _texts_record(ExternalId)


def _many(build: Callable[[Json, _Batch], T], value: Json, batch: _Batch) -> tuple[T, ...]:
    """The records of an array field."""
    return tuple([build(item, batch) for item in _list(value)])


_PARTICIPANT_KEYS: Final = _key_set(Participant)
_make_participant: Final = _MAKERS[Participant]


def _participants(value: Json, batch: _Batch) -> tuple[Participant, ...]:
    records = []
    slugs = batch.slugs
    for raw in _list(value):
        if type(raw) is not dict or not _PARTICIPANT_KEYS.issuperset(raw):
            raise Rejected("not an object of known fields")
        entity, role = raw["entity"], raw["role"]
        if role not in _ROLES:
            raise Rejected("unknown role")
        slugs.append(entity)
        records.append(_make_participant(entity, role))
    return tuple(records)


_LINK_KEYS: Final = _key_set(Link)
_make_link: Final = _MAKERS[Link]


def _link(raw: Json, batch: _Batch) -> Link:
    _object(raw, _LINK_KEYS)
    event = raw["event"]
    batch.slugs.append(event)
    return _make_link(_term(raw["relation"], _RELATIONS), event)  # type: ignore[no-any-return]


_COORDINATE_KEYS: Final = _key_set(Coordinates)


def _coordinates(raw: Json) -> Coordinates:
    """Few and varied: built through the class itself, so its validators run as written."""
    _object(raw, _COORDINATE_KEYS)
    numbers = [raw["latitude"], raw["longitude"], raw["precision_km"]]
    if not all(type(n) is float or type(n) is int for n in numbers):
        raise Rejected("a coordinate is not a number")
    latitude, longitude, precision = map(float, numbers)
    return Coordinates(
        latitude=latitude, longitude=longitude, precision_km=precision, source=raw["source"]
    )


# Records -----------------------------------------------------------------------------------


def _attested(raw: Json, batch: _Batch) -> tuple[Any, ...]:
    """The fields that end both an event and a figure: who asserts it, evidence, notes, errata."""
    return (
        _attributions(raw["asserted_by"], batch),
        _evidence_tuple(raw["evidence"], batch),
        _texts(raw["notes"], batch) if "notes" in raw else (),
        _many(_erratum, raw["errata"], batch) if "errata" in raw else (),
    )


_ENTITY_KEYS: Final = _key_set(Entity)
_ENTITY: Final = _fields(Entity)
_make_entity: Final = _MAKERS[Entity]


def _entity(raw: Json, batch: _Batch) -> Entity:
    _object(raw, _ENTITY_KEYS)
    texts = batch.texts
    entity_id, name, description = raw["id"], raw["name"], raw["description"]
    batch.slugs.append(entity_id)
    texts.append(name)
    texts.append(description)
    standalone = _optional_str(raw.get("standalone"))
    if standalone is not None:
        texts.append(standalone)
    coordinates = raw.get("coordinates")
    get = raw.get
    entity: Entity = _make_entity(
        entity_id,
        _term(raw["kind"], _ENTITY_KINDS),
        _optional_str(get("subtype")),
        name,
        _many(_alias, raw["aliases"], batch) if "aliases" in raw else (),
        description,
        _bool(raw["anonymous"]) if "anonymous" in raw else False,
        _optional_str(get("located_in")),
        _slug_tuple(raw["member_of"], batch) if "member_of" in raw else (),
        None if coordinates is None else _coordinates(coordinates),
        _many(_external_id, raw["external_ids"], batch) if "external_ids" in raw else (),
        _many(_external_fact, raw["external"], batch) if "external" in raw else (),
        standalone,
        _evidence_tuple(raw["evidence"], batch),
        _texts(raw["notes"], batch) if "notes" in raw else (),
        _many(_erratum, raw["errata"], batch) if "errata" in raw else (),
    )
    entity._check_subtype(_ENTITY.subtype, entity.subtype)
    entity._check_located_in(_ENTITY.located_in, entity.located_in)
    if entity.aliases:
        entity._check_aliases(_ENTITY.aliases, entity.aliases)
    return entity


_EVENT_KEYS: Final = _key_set(Event)
_EVENT: Final = _fields(Event)
_make_event: Final = _MAKERS[Event]


def _event(raw: Json, batch: _Batch) -> Event:
    _object(raw, _EVENT_KEYS)
    event_id, title, description = raw["id"], raw["title"], raw["description"]
    if type(title) is not str:  # the title check reads the text
        raise Rejected("title is not text")
    batch.slugs.append(event_id)
    batch.texts.append(title)
    batch.texts.append(description)
    event: Event = _make_event(
        event_id,
        _term(raw["kind"], _EVENT_KINDS),
        title,
        description,
        _span(raw["date"], batch),
        _slug_tuple(raw["places"], batch) if "places" in raw else (),
        _participants(raw["participants"], batch) if "participants" in raw else (),
        _slug_tuple(raw["figures"], batch) if "figures" in raw else (),
        _many(_link, raw["links"], batch) if "links" in raw else (),
        *_attested(raw, batch),
    )
    event._check_title(_EVENT.title, title)
    return event


_FIGURE_KEYS: Final = _key_set(Figure)
_FIGURE: Final = _fields(Figure)
_make_figure: Final = _MAKERS[Figure]


def _figure(raw: Json, batch: _Batch) -> Figure:
    _object(raw, _FIGURE_KEYS)
    figure_id = raw["id"]
    batch.slugs.append(figure_id)
    counted, unit, wording = raw["counted"], raw["unit"], raw["wording"]
    batch.texts.extend((counted, unit, wording))
    period = raw.get("period")
    breakdown = raw.get("breakdown")
    figure: Figure = _make_figure(
        figure_id,
        counted,
        _term(raw["measure"], _MEASURES) if "measure" in raw else "count",
        _quantity(raw["quantity"]),
        unit,
        wording,
        None if period is None else _span(period, batch),
        _slug_tuple(raw["places"], batch) if "places" in raw else (),
        _slug_tuple(raw["subjects"], batch) if "subjects" in raw else (),
        _slug_tuple(raw["parts"], batch) if "parts" in raw else (),
        None if breakdown is None else _term(breakdown, _BREAKDOWNS),
        *_attested(raw, batch),
    )
    figure._check_breakdown(_FIGURE.breakdown, breakdown)
    return figure


_SOURCE_KEYS: Final = _key_set(Source)


def _source(raw: Json, batch: _Batch) -> Source:
    """One per dataset: built through the class itself, so its validators run as written."""
    _object(raw, _SOURCE_KEYS)
    return Source(
        id=raw["id"],
        title=raw["title"],
        subtitle=_optional_str(raw.get("subtitle")),
        authors=_slug_tuple(raw["authors"], batch),
        publisher=raw["publisher"],
        language=raw["language"],
        published=_span(raw["published"], batch),
        url=_optional_str(raw.get("url")),
        sha256=raw["sha256"],
        evidence=_evidence_tuple(raw["evidence"], batch),
        notes=_texts(raw["notes"], batch) if "notes" in raw else (),
    )


_DATA_FILE_KEYS: Final = _key_set(DataFile)
_MANIFEST_KEYS: Final = _key_set(Manifest)


def _data_file(raw: Json) -> DataFile:
    _object(raw, _DATA_FILE_KEYS)
    if type(raw["records"]) is not int:
        raise Rejected("records is not a whole number")
    return DataFile(name=raw["name"], sha256=raw["sha256"], records=raw["records"])


def _manifest(raw: Json, batch: _Batch) -> Manifest:
    """One per dataset: built through the class itself, so its validators run as written."""
    _object(raw, _MANIFEST_KEYS)
    if type(raw["schema_version"]) is not int:
        raise Rejected("schema_version is not a whole number")
    return Manifest(
        name=raw["name"],
        version=raw["version"],
        schema_version=raw["schema_version"],
        article_sha256=raw["article_sha256"],
        files=tuple([_data_file(item) for item in _list(raw["files"])]),
    )


BUILDERS: Final[dict[type[Any], Callable[[Json, _Batch], Any]]] = {
    Entity: _entity,
    Event: _event,
    Figure: _figure,
    Source: _source,
    Manifest: _manifest,
}
"""The record classes the fast path builds, each with its builder."""


def build_one(raw: Json, cls: type[T]) -> T:
    """One record of ``cls`` from its parsed JSON, or :class:`Rejected` (or another error).

    ``raw`` is what :func:`json.loads` returns: plain dicts, lists, text, numbers, booleans
    and ``None``. Subclasses of these are refused or, with methods of their own, not judged
    as the model judges them; the loader never passes any.
    """
    batch = _Batch()
    record: T = BUILDERS[cls](raw, batch)
    batch.verify()
    return record


def build_many(raw: Json, cls: type[T]) -> tuple[T, ...]:
    """The records of a JSON array, all of ``cls``, or :class:`Rejected` (or another error).

    ``raw`` is what :func:`json.loads` returns, as for :func:`build_one`.
    """
    batch = _Batch()
    build = BUILDERS[cls]
    records = tuple([build(item, batch) for item in _list(raw)])
    batch.verify()
    return records
