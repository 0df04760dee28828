"""When two reports may be one occurrence (the join rules) and how alike they are (the score that orders merges)."""
from __future__ import annotations

from geo.gazetteer.distance import haversine_km
from geo.sorties.features import Features

# A date written in US time for an event in East Asia is a day earlier than the local one (and the other
# way round for an event in the Americas reported from Asia), so day dates one day apart still join.
DATE_LINE_DAYS = 1
# Two reports of one occurrence name the base, the city beside it or the sea it is on: circles that
# overlap, or nearly. This much is allowed between two circles' edges.
AREA_SLACK_KM = 100.0


def dates_agree(a: Features, b: Features) -> bool:
    """The two date windows overlap, or are at most a day apart; an unbounded window agrees with any."""
    if a.lo is None or b.lo is None:
        return True
    return max(b.lo - a.hi, a.lo - b.hi) <= DATE_LINE_DAYS


def participants_agree(a: Features, b: Features) -> bool:
    """The participants agree: neither report shows a participant the other lacks while the other shows one it lacks.

    "US and South Korean jets" against "US and Japanese jets" is two drills; "US bombers" against "US
    bombers with South Korean escorts" is one report naming fewer participants. A country counts as shown
    when the report has it fly a named type or puts one of its places there (``Features.evident``): a
    country named only as the reason ("after North Korea's test") does not make two reports disagree.
    """
    if not a.countries or not b.countries:
        return True
    return not ((a.countries - b.countries) & a.evident and (b.countries - a.countries) & b.evident)


def aircraft_agree(a: Features, b: Features) -> bool:
    """The aircraft agree at family level, or one side names none.

    Reports often name different parts of one occurrence (one the bombers, another their escorts or
    the fighters sent to intercept them), so two reports without a common family still agree when no
    role is named on both sides; they disagree when both name, say, bombers, and of different families.
    """
    if not a.families or not b.families or a.families & b.families:
        return True
    return not a.roles.keys() & b.roles.keys()


def _circles_overlap(xs: tuple, ys: tuple) -> bool:
    for lat1, lon1, r1 in xs:
        for lat2, lon2, r2 in ys:
            if haversine_km(lat1, lon1, lat2, lon2) <= r1 + r2 + AREA_SLACK_KM:
                return True
    return False


def areas_agree(a: Features, b: Features) -> bool:
    """Some area of one report overlaps some area of the other (a report with no placed area agrees with any)."""
    if not a.areas or not b.areas or a.area_ids & b.area_ids:
        return True
    return _circles_overlap(a.areas, b.areas)


def same_article_restatement(a: Features, b: Features) -> bool:
    """Two events of one article are one occurrence only when the article states it twice: the same day and a family in common.

    The extractor already joins what an article says of one occurrence, so two events of one article
    are, by default, two occurrences (the flight and the one eight days later; the launch and the answering
    launch). Only a repeat with the same day date and a shared aircraft family is taken as the same one.
    """
    return a.day is not None and a.day == b.day and bool(a.families & b.families)


def compatible(a: Features, b: Features) -> bool:
    """The join rules: same kind and status, dates, participants, aircraft and areas all agree.

    Events of one article join only as a restatement (:func:`same_article_restatement`).
    """
    if a.kind != b.kind or a.status != b.status or not dates_agree(a, b):
        return False
    if a.article_id == b.article_id and not same_article_restatement(a, b):
        return False
    return participants_agree(a, b) and aircraft_agree(a, b) and areas_agree(a, b)


def _published_together(a: Features, b: Features) -> float:
    """Two undated reports in articles published within days of each other most likely speak of one recent event."""
    if a.published is None or b.published is None:
        return 0.0
    days = abs(a.published - b.published)
    return 0.5 if days <= 2 else 0.3 if days <= 7 else 0.0


def similarity(a: Features, b: Features) -> float:
    """How alike two compatible reports are; symmetric. Higher merges first; see docs/sorties.md for the terms.

    Same day 2.0, a day apart 0.8, overlapping imprecise dates 0.3, two undated reports whose articles
    appeared within two / seven days of each other 0.5 / 0.3; each shared aircraft family 1.0 (at
    most two) and each shared type 0.2 (at most two), equal counts of a shared family 0.3; each shared area
    0.7 (at most two), or 0.2 for overlapping ones; each shared origin 0.5 (at most two); countries 0.5 x
    their Jaccard index; the same activity 0.3, different ones -0.3.
    """
    score = 0.0
    if a.day is not None and b.day is not None:
        score += 2.0 if a.day == b.day else 0.8
    elif a.dated and b.dated:
        score += 0.3
    elif not a.dated and not b.dated:
        score += _published_together(a, b)
    shared = a.families & b.families
    if shared:
        score += 1.0 * min(2, len(shared)) + 0.2 * min(2, len(a.types & b.types))
        if any(f in a.counts and a.counts[f] == b.counts.get(f) for f in shared):
            score += 0.3
    common_areas = len(a.area_ids & b.area_ids)
    if common_areas:
        score += 0.7 * min(2, common_areas)
    elif a.areas and b.areas:
        score += 0.2
    common_origins = len(a.origin_ids & b.origin_ids)
    if common_origins:
        score += 0.5 * min(2, common_origins)
    if a.countries and b.countries:
        score += 0.5 * len(a.countries & b.countries) / len(a.countries | b.countries)
    if a.activity and b.activity:
        score += 0.3 if a.activity == b.activity else -0.3
    return round(score, 6)
