"""Local URLs of the map's files (Leaflet, plugins, the map's own script, the basemap) and an offline folium Map.

A folium map loads Leaflet, jQuery, Bootstrap and plugins from public CDNs by default; offline,
streamlit-folium stops at the first script that fails and the map stays blank with no error.
``scripts/build_static.mjs`` copies the files we need from ``node_modules`` (and the map's own
``sortie-map.js``/``.css`` from ``geo/render/web/``) into ``static/``, Streamlit serves them at
``/app/static/...`` (``[server] enableStaticServing = true``), and this module points every folium
element at those URLs and nowhere else.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.errors import ConfigurationError

STATIC_URL = "/app/static"
"""Where Streamlit serves ``<app dir>/static/``."""

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
"""The ``static/`` folder next to ``app.py`` that ``make static`` fills."""

WEB_DIR = Path(__file__).resolve().parent / "web"
"""The map's own script and style sheet (the sources ``scripts/build_static.mjs`` copies into ``static/``)."""

LEAFLET_JS = f"{STATIC_URL}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet.css"
MARKERCLUSTER_JS = f"{STATIC_URL}/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{STATIC_URL}/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = f"{STATIC_URL}/MarkerCluster.Default.css"
POLYLINE_DECORATOR_JS = f"{STATIC_URL}/leaflet.polylineDecorator.js"
SORTIE_MAP_JS = f"{STATIC_URL}/sortie-map.js"
"""The map's script: every layer, style, popup, legend and the basemap are drawn by it (``window.SortieMap``)."""
SORTIE_MAP_CSS = f"{STATIC_URL}/sortie-map.css"
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
    "leaflet.css",
    "leaflet.js",
    "leaflet.markercluster.js",
    "leaflet.polylineDecorator.js",
    "sortie-map.css",
    "sortie-map.js",
)

# What every map loads, in order (st_folium loads them one after another): Leaflet, its plugins, the
# map's own script last. No jQuery: only folium's own popups call $(), and the map writes its popups itself.
MAP_JS: list[tuple[str, str]] = [
    ("leaflet", LEAFLET_JS),
    ("polylinedecorator", POLYLINE_DECORATOR_JS),
    ("markerclusterjs", MARKERCLUSTER_JS),
    ("sortiemap", SORTIE_MAP_JS),
]
MAP_CSS: list[tuple[str, str]] = [
    ("leaflet_css", LEAFLET_CSS),
    ("markerclustercss", MARKERCLUSTER_CSS),
    ("markerclusterdefaultcss", MARKERCLUSTER_DEFAULT_CSS),
    ("sortiemap_css", SORTIE_MAP_CSS),
]

# folium's names for the links we replace with local copies ...
_LOCAL_BY_NAME: dict[str, str] = {
    "leaflet": LEAFLET_JS,
    "leaflet_css": LEAFLET_CSS,
    "markerclusterjs": MARKERCLUSTER_JS,
    "markerclustercss": MARKERCLUSTER_CSS,
    "markerclusterdefaultcss": MARKERCLUSTER_DEFAULT_CSS,
    "polylinedecorator": POLYLINE_DECORATOR_JS,
}
# ... and the ones we drop: only folium.Icon (awesome markers) and folium's popups need them (jQuery), and
# the map uses neither.
_DROPPED_NAMES = frozenset({
    "jquery", "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
})

DEFAULT_LOCATION: tuple[float, float] = (35.0, 130.0)
"""Centre of the default view (East Asia) when there is nothing to fit."""
DEFAULT_ZOOM = 4
MIN_ZOOM = 2
MAX_ZOOM = 12

Basemap = Literal["offline", "osm", "satellite"]
BASEMAPS: tuple[str, ...] = ("offline", "osm", "satellite")
ONLINE_TILES: dict[str, dict[str, str]] = {
    "osm": {"name": "OpenStreetMap (online)", "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attr": "&copy; OpenStreetMap contributors"},
    "satellite": {
        "name": "Esri satellite (online)",
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attr": "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    },
}
"""The online base maps a connected user may choose; the offline countries stay drawn under them."""


@lru_cache(maxsize=1)
def map_css() -> str:
    """The map's style sheet (``geo/render/web/sortie-map.css``): the event card under the map uses it too."""
    return (WEB_DIR / "sortie-map.css").read_text(encoding="utf-8")


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




class MapSetup(MacroElement):
    """The map's one line of glue: ``SortieMap.setup(map, options)`` draws the basemap and sets the map up.

    The script (``geo/render/web/sortie-map.js``) fetches the offline countries at the scale the zoom
    needs, keeps them under online tiles (and says so when the tiles cannot be reached), colours the
    sea and keeps a click from scrolling the page.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            SortieMap.setup({{ this._parent.get_name() }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, Any]):
        super().__init__()
        self._name = "MapSetup"
        self.options = json.dumps(options, separators=(",", ":"))


def offline_map(*, basemap: Basemap = "offline", pacific: bool = False, **map_kwargs: Any) -> folium.Map:
    """A folium Map that loads nothing from the internet unless asked: local scripts, the offline countries.

    Parameters
    ----------
    basemap
        ``"offline"`` (Natural Earth countries, served by the app), or ``"osm"`` / ``"satellite"``:
        that online tile layer is drawn over the offline countries, which show through wherever a
        tile cannot be loaded (the map then says that the tiles cannot be reached).
    pacific
        Also draw the countries west of Greenwich shifted 360 degrees east, for maps whose
        longitudes run 0..360 (see ``geo.render.view.choose_frame``).
    **map_kwargs
        Passed to ``folium.Map`` (``location``, ``zoom_start``, ``width``, ``height``...).
        ``tiles`` is not allowed: the basemap is drawn by the map's script.

    Returns
    -------
    folium.Map
        With ``maxZoom`` on the map itself (MarkerCluster needs it when there are no tiles), no
        base layer in any layer control (the page chooses the base map) and only ``/app/static`` links.

    Raises
    ------
    ConfigurationError
        If ``tiles`` is passed or ``basemap`` is not one of ``BASEMAPS``.
    """
    if "tiles" in map_kwargs:
        raise ConfigurationError(
            f"offline_map() draws its own basemap; got tiles={map_kwargs['tiles']!r}. "
            f"Use basemap=... (one of {list(BASEMAPS)}) for online tiles."
        )
    if basemap not in BASEMAPS:
        raise ConfigurationError(f"Unknown basemap {basemap!r}; options are: {list(BASEMAPS)}")
    map_kwargs.setdefault("location", DEFAULT_LOCATION)
    map_kwargs.setdefault("zoom_start", DEFAULT_ZOOM)
    map_kwargs.setdefault("minZoom", MIN_ZOOM)
    map_kwargs.setdefault("maxZoom", MAX_ZOOM)
    m = folium.Map(tiles=None, **map_kwargs)
    m.default_js = list(MAP_JS)
    m.default_css = list(MAP_CSS)
    online = ONLINE_TILES.get(basemap)
    MapSetup({
        "scales": [[COARSE_BASEMAP_URL, COARSE_MAX_ZOOM], [BASEMAP_URL, None]], "pacific": pacific,
        "tiles": {"url": online["url"], "name": online["name"], "attribution": online["attr"],
                  "maxZoom": MAX_ZOOM} if online else None,
    }).add_to(m)
    return localize(m)
