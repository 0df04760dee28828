"""A local HTTP server that speaks Nominatim's JSON (/search) and Photon's GeoJSON (/api), or fails on demand."""
from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# One known place, answered by both services in their own formats.
PLACES = {
    "osan air base": {"lat": 37.0906, "lon": 127.0297, "name": "Osan Air Base",
                      "display": "Osan Air Base, Pyeongtaek, Gyeonggi-do, South Korea", "cc": "KR"},
}


def _nominatim(p: dict) -> dict:
    return {"place_id": 1, "licence": "test", "osm_type": "way", "osm_id": 1, "lat": str(p["lat"]),
            "lon": str(p["lon"]), "class": "aeroway", "type": "aerodrome", "addresstype": "aeroway",
            "display_name": p["display"], "importance": 0.5,
            "boundingbox": [str(p["lat"] - 0.02), str(p["lat"] + 0.02), str(p["lon"] - 0.02), str(p["lon"] + 0.02)]}


def _photon(p: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {"name": p["name"], "country": "South Korea", "countrycode": p["cc"], "type": "other",
                           "osm_key": "aeroway", "osm_value": "aerodrome",
                           "extent": [p["lon"] - 0.02, p["lat"] + 0.02, p["lon"] + 0.02, p["lat"] - 0.02]}}


class FakeService:
    """Start with ``with FakeService() as svc:``; ``svc.domain`` goes to geopy; set ``svc.mode``.

    Modes: "ok", "refuse" (HTTP 403), "unavailable" (HTTP 503), "slow" (answers after ``delay`` s).
    ``svc.requests`` counts the requests served.
    """

    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 2.0
        self.requests = 0
        svc = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                """Write no access log: it would clutter pytest's output."""

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                svc.requests += 1
                if svc.mode == "refuse":
                    return self._send(403, {"error": "refused"})
                if svc.mode == "unavailable":
                    return self._send(503, {"error": "unavailable"})
                if svc.mode == "slow":
                    time.sleep(svc.delay)
                url = urlparse(self.path)
                q = " ".join(parse_qs(url.query).get("q", [""])[0].split()).casefold()
                place = PLACES.get(q)
                if url.path.startswith("/search"):
                    return self._send(200, [_nominatim(place)] if place else [])
                if url.path.startswith("/api"):
                    return self._send(200, {"type": "FeatureCollection", "features": [_photon(place)] if place else []})
                return self._send(404, {"error": "no such endpoint"})

            def _send(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                # The client may have given up already (the timeout test): nothing to answer then.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeService":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
