"""The bundled events follow the crosswalk rules of docs/crosswalks.md (ACLED and UCDP GED).

Each test holds one mechanical rule of that page's table over the shipped data, so that an
event coded against its rule, or a new event left uncoded, fails here. The vocabularies
themselves (a term from ACLED's or UCDP's lists, a sub-type of its own type) are the model's
to check, in ``test_model.py``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator

import pytest

from syria_is_2024 import taxonomy
from syria_is_2024.dataset import Dataset
from syria_is_2024.model import Entity, Event

SD = "Strategic developments"
SIDES = frozenset({"perpetrator", "target", "victim", "party"})
STATE_SUBTYPES = frozenset({"government", "coalition"})
ARMED_SUBTYPES = STATE_SUBTYPES | {
    "armed_group",
    "military",
    "military_unit",
    "security_service",
    "cell",
    "armed_groups",
    "fighters",
}


def _bodies(data: Dataset, entity: Entity) -> Iterator[Entity]:
    """The entity and every body it belongs to, through ``member_of`` (the checks bar cycles)."""
    yield entity
    for body in entity.member_of:
        yield from _bodies(data, data.entity(body))


def _is_state(data: Dataset, entity_id: str) -> bool:
    """A government or the coalition, or a part of one (US forces, Turkish intelligence)."""
    return any(b.subtype in STATE_SUBTYPES for b in _bodies(data, data.entity(entity_id)))


def _is_armed(data: Dataset, entity_id: str) -> bool:
    """An armed group, force, state or band of fighters, or someone belonging to one."""
    return any(b.subtype in ARMED_SUBTYPES for b in _bodies(data, data.entity(entity_id)))


def _armed_among(data: Dataset, entity_ids: set[str]) -> bool:
    return any(_is_armed(data, entity_id) for entity_id in entity_ids)


def _sides(event: Event, roles: frozenset[str] = SIDES) -> set[str]:
    return {p.entity for p in event.participants if p.role in roles}


def _coding(event: Event) -> tuple[str | None, str | None, str | None]:
    return event.acled_event_type, event.acled_sub_event_type, event.ucdp_violence


# Rules 1 to 7 and 16: the kinds whose coding the table fixes, whatever the event says.
FIXED_BY_KIND = {
    **dict.fromkeys(
        (
            "publication",
            "photograph",
            "request",
            "claim",
            "accusation",
            "denial",
            "recruitment",
            "extortion",
            "detention",
            "release",
        ),
        (None, None, None),
    ),
    "formation": (SD, "Change to group/activity", None),
    "pledge": (SD, "Change to group/activity", None),
    "agreement": (SD, "Agreement", None),
    "arrest": (SD, "Arrests", None),
    "deployment": (SD, "Headquarters or base established", None),
}


@pytest.mark.parametrize(("kind", "coding"), FIXED_BY_KIND.items(), ids=list(FIXED_BY_KIND))
def test_kinds_the_rules_fix_are_coded_by_them(
    data: Dataset, kind: str, coding: tuple[str | None, ...]
) -> None:
    """The kinds the table fixes get their coding, whatever the event says (rules 1-7, 16).

    Words are not coded; changes to groups, agreements, arrests and bases get their Strategic
    developments sub-type and no UCDP type. Hypothesised happenings are left to rule 2.
    """
    found = [e for e in data.events(kind=kind) if e.status != "hypothesised"]
    assert found, f"no {kind} event to check"
    assert {e.id: _coding(e) for e in found} == dict.fromkeys((e.id for e in found), coding)


def test_hypotheses_are_not_coded(data: Dataset) -> None:
    """A happening offered only as a possibility has no ACLED or UCDP type (rule 2)."""
    hypotheses = data.events(status="hypothesised")
    assert hypotheses
    assert [e.id for e in hypotheses if _coding(e) != (None, None, None)] == []


def test_statements_and_announcements_are_coded_only_as_changes_to_a_group(
    data: Dataset,
) -> None:
    """What a party says is no violence: at most a change to a group (rules 1 and 3)."""
    said = data.events(kind=["statement", "announcement"])
    allowed = {(None, None, None), (SD, "Change to group/activity", None)}
    assert [e.id for e in said if _coding(e) not in allowed] == []
    assert any(_coding(e) != (None, None, None) for e in said)


def test_control_is_coded_only_when_it_changes_hands(data: Dataset) -> None:
    """Holding an area is not an event; taking one is a Battles territory sub-type (rules 8, 16)."""
    territory = {"Government regains territory", "Non-state actor overtakes territory"}
    control = data.events(kind="control")
    held = [e.id for e in control if e.ongoing and e.acled_event_type is not None]
    taken = [e for e in control if not e.ongoing]
    assert held == [] and taken
    assert [e.id for e in taken if e.acled_sub_event_type not in territory] == []


def test_fighting_and_killing_are_always_coded(data: Dataset) -> None:
    """No battle, raid, killing or military operation told as fact or claim goes uncoded."""
    violent = data.events(kind=["battle", "raid", "killing", "military_operation"])
    assert violent
    assert [
        e.id for e in violent if e.status != "hypothesised" and e.acled_event_type is None
    ] == []


def test_battles_are_between_armed_sides(data: Dataset) -> None:
    """A Battles event names two armed sides, or one if its perpetrator is unnamed (8, 9, 12)."""
    battles = [e for e in data.events() if e.acled_event_type == "Battles"]
    assert battles
    wrong = []
    for event in battles:
        armed = {side for side in _sides(event) if _is_armed(data, side)}
        needed = 2 if _sides(event, frozenset({"perpetrator", "party"})) else 1
        if len(armed) < needed:
            wrong.append(event.id)
    assert wrong == []


def test_violence_against_civilians_hits_only_the_unarmed(data: Dataset) -> None:
    """A Violence against civilians event has targets or victims, none of them armed.

    Rule 11; a record that also names an armed target is a battle (rule 15).
    """
    attacks = [e for e in data.events() if e.acled_event_type == "Violence against civilians"]
    assert attacks
    hit = [_sides(e, frozenset({"target", "victim"})) for e in attacks]
    wrong = [e.id for e, h in zip(attacks, hit, strict=True) if not h or _armed_among(data, h)]
    assert wrong == []


def _lethal(data: Dataset, event: Event) -> bool:
    """A death by its kind, a victim among its participants, or a figure of the dead."""
    counted = {data.figure(f).counts for f in event.figures}
    return (
        event.kind in ("killing", "battle")
        or any(p.role == "victim" for p in event.participants)
        or bool(counted & {"killed", "casualties"})
    )


def test_ucdp_types_only_lethal_happenings(data: Dataset) -> None:
    """A UCDP type goes only to a happening with at least one death (rule 13).

    That is a killing, a battle, or an event with a victim or a linked count of the dead.
    """
    coded = [e for e in data.events() if e.ucdp_violence is not None]
    assert coded
    assert [e.id for e in coded if not _lethal(data, e)] == []


def _ucdp_fits_its_sides(data: Dataset, event: Event) -> bool:
    sides = _sides(event)
    attackers = _sides(event, frozenset({"perpetrator", "party"}))
    hit = _sides(event, frozenset({"target", "victim", "party"}))
    states = {s for s in sides if _is_state(data, s)}
    if event.ucdp_violence == "state_based":
        return bool(states) and any(_is_armed(data, s) for s in sides - states)
    armed_attackers = {s for s in attackers if _is_armed(data, s)}
    if event.ucdp_violence == "non_state":
        armed_hit = {s for s in hit if _is_armed(data, s)} - armed_attackers
        return not states and bool(armed_attackers) and bool(armed_hit)
    return bool(armed_attackers) and bool(hit) and not _armed_among(data, hit)


def test_ucdp_type_agrees_with_the_sides(data: Dataset) -> None:
    """The UCDP type agrees with the sides the event names (rules 12 and 13).

    state_based has a state among the sides; non_state two armed sides and no state; one_sided
    an armed perpetrator and only unarmed targets and victims (a raid that also kills
    civilians is not one-sided); none goes to an event that names no perpetrator.
    """
    coded = [e for e in data.events() if e.ucdp_violence is not None]
    assert {e.ucdp_violence for e in coded} >= {"state_based", "non_state"}
    assert [e.id for e in coded if not _ucdp_fits_its_sides(data, e)] == []


def test_each_acled_sub_event_type_belongs_to_exactly_one_event_type() -> None:
    """The grouping of ACLED's sub-event types covers the vocabulary once, under known types."""
    grouped = [sub for subs in taxonomy.ACLED_SUB_EVENT_TYPES_OF.values() for sub in subs]
    assert sorted(grouped) == sorted(typing.get_args(taxonomy.AcledSubEventType))
    assert set(taxonomy.ACLED_SUB_EVENT_TYPES_OF) == set(typing.get_args(taxonomy.AcledEventType))
