"""Checks that need the whole dataset: unique ids, links that resolve, a tree of places, sums.

Each check returns a list of problems, each naming the record id and the field; the dataset
refuses to exist while any list is non-empty. Every check takes time proportional to the
number of records (and the links they hold).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .errors import a_or_an
from .keys import name_owners
from .model import LISTS, REFERS, Entity, Event, Figure, Quantity, Record, Release, Source


def check_dataset(
    source: Source,
    entities: Sequence[Entity],
    events: Sequence[Event],
    figures: Sequence[Figure],
    names: Mapping[str, Mapping[str, bool]] | None = None,
) -> list[str]:
    """Every consistency problem of the records taken together, as readable lines.

    Each line names the record and the field. ``names`` is
    :func:`~syria_is_2024.keys.name_owners` of the entities, if already computed.
    """
    owners = name_owners(entities) if names is None else names
    records: tuple[Record, ...] = (*entities, *events, *figures)
    by_id: dict[str, Record | Source] = {source.id: source}
    problems = []
    for record in records:  # a repeated id is a problem of its own: the first holder counts
        if record.id in by_id:
            holder = a_or_an(type(by_id[record.id]).__name__.lower())
            problems.append(f"{_kind(record)} {record.id!r}: id already used by {holder}")
        else:
            by_id[record.id] = record
    problems += _links(source, "source", by_id)
    for record in records:
        problems += _links(record, _kind(record), by_id)
    problems += _rules(source, records, by_id)
    problems += _place_tree(entities)
    problems += _aliases(owners)
    problems += _dates_before_writing(source, events, figures)
    problems += _cycles("entity", ".member_of", {e.id: e.member_of for e in entities})
    part_of = {  # a link to itself is a problem of its own, named above
        e.id: [link.event for link in e.links if link.relation == "part_of" and link.event != e.id]
        for e in events
    }
    problems += _cycles("event", ".links (part_of)", part_of)
    problems += _cycles("figure", ".parts", {f.id: f.parts for f in figures})
    return problems


def _cycles(label: str, field: str, edges: Mapping[str, Sequence[str]]) -> list[str]:
    """Each cycle of a hierarchy (memberships, events within events, parts), once; linear time."""
    done: set[str] = set()
    problems = []
    for start in edges:
        if start in done:
            continue
        path, on_path = [start], {start}
        stack = [iter(edges[start])]
        while stack:
            for child in stack[-1]:
                if child in on_path:
                    cycle = " -> ".join([*path[path.index(child) :], child])
                    problems.append(f"{label} {child!r} {field}: cycle {cycle}")
                elif child in edges and child not in done:
                    path.append(child)
                    on_path.add(child)
                    stack.append(iter(edges[child]))
                    break
            else:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
    return problems


def _kind(record: Record | Source) -> str:
    return type(record).__name__.lower()


_TABLES = {"events": Event, "figures": Figure}


def _links(record: Record | Source, label: str, by_id: Mapping[str, object]) -> list[str]:
    """Every id the record (or a value it lists) holds names a record its ``refers`` allows."""
    problems: list[str] = []

    def judge(value: Any, where: str) -> None:
        cls: Any = type(value)
        for name, refers in _id_fields(cls):
            held = getattr(value, name)
            single = isinstance(held, str)
            for n, item in enumerate((held,) if single else held or ()):
                at = f"{where}.{name}" if single else f"{where}.{name}[{n}]"
                if not refers:  # a listed value holding ids of its own
                    judge(item, at)
                elif problem := _wrong_target(by_id.get(item), refers):
                    problems.append(f"{at}: {item!r} {problem}")

    judge(record, f"{label} {record.id!r} ")
    return problems


@functools.cache
def _id_fields(cls: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The fields of a class that hold ids (with what they may point to), or list values that do."""
    found = []
    for field in attrs.fields(cls):
        refers = field.metadata.get(REFERS, ())
        listed = field.metadata.get(LISTS)
        if refers or (listed is not None and _id_fields(listed)):
            found.append((field.name, refers))
    return tuple(found)


def _wrong_target(target: object, refers: tuple[str, ...]) -> str | None:
    """Why a record cannot be what a field points to, or ``None`` when it can."""
    tables = [_TABLES[r] for r in refers if r in _TABLES]
    if tables:
        return None if isinstance(target, tuple(tables)) else f"is not {a_or_an(refers[0][:-1])}"
    if not isinstance(target, Entity):
        return "is not an entity"
    if target.kind not in refers:
        return f"is {a_or_an(target.kind)}, expected {' or '.join(refers)}"
    return None


def _place_tree(entities: Sequence[Entity]) -> list[str]:
    """Every place's chain of containing places must end at a country, without a cycle.

    Each place is walked once (a chain stops at a place already judged): linear time at any
    depth. Every place on a cycle, or leading into one, is named with the cycle.
    """
    parent = {e.id: e.located_in for e in entities if e.kind == "place"}
    subtype = {e.id: e.subtype for e in entities if e.kind == "place"}
    outermost: dict[str, str | None] = {}  # None: off the map (a link problem of its own)
    cycle_of: dict[str, str] = {}  # the cycle a place is on or leads into
    for place in parent:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = place
        while current in parent and current not in outermost and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = parent[current]
        top: str | None = None
        if current is None:
            top = chain[-1] if chain else None
        elif current in on_chain:
            cycle_of[current] = " -> ".join([*chain[chain.index(current) :], current])
        elif current in outermost:
            top = outermost[current]
        for member in chain:
            outermost[member] = top
            if current in cycle_of:
                cycle_of[member] = cycle_of[current]
    problems = [f"entity {p!r} .located_in: cycle {cycle}" for p, cycle in cycle_of.items()]
    for place, top in outermost.items():
        if top is not None and subtype[top] != "country":
            problems.append(
                f"entity {place!r} .located_in: its chain of places ends at {top!r}, "
                f"{a_or_an(str(subtype[top]))}, not a country"
            )
    return problems


def _rules(source: Source, records: Sequence[Record], by_id: Mapping[str, object]) -> list[str]:
    """No self-links or self-relays, no country in a place; parts fit their total (sum, unit)."""
    problems = []
    for record in records:
        where = f"{_kind(record)} {record.id!r}"
        if isinstance(record, Entity) and record.subtype == "country" and record.located_in:
            problems.append(f"{where} .located_in: a country lies in no other place")
        for n, said in enumerate(getattr(record, "asserted_by", ())):
            if said.by in said.via:
                problems.append(f"{where} .asserted_by[{n}].via: {said.by!r} relays itself")
        if isinstance(record, Event):
            for n, link in enumerate(record.links):
                if link.event == record.id:
                    problems.append(f"{where} .links[{n}]: an event cannot link to itself")
        if isinstance(record, Figure):
            problems += _parts(record, [by_id.get(ref) for ref in record.parts], where)
    return problems


def _parts(figure: Figure, parts: list[object], where: str) -> list[str]:
    problems = []
    for ref, part in zip(figure.parts, parts, strict=True):
        if isinstance(part, Figure) and (part.measure, part.unit) != (figure.measure, figure.unit):
            problems.append(
                f"{where} .parts: {ref!r} is a {part.measure} of {part.unit}, not a "
                f"{figure.measure} of {figure.unit} like its total"
            )
    if figure.breakdown is not None and all(isinstance(p, Figure) for p in parts):
        quantities = [p.quantity for p in parts if isinstance(p, Figure)]
        problem = _breakdown_problem(figure.quantity, quantities, figure.breakdown)
        if problem:
            problems.append(f"{where} .parts: {problem}")
    return problems


def _breakdown_problem(total: Quantity, parts: Sequence[Quantity], breakdown: str) -> str | None:
    """Why the parts cannot be a breakdown of the total, or ``None`` when they fit."""
    lows = [p.low for p in parts]
    highs = [p.high for p in parts]
    if any(low is None for low in lows):
        return "every part of a breakdown needs a low bound"
    low_sum = sum(low for low in lows if low is not None)
    if total.high is not None and low_sum > total.high:
        return f"the parts add up to at least {low_sum}, above the total's high {total.high}"
    if breakdown == "complete":
        high_sum = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        if total.low is not None and high_sum is not None and high_sum < total.low:
            return f"the parts add up to at most {high_sum}, below the total's low {total.low}"
    return None


def _aliases(owners: Mapping[str, Mapping[str, bool]]) -> list[str]:
    problems = []
    for key, holders in owners.items():
        if len(holders) > 1 and not all(holders.values()):
            undeclared = sorted(e for e, declared in holders.items() if not declared)
            problems.append(
                f"entities {', '.join(sorted(holders))}: the name key {key!r} is shared; "
                f"declare it ambiguous on {', '.join(undeclared)} or tell them apart"
            )
    return problems


def _dates_before_writing(
    source: Source, events: Sequence[Event], figures: Sequence[Figure]
) -> list[str]:
    """Nothing the text tells can end after the text was written."""
    latest = source.written.end
    spans = [(f"event {e.id!r} .date.end", e.date) for e in events]
    spans += [(f"figure {f.id!r} .period.end", f.period) for f in figures if f.period]
    return [
        f"{where}: {span.end} is after the text was written ({latest})"
        for where, span in spans
        if span is not None and span.end > latest
    ]


def check_releases(releases: Sequence[Release], current: set[str]) -> list[str]:
    """A withdrawn id names no current record; what replaces it, and what was added, does."""
    problems = []
    for release in releases:
        where = f"release {release.version!r}"
        for n, withdrawal in enumerate(release.withdrawn):
            if withdrawal.id in current:
                problems.append(f"{where} .withdrawn[{n}]: {withdrawal.id!r} is still a record")
            gone = [ref for ref in withdrawal.replaced_by if ref not in current]
            if gone:
                problems.append(f"{where} .withdrawn[{n}].replaced_by: {gone} are not records")
    latest = max(releases, key=lambda r: r.number, default=None)
    if latest is not None:
        changed = [*latest.added, *(c.id for c in latest.changed)]
        gone = [ref for ref in changed if ref not in current]
        if gone:
            problems.append(f"release {latest.version!r}: {gone} are not records")
    return problems
