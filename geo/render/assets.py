"""Local URLs of the map's JS/CSS/basemap files and an offline folium Map that uses only them.

A folium map loads Leaflet, jQuery, Bootstrap and plugins from public CDNs by
default; offline, streamlit-folium stops at the first script that fails and the
map stays blank with no error. ``scripts/build_static.mjs`` copies the files we
need from ``node_modules`` into ``static/``, Streamlit serves them at
``/app/static/...`` (``[server] enableStaticServing = true``), and this module
points every folium element at those URLs and nowhere else.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from folium.utilities import JsCode

from geo.errors import ConfigurationError
from geo.render.popups import POPUP_CSS

STATIC_URL = "/app/static"
"""Where Streamlit serves ``<app dir>/static/``."""

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
"""The ``static/`` folder next to ``app.py`` that ``make static`` fills."""

LEAFLET_JS = f"{STATIC_URL}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet.css"
JQUERY_JS = f"{STATIC_URL}/jquery.min.js"
MARKERCLUSTER_JS = f"{STATIC_URL}/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{STATIC_URL}/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = f"{STATIC_URL}/MarkerCluster.Default.css"
POLYLINE_DECORATOR_JS = f"{STATIC_URL}/leaflet.polylineDecorator.js"
BASEMAP_URL = f"{STATIC_URL}/basemap/countries-50m.geojson"
"""The detailed (1:50m) Natural Earth countries."""
COARSE_BASEMAP_URL = f"{STATIC_URL}/basemap/countries-110m.geojson"
"""The coarse (1:110m) countries: a ninth of the bytes, drawn while the map is zoomed out."""
COARSE_MAX_ZOOM = 3
"""The coarse countries are drawn up to this zoom (a world of 2,048 px), the detailed ones beyond it."""

# Files under static/ that the map needs, relative to static/. This list and the
# COPIES + basemap list of scripts/build_static.mjs must agree (a test checks it).
ASSET_FILES: tuple[str, ...] = (
    "MarkerCluster.Default.css",
    "MarkerCluster.css",
    "basemap/countries-110m.geojson",
    "basemap/countries-50m.geojson",
    "images/layers-2x.png",
    "images/layers.png",
    "images/marker-icon-2x.png",
    "images/marker-icon.png",
    "images/marker-shadow.png",
    "jquery.min.js",
    "leaflet.css",
    "leaflet.js",
    "leaflet.markercluster.js",
    "leaflet.polylineDecorator.js",
)

# What every map loads, in order: jQuery must be there because folium's popup
# template calls $(); the decorator is always loaded so that a feature group
# added later by st_folium can draw arrows without new script links.
MAP_JS: list[tuple[str, str]] = [
    ("leaflet", LEAFLET_JS),
    ("jquery", JQUERY_JS),
    ("polylinedecorator", POLYLINE_DECORATOR_JS),
]
MAP_CSS: list[tuple[str, str]] = [("leaflet_css", LEAFLET_CSS)]

# folium's names for the links we replace with local copies ...
_LOCAL_BY_NAME: dict[str, str] = {
    "leaflet": LEAFLET_JS,
    "jquery": JQUERY_JS,
    "leaflet_css": LEAFLET_CSS,
    "markerclusterjs": MARKERCLUSTER_JS,
    "markerclustercss": MARKERCLUSTER_CSS,
    "markerclusterdefaultcss": MARKERCLUSTER_DEFAULT_CSS,
    "polylinedecorator": POLYLINE_DECORATOR_JS,
}
# ... and the ones we drop: only folium.Icon (awesome markers) needs them, and we never use it.
_DROPPED_NAMES = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
})

DEFAULT_LOCATION: tuple[float, float] = (35.0, 130.0)
"""Centre of the default view (East Asia) when there is nothing to fit."""
DEFAULT_ZOOM = 4
MIN_ZOOM = 2
MAX_ZOOM = 12
SEA_COLOUR = "#a9cbe3"
LAND_STYLE: dict[str, Any] = {
    "color": "#8c8c7a", "weight": 0.6, "fillColor": "#f2efe6", "fillOpacity": 1.0,
}
BASEMAP_PANE = "basemap"
# Above the tile pane (200) so the basemap hides any unloadable tile, below overlays (400).
_BASEMAP_Z_INDEX = 250

ONLINE_TILES: tuple[dict[str, str], ...] = (
    {"name": "OpenStreetMap (online)", "tiles": "OpenStreetMap", "attr": ""},
    {
        "name": "Esri satellite (online)",
        "tiles": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attr": "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    },
)


def asset_files() -> list[str]:
    """The files, relative to ``static/``, that must exist for the map to draw.

    Examples
    --------
    >>> "leaflet.js" in asset_files()
    True
    """
    return sorted(ASSET_FILES)


def static_url(relative: str) -> str:
    """The URL at which Streamlit serves ``static/<relative>``.

    Examples
    --------
    >>> static_url("leaflet.js")
    '/app/static/leaflet.js'
    """
    return f"{STATIC_URL}/{relative.lstrip('/')}"


def missing_assets(static_dir: str | Path = STATIC_DIR) -> list[str]:
    """The asset files absent from (or empty in) ``static_dir``; ``[]`` when the map can draw.

    The app shows an error ("run ``make static``") instead of a blank map when this is not empty.

    Parameters
    ----------
    static_dir
        The folder Streamlit serves at ``/app/static`` (``static/`` next to ``app.py``).

    Returns
    -------
    list[str]
        Relative paths, sorted.
    """
    root = Path(static_dir)
    missing = []
    for rel in asset_files():
        path = root / rel
        if not path.is_file() or path.stat().st_size == 0:
            missing.append(rel)
    return missing


def is_local(url: str) -> bool:
    """True when ``url`` is served by our own app (a path under ``/app/static/``)."""
    return url.startswith(STATIC_URL + "/")


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def localize(element: Element) -> Element:
    """Point every JS/CSS link in ``element``'s tree at our local copies; return ``element``.

    Each folium Map and plugin class declares its own ``default_js``/``default_css``
    (class attributes pointing at CDNs). This replaces them, per instance, with the
    ``/app/static`` copies, drops Bootstrap/Font Awesome/awesome-markers, and refuses
    any other remote file.

    Raises
    ------
    ConfigurationError
        When an element needs a remote file that we do not ship, naming it.
    """
    for node in _walk(element):
        if not isinstance(node, JSCSSMixin):
            continue
        for attr in ("default_js", "default_css"):
            links = []
            for name, url in getattr(node, attr):
                if is_local(url):
                    links.append((name, url))
                elif name in _LOCAL_BY_NAME:
                    links.append((name, _LOCAL_BY_NAME[name]))
                elif name in _DROPPED_NAMES:
                    continue
                else:
                    raise ConfigurationError(
                        f"{type(node).__name__} needs {attr[8:].upper()} {name!r} from {url!r}, which is not "
                        f"available offline; ship it in scripts/build_static.mjs and map it in "
                        f"geo/render/assets.py, or use one of the local assets {sorted(_LOCAL_BY_NAME)}"
                    )
            # A new list on the instance: never mutate folium's class-level defaults.
            setattr(node, attr, links)
    return element


def remote_links(element: Element) -> list[str]:
    """Every JS/CSS URL in ``element``'s tree that is not under ``/app/static`` (``[]`` when offline-safe)."""
    urls = []
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            urls += [url for _, url in [*node.default_js, *node.default_css] if not is_local(url)]
    return urls


class SeaBackground(MacroElement):
    """Colours the map container, i.e. the sea around the GeoJSON land."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.getContainer().style.background = {{ this.colour|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, colour: str = SEA_COLOUR):
        super().__init__()
        self._name = "SeaBackground"
        self.colour = colour


class PageStyle(MacroElement):
    """A ``<style>`` block in the page header (popup classes, origin icon)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str):
        super().__init__()
        self._name = "PageStyle"
        self.css = css


# Leaflet draws a vector layer at whatever longitude its coordinates say, once.
# In the Pacific frame (longitudes 0..360) the Americas must be drawn again 360 degrees east.
_SHIFT_EAST = JsCode("function (coords) { return L.latLng(coords[1], coords[0] + 360); }")
_WEST_OF_GREENWICH = JsCode(
    """function (feature) {
        var west = false;
        (function scan(c) {
            if (west) { return; }
            if (typeof c[0] === "number") { if (c[0] < 0) { west = true; } return; }
            for (var i = 0; i < c.length; i++) { scan(c[i]); }
        })(feature.geometry.coordinates);
        return west;
    }"""
)


class MultiScaleBasemap(MacroElement):
    """The offline countries in the parent group, at the scale the zoom needs, fetched when first needed.

    Each scale is fetched by URL (never embedded: the page is re-sent on every Streamlit rerun)
    with ``fetch`` after the map's script has run, so that the event layers are not kept waiting.
    A zoomed-out map draws the 1:110m file (215 kB); zooming in past ``COARSE_MAX_ZOOM`` swaps in
    the 1:50m file (1.9 MB), which is fetched in the background a few seconds after the first paint.
    The coarse countries stay until the detailed ones are ready, so the land never blinks out.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, map) {
            var options = {{ this.options|tojavascript }};
            var copies = [{}{% if this.pacific %}, {coordsToLatLng: {{ this.shift }}, filter: {{ this.west }}}{% endif %}];
            var scales = {{ this.scales|tojson }};
            var layers = [];
            function load(i) {
                if (!layers[i]) {
                    var holder = layers[i] = L.layerGroup();
                    fetch(scales[i][0]).then(function (r) {
                        if (!r.ok) { throw new Error('HTTP ' + r.status); }
                        return r.json();
                    }).then(function (data) {
                        copies.forEach(function (c) { L.geoJSON(data, L.extend({}, options, c)).addTo(holder); });
                        holder._sortieReady = true;
                        update();
                    }).catch(function (e) { console.error('Sortie: cannot load the basemap ' + scales[i][0] + ': ' + e); });
                }
                return layers[i];
            }
            function wanted() {
                var z = map.getZoom();
                for (var i = 0; i < scales.length; i++) { if (scales[i][1] === null || z <= scales[i][1]) { return i; } }
                return scales.length - 1;
            }
            function update() {
                var w = wanted(), layer = load(w);
                if (!layer._sortieReady) { return; }  // keep what is drawn until this scale has loaded
                if (!group.hasLayer(layer)) { group.addLayer(layer); }
                layers.forEach(function (l, i) { if (l && i !== w && group.hasLayer(l)) { group.removeLayer(l); } });
            }
            map.on('zoomend', update);
            // After the rest of the map's script (its fitted view decides the first scale) and the event layers.
            setTimeout(update, 0);
            setTimeout(function () { scales.forEach(function (s, i) { load(i); }); }, 3000);
        })({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, pacific: bool = False,
                 scales: tuple[tuple[str, int | None], ...] = ((COARSE_BASEMAP_URL, COARSE_MAX_ZOOM),
                                                               (BASEMAP_URL, None))):
        super().__init__()
        self._name = "MultiScaleBasemap"
        self.pacific = pacific
        self.scales = [list(s) for s in scales]
        self.shift, self.west = _SHIFT_EAST.js_code, _WEST_OF_GREENWICH.js_code
        self.options = {"style": LAND_STYLE, "interactive": False, "pane": BASEMAP_PANE,
                        "attribution": "Countries: Natural Earth (public domain)"}


def basemap_layer(*, pacific: bool = False, name: str = "Countries (offline)") -> folium.FeatureGroup:
    """The Natural Earth countries as a base layer, loaded by the browser from ``static/basemap/``.

    Parameters
    ----------
    pacific
        Also draw the countries west of Greenwich shifted 360 degrees east, for maps
        whose longitudes run 0..360 (see ``geo.render.layers.choose_frame``).
    name
        The base layer's name in the layer control.
    """
    group = folium.FeatureGroup(name=name, overlay=False, control=True)
    MultiScaleBasemap(pacific=pacific).add_to(group)
    return group


def offline_map(*, online_tiles: bool = False, pacific: bool = False, **map_kwargs: Any) -> folium.Map:
    """A folium Map that loads nothing from the internet: local Leaflet/jQuery, a GeoJSON basemap, a blue sea.

    Parameters
    ----------
    online_tiles
        Also offer OpenStreetMap and Esri satellite tiles in the layer control
        (hidden at start; they only draw with a network connection).
    pacific
        Draw the basemap for a map whose longitudes run 0..360 (see ``basemap_layer``).
    **map_kwargs
        Passed to ``folium.Map`` (``location``, ``zoom_start``, ``width``, ``height``...).
        ``tiles`` is not allowed: the basemap is the GeoJSON layer.

    Returns
    -------
    folium.Map
        With no tile layer (unless ``online_tiles``), ``maxZoom`` on the map itself
        (MarkerCluster needs it when there are no tiles) and only ``/app/static`` links.

    Raises
    ------
    ConfigurationError
        If ``tiles`` is passed.
    """
    if "tiles" in map_kwargs:
        raise ConfigurationError(
            f"offline_map() draws its own basemap; got tiles={map_kwargs['tiles']!r}. "
            "Use online_tiles=True to offer online tile layers."
        )
    map_kwargs.setdefault("location", DEFAULT_LOCATION)
    map_kwargs.setdefault("zoom_start", DEFAULT_ZOOM)
    map_kwargs.setdefault("minZoom", MIN_ZOOM)
    map_kwargs.setdefault("maxZoom", MAX_ZOOM)
    m = folium.Map(tiles=None, **map_kwargs)
    m.default_js = list(MAP_JS)
    m.default_css = list(MAP_CSS)
    SeaBackground().add_to(m)
    PageStyle(POPUP_CSS).add_to(m)
    folium.map.CustomPane(BASEMAP_PANE, z_index=_BASEMAP_Z_INDEX, pointer_events=False).add_to(m)
    basemap_layer(pacific=pacific).add_to(m)
    if online_tiles:
        for spec in ONLINE_TILES:
            folium.TileLayer(
                tiles=spec["tiles"], attr=spec["attr"] or None, name=spec["name"],
                overlay=False, control=True, show=False, max_zoom=MAX_ZOOM,
            ).add_to(m)
    return localize(m)


def local_marker_cluster(**kwargs: Any) -> folium.plugins.MarkerCluster:
    """A ``folium.plugins.MarkerCluster`` that loads its JS/CSS from ``/app/static``."""
    from folium.plugins import MarkerCluster

    cluster = MarkerCluster(**kwargs)
    cluster.default_js = [("markerclusterjs", MARKERCLUSTER_JS)]
    cluster.default_css = [("markerclustercss", MARKERCLUSTER_CSS),
                           ("markerclusterdefaultcss", MARKERCLUSTER_DEFAULT_CSS)]
    return cluster
