"""A verified, immutable set of records and the queries over it.

A :class:`Dataset` is built once (by the loader, or from records made in code) and refuses to
exist if the records are inconsistent. Lookups by id or name are dictionary hits; filters scan
the records, which for a dataset of this size takes well under a millisecond.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs

from .checks import check_dataset, check_releases
from .errors import (
    AmbiguousKeyError,
    ArgumentTypeError,
    InvalidRecordError,
    LinkError,
    QueryError,
    SchemaError,
    UnknownKeyError,
    WithdrawnError,
    a_or_an,
)
from .keys import MAX_KEY_LENGTH, key_forms, loose_key, name_owners, plain_key
from .model import (
    REFERS,
    Entity,
    Erratum,
    Event,
    Figure,
    Manifest,
    Record,
    Release,
    Source,
    Withdrawal,
)
from .query import DateArg, among, check_id, flag, kept, matches, window
from .taxonomy import COUNTS, ENTITY_KINDS, EVENT_KINDS, MEASURES, STATUSES

T = TypeVar("T")

_SUGGESTIONS: Final = 5
_SUGGEST_CHARS: Final = 60


def _references(record: Any) -> Iterator[str]:
    """Every id a record names through a field that holds ids, at any depth."""
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.metadata.get(REFERS):
            yield from (value,) if isinstance(value, str) else value or ()
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)):
                yield from _references(item)


def _is_control(ch: str) -> bool:
    """A control character that is not white space, or a lone surrogate."""
    return (ch < " " or "\x7f" <= ch <= "\x9f" or "\ud800" <= ch <= "\udfff") and not ch.isspace()


def _closure(root: str, children: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """``root`` and everything under it in a tree (or forest) given as each node's children."""
    found, stack = {root}, [root]
    while stack:
        below = [c for c in children.get(stack.pop(), ()) if c not in found]
        found.update(below)
        stack.extend(below)
    return frozenset(found)


def _records_of(cls: type[Any], values: Iterable[Any], label: str) -> tuple[Any, ...]:
    """The values as a tuple, each checked to be a ``cls``; ``label`` names the argument."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ArgumentTypeError(f"{label} must be a collection of {cls.__name__} records")
    records = tuple(values)
    for record in records:
        if not isinstance(record, cls):
            raise ArgumentTypeError(
                f"{label}: expected {a_or_an(cls.__name__)}, got {type(record).__name__}"
            )
    return records


def _validate(value: object) -> None:
    """Run the model's validators on a value and everything nested in it."""
    cls = type(value)
    if attrs.has(cls):
        attrs.validate(value)  # type: ignore[arg-type]
        for field in attrs.fields(cls):
            _validate(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            _validate(item)


def _revalidated(record: Any, label: str) -> None:
    """Check a record made in code as the loader checks one read from a file."""
    try:
        _validate(record)
    except InvalidRecordError as error:
        where = f"{label} (built in code)"
        raise SchemaError(where, getattr(record, "id", None), None, [str(error)]) from None


class Dataset:
    """The records of one dataset version, checked together, immutable.

    Build one with :func:`syria_is_2024.load_dataset` or :meth:`Dataset.from_records`; the
    module-level accessors use the bundled one. Every method returns immutable records and
    tuples, shared safely between callers; the dataset itself refuses any assignment.
    """

    __slots__ = (
        "_children",
        "_entities",
        "_entity_ids",
        "_entity_keys",
        "_event_ids",
        "_events",
        "_figure_ids",
        "_figures",
        "_loose_keys",
        "_manifest",
        "_members",
        "_releases",
        "_source",
        "_withdrawn",
    )
    _children: Mapping[str, tuple[str, ...]]
    _entities: tuple[Entity, ...]
    _entity_ids: Mapping[str, Entity]
    _entity_keys: Mapping[str, Mapping[str, bool]]
    _event_ids: Mapping[str, Event]
    _events: tuple[Event, ...]
    _figure_ids: Mapping[str, Figure]
    _figures: tuple[Figure, ...]
    _loose_keys: Mapping[str, tuple[str, ...]]
    _manifest: Manifest | None
    _members: Mapping[str, tuple[str, ...]]
    _releases: tuple[Release, ...]
    _source: Source
    _withdrawn: Mapping[str, tuple[Withdrawal, str]]

    def __init__(
        self,
        source: Source,
        entities: Iterable[Entity],
        events: Iterable[Event],
        figures: Iterable[Figure],
        manifest: Manifest | None = None,
        releases: Iterable[Release] = (),
    ) -> None:
        if not isinstance(source, Source):
            raise ArgumentTypeError(f"source: expected a Source, got {type(source).__name__}")
        if manifest is not None and not isinstance(manifest, Manifest):
            raise ArgumentTypeError(f"manifest: expected a Manifest, got {type(manifest).__name__}")
        entity_records: tuple[Entity, ...] = _records_of(Entity, entities, "entities")
        event_records: tuple[Event, ...] = _records_of(Event, events, "events")
        figure_records: tuple[Figure, ...] = _records_of(Figure, figures, "figures")
        history: tuple[Release, ...] = _records_of(Release, releases, "releases")
        ordered = sorted(entity_records, key=lambda e: (e.kind, e.id))
        owners = name_owners(ordered)
        problems = check_dataset(source, entity_records, event_records, figure_records, owners)
        current = {e.id for e in ordered} | {e.id for e in event_records}
        problems += check_releases(history, current | {f.id for f in figure_records})
        if problems:
            raise LinkError(problems)
        children: dict[str, list[str]] = {}  # the places within a place or a region
        members: dict[str, list[str]] = {}  # the members of a body
        loose: dict[str, list[str]] = {}  # each name's loose key, for suggestions
        for entity in ordered:
            for parent in filter(None, (entity.located_in, *entity.regions)):
                children.setdefault(parent, []).append(entity.id)
            for body in entity.member_of:
                members.setdefault(body, []).append(entity.id)
            for name in (entity.name, *(alias.name for alias in entity.aliases)):
                loose.setdefault(loose_key(name), []).append(entity.id)
        chronological = sorted(event_records, key=lambda e: (e.date.start, e.date.end, e.id))
        set_ = object.__setattr__
        set_(self, "_source", source)
        set_(self, "_manifest", manifest)
        set_(self, "_entities", tuple(ordered))
        set_(self, "_events", tuple(chronological))
        set_(self, "_figures", tuple(sorted(figure_records, key=lambda f: f.id)))
        set_(self, "_entity_ids", {e.id: e for e in ordered})
        set_(self, "_event_ids", {e.id: e for e in chronological})
        set_(self, "_figure_ids", {f.id: f for f in self._figures})
        # Each name key and the ids holding it, in the entities' order.
        set_(self, "_entity_keys", owners)
        set_(self, "_children", {parent: tuple(ids) for parent, ids in children.items()})
        set_(self, "_members", {body: tuple(ids) for body, ids in members.items()})
        set_(self, "_loose_keys", {k: tuple(dict.fromkeys(ids)) for k, ids in loose.items() if k})
        set_(self, "_releases", tuple(sorted(history, key=lambda r: r.number)))
        set_(self, "_withdrawn", {w.id: (w, r.version) for r in history for w in r.withdrawn})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Dataset is immutable: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Dataset is immutable: {name!r} cannot be deleted")

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
        releases: Iterable[Release] = (),
    ) -> Dataset:
        """Build a dataset from records made in code, validated exactly as loaded ones are.

        Every record runs the model's validators again (so one built with validators switched
        off is refused as it would be in a file), then the whole-dataset checks run.
        """
        given = {
            "entities": _records_of(Entity, entities, "entities"),
            "events": _records_of(Event, events, "events"),
            "figures": _records_of(Figure, figures, "figures"),
            "releases": _records_of(Release, releases, "releases"),
        }
        if isinstance(source, Source):
            _revalidated(source, "source")
        for label, records in given.items():
            for record in records:
                _revalidated(record, label)
        return cls(source, given["entities"], given["events"], given["figures"], None, releases)

    # Lookups -----------------------------------------------------------------------------

    def entity(self, key: str) -> Entity:
        """The entity with this id, name or alias (case, diacritics, spacing and 'al-' ignored)."""
        if not isinstance(key, str):
            raise ArgumentTypeError(f"an entity key must be a string, not {type(key).__name__}")
        found = self._entity_ids.get(key)
        if found is not None:
            return found
        if any(_is_control(ch) for ch in key):
            raise UnknownKeyError("entity", key)  # no name holds a control character
        if len(key) <= MAX_KEY_LENGTH:
            for form in key_forms(key):
                owners = self._entity_keys.get(form)
                if owners is not None:
                    if len(owners) > 1:
                        raise AmbiguousKeyError(key, list(owners))
                    return self._entity_ids[next(iter(owners))]
        if key in self._withdrawn:
            raise self._unknown(key, "entity", ())
        raise UnknownKeyError("entity", key, self._suggest_entities(key))

    def _suggest_entities(self, key: str) -> list[str]:
        """Close names, the closest first.

        First the names spelt alike once generic words ("governorate") are dropped, then once
        vowels are dropped too ("Dayr az Zawr" and Deir Ezzor), then those a few letters away.
        """
        text = key[:_SUGGEST_CHARS]
        forms, loose = key_forms(text), loose_key(text)
        if not forms[0]:
            return []
        owners = [*self._entity_keys.get(plain_key(text), ()), *self._loose_keys.get(loose, ())]
        for keys, form in ((self._entity_keys, forms[0]), (self._loose_keys, loose)):
            close = difflib.get_close_matches(form, keys, _SUGGESTIONS * 2, 0.7)
            owners += [owner for match in close for owner in keys[match]]
        names = dict.fromkeys(self._entity_ids[owner].name for owner in owners)  # distinct
        return list(names)[:_SUGGESTIONS]

    def search(self, text: str) -> tuple[Entity, ...]:
        """The entities whose id, name or an alias contains ``text``, sorted by kind and id.

        Names and text are compared as lookup keys: case, diacritics, punctuation, spacing and
        "al-" are ignored, so ``search("deir ez")`` finds every name with "Deir Ezzor" in it.
        """
        if not isinstance(text, str):
            raise ArgumentTypeError(f"search text must be a string, not {type(text).__name__}")
        forms = key_forms(text[: MAX_KEY_LENGTH + 1])
        if not forms[0]:
            raise QueryError(f"search text {text[:80]!r} holds no letter or digit")
        if len(text) > MAX_KEY_LENGTH or any(_is_control(ch) for ch in text):
            return ()  # no name is that long or holds a control character
        keys = self._entity_keys.items()
        hits = {i for key, ids in keys if any(form in key for form in forms) for i in ids}
        return tuple(e for e in self._entities if e.id in hits)

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        return self._by_id(self._event_ids, event_id, "event")

    def figure(self, figure_id: str) -> Figure:
        """The figure with this id."""
        return self._by_id(self._figure_ids, figure_id, "figure")

    def _by_id(self, ids: Mapping[str, T], record_id: str, what: str) -> T:
        check_id(record_id, what)
        found = ids.get(record_id)
        if found is None:
            raise self._unknown(record_id, what, ids)
        return found

    def record(self, record_id: str) -> Record:
        """The entity, event or figure with this id (ids are unique across the three)."""
        check_id(record_id, "record")
        kinds: tuple[Mapping[str, Record], ...] = (
            self._entity_ids,
            self._event_ids,
            self._figure_ids,
        )
        for ids in kinds:
            found = ids.get(record_id)
            if found is not None:
                return found
        raise self._unknown(record_id, "record", [i for ids in kinds for i in ids])

    def _unknown(self, record_id: str, what: str, pool: Iterable[str]) -> UnknownKeyError:
        if record_id in self._withdrawn:
            return WithdrawnError(what, record_id, *self._withdrawn[record_id])
        close = difflib.get_close_matches(record_id[:_SUGGEST_CHARS].lower(), pool, _SUGGESTIONS)
        return UnknownKeyError(what, record_id, close)

    def changes(self, since: str | None = None) -> tuple[Release, ...]:
        """The releases after version ``since`` (all of them for ``None``), oldest first.

        Each says which records it added, which it changed (and which fields, and why) and
        which it withdrew; a withdrawn id keeps raising :class:`WithdrawnError` saying why.
        """
        if since is None:
            return self._releases
        if not isinstance(since, str):
            raise ArgumentTypeError(f"since must be a version string, not {type(since).__name__}")
        known = [r.version for r in self._releases]
        if since not in known:
            raise QueryError(f"no release {since!r}; known: {', '.join(known)}")
        floor = next(r.number for r in self._releases if r.version == since)
        return tuple(r for r in self._releases if r.number > floor)

    # Collections -------------------------------------------------------------------------

    def entities(self, kind: str | Collection[str] | None = None) -> tuple[Entity, ...]:
        """All entities, or those of the given kind(s), sorted by kind and id."""
        tests: list[Callable[[Entity], bool]] = []
        among(tests, "kind", kind, ENTITY_KINDS, lambda e: e.kind)
        return kept(self._entities, tests)

    def events(
        self,
        start: DateArg = None,
        end: DateArg = None,
        *,
        involving: str | None = None,
        at: str | None = None,
        kind: str | Collection[str] | None = None,
        status: str | Collection[str] | None = None,
        ongoing: bool | None = None,
        within: bool = False,
        members: bool = False,
    ) -> tuple[Event, ...]:
        """Events in chronological order, filtered by date window, participant, place and kind.

        An event matches a window when its date span shares at least one day with it, or, with
        ``within=True``, when its whole span lies inside the window (so a happening dated only
        to "2018-2024" does not answer a question about 2023). ``at`` includes every place
        located within the given one. ``status`` keeps the events the article holds so
        (``claimed`` ...); ``ongoing=False`` leaves out ongoing situations and trends.
        ``members=True`` keeps the events of the ``involving`` entity's members too, at any
        depth (the Islamic State's leaders, outlets and cells). Vocabulary terms ignore case.
        """
        tests: list[Callable[[Event], bool]] = []
        bounds = window(start, end, within)
        if bounds is not None:
            tests.append(lambda e: matches(e.date, *bounds))
        parties = self._parties(involving, members, "involving")
        if parties is not None:
            tests.append(lambda e: any(p.entity in parties for p in e.participants))
        if at is not None:
            places = self.place_subtree(at)
            tests.append(lambda e: not places.isdisjoint(e.places))
        among(tests, "kind", kind, EVENT_KINDS, lambda e: e.kind)
        among(tests, "status", status, STATUSES, lambda e: e.status)
        if flag(ongoing, "ongoing") is not None:
            tests.append(lambda e: e.ongoing is ongoing)
        return kept(self._events, tests)

    def place_subtree(self, key: str) -> frozenset[str]:
        """The ids of a place and of every place within it, at any depth.

        A place lies within another when it is located in it, or when it lists it among its
        informal regions (Daraa lies within "southern Syria").
        """
        place = self.entity(key)
        if place.kind != "place":
            raise QueryError(f"{key!r} is {a_or_an(place.kind)}, not a place")
        return _closure(place.id, self._children)

    def _parties(self, key: str | None, members: bool, name: str) -> frozenset[str] | None:
        """The entity a participant filter names, with its members at any depth if asked."""
        if flag(members, "members") and key is None:
            raise QueryError(f"members=True needs {name}=: whose members?")
        if key is None:
            return None
        party = self.entity(key)
        if party.kind == "place":
            raise QueryError(f"{name}={key!r} is a place, which takes part in nothing; use at=")
        return _closure(party.id, self._members) if members else frozenset({party.id})

    def figures(
        self,
        start: DateArg = None,
        end: DateArg = None,
        *,
        subject: str | None = None,
        at: str | None = None,
        measure: str | Collection[str] | None = None,
        counts: str | Collection[str] | None = None,
        status: str | Collection[str] | None = None,
        within: bool = False,
        members: bool = False,
    ) -> tuple[Figure, ...]:
        """Figures sorted by id, filtered by period window, subject, place and what they count.

        A figure without a period never matches a date window; with ``within=True`` its whole
        period must lie inside the window. ``subject`` keeps the figures whose actors or
        affected include the entity (with ``members=True``, or one of its members at any
        depth); ``counts`` what a count counts (``killed`` ...).
        """
        tests: list[Callable[[Figure], bool]] = []
        bounds = window(start, end, within)
        if bounds is not None:
            tests.append(lambda f: f.period is not None and matches(f.period, *bounds))
        parties = self._parties(subject, members, "subject")
        if parties is not None:
            tests.append(lambda f: not parties.isdisjoint((*f.actors, *f.affected)))
        if at is not None:
            places = self.place_subtree(at)
            tests.append(lambda f: not places.isdisjoint(f.places))
        among(tests, "measure", measure, MEASURES, lambda f: f.measure)
        among(tests, "counts", counts, COUNTS, lambda f: f.counts)
        among(tests, "status", status, STATUSES, lambda f: f.status)
        return kept(self._figures, tests)

    def referenced_by(self, record_id: str) -> tuple[Record, ...]:
        """Every record whose links, parts, places, participants or attributions name this id."""
        target = self.record(record_id).id
        records: tuple[Record, ...] = (*self._entities, *self._events, *self._figures)
        return tuple(r for r in records if r.id != target and target in _references(r))

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
                    group_of.update(dict.fromkeys(merged, merged))
        groups = {frozenset(group) for group in group_of.values()}
        chronological = (tuple(e for e in self._events if e.id in g) for g in groups)
        return tuple(  # each group chronological, the groups by their first event
            sorted(chronological, key=lambda group: self._events.index(group[0]))
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
