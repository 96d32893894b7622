"""The shipped data is true to the article and consistent with itself.

These tests read the article (``../shared/source/article.txt`` or ``$SYRIA_IS_ARTICLE``) where
they need it: outside CI they skip without it, in CI they fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from syria_is_2024.dataset import Dataset
from syria_is_2024.evidence import normalize_text, verify_article
from syria_is_2024.model import WHOLE, DateSpan, Entity, Event, Figure, Record, Source

# ---- Evidence --------------------------------------------------------------------------------


def test_article_hash_matches(article_path: Path, data: Dataset) -> None:
    """The article on disk is the one the dataset was built from (manifest and source agree)."""
    digest = hashlib.sha256(article_path.read_bytes()).hexdigest()
    assert digest == data.source.sha256
    assert data.manifest is not None and data.manifest.article_sha256 == digest


def test_every_quote_is_verbatim_in_its_paragraph(article_path: Path, data: Dataset) -> None:
    """Every evidence quote stands word for word in the paragraph its record names."""
    assert verify_article(article_path, data) == []


def test_verify_article_catches_a_changed_text(tmp_path: Path, article_text: str) -> None:
    """Checking against an altered article reports the hash and each quote that no longer fits."""
    altered = tmp_path / "article.txt"
    altered.write_text(article_text.replace("al-Baghouz", "Baghouz"), encoding="utf-8")
    problems = verify_article(altered)
    assert any("SHA-256" in p for p in problems)
    assert any("quote not in paragraph" in p for p in problems)


def test_aliases_from_the_article_are_in_the_article(article_text: str, data: Dataset) -> None:
    """Every alias not marked external appears in the article; the others are marked."""
    text = normalize_text(article_text)
    missing = [
        (entity.id, alias.name)
        for entity in data.entities()
        for alias in entity.aliases
        if not alias.external and normalize_text(alias.name) not in text
    ]
    assert missing == []


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", normalize_text(text))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_descriptions_are_in_our_own_words(article_text: str, data: Dataset) -> None:
    """No title or description repeats eight consecutive words of the article."""
    article = _shingles(article_text, 8)
    records: tuple[Entity | Event, ...] = (*data.entities(), *data.events())
    copied = [
        record.id
        for record in records
        for text in (record.description, getattr(record, "title", ""))
        if _shingles(text, 8) & article
    ]
    assert copied == []


# ---- Dates -----------------------------------------------------------------------------------

PUBLICATION_YEAR = 2024


def _spans(data: Dataset) -> Iterator[tuple[str, DateSpan]]:
    for event in data.events():
        yield event.id, event.date
    for figure in data.figures():
        if figure.period is not None:
            yield figure.id, figure.period


def test_the_time_of_writing_is_inferred_from_the_text(data: Dataset) -> None:
    """The text was written after its latest dated statistic (March 22, 2024), by its rule."""
    written = data.source.written
    assert written.start == dt.date(2024, 3, 22)
    assert written.basis == "inferred" and written.rule
    latest = max(e.date.start for e in data.events() if e.date.precision == "day")
    assert latest <= written.start


def test_the_edition_is_dated_by_its_address(data: Dataset) -> None:
    """The English edition went up in April 2024: its address says so, named as the source."""
    source = data.source
    assert source.url is not None and "/archives/2024/04/" in source.url
    published = source.published
    assert (published.start, published.end) == (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert published.basis == "external"
    assert {(f.field, f.source) for f in source.external} >= {("published", source.url)}
    assert [r.language for r in source.related] == ["ar"]


def test_spans_end_by_the_time_of_writing(data: Dataset) -> None:
    """Every event and figure span ends no later than the time the text was written."""
    late = [i for i, span in _spans(data) if span.end > data.source.written.end]
    assert late == []


def _dates_corrected(data: Dataset) -> set[str]:
    return {record.id for record, erratum in data.errata() if erratum.field.startswith("date")}


def test_relative_wording_is_resolved_against_the_time_of_writing(data: Dataset) -> None:
    """Relative years resolve against the writing: 'this year' 2024, 'last year' 2023.

    A date an outside report corrects keeps the article's words in an erratum instead.
    """
    corrected = _dates_corrected(data)
    for record_id, span in _spans(data):
        wording = (span.wording or "").lower()
        if ("this year" in wording or "last year" in wording) and record_id not in corrected:
            assert span.basis == "relative_to_writing", record_id
            year = PUBLICATION_YEAR - ("last year" in wording)
            assert span.start.year == span.end.year == year, record_id


def _event(data: Dataset, event_id: str) -> Event:
    return data.event(event_id)


def test_orders_implied_by_links_hold(data: Dataset) -> None:
    """An event that follows, reports or responds to another cannot end before the other starts."""
    wrong = []
    for event in data.events():
        for link in event.links:
            other = _event(data, link.event)
            later = link.relation in ("follows", "reports", "responds_to", "denies")
            if later and event.date.end < other.date.start:
                wrong.append(f"{event.id} {link.relation} {other.id}")
            if link.relation == "part_of" and not event.date.overlaps(
                other.date.start, other.date.end
            ):
                wrong.append(f"{event.id} part_of {other.id}")
    assert wrong == []


def test_arrest_before_release(data: Dataset) -> None:
    """Saad al-Huneiti's arrest comes before his reported release, about six years on."""
    arrest = data.event("hts-arrests-al-huneiti")
    release = data.event("hts-releases-al-huneiti")
    assert arrest.date.end < release.date.start


def _rank(data: Dataset) -> dict[int, str]:
    ranks: dict[int, str] = {}
    for figure in data.figures(measure="rank"):
        leader = next(x for x in figure.actors if data.entity(x).kind == "person")
        assert figure.quantity.low is not None
        ranks[figure.quantity.low] = leader
    return ranks


def _deaths(data: Dataset, person: str) -> list[Event]:
    return [
        e
        for e in data.events(involving=person, kind=["killing", "military_operation", "raid"])
        if any(p.entity == person and p.role == "victim" for p in e.participants)
    ]


def test_succession_of_leaders_follows_their_ordinals(data: Dataset) -> None:
    """The leaders numbered first to fourth died in that order; the third died before the pledge.

    Each leader's earliest reported death comes no later than the next one's latest.
    """
    ranks = _rank(data)
    assert sorted(ranks) == [1, 2, 3, 4]
    earliest = {n: min(e.date.start for e in _deaths(data, ranks[n])) for n in ranks}
    latest = {n: max(e.date.end for e in _deaths(data, ranks[n])) for n in ranks}
    for n in (1, 2, 3):
        assert earliest[n] <= latest[n + 1], (ranks[n], ranks[n + 1])
    pledges = [
        e for e in data.events(kind="pledge") if any(p.entity == ranks[4] for p in e.participants)
    ]
    assert pledges
    for pledge in pledges:
        assert earliest[3] <= pledge.date.end


def test_weekly_statistics_fall_on_fridays(data: Dataset) -> None:
    """The text says the Islamic State issues its statistics every Friday: the dated ones do."""
    dated = [
        e
        for e in data.events(kind=["announcement", "claim"], involving="islamic-state")
        if e.date.precision == "day"
        and any(
            p.entity == "islamic-state" and p.role in ("announcer", "claimant")
            for p in e.participants
        )
    ]
    assert len(dated) >= 3
    assert all(e.date.start.weekday() == 4 for e in dated), [e.id for e in dated]


# ---- Counts ----------------------------------------------------------------------------------

UNIT_DAYS = {"years": 365.25, "months": 30.44, "weeks": 7.0, "days": 1.0}


def test_durations_agree_with_their_dates(data: Dataset) -> None:
    """A duration figure with a period matches the length of that period (5% when exact)."""
    checked = 0
    for figure in data.figures(measure="duration"):
        if figure.period is None:
            continue
        days = (figure.period.end - figure.period.start).days + (figure.unit == "weeks")
        length = days / UNIT_DAYS[figure.unit]
        value = figure.quantity.low
        assert value is not None
        tolerance = 0.05 if figure.quantity.qualifier == "exact" else 0.15
        assert abs(length - value) <= tolerance * value, (figure.id, length)
        checked += 1
    assert checked >= 3


def test_breakdowns_fit_their_totals(data: Dataset) -> None:
    """Complete breakdowns sum to the total; 'including' parts never exceed it."""
    for figure in data.figures():
        if not figure.parts:
            continue
        parts = [data.figure(p).quantity for p in figure.parts]
        lows = [q.low for q in parts]
        assert all(low is not None for low in lows)
        total = sum(low for low in lows if low is not None)
        if figure.breakdown == "complete":
            assert figure.quantity.low == total == figure.quantity.high, figure.id
        else:
            assert figure.quantity.high is None or total <= figure.quantity.high, figure.id


def test_vague_amounts_keep_their_words_and_no_value(data: Dataset) -> None:
    """'Several', 'dozens' and the like carry their wording and no invented number."""
    vague = data.figures()
    vague = tuple(f for f in vague if f.quantity.qualifier == "vague")
    assert vague
    for figure in vague:
        assert figure.quantity.low is None and figure.quantity.high is None
        assert figure.wording


# ---- Links and coverage ----------------------------------------------------------------------


def _references(data: Dataset) -> set[str]:
    refs: set[str] = set()
    records: tuple[Event | Figure, ...] = (*data.events(), *data.figures())
    for record in records:
        refs.update(record.places)
        for attribution in record.asserted_by:
            refs.add(attribution.by)
            refs.update(attribution.via)
        if isinstance(record, Event):
            refs.update(p.entity for p in record.participants)
        else:
            refs.update((*record.actors, *record.affected))
    return refs


def test_every_entity_is_used_or_says_why_not(data: Dataset) -> None:
    """Each entity is used by an event or figure, or its `standalone` note says why it is not.

    A referenced entity must not carry such a note.
    """
    refs = _references(data)
    unexplained = [e.id for e in data.entities() if e.id not in refs and not e.standalone]
    needless = [e.id for e in data.entities() if e.id in refs and e.standalone]
    assert unexplained == []
    assert needless == []


def test_every_place_reaches_a_country(data: Dataset) -> None:
    """Following `located_in` from any place ends at a country, without a cycle."""
    for place in data.entities("place"):
        seen = {place.id}
        current = place
        while current.located_in is not None:
            current = data.entity(current.located_in)
            assert current.id not in seen
            seen.add(current.id)
        assert current.subtype == "country", place.id


def test_every_outside_fact_names_its_source(data: Dataset) -> None:
    """Outside facts, names, coordinates and codes each name the page they come from.

    Each outside fact concerns a field its record has.
    """
    sources: list[str | None] = []
    records: tuple[Entity | Event | Figure | Source, ...] = (*_records(data), data.source)
    for record in records:
        for fact in record.external:
            whole = isinstance(record, Entity) and fact.field == WHOLE
            assert whole or fact.field.split(".")[0] in attrs.fields_dict(type(record)), fact
            sources.append(fact.source)
    for entity in data.entities():
        sources += [a.source for a in entity.aliases if a.external]
        sources += [i.source for i in entity.external_ids]
        if entity.coordinates is not None:
            sources.append(entity.coordinates.source)
    assert len(sources) > 100
    assert all(
        source is not None and source.startswith(("https://", "http://")) for source in sources
    )


def test_conflicting_accounts_are_kept_side_by_side(data: Dataset) -> None:
    """Each group of conflicting accounts holds at least two differently attributed events."""
    groups = data.conflicting_accounts()
    assert len(groups) >= 1
    for group in groups:
        assert len(group) >= 2
        sources = {tuple(a.by for a in e.asserted_by) for e in group}
        assert len(sources) == len(group)
    qurashi = next(g for g in groups if "hts-kills-abu-al-hussein" in {e.id for e in g})
    assert {e.id for e in qurashi} == {
        "hts-kills-abu-al-hussein",
        "mit-kills-abu-al-hussein-in-jindires",
    }


def test_errata_keep_what_the_article_prints(data: Dataset) -> None:
    """The impossible year 2000 is flagged with the likely reading, and kept as printed."""
    flagged = {record.id: erratum for record, erratum in data.errata()}
    erratum = flagged["is-claims-south-series"]
    assert erratum.as_printed == "2000"
    assert "2020" in erratum.likely
    event = data.event("is-claims-south-series")
    assert event.date.wording is not None and "2000" in event.date.wording


def _records(data: Dataset) -> tuple[Record, ...]:
    return (*data.entities(), *data.events(), *data.figures())


def test_records_have_evidence_and_attribution(data: Dataset) -> None:
    """Every record carries evidence, but the units the article does not name; all are asserted.

    The administrative units without a quote are parents of places the article names; every
    event and figure says who asserts it.
    """
    for record in _records(data):
        if isinstance(record, Entity) and not record.evidence:
            assert record.subtype in ADMINISTRATIVE and record.id in _parents(data), record.id
        else:
            assert record.evidence, record.id
        if not isinstance(record, Entity):
            assert record.asserted_by


@pytest.mark.parametrize(("kind", "minimum"), [("person", 25), ("organization", 30), ("place", 50)])
def test_coverage_by_kind(data: Dataset, kind: str, minimum: int) -> None:
    """The dataset covers the article's people, organizations and places in number."""
    assert len(data.entities(kind)) >= minimum


# ---- How each claim is held ------------------------------------------------------------------

CLAIM_KINDS = {"claim"}
"""Event kinds in which a party speaks of its own act: always held as ``claimed``."""


def test_claims_by_a_party_are_claimed(data: Dataset) -> None:
    """A party's claim of its own act, and a number a party gives of its own acts, is claimed."""
    wrong = [e.id for e in data.events() if e.kind in CLAIM_KINDS and e.status != "claimed"]
    own_numbers = [
        f.id
        for f in data.figures()
        if f.status not in ("claimed", "denied")
        and f.actors
        and all(a.by in f.actors and not a.via for a in f.asserted_by)
    ]
    assert wrong == []
    assert own_numbers == []
    assert data.events(status="claimed") and data.figures(status="claimed")


def test_no_period_ends_after_the_statement_that_reports_it(data: Dataset) -> None:
    """What a statement reports has happened by the time of the statement."""
    late = []
    for event in data.events():
        for link in event.links:
            reported = data.event(link.event)
            if link.relation == "reports" and reported.date.start > event.date.end:
                late.append(f"{event.id} reports {reported.id}")
        if event.kind in ("announcement", "statement", "claim", "publication"):
            for figure_id in event.figures:
                period = data.figure(figure_id).period
                if period is not None and period.end > event.date.end:
                    late.append(f"{event.id} gives {figure_id}")
    assert late == []


def test_ongoing_situations_are_told_apart(data: Dataset) -> None:
    """Trends ('almost daily' attacks) are ongoing; a battle or a killing is a single happening."""
    ongoing = {e.id for e in data.events(ongoing=True)}
    assert ongoing and "battle-of-al-baghouz" not in ongoing
    assert not any(e.ongoing for e in data.events(kind=["killing", "battle", "raid", "arrest"]))
    assert set(data.events(ongoing=False)) | set(data.events(ongoing=True)) == set(data.events())


def test_the_place_tree_is_administrative(data: Dataset) -> None:
    """Governorates lie in their country; no place lies in an informal region or in a point.

    Informal regions ("eastern Syria", the Badia) are listed in ``regions`` instead.
    """
    informal = {"region", "desert", "border", "countryside", "operation_area", "area", "camps"}
    for place in data.entities("place"):
        if place.located_in is None:
            continue
        parent = data.entity(place.located_in)
        if place.subtype == "governorate":
            assert parent.subtype == "country", place.id
        assert parent.subtype not in informal, (place.id, parent.id)
        assert place.id not in place.regions
    assert any(place.regions for place in data.entities("place"))


# ---- The administrative backbone -------------------------------------------------------------

ADMINISTRATIVE = ("country", "governorate", "district")
"""The administrative levels the places follow (OCHA's COD-AB, to the district)."""
POINTS = ("city", "town", "village")
"""Places that are points: each has coordinates of the place itself."""


def _parents(data: Dataset) -> set[str]:
    return {place.located_in for place in data.entities("place") if place.located_in}


def _codes(place: Entity) -> dict[str, str]:
    return {code.scheme: code.value for code in place.external_ids}


def test_every_administrative_unit_has_its_codes_and_a_point(data: Dataset) -> None:
    """Every administrative unit has its codes and a point; towns and villages have a point.

    Countries carry ISO 3166-1 alpha-2 and alpha-3 codes, governorates an ISO 3166-2 code and
    an OCHA p-code, districts an OCHA p-code; each has coordinates, a unit below a country those
    of its seat. Towns, villages and cities have coordinates of the place itself.
    """
    needed = {
        "country": {"iso3166-1-alpha2", "iso3166-1-alpha3"},
        "governorate": {"ocha-pcode", "iso3166-2"},
        "district": {"ocha-pcode"},
    }
    units = [p for p in data.entities("place") if p.subtype in ADMINISTRATIVE]
    assert {p.subtype for p in units} == set(ADMINISTRATIVE)
    for place in units:
        assert needed[str(place.subtype)] <= set(_codes(place)), place.id
        assert place.coordinates is not None, place.id
        if place.subtype != "country":
            assert place.coordinates.point == "seat", place.id
    for place in data.entities("place"):
        if place.subtype in POINTS:
            assert place.coordinates is not None and place.coordinates.point == "place", place.id


def test_pcodes_nest_in_their_parents(data: Dataset) -> None:
    """A district's OCHA p-code begins with its governorate's, a governorate's with `SY`.

    `SY` is the country's ISO code, which is also OCHA's admin-0 p-code; a district lies in a
    governorate, a governorate in a country.
    """
    checked = 0
    for place in data.entities("place"):
        if place.subtype not in ("governorate", "district") or place.located_in is None:
            continue
        parent = data.entity(place.located_in)
        assert parent.subtype == ADMINISTRATIVE[ADMINISTRATIVE.index(str(place.subtype)) - 1]
        prefix = _codes(parent).get("ocha-pcode") or _codes(parent)["iso3166-1-alpha2"]
        assert _codes(place)["ocha-pcode"].startswith(prefix), (place.id, prefix)
        checked += 1
    assert checked >= 11
