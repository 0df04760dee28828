"""Folium layers drawn from the events DataFrame: event markers, area circles, origins and flight lines.

Pure functions of a frame with the columns of ``geo.schema``; nothing here knows
about Streamlit. Each layer is one ``folium.GeoJson`` (points drawn as circle
markers, styled per kind) rather than one folium object per marker: folium
renders every object through Jinja (about 0.7 ms per CircleMarker), while one
GeoJson layer builds 10k points in well under a second.

Longitudes are drawn in a *frame*: ``"standard"`` (-180..180) or ``"pacific"``
(0..360, so that Hawaii -> Korea or the continental US -> Korea does not cross
the whole map). :func:`choose_frame` picks the one in which the data is most
compact; a Streamlit page should pick it once, from the unfiltered events, and pass
it to :func:`events_feature_group` and ``offline_map(pacific=...)``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import folium
import pandas as pd
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import schema as S
from geo.errors import ConfigurationError
from geo.render import popups
from geo.render.assets import POLYLINE_DECORATOR_JS, localize, offline_map

Frame = Literal["standard", "pacific"]
FrameOption = Literal["auto", "standard", "pacific"]
FRAMES: tuple[str, ...] = ("auto", "standard", "pacific")

AREA_PRECISIONS = frozenset({"area", "region", "country"})
"""Place precisions drawn as a translucent circle of ``radius_km`` plus a small centre marker."""

EARTH_RADIUS_KM = 6371.0088
GC_STEP_KM = 250.0  # one interpolated point per this many km of flight line: smooth at zoom 2-7
GC_MAX_POINTS = 48
FIT_MAX_ZOOM = 7
COORD_DECIMALS = 5  # about 1 m; keeps the embedded GeoJSON small

POINT_RADIUS_PX = 7
AREA_CENTRE_RADIUS_PX = 4
ORIGIN_ICON_HTML = (
    '<div style="width:11px;height:11px;box-sizing:border-box;background:#ffffff;'
    'border:2.5px solid #222222;transform:rotate(45deg)"></div>'
)

Place = tuple[str, float | None, float | None, str, float]
Bounds = list[list[float]]


def _colour(kind: Any) -> str:
    return S.KIND_COLOURS.get(str(kind), S.KIND_COLOURS["other"])


def _kind(row: Mapping[str, Any]) -> str:
    kind = row.get(S.KIND)
    return "other" if popups.is_missing(kind) or not str(kind) else str(kind)


def _float(value: Any) -> float | None:
    """``value`` as a finite float, or None when it is missing or not a number."""
    if popups.is_missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _wrap180(delta: float) -> float:
    return (delta + 180.0) % 360.0 - 180.0


def frame_lon(lon: float, frame: Frame) -> float:
    """``lon`` written in ``frame``: -180 <= lon < 180 (standard) or 0 <= lon < 360 (pacific).

    Examples
    --------
    >>> frame_lon(-157.9, "pacific")
    202.1
    >>> frame_lon(190.0, "standard")
    -170.0
    """
    if frame == "pacific":
        return round(lon % 360.0, 10)
    return round(_wrap180(lon), 10)


def _places(value: Any) -> list[Place]:
    """The located places of an ``origins``/``locations`` cell (tuples of name, lat, lon, precision, radius)."""
    if popups.is_missing(value) or isinstance(value, str):
        return []
    out = []
    for place in value:
        if isinstance(place, Mapping):
            place = (place.get("name"), place.get("lat"), place.get("lon"),
                     place.get("precision", "point"), place.get("radius_km", 0.0))
        if not isinstance(place, (tuple, list)) or len(place) < 3:
            continue
        lat, lon = _float(place[1]), _float(place[2])
        if lat is None or lon is None:
            continue
        precision = str(place[3]) if len(place) > 3 and not popups.is_missing(place[3]) else "point"
        radius = _float(place[4]) if len(place) > 4 else None
        out.append((str(place[0]), lat, lon, precision, radius or 0.0))
    return out


def _records(df: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as dicts; a list is taken to be already converted (so a map converts its frame once)."""
    if isinstance(df, list):
        return df
    S.validate_events(df)
    return df.to_dict("records")


def _located(records: Iterable[dict[str, Any]]) -> Iterable[tuple[dict[str, Any], float, float]]:
    for row in records:
        lat, lon = _float(row.get(S.LAT)), _float(row.get(S.LON))
        if lat is not None and lon is not None:
            yield row, lat, lon


def _is_area(row: Mapping[str, Any]) -> bool:
    radius = _float(row.get(S.RADIUS_KM))
    return str(row.get(S.PLACE_PRECISION)) in AREA_PRECISIONS and radius is not None and radius > 0


def _span(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def choose_frame(df: pd.DataFrame) -> Frame:
    """The longitude frame in which the events and their origins are most compact.

    ``"pacific"`` (0..360) only when it is strictly narrower than ``"standard"``
    (-180..180), e.g. for flights from Hawaii or the continental US to Korea.

    Examples
    --------
    >>> from geo.schema import empty_events
    >>> choose_frame(empty_events())
    'standard'
    """
    lons = []
    for row, _lat, lon in _located(_records(df)):
        lons.append(lon)
        lons += [p[2] for p in _places(row.get(S.ORIGINS))]
    standard = _span([frame_lon(x, "standard") for x in lons])
    pacific = _span([frame_lon(x, "pacific") for x in lons])
    return "pacific" if pacific < standard else "standard"


def resolve_frame(df: pd.DataFrame, frame: FrameOption) -> Frame:
    """``frame``, or the frame :func:`choose_frame` picks for ``df`` when it is ``"auto"``.

    Raises
    ------
    ConfigurationError
        For a frame that is not one of ``FRAMES``.
    """
    if frame == "auto":
        return choose_frame(df)
    if frame not in FRAMES:
        raise ConfigurationError(f"Unknown longitude frame {frame!r}; options are: {list(FRAMES)}")
    return frame


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, *,
                 step_km: float = GC_STEP_KM, max_points: int = GC_MAX_POINTS) -> list[tuple[float, float]]:
    """Points ``(lat, lon)`` along the great circle from point 1 to point 2, with unwrapped longitudes.

    Longitudes change continuously (consecutive points differ by less than 180
    degrees), so a line across the antimeridian goes beyond 180 instead of
    jumping across the whole map. The first point is exactly ``(lat1, lon1)``;
    the last is ``(lat2, lon2)`` shifted by a multiple of 360 degrees.

    Examples
    --------
    >>> pts = great_circle(21.3, -157.9, 37.5, 127.0)  # Honolulu -> Seoul
    >>> pts[0], round(pts[-1][1])
    ((21.3, -157.9), -233)
    """
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    v1 = (math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1))
    v2 = (math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2))
    cross = (v1[1] * v2[2] - v1[2] * v2[1], v1[2] * v2[0] - v1[0] * v2[2], v1[0] * v2[1] - v1[1] * v2[0])
    angle = math.atan2(math.sqrt(sum(c * c for c in cross)), sum(a * b for a, b in zip(v1, v2)))
    n = min(max_points, max(2, math.ceil(angle * EARTH_RADIUS_KM / step_km) + 1))
    points = [(lat1, lon1)]
    sin_angle = math.sin(angle)
    if n > 2 and sin_angle > 1e-9:  # not the same point, not antipodes
        for i in range(1, n - 1):
            f = i / (n - 1)
            a, b = math.sin((1 - f) * angle) / sin_angle, math.sin(f * angle) / sin_angle
            x, y, z = (a * c1 + b * c2 for c1, c2 in zip(v1, v2))
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            lon = math.degrees(math.atan2(y, x))
            points.append((lat, points[-1][1] + _wrap180(lon - points[-1][1])))
    prev = points[-1][1]
    points.append((lat2, prev + _wrap180(lon2 - prev)))
    return points


def flight_path(origin: tuple[float, float], event: tuple[float, float], frame: Frame) -> list[tuple[float, float]]:
    """Great-circle ``(lat, lon)`` points from ``origin`` to ``event``, ending at the event's marker in ``frame``."""
    elat, elon = event[0], frame_lon(event[1], frame)
    olat, olon = origin[0], elon + _wrap180(origin[1] - elon)
    points = great_circle(olat, olon, elat, elon)
    # Over a pole the unwrapped end can land 360 degrees away: shift the line onto the marker.
    shift = round((elon - points[-1][1]) / 360.0) * 360.0
    points = [(lat, lon + shift) for lat, lon in points]
    points[-1] = (elat, elon)
    return points


def _feature(geometry: dict[str, Any], fid: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]}


def event_features(df: pd.DataFrame, frame: Frame = "standard") -> tuple[list[dict], list[dict]]:
    """GeoJSON features of the events: ``(markers, areas)``.

    One marker per located event (its properties carry ``tooltip`` and ``popup``
    HTML, already escaped) and, for area-precision places, one circle of
    ``radius_km``. Events without coordinates are left out.
    """
    markers, areas = [], []
    for i, (row, lat, lon) in enumerate(_located(_records(df))):
        lon = frame_lon(lon, frame)
        kind = _kind(row)
        area = _is_area(row)
        # Every string property is escaped: the GeoJSON is embedded in a script that
        # branca re-parses as a Jinja template (see popups.esc).
        markers.append(_feature(_point(lat, lon), f"event-{i}", {
            "layer": "event", "event_id": popups.esc(row.get(S.EVENT_ID)), "kind": popups.esc(kind), "area": area,
            "tooltip": popups.event_tooltip_html(row), "popup": popups.event_popup_html(row),
        }))
        if area:
            areas.append(_feature(_point(lat, lon), f"area-{i}", {
                "layer": "area", "kind": popups.esc(kind), "radius_m": float(row[S.RADIUS_KM]) * 1000.0,
            }))
    return markers, areas


def origin_features(df: pd.DataFrame, frame: Frame = "standard") -> list[dict]:
    """GeoJSON features of the distinct located origins, each with the events that start there."""
    by_place: dict[tuple[str, float, float], list[dict[str, Any]]] = {}
    for row in _records(df):
        for name, lat, lon, _precision, _radius in _places(row.get(S.ORIGINS)):
            by_place.setdefault((name, round(lat, 4), round(frame_lon(lon, frame), 4)), []).append(row)
    return [
        _feature(_point(lat, lon), f"origin-{i}", {
            "layer": "origin", "name": popups.esc(name),
            "tooltip": popups.origin_tooltip_html(name, len(rows)),
            "popup": popups.origin_popup_html(name, rows),
        })
        for i, ((name, lat, lon), rows) in enumerate(by_place.items())
    ]


def flight_features(df: pd.DataFrame, frame: Frame = "standard") -> list[dict]:
    """GeoJSON LineStrings from each located origin to its event, along great circles."""
    features = []
    for row, lat, lon in _located(_records(df)):
        for name, olat, olon, _precision, _radius in _places(row.get(S.ORIGINS)):
            if abs(olat - lat) < 1e-3 and abs(_wrap180(olon - lon)) < 1e-3:
                continue  # took off where it happened: nothing to draw
            path = flight_path((olat, olon), (lat, lon), frame)
            features.append(_feature(
                {"type": "LineString", "coordinates": [[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)]
                                                       for y, x in path]},
                f"flight-{len(features)}",
                {"layer": "flight", "kind": popups.esc(_kind(row)),
                 "tooltip": popups.flight_tooltip_html(name, row), "popup": popups.flight_popup_html(name, row)},
            ))
    return features


def _collection(features: list[dict]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _details(layer: folium.GeoJson) -> folium.GeoJson:
    """Bind the escaped ``tooltip``/``popup`` properties; the HTML is used as is (labels off, no localising)."""
    folium.GeoJsonTooltip(fields=["tooltip"], labels=False, localize=False, sticky=True).add_to(layer)
    folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False, max_width=380).add_to(layer)
    return layer


def _event_style(feature: dict) -> dict[str, Any]:
    props = feature["properties"]
    return {
        "radius": AREA_CENTRE_RADIUS_PX if props["area"] else POINT_RADIUS_PX,
        "color": "#ffffff", "weight": 1.5, "opacity": 1.0,
        "fill": True, "fillColor": _colour(props["kind"]), "fillOpacity": 0.9,
    }


def _area_style(feature: dict) -> dict[str, Any]:
    props = feature["properties"]
    colour = _colour(props["kind"])
    # Circle radius in metres; not interactive so that a country-sized circle never hides clicks.
    return {"radius": props["radius_m"], "color": colour, "weight": 1, "opacity": 0.6, "dashArray": "4 4",
            "fill": True, "fillColor": colour, "fillOpacity": 0.12, "interactive": False}


def _flight_style(feature: dict) -> dict[str, Any]:
    return {"color": _colour(feature["properties"]["kind"]), "weight": 2, "opacity": 0.8}


class ArrowHeads(JSCSSMixin):
    """Direction arrows (leaflet-polylinedecorator, served locally) on every line of the parent GeoJson.

    The decorators go into the GeoJson's own parent (a feature group or the map),
    so they are shown and hidden with it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.eachLayer(function (line) {
                L.polylineDecorator(line, {patterns: [{
                    offset: {{ this.offset|tojson }}, repeat: 0,
                    symbol: L.Symbol.arrowHead({pixelSize: {{ this.pixel_size|tojson }}, polygon: true,
                        pathOptions: {stroke: false, fill: true, fillOpacity: 0.9, interactive: false,
                                      color: line.options.color}})
                }]}).addTo({{ this._parent._parent.get_name() }});
            });
        {% endmacro %}
        """
    )
    default_js = [("polylinedecorator", POLYLINE_DECORATOR_JS)]

    def __init__(self, offset: str = "55%", pixel_size: int = 11):
        super().__init__()
        self._name = "ArrowHeads"
        self.offset = offset
        self.pixel_size = pixel_size


def _event_geojsons(df: pd.DataFrame, frame: Frame) -> list[folium.GeoJson]:
    markers, areas = event_features(df, frame)
    layers = []
    if areas:
        layers.append(folium.GeoJson(_collection(areas), name="Event areas", control=False,
                                     marker=folium.Circle(radius=1), style_function=_area_style))
    if markers:
        layers.append(_details(folium.GeoJson(_collection(markers), name="Event markers", control=False,
                                              marker=folium.CircleMarker(radius=POINT_RADIUS_PX),
                                              style_function=_event_style)))
    return layers


def _origin_geojsons(df: pd.DataFrame, frame: Frame) -> list[folium.GeoJson]:
    features = origin_features(df, frame)
    if not features:
        return []
    icon = folium.DivIcon(html=ORIGIN_ICON_HTML, icon_size=(11, 11), icon_anchor=(6, 6), class_name="sortie-origin")
    return [_details(folium.GeoJson(_collection(features), name="Origin markers", control=False,
                                    marker=folium.Marker(icon=icon)))]


def _flight_geojsons(df: pd.DataFrame, frame: Frame, arrows: bool) -> list[folium.GeoJson]:
    features = flight_features(df, frame)
    if not features:
        return []
    layer = _details(folium.GeoJson(_collection(features), name="Flight paths", control=False,
                                    style_function=_flight_style))
    if arrows:
        ArrowHeads().add_to(layer)
    return [layer]


def _group(name: str, layers: list[folium.GeoJson], show: bool = True) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name, overlay=True, control=True, show=show)
    for layer in layers:
        layer.add_to(group)
    return localize(group)


def event_layer(df: pd.DataFrame, *, frame: FrameOption = "auto", name: str = "Events") -> folium.FeatureGroup:
    """One marker per located event, coloured by ``KIND_COLOURS[kind]``, with a tooltip and a popup.

    Point places are circle markers; area-precision places (``place_precision`` in
    area/region/country with ``radius_km > 0``) get a translucent circle of
    ``radius_km`` and a smaller centre marker.

    Parameters
    ----------
    df
        Events with the columns of ``geo.schema`` (``geo.schema.empty_events()`` for none).
    frame
        Longitude frame, see :func:`choose_frame`.
    name
        The layer's name in the layer control.
    """
    rows = _records(df)
    return _group(name, _event_geojsons(rows, resolve_frame(rows, frame)))


def origin_layer(df: pd.DataFrame, *, frame: FrameOption = "auto", name: str = "Origins") -> folium.FeatureGroup:
    """One white diamond per distinct located origin (base, airfield), listing the events that start there."""
    rows = _records(df)
    return _group(name, _origin_geojsons(rows, resolve_frame(rows, frame)))


def flight_lines(df: pd.DataFrame, *, frame: FrameOption = "auto", name: str = "Flight lines",
                 arrows: bool = True) -> folium.FeatureGroup:
    """Great-circle lines from each located origin to its event, coloured by kind, with a direction arrow."""
    rows = _records(df)
    return _group(name, _flight_geojsons(rows, resolve_frame(rows, frame), arrows))


def events_feature_group(df: pd.DataFrame, *, frame: FrameOption = "auto", name: str = "Events",
                         arrows: bool = True) -> folium.FeatureGroup:
    """Flight lines, event areas, event markers and origins in ONE feature group.

    For ``st_folium(m, feature_group_to_add=fg, key=..., returned_objects=[...])``:
    the map (``offline_map``) stays mounted and only this group is replaced when
    a filter changes. Pass a fixed ``frame`` (from :func:`choose_frame` on the
    unfiltered events), so that markers do not jump between frames as filters change.
    """
    rows = _records(df)
    frame_ = resolve_frame(rows, frame)
    return _group(name, [*_flight_geojsons(rows, frame_, arrows), *_event_geojsons(rows, frame_),
                         *_origin_geojsons(rows, frame_)])


def data_bounds(df: pd.DataFrame, *, frame: FrameOption = "auto") -> Bounds | None:
    """``[[south, west], [north, east]]`` around the events (with their area circles) and origins; None if none."""
    rows = _records(df)
    frame_ = resolve_frame(rows, frame)
    lats: list[float] = []
    lons: list[float] = []
    for row, lat, lon in _located(rows):
        lon = frame_lon(lon, frame_)
        radius = _float(row.get(S.RADIUS_KM)) if _is_area(row) else 0.0
        dlat = (radius or 0.0) / 111.32
        dlon = dlat / max(math.cos(math.radians(lat)), 0.05)
        lats += [lat - dlat, lat + dlat]
        lons += [lon - dlon, lon + dlon]
        for _name, olat, olon, _p, _r in _places(row.get(S.ORIGINS)):
            lats.append(olat)
            lons.append(lon + _wrap180(olon - lon))
    if not lats:
        return None
    return [[max(min(lats), -85.0), min(lons)], [min(max(lats), 85.0), max(lons)]]


def _fit(m: folium.Map, bounds: Bounds | None) -> None:
    if bounds is not None:
        fit = folium.FitBounds(bounds, max_zoom=FIT_MAX_ZOOM, padding=(24, 24))
        fit.options["animate"] = False  # the first view appears at once, not after a fly-in
        fit.add_to(m)


def base_map(df: pd.DataFrame, *, frame: FrameOption = "auto", online_tiles: bool = False,
             **map_kwargs: Any) -> folium.Map:
    """The map without event layers, fitted to ``df``: the stable part of a ``st_folium`` map.

    Build it from the *unfiltered* events and add the filtered ones with
    ``st_folium(base_map(events, frame=frame), feature_group_to_add=events_feature_group(shown, frame=frame),
    key=..., returned_objects=[])``: since this map does not change with the filters,
    the component keeps its key and only the feature group is redrawn.

    Parameters
    ----------
    df
        All events (``geo.schema`` columns); they set the view and the frame. May be empty.
    frame
        Longitude frame, see :func:`choose_frame`; pass the same one to :func:`events_feature_group`.
    online_tiles
        Also offer online tile layers, with a layer control to switch base layers.
    **map_kwargs
        Passed to ``geo.render.assets.offline_map``.
    """
    rows = _records(df)
    frame_ = resolve_frame(rows, frame)
    m = offline_map(online_tiles=online_tiles, pacific=frame_ == "pacific", **map_kwargs)
    if online_tiles:
        folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, data_bounds(rows, frame=frame_))
    return localize(m)


def build_map(df: pd.DataFrame, *, online_tiles: bool = False, frame: FrameOption = "auto",
              arrows: bool = True, **map_kwargs: Any) -> folium.Map:
    """A complete offline map of ``df``: basemap, flight lines, events, origins, layer control, fitted view.

    Parameters
    ----------
    df
        Events with the columns of ``geo.schema``; may be empty (the map then shows East Asia).
    online_tiles
        Also offer OpenStreetMap and satellite tiles (they need a network connection).
    frame
        Longitude frame, see :func:`choose_frame`.
    arrows
        Draw a direction arrow on each flight line.
    **map_kwargs
        Passed to ``geo.render.assets.offline_map`` and on to ``folium.Map``.

    Returns
    -------
    folium.Map
        Whose HTML (``m.get_root().render()``) loads files from ``/app/static`` only.

    Examples
    --------
    >>> from geo.schema import empty_events
    >>> m = build_map(empty_events())
    >>> "https://" in m.get_root().render()
    False
    """
    rows = _records(df)
    frame_ = resolve_frame(rows, frame)
    m = offline_map(online_tiles=online_tiles, pacific=frame_ == "pacific", **map_kwargs)
    flight_lines(rows, frame=frame_, arrows=arrows).add_to(m)
    event_layer(rows, frame=frame_).add_to(m)
    origin_layer(rows, frame=frame_).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    _fit(m, data_bounds(rows, frame=frame_))
    return localize(m)
