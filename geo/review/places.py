"""Where a typed place name puts an event: the event's own place of that name, the resolve stage, or an online geocoder."""
from __future__ import annotations

from dataclasses import replace

from geo.models import Event, Place
from geo.review.model import fail


def _known_places(event: Event | None) -> dict[str, Place]:
    from geo.gazetteer import normalize_name

    if event is None:
        return {}
    return {normalize_name(p.name): p for p in (*event.locations, *event.origins)}


def _context_countries(event: Event | None) -> list[str]:
    """ISO codes of the countries an event's places lie in and its text names: context for namesakes."""
    from geo.extract.countries import load_countries

    if event is None:
        return []
    index = load_countries()
    codes = [p.country for p in (*event.locations, *event.origins) if p.country]
    codes += [c.iso2 for c in (index.get(name) for name in event.countries) if c is not None]
    return list(dict.fromkeys(codes))


def place_for_name(name: str, role: str, event: Event | None = None) -> Place:
    """Where a typed place name puts an event; never raises.

    The event's own place of that name keeps its extracted coordinates and span; any other name is
    resolved by the resolve stage (:func:`geo.resolve.resolve_name`, with the event's countries as
    context; the place then carries the gazetteer's name), then by the configured online geocoder.
    A name nobody knows comes back without coordinates, its ``reason`` saying so.
    """
    from geo.gazetteer import normalize_name
    from geo.resolve import resolve_name

    known = _known_places(event)
    key = normalize_name(name)
    if key in known:  # the extracted place keeps its span and any directional shift
        return replace(known[key], role=role)
    resolved = resolve_name(name, role=role, countries=_context_countries(event))  # type: ignore[arg-type]
    if resolved.located:
        return resolved  # named as the gazetteer names it, so the analyst sees which entry it is
    return _online_place(name, role) or resolved


def resolve_place(name: str, role: str, event: Event | None) -> Place:
    """The place a correction gives an event for ``name``, under the name the analyst typed.

    Raises
    ------
    CorrectionError
        When nobody knows the name.
    """
    from geo.gazetteer import normalize_name

    own = _known_places(event).get(normalize_name(name))
    if own is not None:  # kept as extracted, name included
        return replace(own, role=role)
    place = place_for_name(name, role, event)
    if not place.located:
        raise fail("origins" if role == "origin" else "locations", "a place name the gazetteer knows", name,
                   "check the spelling, try the official name (e.g. 'Osan Air Base', 'East China Sea'), "
                   "or add the place to data/gazetteer/military.csv")
    return replace(place, name=name)  # the event shows the name the analyst typed


def _online_place(name: str, role: str) -> Place | None:
    """Ask the configured online geocoder (GEO_GEOCODER=nominatim|photon) for a name the gazetteer lacks.

    Its answers are cached on disk and it falls back to the offline gazetteer on any failure, so
    with the default GEO_GEOCODER=gazetteer this returns None without touching the network.
    """
    from geo.config import Settings
    from geo.geocode import configured_geocoder

    settings = Settings.from_env()
    if settings.geocoder == "gazetteer":
        return None
    # One geocoder per process: every correction shares its cache and its 1 request/s pace.
    loc = configured_geocoder(settings).geocode(name)
    if loc is None:
        return None
    raw = loc.raw if isinstance(loc.raw, dict) else {}
    return Place(name=name, lat=round(loc.latitude, 5), lon=round(loc.longitude, 5),
                 precision=raw.get("precision", "point"), gazetteer_id=str(raw.get("id", raw.get("osm_id", ""))),
                 feature_kind=str(raw.get("kind", raw.get("type", ""))), role=role,  # type: ignore[arg-type]
                 radius_km=float(raw.get("radius_km", 0.0) or 0.0))
