"""The dashboard map as folium objects for st_folium: a stable base map and three layers drawn from JSON payloads.

Nothing here draws: ``static/sortie-map.js`` (source ``geo/render/web/sortie-map.js``) builds every
marker, circle, line, popup and the legend in the browser from the payloads of
``geo.render.payload``, and the Python side only adds one line of glue per layer
(``SortieMap.draw(kind, group, map, payload)``). The base map depends only on all events and the
base-map choice, so a filter change replaces the layers without remounting the map.
"""
from __future__ import annotations

from typing import Any, Literal

import folium
import pandas as pd
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.query import schema as S
from geo.render.assets import Basemap, localize, offline_map
from geo.render.geometry import Bounds, FrameOption
from geo.render.payload import EVIDENCE_MAX, LAYER_NAMES, MAX_ROUTES, PreparedLayers
from geo.render.view import data_bounds, resolve_frame

FIT_MAX_ZOOM = 7


class _RawScript(Element):
    """A finished piece of script, put into the page as it is (no Jinja pass)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class CompactLayer(JSCSSMixin):
    """One of the map's layers, drawn in the browser by ``SortieMap.draw`` from an encoded payload.

    ``kind`` is ``"events"``, ``"flights"`` or ``"origins"``; ``payload`` is JSON
    (``geo.render.payload.encode_payload``) in which every piece of article text is already escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            SortieMap.draw({{ this.kind|tojson }}, {{ this._parent.get_name() }},
                           {{ this._parent._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, payload: str):
        super().__init__()
        self._name = "CompactLayer"
        self.kind = kind
        self.payload = payload
        self.default_js = []
        self.default_css = []

    def render(self, **kwargs: Any) -> None:
        """Like ``MacroElement.render``, without compiling the (large) finished script as a Jinja template.

        branca wraps every rendered script in ``Element(script)``, which parses it as a template:
        about 0.15 s per MB, and needless, since the payload is data.
        """
        figure = self.get_root()
        figure.script.add_child(_RawScript(self._template.module.script(self, kwargs)), name=self.get_name())


def _group(kind: str, payload: str) -> folium.FeatureGroup:
    """A feature group named by ``LAYER_NAMES`` holding the :class:`CompactLayer` of ``payload``."""
    group = folium.FeatureGroup(name=LAYER_NAMES[kind], overlay=True, control=True, show=True)
    CompactLayer(kind, payload).add_to(group)
    return localize(group)


def dynamic_layers(df: pd.DataFrame, *, frame: FrameOption = "auto", highlight: str | None = None,
                   open_popup: bool = False, cluster: bool | None = None, arrows: bool = True,
                   max_routes: int = MAX_ROUTES, prepared: PreparedLayers | None = None,
                   evidence_max: int = EVIDENCE_MAX, drawn: dict[str, int] | None = None) -> list[folium.FeatureGroup]:
    """The map's layers as three feature groups, for ``st_folium(feature_group_to_add=[...], layer_control=...)``.

    ``[flight lines, events, origins]``, drawn in that order (lines under markers). What each layer
    shows, and how, is the script's: see ``docs/dashboard.md``.

    Parameters
    ----------
    df
        The events to draw (``geo.query.events_frame``, filtered or not).
    frame
        Longitude frame (``geo.render.view.choose_frame``); pass the one used for :func:`base_map`.
    highlight
        ``event_id`` of the selected event: a ring is drawn around its marker. Ignored when
        the event is not in ``df`` or not placed.
    open_popup
        Open the highlighted event's popup as soon as the layer is drawn.
    cluster
        Force clustering on or off; None (default) clusters above ``CLUSTER_THRESHOLD`` events.
    arrows
        Draw direction arrows on the flight lines.
    max_routes
        The most flight routes drawn.
    prepared
        :class:`~geo.render.payload.PreparedLayers` of a frame that ``df`` is a subset of (e.g. the
        unfiltered events, cached): the update then skips the per-event work. Ignored when ``df``
        has rows it does not know or it was made for another frame.
    evidence_max
        Above this many events, only the highlighted event's popup quotes its evidence.
    drawn
        Filled, when given, with how many placed events get a marker each (``single``) and how many are
        counted in how many bundles (``bundled``, ``bundles``; see ``geo.render.payload.MARKERS_MAX``).

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
    if prepared is None or positions is None:  # nothing prepared for these rows (or another frame)
        prepared = PreparedLayers(df, frame_)
        positions = list(range(len(df)))
    texts = prepared.layer_texts(positions, highlight=highlight, open_popup=open_popup, cluster=cluster,
                                 arrows=arrows, max_routes=max_routes, evidence_max=evidence_max)
    groups = [_group("flights", texts.flights), _group("events", texts.events), _group("origins", texts.origins)]
    if drawn is not None:
        drawn.update(single=texts.single, bundled=texts.bundled, bundles=texts.bundles)
    return groups


def _fit(m: folium.Map, bounds: Bounds | None) -> None:
    if bounds is not None:
        fit = folium.FitBounds(bounds, max_zoom=FIT_MAX_ZOOM, padding=(24, 24))
        fit.options["animate"] = False  # the first view appears at once, not after a fly-in
        fit.add_to(m)


def base_map(df: pd.DataFrame, *, frame: FrameOption = "auto", basemap: Basemap = "offline",
             bounds: Bounds | None | Literal["auto"] = "auto", **map_kwargs: Any) -> folium.Map:
    """The map without its layers, fitted to ``df``: the stable part of an ``st_folium`` map.

    Build it from the *unfiltered* events and add the filtered ones with
    ``st_folium(base_map(events, frame=frame), feature_group_to_add=dynamic_layers(shown, frame=frame),
    key=..., returned_objects=[...])``: since this map does not change with the filters, the
    component keeps its key and only the feature groups are redrawn. The scripts every layer needs
    (MarkerCluster, the arrow decorator, the map's own script) are always linked, so a layer that
    appears later needs no new script link.

    Parameters
    ----------
    df
        All events (``geo.query.events_frame``); they set the view and the frame. May be empty.
    frame
        Longitude frame (``geo.render.view.choose_frame``); pass the same one to :func:`dynamic_layers`.
    basemap
        ``"offline"`` (Natural Earth countries, the default), or ``"osm"`` / ``"satellite"``: that
        online tile layer is drawn over the offline countries (see ``geo.render.assets.offline_map``).
        It is chosen by the page, not in the map's layer control.
    bounds
        The view to fit, when already known (``data_bounds(df, frame=frame)``, cached by the
        caller); ``"auto"`` (default) computes it from ``df``.
    **map_kwargs
        Passed to ``geo.render.assets.offline_map``.

    Raises
    ------
    ConfigurationError
        For a ``basemap`` that is not one of ``BASEMAPS`` or an unknown ``frame``.
    """
    frame_ = resolve_frame(df, frame)
    m = offline_map(basemap=basemap, pacific=frame_ == "pacific", **map_kwargs)
    _fit(m, data_bounds(df, frame=frame_) if bounds == "auto" else bounds)
    return localize(m)
