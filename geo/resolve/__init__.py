"""Resolve stage: every place mention (from extraction, the geoparser or a Review correction) -> coordinates, precision, extent, reason.

This is the seam the rest of the library calls. ``resolve_name`` places one typed name (the Review
page); ``resolve_events`` places every mention of an article's events. Both return
:class:`geo.models.Place` objects: located ones carry a ``reason``; a name that cannot be placed
keeps ``lat``/``lon`` None and says why in ``reason``, so it is shown as unresolved, never dropped.
"""
from __future__ import annotations

from collections.abc import Iterable

from geo.models import Place, PlaceRole

__all__ = ["resolve_name"]


def resolve_name(name: str, *, role: PlaceRole = "location", countries: Iterable[str] = ()) -> Place:
    """Place one name typed by an analyst, with the article's ``countries`` (ISO codes) as context.

    Returns an unresolved ``Place`` (``located`` False, ``reason`` saying why) when neither the
    gazetteer nor the configured online geocoder knows the name.
    """
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    entries = gazetteer.lookup(name)
    wanted = set(countries)
    if entries:
        e = max(entries, key=lambda x: (gazetteer.country_code(x) in wanted, x.source in ("military", "country"),
                                        x.population))
        return Place(name=e.name, lat=round(e.lat, 5), lon=round(e.lon, 5), precision=e.precision,  # type: ignore[arg-type]
                     gazetteer_id=e.id, feature_kind=e.kind, role=role, radius_km=e.radius_km,
                     country=gazetteer.country_code(e),
                     reason="only candidate" if len(entries) == 1 else "best of %d candidates" % len(entries))
    return Place(name=name, lat=None, lon=None, role=role, reason="not in the gazetteer")
