"""A tiny local HTTP server on 127.0.0.1 that answers like the BAN and Nominatim APIs."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeGeocodingServer:
    """``mode``: "ok", "slow" (answers after ``delay`` s), "garbage" (not JSON), "error" (HTTP 500),
    "empty" (no result). ``requests`` lists the (path, query) received; ``arrivals`` the (monotonic time,
    User-Agent) of each."""

    def __init__(self, places: dict[str, tuple[float, float]]):
        self.places = {k.lower(): v for k, v in places.items()}
        self.mode = "ok"
        self.delay = 1.0
        self.requests: list[tuple[str, str]] = []
        self.arrivals: list[tuple[float, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                server.arrivals.append((time.monotonic(), self.headers.get("User-Agent", "")))
                server.requests.append((url.path, query))
                if server.mode == "slow":
                    time.sleep(server.delay)
                if server.mode == "error":
                    self._send(500, b'{"error": "boom"}')
                    return
                if server.mode == "garbage":
                    self._send(200, b"<html>not json</html>")
                    return
                coords = None if server.mode == "empty" else server.places.get(query.lower())
                if url.path.rstrip("/") == "/search" and "format=json" in url.query:  # Nominatim
                    body = [] if coords is None else [
                        {"lat": str(coords[0]), "lon": str(coords[1]), "display_name": query}]
                else:  # BAN: GeoJSON, longitude first
                    body = {"type": "FeatureCollection", "features": [] if coords is None else [
                        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [coords[1], coords[0]]},
                         "properties": {"label": query, "score": 0.9}}]}
                self._send(200, json.dumps(body).encode())

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.domain = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeGeocodingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
