"""The controlled vocabularies of the dataset: every kind, role, relation and qualifier.

Each vocabulary is a ``Literal`` type (checked by mypy and by the loader) and a mapping from each
term to its meaning, which the documentation's data dictionary is generated from.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = [
    "ACLED_EVENT_TYPES",
    "ACLED_SUB_EVENT_TYPES",
    "ACLED_SUB_EVENT_TYPES_OF",
    "ALIAS_KINDS",
    "BREAKDOWNS",
    "COUNTS",
    "DATE_BASES",
    "ENTITY_KINDS",
    "EVENT_KINDS",
    "MEASURES",
    "POINTS",
    "PRECISIONS",
    "QUALIFIERS",
    "RELATIONS",
    "ROLES",
    "STATUSES",
    "SUBTYPES",
    "UCDP_CODES",
    "UCDP_VIOLENCE",
    "AcledEventType",
    "AcledSubEventType",
    "AliasKind",
    "Breakdown",
    "Counts",
    "DateBasis",
    "EntityKind",
    "EventKind",
    "Measure",
    "Point",
    "Precision",
    "Qualifier",
    "Relation",
    "Role",
    "Status",
    "UcdpViolence",
]

Precision = Literal[
    "day", "days", "month", "part_of_month", "months", "part_of_year", "year", "years", "unknown"
]
PRECISIONS: Final[dict[str, str]] = {
    "day": "a single known day",
    "days": "a known run of days (a battle from one day to another)",
    "month": "a known month, day not given",
    "part_of_month": "part of a known month ('the end of February')",
    "months": "a run of months, its bounds known to the month at best ('over seven months')",
    "part_of_year": "part of a known year ('mid-2022', 'the beginning of 2014')",
    "year": "a known year, month not given",
    "years": "a run of years ('since 2020', 'over the past years')",
    "unknown": "not dated by the text: the widest span the text supports",
}

DateBasis = Literal["stated", "relative_to_writing", "relative_to_context", "inferred", "external"]
DATE_BASES: Final[dict[str, str]] = {
    "stated": "the text gives the date in full",
    "relative_to_writing": "resolved against the time the text was written ('this year')",
    "relative_to_context": "resolved against another date in the text ('the 29th of that month')",
    "inferred": "not stated; bounded by what the text implies, with the reasoning in the rule",
    "external": "from outside the text: the record's external facts name the source",
}

Qualifier = Literal[
    "exact", "approximately", "at_least", "more_than", "at_most", "between", "average", "vague"
]
QUALIFIERS: Final[dict[str, str]] = {
    "exact": "the number as stated: low == high",
    "approximately": "'about ten': low == high, the stated central value",
    "at_least": "'at least 13': low is the bound, high is open (None)",
    "more_than": "'more than a year': low is the stated bound (exclusive), high is open (None)",
    "at_most": "'at most': high is the bound, low is open (None)",
    "between": "'between 5,000 and 7,000': low < high, both given",
    "average": "'an average of seven': low == high, a mean rather than a count",
    "vague": "'several', 'dozens': no value is invented, low and high are None",
}

Measure = Literal["count", "duration", "rank"]
MEASURES: Final[dict[str, str]] = {
    "count": "how many of something (people, operations, reasons)",
    "duration": "how long something lasted, in the figure's unit (weeks, months, years)",
    "rank": "a position in an order ('the second leader')",
}

Breakdown = Literal["complete", "partial"]
BREAKDOWNS: Final[dict[str, str]] = {
    "complete": "the parts add up to the total ('three men, three women, and a girl')",
    "partial": "the parts are some of the total ('including six children'): they never exceed it",
}

EntityKind = Literal["person", "organization", "group", "outlet", "place"]
ENTITY_KINDS: Final[dict[str, str]] = {
    "person": "a named or unnamed individual",
    "organization": "a standing body: armed group, government, agency, army, party, institute",
    "group": "an informal collective the text treats as one actor ('local factions', 'UN experts')",
    "outlet": "a medium that carries claims: newspaper, news agency, channel, platform, account",
    "place": "a settlement, area, administrative unit, region, natural feature, base or country",
}

SUBTYPES: Final[dict[str, tuple[str, ...]]] = {
    "person": (
        "leader",
        "official",
        "spokesperson",
        "researcher",
        "journalist",
        "source",
        "member",
    ),
    "organization": (
        "armed_group",
        "government",
        "government_agency",
        "security_service",
        "military",
        "military_unit",
        "coalition",
        "international_body",
        "research_center",
        "political_body",
        "movement",
        "cell",
    ),
    "group": ("armed_groups", "experts", "media", "officials", "civilians", "fighters"),
    "outlet": ("newspaper", "news_agency", "channel", "platform", "account", "report"),
    "place": (
        "country",
        "region",
        "governorate",
        "countryside",
        "area",
        "city",
        "town",
        "village",
        "desert",
        "river",
        "base",
        "border",
        "camps",
        "operation_area",
        "district",
        "sub_district",
    ),
}

AliasKind = Literal[
    "name",
    "full_name",
    "kunya",
    "nickname",
    "title",
    "ordinal",
    "abbreviation",
    "former_name",
    "transliteration",
    "nisba",
    "translation",
]
ALIAS_KINDS: Final[dict[str, str]] = {
    "name": "another name the text uses",
    "full_name": "a fuller form of the name",
    "kunya": "a teknonym of the form 'Abu ...' used as a nom de guerre",
    "nickname": "a nickname ('known as ...')",
    "title": "a title or office ('Wali of Horan')",
    "ordinal": "a place in a succession ('the second leader')",
    "abbreviation": "an acronym or short form (SDF, HTS, MIT)",
    "former_name": "a name the entity carried before",
    "transliteration": "another common spelling of the same name in Latin letters",
    "nisba": "a family or origin name shared by several people ('al-Qurashi')",
    "translation": "the name in another language, or translated",
}

EventKind = Literal[
    "battle",
    "military_operation",
    "raid",
    "attack",
    "killing",
    "arrest",
    "release",
    "detention",
    "announcement",
    "claim",
    "accusation",
    "denial",
    "statement",
    "publication",
    "formation",
    "agreement",
    "pledge",
    "photograph",
    "recruitment",
    "control",
    "expulsion",
    "deployment",
    "extortion",
    "request",
    "activity",
]
EVENT_KINDS: Final[dict[str, str]] = {
    "battle": "sustained fighting between armed forces over ground",
    "military_operation": "an operation by armed or security forces (airborne raid, campaign)",
    "raid": "a raid on a house, gathering or hideout",
    "attack": "an attack or series of attacks (targeting, assassination, bombing)",
    "killing": "the death of a person or people",
    "arrest": "a capture or arrest",
    "release": "a release from captivity",
    "detention": "a period of imprisonment",
    "announcement": "a party makes something known (its statistics, an arrest, an operation)",
    "claim": "a party claims responsibility for operations",
    "accusation": "a party blames another",
    "denial": "a party rejects an accusation or claim",
    "statement": "a party says something that is not an announcement of a happening",
    "publication": "a study, report, message or newspaper issue is published",
    "formation": "a body is formed, begins its work, or changes its affiliation",
    "agreement": "an agreement or settlement between parties",
    "pledge": "a pledge of allegiance",
    "photograph": "a photograph whose caption dates it",
    "recruitment": "recruitment of fighters",
    "control": "a party takes or holds control of an area",
    "expulsion": "a party is driven out of an area",
    "deployment": "forces or bases are deployed",
    "extortion": "money is demanded under threat",
    "request": "a request for information or comment, answered or not",
    "activity": "ongoing activity over a period (operations, pursuit, bombing)",
}

Role = Literal[
    "perpetrator",
    "target",
    "victim",
    "claimant",
    "announcer",
    "accuser",
    "accused",
    "denier",
    "speaker",
    "publisher",
    "author",
    "subject",
    "supporter",
    "participant",
    "leader",
    "founder",
    "member",
    "requester",
    "recipient",
    "photographer",
    "party",
    "detainer",
    "detainee",
]
ROLES: Final[dict[str, str]] = {
    "perpetrator": "carried out the act",
    "target": "the act was aimed at it",
    "victim": "was killed, wounded or harmed",
    "claimant": "claimed responsibility",
    "announcer": "made the announcement",
    "accuser": "made the accusation",
    "accused": "was accused",
    "denier": "issued the denial",
    "speaker": "said it (a statement, an interview)",
    "publisher": "published it",
    "author": "wrote it",
    "subject": "what the happening is about",
    "supporter": "supported a party",
    "participant": "took part alongside the main party",
    "leader": "led it",
    "founder": "formed it",
    "member": "belongs to the body formed",
    "requester": "asked for something",
    "recipient": "was asked, or received it",
    "photographer": "took or credited the photograph",
    "party": "a party to an agreement or pledge",
    "detainer": "held someone",
    "detainee": "was held",
}

Relation = Literal[
    "part_of", "reports", "follows", "contradicts", "denies", "responds_to", "same_as"
]
RELATIONS: Final[dict[str, str]] = {
    "part_of": "this happening is a part of the other",
    "reports": "this announcement or publication reports the other happening",
    "follows": "this happening came after the other, as the text says or implies",
    "contradicts": "this account conflicts with the other account of the same happening",
    "denies": "this denial rejects the other claim or accusation",
    "responds_to": "this happening answers the other",
    "same_as": "both records may describe one happening told in different places of the text",
}


Status = Literal["stated", "reported", "claimed", "alleged", "denied", "hypothesised"]
STATUSES: Final[dict[str, str]] = {
    "stated": "the article says so in its own voice",
    "reported": "the article attributes it to a source, who neither claims nor accuses",
    "claimed": "a party says so of its own act or its own numbers (its statistics, operations)",
    "alleged": "one party accuses another of it",
    "denied": "a party denies it",
    "hypothesised": "offered as one possibility among others",
}

Counts = Literal[
    "killed", "wounded", "casualties", "detained", "attacks", "members", "people", "places", "other"
]
COUNTS: Final[dict[str, str]] = {
    "killed": "people killed",
    "wounded": "people wounded",
    "casualties": "people killed and wounded, not told apart",
    "detained": "people arrested or held",
    "attacks": "operations, attacks or raids",
    "members": "fighters, members or personnel of a party",
    "people": "other people (residents, families, the displaced)",
    "places": "villages, sites or other places",
    "other": "anything else that is counted",
}

# The crosswalks to the event datasets analysts already use. The terms are theirs (ACLED's
# codebook, UCDP GED's type_of_violence); which term an event gets is this dataset's coding,
# by the rules in docs/crosswalks.md.
AcledEventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]
ACLED_EVENT_TYPES: Final[dict[str, str]] = {
    "Battles": "a violent interaction between two organised armed groups",
    "Explosions/Remote violence": "one-sided violence by means the target cannot answer",
    "Violence against civilians": "an organised armed group deliberately harms unarmed people",
    "Protests": "a public demonstration whose participants are not violent",
    "Riots": "demonstrators or a mob engage in violent, disruptive acts",
    "Strategic developments": "not itself political violence, but important to its course",
}
AcledSubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]
ACLED_SUB_EVENT_TYPES: Final[dict[str, str]] = {
    "Armed clash": "armed groups fight, neither side taking territory",
    "Government regains territory": "state forces retake territory from a non-state group",
    "Non-state actor overtakes territory": "a non-state group takes territory",
    "Chemical weapon": "a chemical weapon is used",
    "Air/drone strike": "an attack from the air, by aircraft or drone",
    "Suicide bomb": "an attacker detonates explosives on themselves or their vehicle",
    "Shelling/artillery/missile attack": "an attack by shells, artillery or missiles",
    "Remote explosive/landmine/IED": "an explosive placed beforehand (a mine, a roadside bomb)",
    "Grenade": "a grenade attack",
    "Sexual violence": "sexual violence against civilians",
    "Attack": "an armed group attacks, kills or injures civilians",
    "Abduction/forced disappearance": "civilians kidnapped or made to disappear",
    "Peaceful protest": "a demonstration met by no force",
    "Protest with intervention": "a peaceful demonstration that is dispersed or suppressed",
    "Excessive force against protesters": "lethal or excessive force against demonstrators",
    "Violent demonstration": "demonstrators act violently",
    "Mob violence": "a mob acts violently",
    "Agreement": "parties agree (a ceasefire, a settlement, an exchange)",
    "Arrests": "an arrest or detention campaign",
    "Change to group/activity": "a group changes: a new leader, a merger, a new activity",
    "Disrupted weapons use": "a weapon or explosive defused, seized or prevented",
    "Headquarters or base established": "a base or headquarters set up",
    "Looting/property destruction": "property looted or destroyed",
    "Non-violent transfer of territory": "territory changes hands without fighting",
    "Other": "any other strategic development",
}
ACLED_SUB_EVENT_TYPES_OF: Final[dict[str, tuple[str, ...]]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

UcdpViolence = Literal["state_based", "non_state", "one_sided"]
UCDP_VIOLENCE: Final[dict[str, str]] = {
    "state_based": "armed force between a state and an organised group, or between states",
    "non_state": "armed force between organised groups, neither of them a state",
    "one_sided": "armed force by a state or an organised group against civilians",
}
UCDP_CODES: Final[dict[str, int]] = {"state_based": 1, "non_state": 2, "one_sided": 3}
"""UCDP GED's ``type_of_violence`` number for each term."""


Point = Literal["place", "seat"]
POINTS: Final[dict[str, str]] = {
    "place": "the place itself: a village, a town, a base, or the middle of a country",
    "seat": "the seat of an administrative unit (its capital), not the middle of its area",
}


def terms(vocabulary: object) -> frozenset[str]:
    """Return the terms of a ``Literal`` vocabulary as a set, for validation."""
    return frozenset(get_args(vocabulary))
