"""The record model: frozen, slotted attrs classes for everything the dataset holds.

The three record kinds (:class:`Entity`, :class:`Event`, :class:`Figure`), the
:class:`Source` they come from and the :class:`Manifest` of a data folder are defined here;
the values they are made of (evidence, date spans, quantities ...) in
:mod:`syria_is_2024.values`, and re-exported here. Every field carries a validator and its
meaning (``metadata["meaning"]``). Validators check what a record can get wrong on its own;
checks that need the whole dataset (links that resolve, places that form a tree, parts that
fit their totals) live in :mod:`syria_is_2024.checks`.

The records print as one short line (``<Event battle-of-al-baghouz: battle, 2019-01/2019-03,
'...'>``); :func:`syria_is_2024.describe` shows one in full, and ``attrs.asdict`` gives its
values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs
from attrs import field, frozen

from . import validators as v
from .errors import InvalidRecordError, a_or_an
from .taxonomy import (
    ACLED_SUB_EVENT_TYPES_OF,
    SUBTYPES,
    AcledEventType,
    AcledSubEventType,
    Breakdown,
    Counts,
    EntityKind,
    EventKind,
    Measure,
    Status,
    UcdpViolence,
)
from .values import (
    ACTORS,
    LISTS,
    MAX_QUOTE_WORDS,
    MEANING,
    REFERS,
    Alias,
    Attribution,
    Coordinates,
    DateSpan,
    Erratum,
    Evidence,
    ExternalFact,
    ExternalId,
    Link,
    Participant,
    Quantity,
    RelatedSource,
    checked_field,
    flag_field,
    ids_field,
    month_end,
    nested_field,
    optional_field,
    optional_text_field,
    records_field,
    slug_field,
    term_field,
    text_field,
)
from .values import means as _means

__all__ = [
    "LISTS",
    "MAX_QUOTE_WORDS",
    "MEANING",
    "REFERS",
    "WHOLE",
    "Alias",
    "Attribution",
    "Change",
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
    "RelatedSource",
    "Release",
    "Source",
    "Withdrawal",
    "month_end",
]

_ID = "The record's id: a lowercase slug, unique across entities, events and figures, never reused."
_EVIDENCE = "Verbatim quotes from the article that support the record; at least one."
_NOTES = "Remarks on how the text was read: caveats and choices made in encoding it."
_ERRATA = "Evident errors of the article in what this record encodes, each with its likely reading."
_ASSERTED_BY = "Who says so, each attribution naming relays if any; at least one."
_PLACES = "Ids of the places where it happened or that it concerns (place entities)."
_STATUS = "How the article holds it: stated, reported, claimed, alleged, denied, hypothesised."
_EXTERNAL = "Facts on the record that do not come from the article, each with its source."
WHOLE: Final = "*"
"""The ``field`` of an external fact that covers a whole entity the article does not name."""


def _notes() -> Any:
    return field(default=(), converter=v.to_tuple, validator=v.texts, metadata=_means(_NOTES))


@frozen(kw_only=True, repr=False)
class Entity:
    """A person, organization, group, outlet or place named (or relied on unnamed) by the article.

    Places link to the place that contains them through ``located_in``; people and units to
    the bodies they belong to through ``member_of``. ``standalone`` explains an entity that no
    event or figure refers to.
    """

    id: str = slug_field(_ID)
    kind: EntityKind = term_field(EntityKind, "What sort of entity it is.")
    subtype: str | None = field(
        default=None,
        metadata=_means(
            "A finer kind, one of the subtypes of its kind (see Subtypes); required for places."
        ),
    )
    name: str = text_field("The main name of the entity, as the article writes it.")
    aliases: tuple[Alias, ...] = records_field(
        Alias, "Other names the entity answers to; lookups find it by any of them."
    )
    description: str = text_field("Who or what the entity is, in the dataset's words.")
    anonymous: bool = flag_field(
        "The article relies on the entity without naming it (an unnamed source)."
    )
    located_in: str | None = field(
        default=None,
        metadata=_means(
            "For a place: id of the place containing it; every chain ends at a country.", ("place",)
        ),
    )
    member_of: tuple[str, ...] = ids_field(
        "Ids of the organizations, groups or outlets the entity belongs to.",
        "organization",
        "group",
        "outlet",
    )
    regions: tuple[str, ...] = ids_field(
        "For a place: ids of the informal regions it lies in ('eastern Syria', the Badia), "
        "apart from its administrative chain.",
        "place",
    )
    coordinates: Coordinates | None = optional_field(
        v.instance(Coordinates), "For a place: a point and its precision, from outside the article."
    )
    external_ids: tuple[ExternalId, ...] = records_field(
        ExternalId, "Identifiers of the entity in other catalogues."
    )
    external: tuple[ExternalFact, ...] = records_field(
        ExternalFact,
        "Facts on the record that do not come from the article, with their origin; a fact on "
        f"field `{WHOLE}` marks the whole record as coming from outside it.",
    )
    standalone: str | None = optional_text_field(
        "Why the entity is kept although no event or figure refers to it."
    )
    evidence: tuple[Evidence, ...] = records_field(
        Evidence,
        "Verbatim quotes from the article that support the record; at least one, unless an "
        f"`external` fact on field `{WHOLE}` says the article does not name the entity (an "
        "administrative unit kept as the parent of a place the article names).",
    )
    notes: tuple[str, ...] = _notes()
    errata: tuple[Erratum, ...] = records_field(Erratum, _ERRATA)

    @subtype.validator
    def _check_subtype(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        allowed = SUBTYPES.get(self.kind, ())
        if value is not None and value not in allowed:
            v.fail(self, attribute, f"{value!r} is not a subtype of {self.kind!r}: {allowed}")
        if self.kind == "place" and value is None:
            v.fail(self, attribute, "a place needs a subtype (village, governorate, country ...)")

    @located_in.validator
    def _check_located_in(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            if self.kind != "place":
                v.fail(
                    self, attribute, f"only places are located in places, not {a_or_an(self.kind)}"
                )
            v.slug(self, attribute, value)
            if value == self.id:
                v.fail(self, attribute, "a place cannot contain itself")

    @coordinates.validator
    def _check_coordinates(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and self.kind != "place":
            v.fail(self, attribute, "only places carry coordinates")

    @evidence.validator
    def _check_evidence(self, attribute: attrs.Attribute[Any], value: tuple[Evidence, ...]) -> None:
        if not value and not any(fact.field == WHOLE for fact in self.external):
            v.fail(self, attribute, f"needs a quote, or an external fact on {WHOLE!r}")

    @aliases.validator
    def _check_aliases(self, attribute: attrs.Attribute[tuple[Alias, ...]], value: Any) -> None:
        names = [alias.name for alias in value]
        if len(set(names)) != len(names):
            v.fail(self, attribute, f"repeats a name: {names!r}")

    def __repr__(self) -> str:
        subtype = f" ({self.subtype})" if self.subtype else ""
        return f"<Entity {self.id}: {self.kind}{subtype}, {self.name!r}>"


@frozen(kw_only=True, repr=False)
class Event:
    """A dated happening the article reports, with who took part, where, and who says so."""

    id: str = slug_field(_ID)
    kind: EventKind = term_field(EventKind, "What sort of happening it is.")
    status: Status = term_field(Status, _STATUS)
    ongoing: bool = flag_field(
        "An ongoing situation or trend ('almost daily' attacks) rather than a single happening."
    )
    title: str = text_field("A one-line summary of at most 120 characters.")
    description: str = text_field("What happened, in the dataset's words.")
    date: DateSpan = nested_field(
        DateSpan, "When it happened, with its precision and how it was resolved."
    )
    places: tuple[str, ...] = ids_field(_PLACES, "place")
    participants: tuple[Participant, ...] = records_field(
        Participant, "The entities taking part, each with its role."
    )
    figures: tuple[str, ...] = ids_field("Ids of the figures that quantify the event.", "figures")
    links: tuple[Link, ...] = records_field(
        Link, "Relations to other events: part of, reports, follows, contradicts ..."
    )
    asserted_by: tuple[Attribution, ...] = records_field(Attribution, _ASSERTED_BY, required=True)
    external: tuple[ExternalFact, ...] = records_field(ExternalFact, _EXTERNAL)
    evidence: tuple[Evidence, ...] = records_field(Evidence, _EVIDENCE, required=True)
    notes: tuple[str, ...] = _notes()
    errata: tuple[Erratum, ...] = records_field(Erratum, _ERRATA)
    acled_event_type: AcledEventType | None = optional_field(
        v.one_of(AcledEventType),
        "The ACLED event type it would have (this dataset's coding, by docs/crosswalks.md);"
        " none where ACLED would not code it.",
    )
    acled_sub_event_type: AcledSubEventType | None = optional_field(
        v.one_of(AcledSubEventType),
        "The ACLED sub-event type, one of its event type's; given exactly when the type is.",
    )
    ucdp_violence: UcdpViolence | None = optional_field(
        v.one_of(UcdpViolence),
        "The UCDP GED type of violence it would count as (this dataset's coding); none where"
        " UCDP would not count it.",
    )

    @title.validator
    def _check_title(self, attribute: attrs.Attribute[str], value: str) -> None:
        if "\n" in value or len(value) > 120:
            v.fail(self, attribute, "a title is one line of at most 120 characters")

    @acled_sub_event_type.validator
    def _check_sub_event_type(
        self, attribute: attrs.Attribute[str | None], value: str | None
    ) -> None:
        kind = self.acled_event_type
        if (kind is None) != (value is None):
            v.fail(self, attribute, "an ACLED sub-event type is given exactly when its type is")
        if kind is not None and value not in ACLED_SUB_EVENT_TYPES_OF[kind]:
            v.fail(self, attribute, f"{value!r} is not a sub-event type of {kind!r}")

    def __repr__(self) -> str:
        return f"<Event {self.id}: {self.kind}, {self.date.edtf}, {self.title!r}>"


@frozen(kw_only=True, repr=False)
class Figure:
    """A number the article gives: what it counts, how much, when, where, and its parts.

    ``parts`` are the ids of figures that break this one down; ``breakdown`` says whether they
    are the whole (``complete``: they sum to it) or some of it (``partial``: 'including').
    """

    id: str = slug_field(_ID)
    counted: str = text_field("What the number counts or measures, in the dataset's words.")
    measure: Measure = term_field(
        Measure, "Whether the number is a count, a duration or a rank.", default="count"
    )
    counts: Counts | None = optional_field(
        v.one_of(Counts),
        "What a count counts (killed, attacks, members ...); only counts have one.",
    )
    status: Status = term_field(Status, _STATUS)
    quantity: Quantity = nested_field(Quantity, "The number, as bounds and a qualifier.")
    unit: str = text_field("The unit of the number (people, operations, years ...).")
    wording: str = text_field("The article's own words for the number.")
    period: DateSpan | None = optional_field(
        v.instance(DateSpan),
        "The time the number covers or refers to, where the text gives one; a figure "
        "without a period never matches a date window.",
    )
    places: tuple[str, ...] = ids_field(_PLACES, "place")
    actors: tuple[str, ...] = ids_field(
        "Ids of who did what is counted (the attackers), or whose people are counted.", *ACTORS
    )
    affected: tuple[str, ...] = ids_field(
        "Ids of who suffered what is counted: the killed, the targets, the detained.", *ACTORS
    )
    parts: tuple[str, ...] = ids_field("Ids of the figures that break this one down.", "figures")
    breakdown: Breakdown | None = optional_field(
        v.one_of(Breakdown),
        "Whether the parts make up the whole (`complete`) or some of it (`partial`); "
        "given exactly when parts are.",
    )
    asserted_by: tuple[Attribution, ...] = records_field(Attribution, _ASSERTED_BY, required=True)
    external: tuple[ExternalFact, ...] = records_field(ExternalFact, _EXTERNAL)
    evidence: tuple[Evidence, ...] = records_field(Evidence, _EVIDENCE, required=True)
    notes: tuple[str, ...] = _notes()
    errata: tuple[Erratum, ...] = records_field(Erratum, _ERRATA)

    @counts.validator
    def _check_counts(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if (value is None) == (self.measure == "count"):
            v.fail(self, attribute, "a count says what it counts; a duration or a rank does not")

    @breakdown.validator
    def _check_breakdown(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if (value is None) != (not self.parts):
            v.fail(self, attribute, "parts and breakdown go together: give both or neither")
        if self.id in self.parts:
            raise InvalidRecordError("Figure.parts", "a figure cannot be a part of itself")

    def __repr__(self) -> str:
        what = f"{self.measure} of {self.counts}" if self.counts else self.measure
        period = self.period.edtf if self.period else "no period"
        return f"<Figure {self.id}: {what}, {period}, {self.wording!r}>"


@frozen(kw_only=True, repr=False)
class Source:
    """The article the dataset is built from, and how its publication date was determined."""

    id: str = slug_field("The source's id, a lowercase slug.")
    title: str = text_field("The article's headline.")
    subtitle: str | None = optional_text_field("The article's subheading, if it has one.")
    authors: tuple[str, ...] = field(
        converter=v.to_tuple,
        validator=v.slugs,
        metadata=_means("Ids of the person entities who wrote it.", ("person",)),
    )
    publisher: str = slug_field("Id of the entity that published it.", ("organization", "outlet"))
    language: str = text_field(
        "The language of the text the dataset is built from, as a language tag."
    )
    published: DateSpan = nested_field(
        DateSpan, "When this edition was published (from outside the text: see `external`)."
    )
    written: DateSpan = nested_field(
        DateSpan,
        "When the text was written, inferred from it: the time relative dates and the present "
        "tense are resolved against.",
    )
    url: str | None = optional_field(v.url, "The address of this edition.")
    related: tuple[RelatedSource, ...] = records_field(
        RelatedSource, "Other editions of the text (the original it translates)."
    )
    external: tuple[ExternalFact, ...] = records_field(ExternalFact, _EXTERNAL)
    sha256: str = checked_field(
        v.sha256, "SHA-256 of the article's text, against which quotes can be verified."
    )
    evidence: tuple[Evidence, ...] = records_field(
        Evidence, "Quotes supporting the title, the authors and the date.", required=True
    )
    notes: tuple[str, ...] = _notes()

    def __repr__(self) -> str:
        return f"<Source {self.id}: {self.title!r}, {self.published.edtf}>"


@frozen(kw_only=True)
class DataFile:
    """A data file named in the manifest, with its SHA-256 and how many records it holds."""

    name: str = text_field("The file's name within the data folder.")
    sha256: str = checked_field(
        v.sha256, "SHA-256 of the file's bytes; a file that does not match is refused."
    )
    records: int = checked_field(
        v.whole, "How many records the file holds; any other count is refused."
    )


@frozen(kw_only=True)
class Manifest:
    """The registry of the bundled data: dataset name and version, and a hash for every file."""

    name: str = text_field("The dataset's name.")
    version: str = text_field("The dataset version, which is the package version.")
    schema_version: int = checked_field(
        v.whole, "The version of the record model the files follow."
    )
    article_sha256: str = checked_field(v.sha256, "SHA-256 of the article; it equals the source's.")
    files: tuple[DataFile, ...] = records_field(
        DataFile, "Every data file, with its hash and number of records.", required=True
    )


@frozen(kw_only=True)
class Change:
    """A record a release changed: which fields, and why."""

    id: str = slug_field("Id of the record that changed.")
    fields: tuple[str, ...] = field(
        converter=v.to_tuple,
        validator=[v.texts, v.non_empty],
        metadata=_means("The fields whose values changed."),
    )
    why: str = text_field("Why they changed, in a sentence or two.")


@frozen(kw_only=True)
class Withdrawal:
    """A record a release withdrew; its id is never reused and keeps resolving to this."""

    id: str = slug_field("Id of the withdrawn record.")
    replaced_by: tuple[str, ...] = ids_field("Ids of the records that replace it, if any.")
    why: str = text_field("Why it was withdrawn.")


@frozen(kw_only=True)
class Release:
    """What one dataset version added, changed and withdrew, record by record."""

    version: str = text_field("The dataset version.")
    date: dt.date = checked_field(v.date, "The day it was released.")
    added: tuple[str, ...] = ids_field("Ids of the records it added.")
    changed: tuple[Change, ...] = records_field(Change, "The records it changed, with the fields.")
    withdrawn: tuple[Withdrawal, ...] = records_field(Withdrawal, "The records it withdrew.")

    @property
    def number(self) -> tuple[int, ...]:
        """The version as numbers, for ordering releases (``(2, 0, 0)``)."""
        return tuple(int(part) for part in self.version.split(".") if part.isdigit())


Record = Entity | Event | Figure
"""Any of the three record kinds that share one id space."""
