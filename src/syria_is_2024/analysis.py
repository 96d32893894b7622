"""Columns for analysis: each event as an ACLED or UCDP GED row, and each place's ancestry.

:data:`EVENT_COLUMNS` follow the fields in the ``events`` table; :data:`ANCESTRY_COLUMNS` make
``place_ancestry``. Each column's name, type, value and meaning are stated once, here;
:mod:`syria_is_2024.tables` makes them columns, and the exports and docs take them from there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .taxonomy import UCDP_CODES

if TYPE_CHECKING:
    from .dataset import Dataset
    from .model import Entity, Event, Quantity
    from .tables import ColumnType, Row, Value

__all__ = ["ANCESTRY_COLUMNS", "EVENT_COLUMNS", "ancestry_rows", "event_values", "shared_figures"]

_ADMIN_LEVELS: Final = {"country": 0, "governorate": 1, "district": 2, "sub_district": 3}
"""The administrative level of each place subtype that is one, as OCHA's COD-AB counts them."""
# fmt: off
_ACTING: Final = (
    "perpetrator", "detainer", "claimant", "announcer", "accuser", "denier", "speaker",
    "publisher", "author", "founder", "leader", "requester", "photographer", "party",
)
# fmt: on
"""The roles of a party that acts, one of which ``actor1`` holds."""
_ACTED_ON: Final = ("target", "victim", "detainee", "accused", "recipient", "party")
"""The roles of a party acted on, one of which ``actor2`` holds."""
_PCODE = "ocha-pcode"  # the scheme of the external ids that are OCHA p-codes


class _Facts(NamedTuple):
    event: Event
    chain: tuple[Entity, ...]  # its first place, then each place containing it, to a country
    actor1: Entity | None
    actor2: Entity | None
    killed: tuple[Quantity, ...]  # its figures of the killed, a part left out if its whole is in

    @property
    def place(self) -> Entity | None:
        return self.chain[0] if self.chain else None

    def level(self, level: int) -> Entity | None:
        return next((p for p in self.chain if _ADMIN_LEVELS.get(p.subtype or "") == level), None)

    def point(self, part: str) -> Any:
        place = next((p for p in self.chain if p.coordinates is not None), None)
        if place is None or part == "id":
            return place and place.id
        return getattr(place.coordinates, part)


def _chain(dataset: Dataset, place: str) -> tuple[Entity, ...]:
    chain = [dataset.entity(place)]
    while (parent := chain[-1].located_in) is not None:
        chain.append(dataset.entity(parent))
    return tuple(chain)


def _pcode(place: Entity | None) -> str | None:
    ids = () if place is None else place.external_ids
    return next((external.value for external in ids if external.scheme == _PCODE), None)


def _sum(bounds: list[int | None], every: bool) -> int | None:
    """The sum of the bounds given: None if none is, or (``every``) if any is missing."""
    given = [bound for bound in bounds if bound is not None]
    return None if not given or (every and len(given) < len(bounds)) else sum(given)


_KILLED = (
    "figures that count the killed (`counts`), a part left out when its whole is linked too,"
    " a figure that other events link too left out (it counts several), and none for an event"
    " ACLED and UCDP would not code (a publication, a statement)"
)
# A column per line: its name, type and value, then its meaning (on the next lines if long).
# fmt: off
EVENT_COLUMNS: Final[tuple[tuple[str, ColumnType, Callable[[_Facts], Value], str], ...]] = (
    ("ucdp_type_of_violence", "integer", lambda f: UCDP_CODES.get(f.event.ucdp_violence or ""),
     "UCDP GED's number for `ucdp_violence`: 1 state-based, 2 non-state, 3 one-sided."),
    ("year", "integer", lambda f: f.event.date.start.year,
     "The year the event began (of `date_start`)."),
    ("actor1", "string", lambda f: getattr(f.actor1, "name", None),
     f"The party that acts: the first participant whose role is {', '.join(_ACTING)}."),
    ("actor1_id", "string", lambda f: getattr(f.actor1, "id", None), "The id of `actor1`."),
    ("actor2", "string", lambda f: getattr(f.actor2, "name", None),
     "The party acted on: the first participant, `actor1` aside, whose role is "
     f"{', '.join(_ACTED_ON)}."),
    ("actor2_id", "string", lambda f: getattr(f.actor2, "id", None), "The id of `actor2`."),
    ("place", "string", lambda f: getattr(f.place, "name", None),
     "The event's first place (all are in `event_places`)."),
    ("place_id", "string", lambda f: getattr(f.place, "id", None),
     "The id of `place`."),
    ("country", "string", lambda f: getattr(f.level(0), "name", None),
     "The country the place is in, or is."),
    ("admin1", "string", lambda f: getattr(f.level(1), "name", None),
     "The governorate the place is in, or is."),
    ("admin1_pcode", "string", lambda f: _pcode(f.level(1)), "The OCHA p-code of `admin1`."),
    ("admin2", "string", lambda f: getattr(f.level(2), "name", None),
     "The district the place is in, or is."),
    ("admin2_pcode", "string", lambda f: _pcode(f.level(2)), "The OCHA p-code of `admin2`."),
    ("latitude", "number", lambda f: f.point("latitude"),
     "The latitude of the point of the place or, where it has none, of the nearest place "
     "containing it that has one (`geo_place_id`); from outside the article."),
    ("longitude", "number", lambda f: f.point("longitude"), "The longitude of that point."),
    ("geo_precision_km", "number", lambda f: f.point("precision_km"),
     "The precision of that point, in km."),
    ("geo_place_id", "string", lambda f: f.point("id"), "The id of the place whose point it is."),
    ("fatalities_low", "integer", lambda f: _sum([q.low for q in f.killed], every=False),
     f"People killed, at least: the sum of the low bounds of the event's {_KILLED}; empty "
     "where none gives one, never 0 for unknown."),
    ("fatalities_high", "integer", lambda f: _sum([q.high for q in f.killed], every=True),
     f"People killed, at most: the sum of the high bounds of the event's {_KILLED}; empty "
     "where there is none or any is open ('at least 13', 'dozens'). Both bounds cover what "
     "the figures count: a death the article tells without a number (the leader killed in "
     "a raid whose figure counts the civilians) is not in them."),
    ("asserted_by", "string", lambda f: ";".join(a.by for a in f.event.asserted_by),
     "The ids of who asserts the event (`attributions.by`), joined by ';'."),
    ("evidence_quote", "string", lambda f: f.event.evidence[0].quote,
     "The event's first evidence quote."),
    ("evidence_paragraph", "integer", lambda f: f.event.evidence[0].paragraph,
     "The paragraph of that quote."),
)
# fmt: on
"""The analysis columns of ``events``: name, type, value, meaning; ``*_id`` hold entity ids."""


def shared_figures(dataset: Dataset) -> frozenset[str]:
    """The ids of the figures that more than one event lists (they count several happenings)."""
    listed = Counter(figure for event in dataset.events() for figure in event.figures)
    return frozenset(figure for figure, events in listed.items() if events > 1)


def event_values(event: Event, dataset: Dataset, shared: frozenset[str]) -> Row:
    """The values of the analysis columns of one event, in the order of :data:`EVENT_COLUMNS`.

    ``shared`` is :func:`shared_figures` of the dataset, worked out once for all its events.
    """
    people = event.participants
    first = next((p.entity for p in people if p.role in _ACTING), None)
    second = next((p.entity for p in people if p.role in _ACTED_ON and p.entity != first), None)
    coded = event.acled_event_type is not None or event.ucdp_violence is not None
    killed = [
        f
        for f in map(dataset.figure, event.figures if coded else ())
        if f.counts == "killed" and f.id not in shared
    ]
    parts = {part for figure in killed for part in figure.parts}
    chain = _chain(dataset, event.places[0]) if event.places else ()
    one, two = (None if actor is None else dataset.entity(actor) for actor in (first, second))
    facts = _Facts(event, chain, one, two, tuple(f.quantity for f in killed if f.id not in parts))
    return tuple(get(facts) for _, _, get, _ in EVENT_COLUMNS)


ANCESTRY_COLUMNS: Final[tuple[tuple[str, ColumnType, str], ...]] = (
    ("place", "string", "The id of a place."),
    ("depth", "integer", "How many `located_in` steps up the ancestor is: 0 for the place itself."),
    ("ancestor", "string", "The id of the place at that depth."),
    ("ancestor_name", "string", "Its name."),
    ("ancestor_subtype", "string", "Its subtype: country, governorate, district, town ..."),
    ("admin_level", "integer", "Its level: 0 country, 1 governorate, 2 district, 3 sub-district."),
    ("pcode", "string", "Its OCHA p-code, where the data gives one."),
)
"""The columns of ``place_ancestry``: name, type and meaning."""


def ancestry_rows(dataset: Dataset) -> Iterator[Row]:
    """Each place with each place containing it (itself at depth 0), up to its country."""
    for place in dataset.entities("place"):
        for depth, above in enumerate(_chain(dataset, place.id)):
            level = _ADMIN_LEVELS.get(above.subtype or "")
            yield (place.id, depth, above.id, above.name, above.subtype, level, _pcode(above))
