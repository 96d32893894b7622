"""A verified, indexed, immutable set of records and the queries over it.

A :class:`Dataset` is built once (by the loader, or from records made in code) and refuses to
exist if the records are inconsistent. Lookups are dictionary hits on precomputed keys; filters
start from the smallest index that applies (participants, places, kinds or dates) and never
scan the whole dataset when a narrower index exists.
"""

from __future__ import annotations

import datetime as dt
import difflib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Final

from .checks import check_dataset
from .errors import (
    AmbiguousKeyError,
    ArgumentTypeError,
    LinkError,
    QueryError,
    UnknownKeyError,
    a_or_an,
)
from .keys import MAX_KEY_LENGTH, key_forms, name_owners
from .model import Entity, Erratum, Event, Figure, Manifest, Record, Source, month_end
from .taxonomy import ENTITY_KINDS, EVENT_KINDS, MEASURES

__all__ = ["Dataset", "DateArg"]

DateArg = dt.date | str | None
"""A window bound: a date, ISO text (``2023``, ``2023-04`` or ``2023-04-30``), or ``None``."""

_SUGGESTIONS: Final = 5
_SUGGEST_CHARS: Final = 60


def parse_bound(value: DateArg, name: str, *, end: bool) -> dt.date | None:
    """Turn a window bound into a date; a year or month given as text covers all of it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a date, an ISO date string or None, not {value!r}")
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            first = dt.date.fromisoformat(text + "-01")
            if not end:
                return first
            return month_end(first)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(
            f"{name}={value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


def _window(start: DateArg, end: DateArg) -> tuple[dt.date | None, dt.date | None]:
    low = parse_bound(start, "start", end=False)
    high = parse_bound(end, "end", end=True)
    if low is not None and high is not None and high < low:
        raise QueryError(f"end {high.isoformat()} is before start {low.isoformat()}")
    return low, high


def _vocabulary(value: str | Collection[str] | None, name: str, allowed: Iterable[str]) -> set[str]:
    if value is None:
        return set()
    wanted = {value} if isinstance(value, str) else value
    if not isinstance(wanted, Collection) or not all(isinstance(v, str) for v in wanted):
        raise ArgumentTypeError(f"{name} must be a string or a collection of strings")
    known = set(allowed)
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise QueryError(f"unknown {name} {', '.join(map(repr, unknown))}; known: {sorted(known)}")
    return set(wanted)


def _check_id(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{a_or_an(what)} id must be a string, not {type(value).__name__}")


def _inside(start: dt.date, end: dt.date, low: dt.date | None, high: dt.date | None) -> bool:
    return (low is None or start >= low) and (high is None or end <= high)


def _minus(day: dt.date, span: dt.timedelta) -> dt.date:
    """``day - span``, stopping at the first day of the calendar."""
    return day - span if day - dt.date.min > span else dt.date.min


class _SpanIndex:
    """Positions of spans sorted by start, bucketed by length so an overlap query reads little.

    A span of length ``L`` in the bucket of lengths up to ``2**k`` days can overlap a window
    only if it starts no earlier than ``2**k`` days before the window; within each bucket
    a bisection finds exactly those candidates.
    """

    __slots__ = ("_buckets", "_spans")

    def __init__(self, spans: Sequence[tuple[dt.date, dt.date]]) -> None:
        self._spans = spans
        grouped: dict[int, list[int]] = {}
        for position, (start, end) in enumerate(spans):
            grouped.setdefault(((end - start).days + 1).bit_length(), []).append(position)
        self._buckets = []
        start_of = [start for start, _ in spans]
        for bits, positions in sorted(grouped.items()):
            positions.sort(key=start_of.__getitem__)
            starts = [start_of[p] for p in positions]
            self._buckets.append((dt.timedelta(days=2**bits), starts, positions))

    def overlapping(self, start: dt.date | None, end: dt.date | None) -> list[int]:
        """Positions of the spans that share a day with the window, in no particular order."""
        found: list[int] = []
        spans = self._spans
        for reach, starts, positions in self._buckets:
            lo = 0 if start is None else bisect_left(starts, _minus(start, reach))
            hi = len(starts) if end is None else bisect_right(starts, end)
            if start is None:
                found.extend(positions[lo:hi])
            else:
                found.extend(p for p in positions[lo:hi] if spans[p][1] >= start)
        return found


class Dataset:
    """The records of one dataset version, checked together and indexed for queries.

    Build one with :func:`syria_is_2024.load_dataset` or :meth:`Dataset.from_records`; the
    module-level accessors use the bundled one. Every method returns immutable records and
    tuples, shared safely between callers.
    """

    __slots__ = (
        "_children",
        "_entities",
        "_entity_ids",
        "_entity_keys",
        "_event_ids",
        "_events",
        "_events_by_entity",
        "_events_by_kind",
        "_events_by_place",
        "_figure_ids",
        "_figures",
        "_manifest",
        "_source",
        "_spans",
        "_subtree_cache",
        "_subtree_counts",
    )

    def __init__(
        self,
        source: Source,
        entities: Sequence[Entity],
        events: Sequence[Event],
        figures: Sequence[Figure],
        manifest: Manifest | None = None,
    ) -> None:
        self._entities = tuple(sorted(entities, key=attrgetter("kind", "id")))
        owners = name_owners(self._entities)
        problems = check_dataset(source, entities, events, figures, owners)
        if problems:
            raise LinkError(problems)
        self._source = source
        self._manifest = manifest
        # By start, then end, then id: three stable sorts on one attribute each are quicker
        # than one sort on a key tuple built for every event.
        ordered = sorted(events, key=attrgetter("id"))
        ordered.sort(key=attrgetter("date.end"))
        ordered.sort(key=attrgetter("date.start"))
        self._events = tuple(ordered)
        self._figures = tuple(sorted(figures, key=attrgetter("id")))
        # One dictionary per kind: a lookup returns what it finds without reading the record.
        self._entity_ids: dict[str, Entity] = {e.id: e for e in self._entities}
        self._event_ids: dict[str, Event] = {e.id: e for e in self._events}
        self._figure_ids: dict[str, Figure] = {f.id: f for f in self._figures}
        # Each name key and the ids holding it (in the order the entities were read).
        self._entity_keys: Mapping[str, Mapping[str, bool]] = owners
        self._children: dict[str, list[str]] = {}
        for entity in self._entities:
            if entity.located_in is not None:
                self._children.setdefault(entity.located_in, []).append(entity.id)
        by_entity: defaultdict[str, list[int]] = defaultdict(list)
        by_place: defaultdict[str, list[int]] = defaultdict(list)
        by_kind: defaultdict[str, list[int]] = defaultdict(list)
        for position, event in enumerate(self._events):
            participants = event.participants
            if len(participants) == 1:
                by_entity[participants[0].entity].append(position)
            else:  # an entity in several roles is indexed once
                for entity_id in {p.entity for p in participants}:
                    by_entity[entity_id].append(position)
            for place in event.places:
                by_place[place].append(position)
            by_kind[event.kind].append(position)
        self._events_by_entity: dict[str, list[int]] = dict(by_entity)
        self._events_by_place: dict[str, list[int]] = dict(by_place)
        self._events_by_kind: dict[str, list[int]] = dict(by_kind)
        self._spans = _SpanIndex([(e.date.start, e.date.end) for e in self._events])
        self._subtree_cache: dict[str, frozenset[str]] = {}
        self._subtree_counts: dict[frozenset[str], int] = {}

    @property
    def source(self) -> Source:
        """The article the records come from."""
        return self._source

    @property
    def manifest(self) -> Manifest | None:
        """The manifest the data was loaded with (``None`` for records built in code)."""
        return self._manifest

    @classmethod
    def from_records(
        cls,
        source: Source,
        entities: Iterable[Entity],
        events: Iterable[Event],
        figures: Iterable[Figure],
    ) -> Dataset:
        """Build a dataset from records made in code, validated exactly as loaded ones are.

        Each record goes through the loader's converter (so wrong types are refused as in a
        file) and then through the same whole-dataset checks.
        """
        from .loader import revalidate

        return cls(
            revalidate(source, Source, "source"),
            [revalidate(e, Entity, "entities") for e in entities],
            [revalidate(e, Event, "events") for e in events],
            [revalidate(f, Figure, "figures") for f in figures],
        )

    # Lookups -----------------------------------------------------------------------------

    def entity(self, key: str) -> Entity:
        """The entity with this id, name or alias (case, diacritics, spacing and 'al-' ignored)."""
        if not isinstance(key, str):
            raise ArgumentTypeError(f"an entity key must be a string, not {type(key).__name__}")
        found = self._entity_ids.get(key)
        if found is not None:
            return found
        if len(key) <= MAX_KEY_LENGTH:
            for form in key_forms(key):
                owners = self._entity_keys.get(form)
                if owners is not None:
                    if len(owners) > 1:
                        raise AmbiguousKeyError(key, list(owners))
                    return self._entity(next(iter(owners)))
        raise UnknownKeyError("entity", key, self._suggest_entities(key))

    def _entity(self, entity_id: str) -> Entity:
        return self._entity_ids[entity_id]

    def _suggest_entities(self, key: str) -> list[str]:
        forms = key_forms(key[:_SUGGEST_CHARS])
        if not forms[0]:
            return []
        close = difflib.get_close_matches(forms[0], self._entity_keys, _SUGGESTIONS * 2, 0.7)
        names: list[str] = []
        for match in close:
            for owner in self._entity_keys[match]:
                name = self._entity(owner).name
                if name not in names:
                    names.append(name)
        return names[:_SUGGESTIONS]

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        _check_id(event_id, "event")
        found = self._event_ids.get(event_id)
        if found is None:
            raise self._unknown(event_id, "event", self._event_ids)
        return found

    def figure(self, figure_id: str) -> Figure:
        """The figure with this id."""
        _check_id(figure_id, "figure")
        found = self._figure_ids.get(figure_id)
        if found is None:
            raise self._unknown(figure_id, "figure", self._figure_ids)
        return found

    def record(self, record_id: str) -> Record:
        """The entity, event or figure with this id (ids are unique across the three)."""
        _check_id(record_id, "record")
        kinds = (self._entity_ids, self._event_ids, self._figure_ids)
        for ids in kinds:
            found = ids.get(record_id)
            if found is not None:
                return found
        raise self._unknown(record_id, "record", [i for ids in kinds for i in ids])

    @staticmethod
    def _unknown(record_id: str, what: str, pool: Iterable[str]) -> UnknownKeyError:
        close = difflib.get_close_matches(record_id[:_SUGGEST_CHARS].lower(), pool, _SUGGESTIONS)
        return UnknownKeyError(what, record_id, close)

    # Collections -------------------------------------------------------------------------

    def entities(self, kind: str | Collection[str] | None = None) -> tuple[Entity, ...]:
        """All entities, or those of the given kind(s), sorted by kind and id."""
        kinds = _vocabulary(kind, "kind", ENTITY_KINDS)
        if not kinds:
            return self._entities
        return tuple(e for e in self._entities if e.kind in kinds)

    def events(
        self,
        start: DateArg = None,
        end: DateArg = None,
        *,
        involving: str | None = None,
        at: str | None = None,
        kind: str | Collection[str] | None = None,
        within: bool = False,
    ) -> tuple[Event, ...]:
        """Events in chronological order, filtered by date window, participant, place and kind.

        An event matches a window when its date span shares at least one day with it, or, with
        ``within=True``, when its whole span lies inside the window (so a happening dated only
        to "2018-2024" does not answer a question about 2023). ``at`` includes every place
        located within the given one.
        """
        low, high = _window(start, end)
        if within:
            return tuple(
                e
                for e in self.events(low, high, involving=involving, at=at, kind=kind)
                if _inside(e.date.start, e.date.end, low, high)
            )
        kinds = _vocabulary(kind, "kind", EVENT_KINDS)
        candidates: list[Sequence[int]] = []
        entity_id = None
        if involving is not None:
            entity_id = self.entity(involving).id
            candidates.append(self._events_by_entity.get(entity_id, ()))
        places = None
        if at is not None:
            places = self.place_subtree(at)
            # Build the place index's list only when it may be the shortest: for a country it
            # would hold most of the dataset, while one participant's events are few.
            if not candidates or self._events_under(places) < len(candidates[0]):
                candidates.append(self._events_at(places))
        if kinds:
            bound = sum(len(self._events_by_kind.get(k, ())) for k in kinds)
            if not candidates or bound < min(map(len, candidates)):
                candidates.append(sorted(p for k in kinds for p in self._events_by_kind.get(k, ())))
        if candidates:
            base: Sequence[int] = min(candidates, key=len)
        elif low is None and high is None:
            return self._events
        else:
            base = self._spans.overlapping(low, high)
        events = self._events
        chosen = []
        for position in base:
            event = events[position]
            if (
                (not kinds or event.kind in kinds)
                and (entity_id is None or any(p.entity == entity_id for p in event.participants))
                and (places is None or not places.isdisjoint(event.places))
                and event.date.overlaps(low, high)
            ):
                chosen.append(position)
        chosen.sort()
        return tuple(events[p] for p in chosen)

    def _events_under(self, subtree: frozenset[str]) -> int:
        """An upper bound of the events at the places of a subtree (cached per subtree)."""
        count = self._subtree_counts.get(subtree)
        if count is None:
            count = sum(len(self._events_by_place.get(m, ())) for m in subtree)
            self._subtree_counts[subtree] = count
        return count

    def _events_at(self, subtree: frozenset[str]) -> list[int]:
        positions: set[int] = set()
        for member in subtree:
            positions.update(self._events_by_place.get(member, ()))
        return sorted(positions)

    def place_subtree(self, key: str) -> frozenset[str]:
        """The ids of a place and of every place located within it, at any depth."""
        place = self.entity(key)
        if place.kind != "place":
            raise QueryError(f"{key!r} is {a_or_an(place.kind)}, not a place")
        cached = self._subtree_cache.get(place.id)
        if cached is None:
            found, stack = [place.id], [place.id]
            while stack:
                children = self._children.get(stack.pop(), ())
                found.extend(children)
                stack.extend(children)
            cached = self._subtree_cache[place.id] = frozenset(found)
        return cached

    def figures(
        self,
        start: DateArg = None,
        end: DateArg = None,
        *,
        subject: str | None = None,
        at: str | None = None,
        measure: str | Collection[str] | None = None,
        within: bool = False,
    ) -> tuple[Figure, ...]:
        """Figures sorted by id, filtered by period window, subject, place and measure.

        A figure without a period never matches a date window; with ``within=True`` its whole
        period must lie inside the window.
        """
        low, high = _window(start, end)
        measures = _vocabulary(measure, "measure", MEASURES)
        subject_id = None if subject is None else self.entity(subject).id
        places = None if at is None else self.place_subtree(at)
        chosen = []
        for figure in self._figures:
            if measures and figure.measure not in measures:
                continue
            if subject_id is not None and subject_id not in figure.subjects:
                continue
            if places is not None and places.isdisjoint(figure.places):
                continue
            if (low is not None or high is not None) and (
                figure.period is None
                or not figure.period.overlaps(low, high)
                or (within and not _inside(figure.period.start, figure.period.end, low, high))
            ):
                continue
            chosen.append(figure)
        return tuple(chosen)

    # Truth handling ----------------------------------------------------------------------

    def conflicting_accounts(self) -> tuple[tuple[Event, ...], ...]:
        """Groups of events that give conflicting accounts of one happening, each chronological.

        Two events are in one group when either links to the other as ``contradicts``.
        """
        group_of: dict[str, set[str]] = {}
        for event in self._events:
            for link in event.links:
                if link.relation == "contradicts":
                    merged = group_of.get(event.id, {event.id}) | group_of.get(
                        link.event, {link.event}
                    )
                    for member in merged:
                        group_of[member] = merged
        groups = {frozenset(g) for g in group_of.values()}
        order = {e.id: n for n, e in enumerate(self._events)}
        ranked = sorted(sorted(g, key=order.__getitem__) for g in groups)
        return tuple(
            tuple(self.event(i) for i in g) for g in sorted(ranked, key=lambda g: order[g[0]])
        )

    def errata(self) -> tuple[tuple[Record, Erratum], ...]:
        """Every flagged error of the article, with the record that carries it."""
        records: tuple[Record, ...] = (*self._entities, *self._events, *self._figures)
        return tuple((record, erratum) for record in records for erratum in record.errata)

    def __repr__(self) -> str:
        version = self.manifest.version if self.manifest else "unversioned"
        return (
            f"<Dataset {version}: {len(self._entities)} entities, {len(self._events)} events, "
            f"{len(self._figures)} figures>"
        )
