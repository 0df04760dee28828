"""Folium layers drawn from the events DataFrame: event markers, area circles, origins and flight lines.

Pure functions of a frame with the columns of ``geo.query.schema``; nothing here knows
about Streamlit. Each layer is one ``folium.GeoJson`` (points drawn as circle
markers, styled per kind) rather than one folium object per marker: folium
renders every object through Jinja (about 0.7 ms per CircleMarker), while one
GeoJson layer builds 10k points in well under a second.

For the dashboard, :func:`dynamic_layers` draws the same things from a compact JSON
payload built in the browser (clustered above ``CLUSTER_THRESHOLD`` events, popups
written on click), and :class:`PreparedLayers` does the per-event work once per store,
so that a filter change over 10,000 events costs about 0.1-0.2 s on the server.

Longitudes are drawn in a *frame*: ``"standard"`` (-180..180) or ``"pacific"``
(0..360, so that Hawaii -> Korea or the continental US -> Korea does not cross
the whole map). :func:`choose_frame` picks the one in which the data is most
compact; a Streamlit page should pick it once, from the unfiltered events, and pass
it to :func:`events_feature_group` and ``offline_map(pacific=...)``.
"""
from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

import folium
import pandas as pd
from branca.element import Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.query import schema as S
from geo.gazetteer.distance import EARTH_RADIUS_KM
from geo.errors import ConfigurationError
from geo.render import popups
from geo.render.assets import (
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_DEFAULT_CSS,
    MARKERCLUSTER_JS,
    MAX_ZOOM,
    ONLINE_TILES,
    POLYLINE_DECORATOR_JS,
    localize,
    offline_map,
)

Frame = Literal["standard", "pacific"]
Basemap = Literal["offline", "osm", "satellite"]
BASEMAPS: tuple[str, ...] = ("offline", "osm", "satellite")
_BASEMAP_TILES = {"osm": 0, "satellite": 1}  # index into geo.render.assets.ONLINE_TILES
FrameOption = Literal["auto", "standard", "pacific"]
FRAMES: tuple[str, ...] = ("auto", "standard", "pacific")

AREA_PRECISIONS = frozenset({"area", "region", "country"})
"""Place precisions drawn as a translucent circle of ``radius_km`` plus a small centre marker."""

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


def finite_float(value: Any) -> float | None:
    """``value`` as a finite float, or None when it is missing, not a number, NaN or infinite."""
    """``value`` as a finite float, or None when it is missing or not a number."""
    if type(value) is float:  # the common case, 10k times per map: skip the pandas missing-value check
        return value if math.isfinite(value) else None
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
        lat, lon = finite_float(place[1]), finite_float(place[2])
        if lat is None or lon is None:
            continue
        precision = str(place[3]) if len(place) > 3 and not popups.is_missing(place[3]) else "point"
        radius = finite_float(place[4]) if len(place) > 4 else None
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
        lat, lon = finite_float(row.get(S.LAT)), finite_float(row.get(S.LON))
        if lat is not None and lon is not None:
            yield row, lat, lon


def _is_area(row: Mapping[str, Any]) -> bool:
    radius = finite_float(row.get(S.RADIUS_KM))
    return str(row.get(S.PLACE_PRECISION)) in AREA_PRECISIONS and radius is not None and radius > 0


def _span(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def choose_frame(df: pd.DataFrame) -> Frame:
    """The longitude frame in which the events and their origins are most compact.

    ``"pacific"`` (0..360) only when it is strictly narrower than ``"standard"``
    (-180..180), e.g. for flights from Hawaii or the continental US to Korea.

    Examples
    --------
    >>> from geo.query.schema import empty_events
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
        Events with the columns of ``geo.query.schema`` (``geo.query.schema.empty_events()`` for none).
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
        radius = finite_float(row.get(S.RADIUS_KM)) if _is_area(row) else 0.0
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


class FocusWithoutScrolling(MacroElement):
    """Keep Leaflet's click-to-focus (for keyboard panning) from scrolling the page.

    Leaflet focuses the map container on every mousedown. Inside st_folium's iframe, when the
    map is partly out of view, that makes the browser scroll the page a few pixels between
    the mouse going down and up, and the click lands beside the marker it was meant for.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var kb = map.keyboard;
                if (!kb) { return; }
                kb.disable();
                kb._onMouseDown = function () {
                    if (!this._focused) { this._map._container.focus({preventScroll: true}); }
                };
                kb.enable();
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "FocusWithoutScrolling"


def _fit(m: folium.Map, bounds: Bounds | None) -> None:
    if bounds is not None:
        fit = folium.FitBounds(bounds, max_zoom=FIT_MAX_ZOOM, padding=(24, 24))
        fit.options["animate"] = False  # the first view appears at once, not after a fly-in
        fit.add_to(m)


def base_map(df: pd.DataFrame, *, frame: FrameOption = "auto", online_tiles: bool = False,
             basemap: Basemap = "offline", layer_control: bool | None = None,
             bounds: Bounds | None | Literal["auto"] = "auto", **map_kwargs: Any) -> folium.Map:
    """The map without event layers, fitted to ``df``: the stable part of a ``st_folium`` map.

    Build it from the *unfiltered* events and add the filtered ones with
    ``st_folium(base_map(events, frame=frame), feature_group_to_add=dynamic_layers(shown, frame=frame),
    key=..., returned_objects=[])``: since this map does not change with the filters,
    the component keeps its key and only the feature groups are redrawn.

    The MarkerCluster plugin is always linked (from ``/app/static``), so that the
    clustered event layer of :func:`dynamic_layers` can appear later, when a filter
    lets more events through, without remounting the map to load a script.

    Parameters
    ----------
    df
        All events (``geo.query.schema`` columns); they set the view and the frame. May be empty.
    frame
        Longitude frame, see :func:`choose_frame`; pass the same one to :func:`dynamic_layers`.
    online_tiles
        Also offer both online tile layers (hidden at start), with a layer control to switch base layers.
    basemap
        ``"offline"`` (Natural Earth countries, the default), or ``"osm"`` / ``"satellite"``: that
        online tile layer is added and shown, and the offline countries stay available as the
        other base layer. Online tiles only draw with a network connection.
    layer_control
        Add folium's LayerControl to the map. None (default): only when there are online tiles.
        Pass False when ``st_folium(..., layer_control=...)`` adds one over the dynamic layers.
    bounds
        The view to fit, when already known (``data_bounds(df, frame=frame)``, cached by the
        caller); ``"auto"`` (default) computes it from ``df``.
    **map_kwargs
        Passed to ``geo.render.assets.offline_map``.

    Raises
    ------
    ConfigurationError
        For a ``basemap`` that is not one of ``BASEMAPS``.
    """
    if basemap not in BASEMAPS:
        raise ConfigurationError(f"Unknown basemap {basemap!r}; options are: {list(BASEMAPS)}")
    rows = _records(df) if frame == "auto" or bounds == "auto" else []
    frame_ = resolve_frame(rows, frame)
    m = offline_map(online_tiles=online_tiles, pacific=frame_ == "pacific", **map_kwargs)
    FocusWithoutScrolling().add_to(m)
    if basemap != "offline":
        spec = ONLINE_TILES[_BASEMAP_TILES[basemap]]
        for child in m._children.values():
            # The countries layer is an opaque base layer above the tile pane: hide it
            # (it stays a choice in the layer control) so that the tiles show.
            if isinstance(child, folium.FeatureGroup) and not child.overlay:
                child.show = False
        folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"] or None, name=spec["name"], overlay=False,
                         control=True, show=True, max_zoom=MAX_ZOOM).add_to(m)
    m.default_js = [*m.default_js, ("markerclusterjs", MARKERCLUSTER_JS)]
    m.default_css = [*m.default_css, ("markerclustercss", MARKERCLUSTER_CSS),
                     ("markerclusterdefaultcss", MARKERCLUSTER_DEFAULT_CSS)]
    if layer_control or (layer_control is None and online_tiles):
        folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, data_bounds(rows, frame=frame_) if bounds == "auto" else bounds)
    return localize(m)


def build_map(df: pd.DataFrame, *, online_tiles: bool = False, frame: FrameOption = "auto",
              arrows: bool = True, **map_kwargs: Any) -> folium.Map:
    """A complete offline map of ``df``: basemap, flight lines, events, origins, layer control, fitted view.

    Parameters
    ----------
    df
        Events with the columns of ``geo.query.schema``; may be empty (the map then shows East Asia).
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
    >>> from geo.query.schema import empty_events
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


# -- Compact dynamic layers for st_folium -----------------------------------------------------------
#
# The GeoJson layers above carry each event's tooltip and popup as finished HTML, and folium
# writes a style per feature: about 2.4 kB of script per event. At 10,000 events that is 24 MB
# to build (5 s), send over the websocket and evaluate on every filter change. The layers
# below send the same facts once, as compact arrays of already-escaped strings, and build the
# Leaflet objects, tooltips and popups in the browser (popups only when clicked).

CLUSTER_THRESHOLD = 200
"""Above this many located events the event markers are clustered (``leaflet.markercluster``)."""
MAX_ROUTES = 1000
"""At most this many distinct flight routes are drawn (the busiest first); the map's attribution says so."""
ARROW_ROUTES = 150
"""Direction arrows are drawn on this many routes (the busiest first): each arrow is a layer of its own."""
HIGHLIGHT_RADIUS_PX = 14
EVIDENCE_MAX = 1000
"""Marker popups carry their evidence sentence when at most this many events are shown. Above it only the
selected event's does (a click selects it): 10,000 sentences were half of the map's payload and slowed its
first paint by about a quarter of a second."""
EVIDENCE_ON_SELECT = "Selecting the event shows its evidence."
# "chunkedLoading" clusters the markers in slices of 200 ms, so that the page stays responsive
# while 10k markers are clustered (measured: no slower to the first cluster than in one go).
CLUSTER_OPTIONS: dict[str, Any] = {
    "chunkedLoading": True, "maxClusterRadius": 45, "showCoverageOnHover": False, "spiderfyOnMaxZoom": True,
}

# Shared by the builders. It remembers, in the browser, which overlays the user switched off in the
# layer control (st_folium replaces the feature groups and the control on every rerun and would
# show them all again), and writes one "Label: value" line of a popup.
_PRELUDE_JS = """
    var hidden = window.__sortieHidden = window.__sortieHidden || {};
    if (!map.__sortieHiddenHook) {
        map.__sortieHiddenHook = true;
        // Only the user's clicks count: st_folium removing the old groups fires the same events.
        var byUser = function () { return window.layer_control && window.layer_control._handlingClick; };
        map.on("overlayremove", function (e) { if (byUser()) { hidden[e.name] = true; } });
        map.on("overlayadd", function (e) { if (byUser()) { delete hidden[e.name]; } });
    }
    if (hidden[d.name]) { setTimeout(function () { map.removeLayer(group); }, 0); }
    function line(label, v) { return v ? '<div><span class="s-muted">' + label + ':</span> ' + v + '</div>' : ''; }
    // The click's time goes into the clicked feature's properties before st_folium reads them (its listeners
    // are added after these): st_folium only sends a value that changed, so a second click on the same
    // marker still reaches the app, with no click counter among the returned objects (see geo.ui.mapview).
    function stampClicks(layer) {
        layer.on('click', function (ev) { var l = ev.layer; if (l && l.feature) { l.feature.properties.click = Date.now(); } });
    }
"""

_EVENTS_JS = """
    var K = d.kinds, E = d.events, T = d.strings;
    // An event row: [id, lat, lon, kind, area?, date, precision, status, title, article, aircraft,
    //   place, place precision, radius km, evidence, origins]; the texts but id and evidence are in T.
    function dateText(e) { var t = T[e[5]], p = T[e[6]]; return t ? (p ? t + ' (' + p + ')' : t) : 'date unknown'; }
    function popup(i) {
        var e = E[i], k = K[e[3]], title = T[e[8]], article = T[e[9]], place = T[e[11]], status = T[e[7]];
        if (place && T[e[12]]) {
            var det = T[e[12]];
            if (e[13] > 0) { det += ', &plusmn;' + Math.round(e[13]).toLocaleString('en') + ' km'; }
            place += ' <small>(' + det + ')</small>';
        }
        return '<div class="sortie-popup"><div class="s-head" style="color:' + k[1] + '">' + k[2]
            + (status && status !== 'asserted' ? ' <small>(' + status + ')</small>' : '') + '</div>'
            + '<div class="s-muted">' + dateText(e) + '</div>'
            + (title ? '<div class="s-title">' + title + '</div>' : '')
            + (e[14] ? '<blockquote>' + e[14] + '</blockquote>'
                     : d.evidenceNote ? '<div class="s-muted"><small>' + d.evidenceNote + '</small></div>' : '')
            + line('Aircraft', T[e[10]]) + line('Place', place) + line('From', T[e[15]])
            + line('Article', article !== title ? article : '') + '</div>';
    }
    function tooltip(i) {
        var e = E[i];
        return [K[e[3]][2], T[e[5]], T[e[11]], T[e[10]]].filter(function (x) { return x; }).join(' &middot; ');
    }
    var areas = L.featureGroup();
    d.areas.forEach(function (a) {
        var c = K[a[3]][1];
        // Not interactive, so that a country-sized circle never swallows clicks meant for markers.
        L.circle([a[0], a[1]], {radius: a[2], color: c, weight: 1, opacity: 0.6, dashArray: '4 4', fill: true,
                                fillColor: c, fillOpacity: 0.12, interactive: false}).addTo(areas);
    });
    areas.addTo(group);
    var markers = E.map(function (e, i) {
        var m = L.circleMarker([e[1], e[2]], {
            radius: e[4] ? d.radii[1] : d.radii[0], color: '#ffffff', weight: 1.5, opacity: 1, fill: true,
            fillColor: K[e[3]][1], fillOpacity: 0.9, className: 'sortie-event'});
        // st_folium returns the clicked layer's toGeoJSON() as last_active_drawing: carry the id there.
        m.feature = {type: 'Feature', geometry: null, properties: {layer: 'event', event_id: e[0], kind: K[e[3]][0]}};
        m._sortieIndex = i;
        return m;
    });
    var holder = d.cluster ? L.markerClusterGroup(d.clusterOptions) : L.featureGroup();
    stampClicks(holder);
    if (d.cluster) { holder.addLayers(markers); } else { markers.forEach(function (m) { holder.addLayer(m); }); }
    holder.bindTooltip(function (layer) {
        if (layer.feature) { return tooltip(layer._sortieIndex); }
        return layer.getChildCount ? layer.getChildCount() + ' events: click to zoom in' : '';
    }, {sticky: true});
    // Popups are written when first opened: 10k finished popups would be most of the payload.
    holder.on('click', function (ev) {
        var l = ev.layer;
        if (l && l.feature && !l.getPopup()) { l.bindPopup(popup(l._sortieIndex), {maxWidth: 380}); l.openPopup(); }
    });
    holder.addTo(group);
    if (d.highlight >= 0) {
        var h = E[d.highlight];
        L.circleMarker([h[1], h[2]], {radius: d.radii[2], color: '#ffd400', weight: 7, opacity: 0.85, fill: false,
                                      interactive: false, className: 'sortie-highlight-halo'}).addTo(group);
        var ring = L.circleMarker([h[1], h[2]], {radius: d.radii[2], color: '#111111', weight: 2.5, opacity: 1,
                                                 fill: false, interactive: false, className: 'sortie-highlight'});
        ring.bindPopup(popup(d.highlight), {maxWidth: 380});
        // Just selected: show its popup (the rerun replaced the layer whose popup the click opened).
        if (d.open) { ring.once('add', function () { ring.openPopup(); }); }
        ring.addTo(group);
    }
"""

_FLIGHTS_JS = """
    var K = d.kinds, R = d.routes, STEP = d.step, MAXP = d.maxPoints, EARTH = d.earth, RAD = Math.PI / 180;
    function wrap180(x) { return ((x + 180) % 360 + 360) % 360 - 180; }
    // The great circle from origin to event, longitudes unwrapped (as geo.render.layers.great_circle).
    function greatCircle(lat1, lon1, lat2, lon2) {
        var p1 = lat1 * RAD, l1 = lon1 * RAD, p2 = lat2 * RAD, l2 = lon2 * RAD;
        var v1 = [Math.cos(p1) * Math.cos(l1), Math.cos(p1) * Math.sin(l1), Math.sin(p1)];
        var v2 = [Math.cos(p2) * Math.cos(l2), Math.cos(p2) * Math.sin(l2), Math.sin(p2)];
        var cx = v1[1] * v2[2] - v1[2] * v2[1], cy = v1[2] * v2[0] - v1[0] * v2[2], cz = v1[0] * v2[1] - v1[1] * v2[0];
        var angle = Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), v1[0] * v2[0] + v1[1] * v2[1] + v1[2] * v2[2]);
        var n = Math.min(MAXP, Math.max(2, Math.ceil(angle * EARTH / STEP) + 1));
        var pts = [[lat1, lon1]], s = Math.sin(angle);
        if (n > 2 && s > 1e-9) {
            for (var i = 1; i < n - 1; i++) {
                var f = i / (n - 1), a = Math.sin((1 - f) * angle) / s, b = Math.sin(f * angle) / s;
                var x = a * v1[0] + b * v2[0], y = a * v1[1] + b * v2[1], z = a * v1[2] + b * v2[2];
                var prev = pts[pts.length - 1][1];
                pts.push([Math.atan2(z, Math.hypot(x, y)) / RAD, prev + wrap180(Math.atan2(y, x) / RAD - prev)]);
            }
        }
        var last = pts[pts.length - 1][1];
        pts.push([lat2, last + wrap180(lon2 - last)]);
        return pts;
    }
    function flightPath(olat, olon, elat, elon) {
        var pts = greatCircle(olat, elon + wrap180(olon - elon), elat, elon);
        var shift = Math.round((elon - pts[pts.length - 1][1]) / 360) * 360;
        pts = pts.map(function (p) { return [p[0], p[1] + shift]; });
        pts[pts.length - 1] = [elat, elon];
        return pts;
    }
    function when(r) { return r[5] > 1 ? r[5] + ' events, ' + (r[8] === r[9] ? r[8] : r[8] + ' – ' + r[9]) : r[8]; }
    var lines = L.featureGroup();
    lines.addTo(group);
    stampClicks(lines);
    if (d.total > R.length) {
        // Say so when not every route is drawn (in the map's attribution line, while the group is shown).
        group.getAttribution = function () {
            return 'Flight lines: the busiest ' + R.length.toLocaleString('en') + ' of '
                + d.total.toLocaleString('en') + ' routes';
        };
    }
    function draw() {
        R.forEach(function (r, i) {
            var c = K[r[4]][1];
            var pl = L.polyline(flightPath(r[0], r[1], r[2], r[3]), {
                color: c, weight: r[5] > 1 ? Math.min(2 + Math.log2(r[5]), 6) : 2, opacity: 0.8,
                className: 'sortie-flight'});
            pl.feature = {type: 'Feature', geometry: null,
                          properties: {layer: 'flight', event_id: r[10], kind: K[r[4]][0]}};
            pl._sortieIndex = i;
            pl.addTo(lines);
            if (i < d.arrows) {
                L.polylineDecorator(pl, {patterns: [{offset: '55%', repeat: 0, symbol: L.Symbol.arrowHead({
                    pixelSize: 11, polygon: true, pathOptions: {
                        stroke: false, fill: true, fillOpacity: 0.9, interactive: false, color: c}})}]}).addTo(group);
            }
        });
    }
    // Drawn after the markers (the events group comes next in the same script): the lines are
    // the slower part, and the first paint should not wait for them.
    setTimeout(draw, 0);
    lines.bindTooltip(function (l) {
        var r = R[l._sortieIndex];
        var bits = [r[6] + ' → ' + r[7], K[r[4]][2], when(r), r[11]];
        return bits.filter(function (x) { return x; }).join(' &middot; ');
    }, {sticky: true});
    lines.bindPopup(function (l) {
        var r = R[l._sortieIndex];
        return '<div class="sortie-popup"><div class="s-head" style="color:' + K[r[4]][1] + '">' + r[6] + ' → ' + r[7]
            + '</div><div>' + K[r[4]][2] + ' &middot; ' + when(r) + '</div>' + line('Aircraft', r[11]) + '</div>';
    }, {maxWidth: 380});
"""

_ORIGINS_JS = """
    var icon = L.divIcon({html: d.icon, iconSize: [11, 11], iconAnchor: [6, 6], className: 'sortie-origin'});
    stampClicks(group);
    d.origins.forEach(function (o) {
        var m = L.marker([o[0], o[1]], {icon: icon});
        m.feature = {type: 'Feature', geometry: null, properties: {layer: 'origin', name: o[4]}};
        m.bindTooltip(o[2], {sticky: true});
        m.bindPopup(o[3], {maxWidth: 380});
        m.addTo(group);
    });
"""


class _RawScript(Element):
    """A finished piece of script, put into the page as it is (no Jinja pass)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class CompactLayer(JSCSSMixin):
    """Leaflet layers built in the browser from a compact JSON payload, inside the parent feature group.

    ``kind`` selects the builder (``"events"``, ``"flights"`` or ``"origins"``); ``payload`` is
    JSON (:func:`encode_payload`) in which every piece of article text is already escaped with
    ``geo.render.popups.esc``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (group, map, d) {
                {{ this.js }}
            })({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, payload: str, js: list[tuple[str, str]] | None = None):
        super().__init__()
        self._name = "CompactLayer"
        self.kind = kind
        self.js = _PRELUDE_JS + {"events": _EVENTS_JS, "flights": _FLIGHTS_JS, "origins": _ORIGINS_JS}[kind]
        self.payload = payload
        self.default_js = list(js or [])
        self.default_css = []

    def render(self, **kwargs: Any) -> None:
        """Like ``MacroElement.render``, without compiling the (large) finished script as a Jinja template.

        branca wraps every rendered script in ``Element(script)``, which parses it as a template:
        about 0.15 s per MB, and needless, since nothing in it is a template any more.
        """
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        figure.script.add_child(_RawScript(self._template.module.script(self, kwargs)), name=self.get_name())


def encode_payload(payload: dict[str, Any]) -> str:
    """``payload`` as compact JSON that can go into a script as it is."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # U+2028/9 end a line in older JavaScript parsers; everything else is safe as it is (see popups.esc).
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _column(df: pd.DataFrame, name: str) -> list[Any]:
    return df[name].tolist() if name in df.columns else [None] * len(df)


class _Escaper(dict):
    """``popups.esc`` with a memo: places, dates and aircraft repeat across thousands of events."""

    def __missing__(self, value: str) -> str:
        out = self[value] = popups.esc(value)
        return out

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            return self[value]
        return "" if popups.is_missing(value) else popups.esc(value)


def _round(x: float) -> float:
    return round(x, COORD_DECIMALS)


_ROW_COLUMNS = (S.EVENT_ID, S.KIND, S.STATUS, S.DATE_TEXT, S.DATE_PRECISION, S.ARTICLE_TITLE, S.ARTICLE_NAME,
                S.AIRCRAFT_TEXT, S.PLACE_NAME, S.PLACE_PRECISION, S.RADIUS_KM, S.EVIDENCE, S.ORIGINS, S.LAT, S.LON)

RouteKey = tuple[str, float, float, str, float, float, str]
# Positions, in an events payload row, of the texts sent as indexes into the payload's "strings":
# date, date precision, status, title, article, aircraft, place, place precision, origins.
_INTERNED = (5, 6, 7, 8, 9, 10, 11, 12, 15)
_EVIDENCE = 14
OriginKey = tuple[str, float, float]


PAYLOAD_CACHE_SIZE = 8
"""How many finished sets of payloads a :class:`PreparedLayers` keeps (a few MB each at 10,000 events)."""


class LayerTexts(NamedTuple):
    """The JSON payloads of the three dynamic layers, and whether the events are clustered."""

    flights: str
    events: str
    origins: str
    clustered: bool


class PreparedLayers:
    """Everything :func:`dynamic_layers` sends, worked out once per event of a frame (escaped, in one frame).

    A filter change then only picks the shown events' rows and counts routes and origins,
    instead of escaping and converting 10,000 events again. Build it from the *unfiltered*
    events (cache it while the store does not change) and pass it with any subset of them:
    rows are matched by the frame's index labels, which ``geo.query.filter_events`` keeps.

    Parameters
    ----------
    df
        Events with the columns of ``geo.query.schema``.
    frame
        Longitude frame, see :func:`choose_frame`.
    """

    def __init__(self, df: pd.DataFrame, frame: FrameOption = "auto"):
        S.validate_events(df)
        self.frame: Frame = resolve_frame(df, frame)
        esc = _Escaper()
        kinds: dict[str, int] = {}
        self.position: dict[Any, int] = {label: i for i, label in enumerate(df.index)}
        self.event_ids: list[str] = []
        self.rows: list[list[Any] | None] = []  # the events payload row, None when not located
        self.area_keys: list[tuple | None] = []
        self.route_keys: list[list[RouteKey]] = []
        self.origin_keys: list[list[OriginKey]] = []
        self.details: list[dict[str, Any]] = []  # unescaped: date, kind, place, aircraft (origin popups)
        self.route_info: dict[RouteKey, list[Any]] = {}
        self.single: list[tuple[str, str]] = []  # escaped (event id, aircraft) for a route flown once
        for tup in zip(*[_column(df, c) for c in _ROW_COLUMNS]):
            row = dict(zip(_ROW_COLUMNS, tup))
            kind = _kind(row)
            ki = kinds.setdefault(kind, len(kinds))
            date_text = "" if popups.is_missing(row[S.DATE_TEXT]) else str(row[S.DATE_TEXT])
            origins = _places(row[S.ORIGINS])
            self.event_ids.append("" if popups.is_missing(row[S.EVENT_ID]) else str(row[S.EVENT_ID]))
            self.details.append({S.DATE_TEXT: date_text, S.KIND: kind, S.PLACE_NAME: row[S.PLACE_NAME],
                                 S.AIRCRAFT_TEXT: row[S.AIRCRAFT_TEXT]})
            self.single.append((esc(row[S.EVENT_ID]), esc(row[S.AIRCRAFT_TEXT])))
            self.origin_keys.append([(name, round(olat, 4), round(frame_lon(olon, self.frame), 4))
                                     for name, olat, olon, _p, _r in origins])
            lat, lon = finite_float(row[S.LAT]), finite_float(row[S.LON])
            if lat is None or lon is None:
                self.rows.append(None)
                self.area_keys.append(None)
                self.route_keys.append([])
                continue
            lat, lon = _round(lat), _round(frame_lon(lon, self.frame))
            title = esc(row[S.ARTICLE_TITLE]) or esc(row[S.ARTICLE_NAME])
            article = esc(row[S.ARTICLE_NAME])
            radius = finite_float(row[S.RADIUS_KM]) or 0.0
            area = _is_area(row)
            self.rows.append([
                esc(row[S.EVENT_ID]), lat, lon, ki, 1 if area else 0, esc(date_text), esc(row[S.DATE_PRECISION]),
                esc(row[S.STATUS]), title, article, esc(row[S.AIRCRAFT_TEXT]), esc(row[S.PLACE_NAME]),
                esc(row[S.PLACE_PRECISION]), round(radius, 1), esc(row[S.EVIDENCE]),
                esc(", ".join(p[0] for p in origins)),
            ])
            self.area_keys.append((lat, lon, radius * 1000.0, ki) if area else None)
            keys = []
            for name, olat, olon, _precision, _radius in origins:
                if abs(olat - lat) < 1e-3 and abs(_wrap180(olon - lon)) < 1e-3:
                    continue  # took off where it happened: nothing to draw
                key = (name, _round(olat), _round(olon), str(row[S.PLACE_NAME] or ""), lat, lon, kind)
                keys.append(key)
                if key not in self.route_info:
                    self.route_info[key] = [key[1], key[2], lat, lon, ki, esc(name), esc(row[S.PLACE_NAME])]
            self.route_keys.append(keys)
        self.kinds = [[esc(k), _colour(k), esc(popups.kind_label(k))] for k in kinds]
        # Shared by the sessions of a server (the page caches this object), hence the lock.
        self._texts: OrderedDict[tuple, LayerTexts] = OrderedDict()
        self._lock = threading.Lock()

    def layer_texts(self, positions: list[int], *, highlight: str | None, open_popup: bool, cluster: bool | None,
                    arrows: bool, max_routes: int, evidence_max: int) -> LayerTexts:
        """The three payloads of :func:`dynamic_layers` as JSON, remembered for the last few requests.

        A new visitor's first view, play-back over windows already seen and a filter switched back
        all ask for payloads built before: they are then ready at once instead of in 0.2-0.3 s.
        """
        key = (tuple(positions), highlight, open_popup, cluster, arrows, max_routes, evidence_max)
        with self._lock:
            hit = self._texts.get(key)
            if hit is not None:
                self._texts.move_to_end(key)
                return hit
        events = self.events_payload(positions, highlight, open_popup, cluster, evidence_max)
        payloads = {"flights": self.flights_payload(positions, arrows, max_routes), "events": events,
                    "origins": self.origins_payload(positions)}
        for kind, payload in payloads.items():
            payload["name"] = popups.esc(LAYER_NAMES[kind])
        texts = LayerTexts(flights=encode_payload(payloads["flights"]), events=encode_payload(events),
                           origins=encode_payload(payloads["origins"]), clustered=bool(events["cluster"]))
        with self._lock:
            self._texts[key] = texts
            while len(self._texts) > PAYLOAD_CACHE_SIZE:
                self._texts.popitem(last=False)
        return texts

    def positions(self, df: pd.DataFrame) -> list[int] | None:
        """Positions of ``df``'s rows in the prepared frame; None when some row was not prepared."""
        try:
            return [self.position[label] for label in df.index]
        except KeyError:
            return None

    def events_payload(self, positions: list[int], highlight: str | None, open_popup: bool,
                       cluster: bool | None, evidence_max: int = EVIDENCE_MAX) -> dict[str, Any]:
        events, areas, seen_areas = [], [], set()
        lean = len(positions) > evidence_max
        strings: dict[str, int] = {}
        highlight_index = -1
        for i in positions:
            row = self.rows[i]
            if row is None:
                continue
            if highlight is not None and self.event_ids[i] == highlight:
                highlight_index = len(events)
            # Repeated texts (dates, places, aircraft, titles...) are sent once, as a table of strings.
            out = row[:]
            if lean and self.event_ids[i] != highlight:
                out[_EVIDENCE] = ""
            for k in _INTERNED:
                out[k] = strings.setdefault(row[k], len(strings))
            events.append(out)
            area = self.area_keys[i]
            # One circle per distinct area and kind: a thousand identical translucent circles
            # would only paint the sea solid.
            if area is not None and area not in seen_areas:
                seen_areas.add(area)
                areas.append(list(area))
        return {
            "name": "", "kinds": self.kinds, "strings": list(strings), "events": events,
            "areas": areas, "highlight": highlight_index, "open": bool(open_popup and highlight_index >= 0),
            "cluster": len(events) > CLUSTER_THRESHOLD if cluster is None else bool(cluster),
            "clusterOptions": CLUSTER_OPTIONS, "radii": [POINT_RADIUS_PX, AREA_CENTRE_RADIUS_PX, HIGHLIGHT_RADIUS_PX],
            "evidenceNote": popups.esc(EVIDENCE_ON_SELECT) if lean else "",
        }

    def routes(self, positions: list[int]) -> list[tuple[RouteKey, int, str, str, int]]:
        """``(route, events, first date, last date, position of its first event)``, busiest first."""
        counts: dict[RouteKey, list[Any]] = {}
        for i in positions:
            date_text = self.details[i][S.DATE_TEXT]
            for key in self.route_keys[i]:
                r = counts.get(key)
                if r is None:
                    counts[key] = [1, date_text, date_text, i]
                else:
                    r[0] += 1
                    if date_text:
                        r[1] = min(r[1] or date_text, date_text)
                        r[2] = max(r[2], date_text)
        table = [(key, n, first, last, i) for key, (n, first, last, i) in counts.items()]
        return sorted(table, key=lambda r: -r[1])

    def flights_payload(self, positions: list[int], arrows: bool, max_routes: int) -> dict[str, Any]:
        table = self.routes(positions)
        routes = []
        for key, n, first, last, i in table[:max_routes]:
            event_id, aircraft = self.single[i] if n == 1 else ("", "")
            routes.append([*self.route_info[key], n, popups.esc(first), popups.esc(last), event_id, aircraft])
        return {
            "name": "", "kinds": self.kinds, "step": GC_STEP_KM, "maxPoints": GC_MAX_POINTS,
            "earth": EARTH_RADIUS_KM, "arrows": ARROW_ROUTES if arrows else 0, "total": len(table),
            "routes": routes,
        }

    def origins_payload(self, positions: list[int]) -> dict[str, Any]:
        by_place: dict[OriginKey, list[dict[str, Any]]] = {}
        for i in positions:
            for key in self.origin_keys[i]:
                by_place.setdefault(key, []).append(self.details[i])
        return {
            "name": "", "icon": ORIGIN_ICON_HTML,
            "origins": [[lat, lon, popups.origin_tooltip_html(name, len(rows)), popups.origin_popup_html(name, rows),
                         popups.esc(name)] for (name, lat, lon), rows in by_place.items()],
        }


def _compact_group(name: str, kind: str, payload: str, js: list[tuple[str, str]] | None = None,
                   show: bool = True) -> folium.FeatureGroup:
    """A feature group named ``name`` holding a :class:`CompactLayer` of the encoded ``payload``."""
    group = folium.FeatureGroup(name=name, overlay=True, control=True, show=show)
    CompactLayer(kind, payload, js).add_to(group)
    return localize(group)


LAYER_NAMES: dict[str, str] = {"flights": "Flight lines", "events": "Events", "origins": "Origins"}
"""Names of the dynamic layers in the layer control (kept stable: the browser remembers hidden ones by name)."""


def dynamic_layers(df: pd.DataFrame, *, frame: FrameOption = "auto", highlight: str | None = None,
                   open_popup: bool = False, cluster: bool | None = None, arrows: bool = True,
                   max_routes: int = MAX_ROUTES, prepared: PreparedLayers | None = None,
                   evidence_max: int = EVIDENCE_MAX) -> list[folium.FeatureGroup]:
    """The event layers as three feature groups, for ``st_folium(feature_group_to_add=[...], layer_control=...)``.

    ``[flight lines, events, origins]``, drawn in that order (lines under markers). Each is a
    ``folium.FeatureGroup`` holding one :class:`CompactLayer`: the data is sent once as compact
    JSON and the browser builds the markers, tooltips and (when clicked) popups, so a 10,000-event
    update is a few MB and well under a second to build.

    - Event markers are circle markers coloured by kind; above ``CLUSTER_THRESHOLD`` located
      events they go into a MarkerCluster (local ``leaflet.markercluster``). Area-precision
      places also get a translucent, non-interactive circle of ``radius_km`` (one per distinct
      area and kind), outside the cluster.
    - Each marker's GeoJSON (``layer.toGeoJSON()``, which st_folium returns as
      ``last_active_drawing`` on a click) carries ``event_id`` in its properties; so does a
      flight line flown by a single event.
    - Flight lines are great circles computed in the browser, one per distinct route
      (origin, place, kind) with its width growing with the number of events; at most
      ``max_routes`` are drawn, with direction arrows on the busiest ``ARROW_ROUTES``.
    - Origins are white diamonds, one per distinct located origin, listing their events.

    Parameters
    ----------
    df
        Events with the columns of ``geo.query.schema`` (``geo.query.schema.empty_events()`` for none).
    frame
        Longitude frame, see :func:`choose_frame`; pass the one used for :func:`base_map`.
    highlight
        ``event_id`` of the selected event: a ring is drawn around its marker. Ignored when
        the event is not in ``df`` or not located.
    open_popup
        Open the highlighted event's popup as soon as the layer is drawn.
    cluster
        Force clustering on or off; None (default) clusters above ``CLUSTER_THRESHOLD`` events.
    arrows
        Draw direction arrows on the flight lines.
    max_routes
        The most flight routes drawn.
    evidence_max
        Above this many events, only the highlighted event's popup quotes its evidence (see ``EVIDENCE_MAX``).
    prepared
        :class:`PreparedLayers` of a frame that ``df`` is a subset of (e.g. the unfiltered
        events, cached): the update then skips the per-event work. Ignored when ``df`` has
        rows it does not know or it was made for another frame.

    Returns
    -------
    list[folium.FeatureGroup]
        Named by ``LAYER_NAMES``; every string of article text in them went through ``popups.esc``.

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> [g.layer_name for g in dynamic_layers(empty_events())]
    ['Flight lines', 'Events', 'Origins']
    """
    S.validate_events(df)
    frame_ = resolve_frame(df, frame if prepared is None or frame != "auto" else prepared.frame)
    positions = None
    if prepared is not None and prepared.frame == frame_:
        positions = prepared.positions(df)
    if positions is None:  # nothing prepared for these rows (or another frame): prepare them now
        prepared = PreparedLayers(df, frame_)
        positions = list(range(len(df)))
    assert prepared is not None
    texts = prepared.layer_texts(positions, highlight=highlight, open_popup=open_popup, cluster=cluster,
                                 arrows=arrows, max_routes=max_routes, evidence_max=evidence_max)
    cluster_js = [("markerclusterjs", MARKERCLUSTER_JS)] if texts.clustered else []
    return [
        _compact_group(LAYER_NAMES["flights"], "flights", texts.flights, [("polylinedecorator", POLYLINE_DECORATOR_JS)]),
        _compact_group(LAYER_NAMES["events"], "events", texts.events, cluster_js),
        _compact_group(LAYER_NAMES["origins"], "origins", texts.origins),
    ]


def selection_view(df: pd.DataFrame, event_id: str, frame: Frame) -> tuple[tuple[float, float], int] | None:
    """Where to centre the map, and at which zoom, to show one event (None if it is absent or not located).

    The zoom shows an area circle whole (wider areas, lower zoom); a point gets zoom 7.
    """
    match = df[df[S.EVENT_ID] == event_id]
    if match.empty:
        return None
    row = match.iloc[0]
    lat, lon = finite_float(row[S.LAT]), finite_float(row[S.LON])
    if lat is None or lon is None:
        return None
    radius = finite_float(row[S.RADIUS_KM]) if _is_area(row) else 0.0
    zoom = 7
    if radius:
        zoom = 4 if radius > 600 else 5 if radius > 250 else 6 if radius > 100 else 7
    return (lat, frame_lon(lon, frame)), zoom
