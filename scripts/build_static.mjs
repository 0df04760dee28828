#!/usr/bin/env node
// Copies the map's JS/CSS/images from node_modules, and the map's own script and style sheet from
// geo/render/web/, into static/, and converts the Natural Earth basemap (world-atlas TopoJSON) to
// GeoJSON, with no network access.
//
// Streamlit serves <app dir>/static/* at /app/static/* when
// [server] enableStaticServing = true; geo/render/assets.py points every folium
// map and plugin at those URLs, because a folium map is blank offline unless all
// of its assets load (see docs/notes on the stack).
//
// Usage:
//   node scripts/build_static.mjs            build static/ (run after `npm ci`)
//   node scripts/build_static.mjs --list     print the output files as JSON, build nothing
//
// The output list must match geo/render/assets.py:asset_files(); a test checks it.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const WEB_DIR = path.join(ROOT, "geo", "render", "web");
const STATIC_DIR = path.join(ROOT, "static");

// [source under node_modules, destination under static/]
const COPIES = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  // leaflet.css refers to images/ relative to itself.
  ["leaflet/dist/images/layers.png", "images/layers.png"],
  ["leaflet/dist/images/layers-2x.png", "images/layers-2x.png"],
  ["leaflet/dist/images/marker-icon.png", "images/marker-icon.png"],
  ["leaflet/dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"],
  ["leaflet/dist/images/marker-shadow.png", "images/marker-shadow.png"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"],
  ["leaflet-polylinedecorator/dist/leaflet.polylineDecorator.js", "leaflet.polylineDecorator.js"],
];

// [source under geo/render/web, destination under static/]: the map's own code, drawn by
// geo/render/layers.py's one line of glue per layer.
const OWN = [
  ["sortie-map.js", "sortie-map.js"],
  ["sortie-map.css", "sortie-map.css"],
];

// [source under node_modules, destination under static/]: the map draws the coarse scale when zoomed
// out (a quarter of the bytes to fetch and draw) and the detailed one from zoom 4 (geo/render/assets.py).
const BASEMAPS = [
  ["world-atlas/countries-110m.json", "basemap/countries-110m.geojson"],
  ["world-atlas/countries-50m.json", "basemap/countries-50m.geojson"],
];
const BASEMAP_OBJECT = "countries";
// world-atlas is quantised to about 1e-3 degrees, so 4 decimals lose nothing and
// keep the file small.
const DECIMALS = 4;

function fail(message) {
  console.error(`build_static: ERROR: ${message}`);
  process.exit(1);
}

function requireSource(relative) {
  const full = path.join(NODE_MODULES, relative);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) {
    fail(
      `missing source file node_modules/${relative}.\n` +
        "  Run `npm ci --no-audit --no-fund` first (package.json and package-lock.json pin the versions).",
    );
  }
  return full;
}

function outputs() {
  return [...COPIES, ...OWN, ...BASEMAPS].map(([, dest]) => dest).sort();
}

function roundCoords(value) {
  if (typeof value === "number") {
    const f = 10 ** DECIMALS;
    return Math.round(value * f) / f;
  }
  return value.map(roundCoords);
}

function buildBasemap(sourceFile, output) {
  const require = createRequire(import.meta.url);
  let topojson;
  try {
    topojson = require(path.join(NODE_MODULES, "topojson-client"));
  } catch (err) {
    fail(`cannot load topojson-client from node_modules (${err.message}); run \`npm ci\``);
  }
  const source = requireSource(sourceFile);
  const topology = JSON.parse(fs.readFileSync(source, "utf8"));
  if (!topology.objects || !topology.objects[BASEMAP_OBJECT]) {
    fail(`${sourceFile} has no object ${JSON.stringify(BASEMAP_OBJECT)}; found ${Object.keys(topology.objects || {})}`);
  }
  const collection = topojson.feature(topology, topology.objects[BASEMAP_OBJECT]);
  const features = collection.features
    .filter((f) => f.geometry !== null)
    .map((f) => ({
      type: "Feature",
      // The ISO 3166 numeric code where Natural Earth has one.
      ...(f.id !== undefined ? { id: f.id } : {}),
      properties: { name: (f.properties && f.properties.name) || "" },
      geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
    }));
  if (features.length < 170) {
    fail(`basemap conversion of ${sourceFile} produced only ${features.length} countries; expected 177-241`);
  }
  const dest = path.join(STATIC_DIR, output);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, JSON.stringify({ type: "FeatureCollection", features }));
  return features.length;
}

function main() {
  if (process.argv.includes("--list")) {
    process.stdout.write(JSON.stringify(outputs()) + "\n");
    return;
  }
  // Check every source before writing anything, so a broken install leaves no half-built static/.
  const sources = COPIES.map(([src, dest]) => [requireSource(src), dest]);
  for (const [src, dest] of OWN) {
    const full = path.join(WEB_DIR, src);
    if (!fs.existsSync(full)) {
      fail(`missing source file geo/render/web/${src}; it is part of the repository (git checkout it)`);
    }
    sources.push([full, dest]);
  }
  BASEMAPS.forEach(([src]) => requireSource(src));

  for (const [src, dest] of sources) {
    const target = path.join(STATIC_DIR, dest);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(src, target);
  }
  const countries = BASEMAPS.map(([src, dest]) => buildBasemap(src, dest)).join(" and ");

  const missing = outputs().filter((rel) => !fs.existsSync(path.join(STATIC_DIR, rel)));
  if (missing.length) {
    fail(`files missing after the build: ${missing.join(", ")}`);
  }
  console.log(
    `build_static: wrote ${outputs().length} files to ${path.relative(process.cwd(), STATIC_DIR) || "."}/ ` +
      `(basemap: ${countries} countries)`,
  );
}

main();
