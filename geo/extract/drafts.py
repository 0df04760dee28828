"""The draft of one occurrence while an article is read, and the places named so far that later words may refer back to."""
from __future__ import annotations

from collections.abc import Reversible
from dataclasses import dataclass, field

from geo.extract.dates import ResolvedDate
from geo.extract.places import PlaceMention
from geo.extract.sentences import Sentence
from geo.models import Aircraft, Mention, Place, Span


@dataclass
class Draft:
    """An occurrence being assembled from the sentences that tell it, before it becomes an ``Event``."""

    kind: str
    date: ResolvedDate | None
    date_span: Span | None
    status: str
    evidence: Sentence
    aircraft: dict[str, Aircraft] = field(default_factory=dict)
    origins: dict[str, Place] = field(default_factory=dict)
    locations: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, None] = field(default_factory=dict)
    country_spans: dict[str, Span] = field(default_factory=dict)
    date_note: str = ""
    fallback: dict[str, Place] = field(default_factory=dict)  # the actor's country, used if nothing else
    home: set[str] = field(default_factory=set)  # origins named as the unit's home base
    flew_from: dict[str, set[str]] = field(default_factory=dict)  # origin key -> the types said to fly from it
    mentions: list[Mention] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    last_sentence: int = -1  # sentences arrive in order, so this is max(sentences) without a scan
    headline: bool = False  # created by the article's title line
    born: int = -1  # index of the sentence that created it
    dated_evidence: bool = False  # the evidence sentence states a date, even one with no year to read it in
    reported_date: bool = False  # its date is only the day it was reported ("officials said on Monday")
    answering: bool = False  # a launch in answer to the other side's: its state is no stand-in for a place
    name: str = ""  # a named exercise ("Foal Eagle")
    passing: bool = False  # told only as what a flight answered or was part of: context, whatever its place

class PlaceMemory:
    """The places an article has named, as "the peninsula" or "the base" may refer back to them.

    The place finder walks back from the latest mention to the first name that contains the anaphor's
    head, else to the first anaphor whose referent does. Handing it every mention of the article made
    each unresolved "the region" walk the whole article (quadratic); the latest mention of each name
    (and the latest anaphor of each referent) gives the same answers, and an article names a bounded
    number of distinct places.
    """

    def __init__(self) -> None:
        self._latest: dict[tuple[str, str], PlaceMention] = {}

    def extend(self, mentions: list[PlaceMention]) -> None:
        """Remember mentions in text order."""
        for m in mentions:
            if m.kind != "anaphor":
                key = ("name", m.text.lower())
            elif m.parts:
                key = ("anaphor", m.parts[0].text.lower())
            else:
                continue  # an anaphor with no referent is never referred back to
            self._latest.pop(key, None)  # re-inserting keeps the dict ordered by latest mention
            self._latest[key] = m

    def recent(self) -> Reversible[PlaceMention]:
        """The latest mention of each name, oldest first (a view: no copy per sentence)."""
        return self._latest.values()

def place_key(p: Place) -> str:
    """One place per name and shape within an event: "Guam" named twice is one origin, "east of Guam" another."""
    return f"{p.name.strip().lower()}|{p.direction}|{p.distance_km:g}|{p.area_of}|{p.relation}"


__all__ = ["Draft", "PlaceMemory", "place_key"]
