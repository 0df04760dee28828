/* Sortie's map: every layer, style, popup, tooltip and the legend of the dashboard map, drawn with Leaflet.
 *
 * Copied to static/sortie-map.js by scripts/build_static.mjs and loaded after Leaflet and its plugins.
 * Python adds one line of glue per part of the map:
 *   SortieMap.setup(map, options)          basemap, sea, page behaviour (geo/render/assets.py)
 *   SortieMap.draw(kind, group, map, data) one layer: "events", "flights" or "origins" (geo/render/layers.py)
 * `data` is a payload whose fields are listed once, in geo/render/payload.py:SCHEMA (and docs/dashboard.md).
 * Every text in a payload is already HTML-escaped by the server. The event and sortie popups are built as DOM
 * nodes whose text is that text decoded back (textContent, never markup); the tooltips, the legend and the
 * line and origin popups put the escaped text into markup as it is and escape nothing but the URLs they build.
 */
(function (root) {
  "use strict";

  var SortieMap = (root.SortieMap = {});
  var LAND = { color: "#8c8c7a", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1.0 };
  var RADIUS = { point: 7, areaCentre: 4, highlight: 14 };
  var ORIGIN_ICON = { iconSize: [11, 11], iconAnchor: [6, 6] };
  var GAP = " &middot; ";
  var PREFETCH_MS = 3000;
  var TILE_WAIT_MS = 8000;
  var INTRO_KEY = "sortie.introSeen";
  var LINE_PANE = "sortie-flights";

  // -- small helpers ------------------------------------------------------------------------------------------

  function joined(bits) {
    return bits.filter(function (x) { return x; }).join(GAP);
  }
  function line(label, value) {
    return value ? '<div><span class="s-muted">' + label + ":</span> " + value + "</div>" : "";
  }
  function plural(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }
  // A link into the app (the article reader), resolved against the page that holds the map's frame.
  function appUrl(relative) {
    var base;
    try { base = new URL(".", root.top.location.href).href; } catch (e) { base = root.location.origin + "/"; }
    return new URL(relative, base).href;
  }
  // Payload texts arrive escaped by geo.render.popups.esc: these are the entities it writes, decoded back to text.
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", "#96": "`", "#36": "$",
                   "#92": "\\", "#123": "{", "#125": "}" };
  function plainText(escaped) {
    return String(escaped).replace(/&(amp|lt|gt|quot|#x27|#39|#96|#36|#92|#123|#125);/g,
      function (m, name) { return ENTITIES[name]; });
  }
  // A DOM element whose text is a payload text (escaped by the server), set as text: nothing in it is markup.
  function el(tag, cls, escaped) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (escaped) { node.textContent = plainText(escaped); }
    return node;
  }
  function add(parent, child) {
    if (child) { parent.appendChild(child); }
    return child;
  }
  function textLine(label, escaped) {
    if (!escaped) { return null; }
    var div = el("div");
    add(div, el("span", "s-muted", label + ":"));
    div.appendChild(document.createTextNode(" " + plainText(escaped)));
    return div;
  }
  function readerAnchor(reader, article, title) {
    var a = el("a", "s-reader", title);
    a.href = appUrl(reader + encodeURIComponent(plainText(article)));
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }
  // A source's address, linked and shown as it is, only when it is http(s) (the server sends no other).
  function webAnchor(escaped) {
    var url = plainText(escaped);
    if (!/^https?:\/\/[^\s]+$/i.test(url)) { return null; }
    var a = el("a", "s-url");
    a.textContent = url;
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  // st_folium sends a value only when it changed: the click's time in the clicked feature's properties makes a
  // second click on the same marker a new value (its own listeners are added after these, so they see it).
  function stampClicks(layer) {
    layer.on("click", function (ev) {
      var l = ev.layer;
      if (l && l.feature) { l.feature.properties.click = Date.now(); }
    });
  }
  function kindDot(colour) {
    return '<span class="s-dot" style="background:' + colour + '"></span>';
  }

  // -- the base map: offline countries (under online tiles, when chosen), sea, focus ---------------------------

  function westOfGreenwich(feature) {
    var west = false;
    (function scan(c) {
      if (west) { return; }
      if (typeof c[0] === "number") { if (c[0] < 0) { west = true; } return; }
      for (var i = 0; i < c.length; i++) { scan(c[i]); }
    })(feature.geometry.coordinates);
    return west;
  }

  // The countries at the scale the zoom needs, each scale fetched when first needed (never embedded: the page is
  // re-sent on every Streamlit rerun); the coarse one stays until the detailed one is drawn.
  function countries(map, o, pane) {
    var group = L.layerGroup().addTo(map);
    var style = { style: LAND, interactive: false, pane: pane,
                  attribution: "Countries: Natural Earth (public domain)" };
    // In the Pacific frame (longitudes 0..360) the Americas are drawn again 360 degrees east.
    var copies = [{}];
    if (o.pacific) {
      copies.push({ coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + 360); }, filter: westOfGreenwich });
    }
    var layers = [];
    function load(i) {
      if (!layers[i]) {
        var holder = (layers[i] = L.layerGroup());
        fetch(o.scales[i][0]).then(function (r) {
          if (!r.ok) { throw new Error("HTTP " + r.status); }
          return r.json();
        }).then(function (data) {
          copies.forEach(function (c) { L.geoJSON(data, L.extend({}, style, c)).addTo(holder); });
          holder.sortieReady = true;
          update();
        }).catch(function (e) { console.error("Sortie: cannot load the basemap " + o.scales[i][0] + ": " + e); });
      }
      return layers[i];
    }
    function wanted() {
      var z = map.getZoom();
      for (var i = 0; i < o.scales.length; i++) {
        if (o.scales[i][1] === null || z <= o.scales[i][1]) { return i; }
      }
      return o.scales.length - 1;
    }
    function update() {
      var w = wanted(), layer = load(w);
      if (!layer.sortieReady) { return; } // keep what is drawn until this scale has loaded
      if (!group.hasLayer(layer)) { group.addLayer(layer); }
      layers.forEach(function (l, i) { if (l && i !== w && group.hasLayer(l)) { group.removeLayer(l); } });
    }
    map.on("zoomend", update);
    // After the rest of the map's script (its fitted view decides the first scale) and the event layers.
    setTimeout(update, 0);
    setTimeout(function () { o.scales.forEach(function (s, i) { load(i); }); }, PREFETCH_MS);
  }

  function notice(map, text) {
    var box = L.control({ position: "bottomright" });
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "sortie-notice");
      div.setAttribute("role", "status");
      div.innerHTML = text;
      return div;
    };
    return box.addTo(map);
  }

  // Online tiles over the offline countries: where a tile cannot be loaded the countries show through, and
  // the map says so until a tile arrives.
  function onlineTiles(map, t) {
    var tiles = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.maxZoom }).addTo(map);
    var loaded = 0, shown = null;
    function unreachable() {
      if (!loaded && !shown) {
        shown = notice(map, "The online tiles (" + t.name + ") cannot be reached: the offline countries are "
          + "shown instead. Choose the offline base map in the sidebar to stop asking.");
      }
    }
    tiles.on("tileload", function () {
      loaded += 1;
      if (shown) { shown.remove(); shown = null; }
    });
    tiles.on("tileerror", unreachable);
    setTimeout(unreachable, TILE_WAIT_MS);
  }

  // Leaflet focuses the map on every mousedown (for keyboard panning). Inside st_folium's frame, with the map
  // partly out of view, that scrolled the page between mouse down and up, and the click missed its marker.
  function focusWithoutScrolling(map) {
    var kb = map.keyboard;
    if (!kb) { return; }
    kb.disable();
    kb._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({ preventScroll: true }); }
    };
    kb.enable();
  }

  SortieMap.setup = function (map, o) {
    map.getContainer().classList.add("sortie-map");
    // Offline: the countries above the (empty) tile pane. Online: under the tiles, to show through gaps.
    var pane = map.createPane("sortie-basemap");
    pane.style.zIndex = o.tiles ? 150 : 250;
    pane.style.pointerEvents = "none";
    countries(map, o, "sortie-basemap");
    if (o.tiles) { onlineTiles(map, o.tiles); }
    focusWithoutScrolling(map);
  };

  // -- the layers ---------------------------------------------------------------------------------------------

  // st_folium replaces the layers and the layer control on every rerun, and would show every layer again:
  // remember, in the browser, which ones the user switched off.
  function rememberHidden(group, map, name) {
    var hidden = (root.__sortieHidden = root.__sortieHidden || {});
    if (!map.__sortieHiddenHook) {
      map.__sortieHiddenHook = true;
      // Only the user's clicks count: st_folium removing the old groups fires the same events.
      var byUser = function () { return root.layer_control && root.layer_control._handlingClick; };
      map.on("overlayremove", function (e) { if (byUser()) { hidden[e.name] = true; } });
      map.on("overlayadd", function (e) { if (byUser()) { delete hidden[e.name]; } });
    }
    if (hidden[name]) { setTimeout(function () { map.removeLayer(group); }, 0); }
  }

  SortieMap.draw = function (kind, group, map, d) {
    rememberHidden(group, map, d.layer);
    ({ events: drawEvents, flights: drawFlights, origins: drawOrigins })[kind](group, map, d);
  };

  // Events: a circle marker per placed event, coloured by kind; events at one point (or, when clustered, near
  // each other) gather under a count badge that spreads them out when clicked; areas get a dashed circle.
  function drawEvents(group, map, d) {
    var K = d.kinds, T = d.strings, E = d.events, A = d.areas, SRC = d.sources;
    var firstSource = [], next = 0; // a sortie's reports are the next E.reports[i] rows of SRC
    E.reports.forEach(function (n) { firstSource.push(next); next += n; });
    function when(i) {
      var t = T[E.date[i]], p = T[E.precision[i]];
      return t ? (p ? t + " (" + p + ")" : t) : "date unknown";
    }
    function summary(i) {
      var n = E.reports[i] ? E.sourceCount[i] : 0;
      return joined([K[E.kind[i]].label, T[E.date[i]], T[E.place[i]], T[E.aircraft[i]],
        n > 1 ? plural(n, "source") : ""]);
    }
    // One report of a sortie: outlet and date, the title (to the reader), the address, what it says.
    function source(j) {
      var li = el("li"), top = add(li, el("div"));
      add(top, el("b", "s-outlet", SRC.outlet[j] ? T[SRC.outlet[j]] : "unknown outlet"));
      var bits = [T[SRC.published[j]] ? "published " + plainText(T[SRC.published[j]]) : "publication date unknown"];
      if (T[SRC.date[j]]) { bits.push("dates it " + plainText(T[SRC.date[j]])); }
      if (SRC.context[j]) { bits.push("named in passing"); }
      top.appendChild(document.createTextNode(" \u00b7 " + bits.join(" \u00b7 ")));
      var title = T[SRC.title[j]], article = T[SRC.article[j]];
      if (title) {
        var t = add(li, el("div", "s-title"));
        add(t, article ? readerAnchor(d.reader, article, title) : el("span", "", title));
      }
      var url = webAnchor(T[SRC.url[j]]);
      if (url) { add(add(li, el("div", "s-address")), url); }
      add(li, SRC.evidence[j] ? el("blockquote", "", SRC.evidence[j]) : null);
      return li;
    }
    function popup(i) {
      var k = K[E.kind[i]], place = T[E.place[i]], status = T[E.status[i]], title = T[E.title[i]];
      var article = T[E.article[i]], box = el("div", "sortie-popup"), head = add(box, el("div", "s-head", k.label));
      head.style.color = k.colour;
      if (status && status !== "asserted") { add(head, el("small", "", " (" + status + ")")); }
      add(box, el("div", "s-muted", when(i)));
      var sortie = E.reports[i] > 0;
      if (!sortie && title) {
        add(add(box, el("div", "s-title")), article ? readerAnchor(d.reader, article, title) : el("span", "", title));
      }
      if (!sortie && E.evidence[i]) { add(box, el("blockquote", "", E.evidence[i])); }
      if (!sortie && !E.evidence[i] && d.lean) {
        add(box, el("div", "s-muted", "Selecting the event shows its evidence."));
      }
      if (place && T[E.placePrecision[i]]) {
        var detail = plainText(T[E.placePrecision[i]]);
        if (E.radius[i] > 0) { detail += ", \u00b1" + Math.round(E.radius[i]).toLocaleString("en") + " km"; }
        place += " (" + detail + ")";
      }
      [["Aircraft", T[E.aircraft[i]]], ["Activity", T[E.activity[i]]], ["Place", place], ["From", T[E.origins[i]]],
       ["Not placed", T[E.unplaced[i]]], ["Article", !sortie && article !== title ? article : ""],
       ["Corrected", T[E.corrected[i]] ? T[E.corrected[i]] + " (by an analyst, on the Review page)" : ""]
      ].forEach(function (x) { add(box, textLine(x[0], x[1])); });
      if (sortie) {
        var n = E.reports[i], first = firstSource[i];
        add(box, el("div", "s-section", E.sourceCount[i] === 1 ? "Source" : "Sources: " + E.sourceCount[i]
          + " articles report it"));
        var list = add(box, el("ol", "s-sources"));
        for (var j = first; j < first + n; j++) { list.appendChild(source(j)); }
        if (d.lean && i !== d.highlight) {
          add(box, el("div", "s-muted", "Selecting the sortie shows what each source says."));
        }
        if (E.disagreements[i].length) {
          add(box, el("div", "s-section", "Where the sources disagree"));
          var ul = add(box, el("ul", "s-disagreements"));
          E.disagreements[i].forEach(function (t) { add(ul, el("li", "", T[t])); });
        }
      } else if (E.sourceCount[i] > 1) {
        add(box, textLine("Sortie", "one of the reports of an occurrence that " + E.sourceCount[i]
          + " articles report (" + T[E.sortie[i]] + ")"));
      }
      return box;
    }
    var areas = L.featureGroup();
    A.lat.forEach(function (lat, k) {
      var c = K[A.kind[k]].colour;
      // Not interactive, so that a country-sized circle never swallows clicks meant for markers.
      L.circle([lat, A.lon[k]], { radius: A.radius[k] * 1000, color: c, weight: 1, opacity: 0.6, dashArray: "4 4",
        fill: true, fillColor: c, fillOpacity: 0.12, interactive: false }).addTo(areas);
    });
    areas.addTo(group);
    var markers = E.id.map(function (id, i) {
      var m = L.circleMarker([E.lat[i], E.lon[i]], {
        radius: E.area[i] ? RADIUS.areaCentre : RADIUS.point, color: "#ffffff", weight: 1.5, opacity: 1,
        fill: true, fillColor: K[E.kind[i]].colour, fillOpacity: 0.9, className: "sortie-event" });
      // st_folium returns the clicked layer's toGeoJSON() as last_active_drawing: carry the id there.
      m.feature = { type: "Feature", geometry: null, properties: { layer: "event", event_id: id, kind: K[E.kind[i]].id } };
      m.sortieIndex = i;
      return m;
    });
    // One cluster group in both cases: unclustered, it only gathers markers that share a point (2 px), so that
    // each of them can be reached; clustered, it also gathers neighbours and zooms in to them.
    var holder = L.markerClusterGroup({
      chunkedLoading: true, maxClusterRadius: d.cluster ? 45 : 2, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, iconCreateFunction: badge });
    stampClicks(holder);
    holder.addLayers(markers);
    holder.bindTooltip(function (layer) {
      if (layer.feature) { return summary(layer.sortieIndex); }
      return plural(layer.getChildCount(), "event") + (spreads(holder, layer) ? " here: click to spread them out"
        : ": click to zoom in");
    }, { sticky: true });
    // Popups are written when first opened: 10k finished popups would be most of the payload.
    holder.on("click", function (ev) {
      var l = ev.layer;
      if (l && l.feature && !l.getPopup()) { l.bindPopup(popup(l.sortieIndex), { maxWidth: 380 }); l.openPopup(); }
    });
    holder.addTo(group);
    bundles(group, d);
    if (d.highlight >= 0) {
      var h = d.highlight, at = [E.lat[h], E.lon[h]];
      L.circleMarker(at, { radius: RADIUS.highlight, color: "#ffd400", weight: 7, opacity: 0.85, fill: false,
        interactive: false, className: "sortie-highlight-halo" }).addTo(group);
      var ring = L.circleMarker(at, { radius: RADIUS.highlight, color: "#111111", weight: 2.5, opacity: 1,
        fill: false, interactive: false, className: "sortie-highlight" });
      ring.bindPopup(popup(h), { maxWidth: 380 });
      // Just selected: show its popup (the rerun replaced the layer whose popup the click opened).
      if (d.open) { ring.once("add", function () { ring.openPopup(); }); }
      ring.addTo(group);
    }
    legend(map, d);
  }

  // Beyond the markers the map draws one by one, the events of the densest grid cells: one counted disc a cell, with
  // a tooltip saying so (the page's caption says how many). Under the markers, and never a click target of its own.
  function bundles(group, d) {
    var B = d.bundles, K = d.kinds;
    if (!B || !B.n.length) { return; }
    var holder = L.featureGroup();
    B.n.forEach(function (n, k) {
      var size = n < 100 ? 30 : n < 1000 ? 36 : 44;
      var span = document.createElement("span");
      span.textContent = n.toLocaleString("en");
      span.style.borderColor = K[B.kind[k]].colour;
      L.marker([B.lat[k], B.lon[k]], { icon: L.divIcon({ html: span, className: "sortie-bundle",
        iconSize: L.point(size, size) }), keyboard: false, zIndexOffset: -1000 })
        .bindTooltip(plural(n, "more event") + " around here, counted but not drawn one by one (mostly "
          + K[B.kind[k]].label + "): narrow the dates or filters to draw them", { sticky: true })
        .addTo(holder);
    });
    holder.addTo(group);
  }

  // The count badge of markers gathered together: the kind's colour when they share one.
  function badge(cluster) {
    var n = cluster.getChildCount(), colour = "#37474f";
    if (n <= 50) {
      var colours = {};
      cluster.getAllChildMarkers().forEach(function (m) { colours[m.options.fillColor] = true; });
      var list = Object.keys(colours);
      if (list.length === 1) { colour = list[0]; }
    }
    var size = n < 10 ? 22 : n < 100 ? 28 : 34;
    return L.divIcon({ html: '<span style="background:' + colour + '">' + n.toLocaleString("en") + "</span>",
      className: "sortie-stack", iconSize: L.point(size, size) });
  }

  // Whether a click on a badge spreads its markers out (they share a point) rather than zooming in.
  function spreads(group, cluster) {
    var bottom = cluster;
    while (bottom._childClusters.length === 1) { bottom = bottom._childClusters[0]; }
    return bottom._zoom === group._maxZoom && bottom._childCount === cluster._childCount;
  }

  // Flight lines: one great circle per route (origin, place, kind), computed by the server; wider for busier
  // routes, with an arrow towards the area on the busiest ones.
  function drawFlights(group, map, d) {
    var K = d.kinds, T = d.strings, R = d.routes;
    function route(i) { return T[R.origin[i]] + " → " + T[R.area[i]]; }
    function when(i) {
      var first = T[R.first[i]], last = T[R.last[i]];
      if (R.events[i] === 1) { return first; }
      return plural(R.events[i], "event") + (first ? ", " + (first === last ? first : first + " – " + last) : "");
    }
    var lines = L.featureGroup();
    lines.addTo(group);
    stampClicks(lines);
    // Lines in a pane under the markers': drawn after them, they would otherwise lie over the marker at their end.
    if (!map.getPane(LINE_PANE)) { map.createPane(LINE_PANE).style.zIndex = 390; }
    if (d.total > R.kind.length) {
      // Say so when not every route is drawn (in the map's attribution line, while the group is shown).
      group.getAttribution = function () {
        return "Flight lines: the busiest " + R.kind.length.toLocaleString("en") + " of "
          + d.total.toLocaleString("en") + " routes";
      };
    }
    function draw() {
      R.path.forEach(function (steps, i) {
        // The server's great circle: exact ends, inner points as changes in hundredths of a degree.
        var points = [[R.fromLat[i], R.fromLon[i]]];
        var qlat = Math.round(R.fromLat[i] * 100), qlon = Math.round(R.fromLon[i] * 100);
        for (var k = 0; k < steps.length; k += 2) {
          qlat += steps[k];
          qlon += steps[k + 1];
          points.push([qlat / 100, qlon / 100]);
        }
        points.push([R.toLat[i], R.toLon[i]]);
        var colour = K[R.kind[i]].colour, n = R.events[i];
        var pl = L.polyline(points, { color: colour, weight: n > 1 ? Math.min(2 + Math.log2(n), 6) : 2, opacity: 0.8,
          className: "sortie-flight", pane: LINE_PANE });
        pl.feature = { type: "Feature", geometry: null,
          properties: { layer: "flight", event_id: R.eventId[i], kind: K[R.kind[i]].id } };
        pl.sortieIndex = i;
        pl.addTo(lines);
        if (i < d.arrows) {
          L.polylineDecorator(pl, { patterns: [{ offset: "55%", repeat: 0, symbol: L.Symbol.arrowHead({
            pixelSize: 11, polygon: true,
            pathOptions: { stroke: false, fill: true, fillOpacity: 0.9, interactive: false, color: colour,
                           pane: LINE_PANE } }) }] })
            .addTo(group);
        }
      });
    }
    // After the markers (the events group comes next in the same script): the first paint should not wait.
    setTimeout(draw, 0);
    lines.bindTooltip(function (l) {
      var i = l.sortieIndex;
      return joined([route(i), K[R.kind[i]].label, when(i), T[R.aircraft[i]]]);
    }, { sticky: true });
    lines.bindPopup(function (l) {
      var i = l.sortieIndex;
      return '<div class="sortie-popup"><div class="s-head" style="color:' + K[R.kind[i]].colour + '">' + route(i)
        + "</div><div>" + K[R.kind[i]].label + GAP + when(i) + "</div>" + line("Aircraft", T[R.aircraft[i]]) + "</div>";
    }, { maxWidth: 380 });
  }

  // Origins: a white diamond per base the shown events' aircraft flew from, listing those events.
  function drawOrigins(group, map, d) {
    var icon = L.divIcon(L.extend({ html: "<div></div>", className: "sortie-origin" }, ORIGIN_ICON));
    stampClicks(group);
    d.origins.forEach(function (o) {
      var m = L.marker([o.lat, o.lon], { icon: icon });
      m.feature = { type: "Feature", geometry: null, properties: { layer: "origin", name: o.name } };
      m.bindTooltip(o.name + " — origin of " + plural(o.events, "event"), { sticky: true });
      var lines = o.lines;
      var items = lines.date.map(function (date, k) {
        return "<li>" + joined([date, lines.kind[k], lines.place[k], lines.aircraft[k]]) + "</li>";
      });
      if (o.events > items.length) { items.push("<li>&hellip; and " + (o.events - items.length).toLocaleString("en")
        + " more</li>"); }
      m.bindPopup('<div class="sortie-popup"><div class="s-head">Origin: ' + o.name + "</div><ul>" + items.join("")
        + "</ul></div>", { maxWidth: 380 });
      m.addTo(group);
    });
  }

  // -- the legend: what each symbol means, the kinds with their counts, a one-line intro on a first visit ---------

  var SYMBOLS = [
    ['<svg width="14" height="14"><circle cx="7" cy="7" r="5.5" fill="#d62728" stroke="#fff" stroke-width="1.5"/></svg>',
     "event"],
    ['<span class="s-badge-sample"><span style="background:#37474f">3</span></span>',
     "events at one place (click)"],
    ['<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="rgba(127,127,127,.15)" stroke="#7f7f7f" '
     + 'stroke-dasharray="3 2"/></svg>', "an area's extent"],
    ['<span class="s-origin-sample"><div></div></span>', "origin (base flown from)"],
    ['<svg width="20" height="14"><path d="M1 11 Q 9 2 17 7" fill="none" stroke="#d62728" stroke-width="2"/>'
     + '<path d="M19 8 L12 9 L15 3 Z" fill="#d62728"/></svg>', "flight: origin → area"],
  ];

  function introSeen() {
    try { return root.localStorage.getItem(INTRO_KEY) === "1"; } catch (e) { return false; }
  }

  function legend(map, d) {
    var box = map.__sortieLegend;
    if (!box) {
      box = map.__sortieLegend = L.control({ position: "bottomleft" });
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "sortie-legend");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        L.DomEvent.on(div, "click", function (ev) {
          var t = ev.target;
          if (t.classList.contains("s-dismiss")) {
            L.DomEvent.preventDefault(ev);
            try { root.localStorage.setItem(INTRO_KEY, "1"); } catch (e) { /* private mode: shown again next time */ }
            var intro = div.querySelector(".s-intro");
            if (intro) { intro.remove(); }
          } else if (t.classList.contains("s-fold")) {
            L.DomEvent.preventDefault(ev);
            div.classList.toggle("s-folded");
            t.textContent = div.classList.contains("s-folded") ? "show" : "hide";
          }
        });
        return div;
      };
      box.addTo(map);
    }
    var div = box.getContainer(), folded = div.classList.contains("s-folded");
    var kinds = d.kinds.map(function (k, i) {
      return d.counts[i] ? "<li>" + kindDot(k.colour) + k.label + " <b>" + d.counts[i].toLocaleString("en")
        + "</b></li>" : "";
    }).join("");
    div.innerHTML = (introSeen() ? "" : '<div class="s-intro">New here? Dots are events from the news, lines run '
        + 'from the base flown from to the area; click one for its source. <a href="#" class="s-dismiss">Got it</a></div>')
      + '<div class="s-legend-head">Legend <a href="#" class="s-fold">' + (folded ? "show" : "hide") + "</a></div>"
      + '<div class="s-legend-body"><ul class="s-symbols">'
      + SYMBOLS.map(function (s) { return '<li><span class="s-sym">' + s[0] + "</span>" + s[1] + "</li>"; }).join("")
      + '</ul><ul class="s-kinds">' + (kinds || "<li>No event has a place here</li>") + "</ul>"
      + (d.unplaced ? '<div class="s-unplaced">' + plural(d.unplaced, "shown event") + " "
        + (d.unplaced === 1 ? "has" : "have") + " no place: listed under the map</div>" : "")
      + (d.bundled ? '<div class="s-unplaced">' + plural(d.bundled, "more event") + " counted in numbered discs, "
        + "not drawn one by one</div>" : "")
      + "</div>";
  }
})(window);
