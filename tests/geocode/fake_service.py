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
    # An invented hamlet no gazetteer has: only the online service can place it.
    "zzyzx hamlet": {"lat": 12.5, "lon": 100.25, "name": "Zzyzx Hamlet", "display": "Zzyzx Hamlet, Thailand",
                     "cc": "TH"},
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


# Answers a broken or hostile service might give, in both services' formats ("mode" -> how the place is spoiled).
BAD_ANSWERS = ("bad-lat", "lat-out-of-range", "lon-out-of-range", "no-coordinates", "no-geometry", "not-a-list")


def _spoil(mode: str, nominatim: dict, photon: dict) -> tuple[object, dict]:
    """The (Nominatim, Photon) answers for a known place under a bad-answer mode."""
    if mode == "bad-lat":
        nominatim["lat"] = "north"
        photon["geometry"]["coordinates"] = [127.03, "north"]
    elif mode == "lat-out-of-range":
        nominatim["lat"] = "95.5"
        photon["geometry"]["coordinates"] = [127.03, 95.5]
    elif mode == "lon-out-of-range":
        nominatim["lon"] = "200.0"
        photon["geometry"]["coordinates"] = [200.0, 37.09]
    elif mode == "no-coordinates":
        del nominatim["lat"], nominatim["lon"]
        photon["geometry"]["coordinates"] = []
    elif mode == "no-geometry":
        del nominatim["lat"]
        del photon["geometry"]
    elif mode == "not-a-list":
        return {"error": "unexpected"}, {"type": "FeatureCollection", "features": {"x": 1}}
    return [nominatim], {"type": "FeatureCollection", "features": [photon]}


class FakeService:
    """Start with ``with FakeService() as svc:``; ``svc.domain`` goes to geopy; set ``svc.mode``.

    Modes: "ok", "refuse" (HTTP 403), "unavailable" (HTTP 503), "slow" (answers after ``delay`` s),
    "hang" (accepts the request and never answers, until the service stops), and the bad answers of
    :data:`BAD_ANSWERS` for the known place. ``svc.requests`` counts the requests served.
    """

    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 2.0
        self.requests = 0
        self._stopping = threading.Event()
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
                if svc.mode == "hang":
                    svc._stopping.wait(120)
                    return None
                url = urlparse(self.path)
                q = " ".join(parse_qs(url.query).get("q", [""])[0].split()).casefold()
                place = PLACES.get(q)
                nominatim, photon = ([_nominatim(place)], {"type": "FeatureCollection", "features": [_photon(place)]}) \
                    if place else ([], {"type": "FeatureCollection", "features": []})
                if place and svc.mode in BAD_ANSWERS:
                    nominatim, photon = _spoil(svc.mode, nominatim[0], photon["features"][0])
                if url.path.startswith("/search"):
                    return self._send(200, nominatim)
                if url.path.startswith("/api"):
                    return self._send(200, photon)
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
        self._stopping.set()  # lets hung handlers finish
        self.server.shutdown()
        self.server.server_close()
