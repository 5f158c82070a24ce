"""Keeps the browser offline: CDN files are served from npm packages, map tiles from one local PNG, the rest aborted.

folium's map HTML (and streamlit-folium's iframe) loads Leaflet, jQuery, Bootstrap, Font Awesome and plugins from
CDNs. fetch_assets.sh unpacks the matching npm packages into .assets/<name>@<version>/; OfflineRouter maps each CDN
URL to one of those files. Requests to 127.0.0.1/localhost are never routed, so Streamlit's own traffic is untouched.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import struct
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ASSETS_DIR = HERE / ".assets"
ASSETS_LIST = HERE / "assets.txt"
FETCH_SCRIPT = HERE / "fetch_assets.sh"

# Every http(s) URL whose host is not the loopback: only these reach the Python handler.
EXTERNAL_URL = re.compile(r"^https?://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?/)")

# XYZ tiles of any provider: /{z}/{x}/{y}.png, with CARTO's optional @2x ({r}).
TILE_PATH = re.compile(r"/\d+/\d+/\d+(?:@2x)?\.(?:png|jpe?g|webp)$")

# cdnjs names some libraries differently from npm, and some versions are not on npm: (library, version) →
# (npm package dir under .assets, folder of the package holding the files).
CDNJS = {
    ("leaflet.markercluster", "1.1.0"): ("leaflet.markercluster@1.1.0", "dist"),
    ("Leaflet.awesome-markers", "2.0.2"): ("leaflet.awesome-markers@2.0.5", "dist"),
}
# netdna/maxcdn/stackpath bootstrap/<version>/...: versions npm lacks fall back to this one.
BOOTSTRAP3 = "bootstrap@3.4.1"
BOOTSTRAP_CDN_HOSTS = {"netdna.bootstrapcdn.com", "maxcdn.bootstrapcdn.com", "stackpath.bootstrapcdn.com"}

CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".map": "application/json",
}


def asset_specs() -> list[str]:
    """The name@version lines of assets.txt."""
    specs = []
    for line in ASSETS_LIST.read_text(encoding="utf-8").splitlines():
        spec = line.split("#", 1)[0].strip()
        if spec:
            specs.append(spec)
    return specs


def missing_assets() -> list[str]:
    """Packages of assets.txt not (completely) unpacked under .assets/."""
    return [spec for spec in asset_specs() if not (ASSETS_DIR / spec / ".complete").is_file()]


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


@functools.cache
def tile_png() -> bytes:
    """A deterministic 256x256 tile: pale land colour with a grey border, so the tile grid shows in screenshots."""
    land, line = bytes((0xEC, 0xE8, 0xDF)), bytes((0xC8, 0xC4, 0xBC))
    edge = line * 256
    inner = line + land * 254 + line
    return _png(256, 256, [edge] + [inner] * 254 + [edge])


@functools.cache
def _glyphicons_css(package: str) -> bytes:
    """bootstrap 3.0.0's separate bootstrap-glyphicons.css: the glyphicon rules of a later bootstrap 3."""
    css = (ASSETS_DIR / package / "dist" / "css" / "bootstrap.css").read_text(encoding="utf-8")
    kept = []
    for match in re.finditer(r"(?m)^([^{}\n][^{}]*)\{[^{}]*\}", css):
        selector = match.group(1).strip()
        if selector.startswith(".glyphicon") or (selector == "@font-face" and "Glyphicons" in match.group(0)):
            kept.append(match.group(0))
    return ("\n".join(kept) + "\n").encode()


@functools.cache
def _rotate_css() -> bytes:
    """Stand-in for folium's leaflet.awesome.rotate.min.css (not on npm): rotations for awesome-marker icons."""
    return "".join(f".fa-rotate-{d}{{transform:rotate({d}deg)}}" for d in range(360)).encode()


def _npm_file(spec: str, rest: str) -> Path | None:
    path = (ASSETS_DIR / spec / rest).resolve()
    if ASSETS_DIR.resolve() not in path.parents or not path.is_file():
        return None
    return path


def _split_npm(path: str) -> tuple[str, str] | None:
    """'/@scope/name@1.2.3/dist/x.js' or '/name@1.2.3/dist/x.js' → ('@scope/name@1.2.3', 'dist/x.js')."""
    parts = path.lstrip("/").split("/")
    count = 2 if parts and parts[0].startswith("@") else 1
    if len(parts) <= count:
        return None
    spec = "/".join(parts[:count])
    if "@" not in spec.lstrip("@"):
        return None  # no exact version: not something a pinned folium asks for
    return spec, "/".join(parts[count:])


def resolve(url: str) -> Path | bytes | None:
    """The local stand-in for a CDN URL: a file under .assets/, generated bytes, or None when there is none."""
    parts = urlsplit(url)
    host, path = (parts.hostname or ""), parts.path
    if host in ("cdn.jsdelivr.net", "fastly.jsdelivr.net"):
        if path.startswith("/gh/python-visualization/folium/") and path.endswith("leaflet.awesome.rotate.min.css"):
            return _rotate_css()
        if path.startswith("/npm/"):
            split = _split_npm(path[len("/npm") :])
            return _npm_file(*split) if split else None
        return None
    if host == "unpkg.com":
        split = _split_npm(path)
        return _npm_file(*split) if split else None
    if host == "code.jquery.com":
        match = re.fullmatch(r"/jquery-(\d+\.\d+\.\d+)(\.min)?\.js", path)
        if match:
            return _npm_file(f"jquery@{match.group(1)}", f"dist/jquery{match.group(2) or ''}.js")
        return None
    if host == "cdnjs.cloudflare.com":
        match = re.fullmatch(r"/ajax/libs/([^/]+)/([^/]+)/(.+)", path)
        if not match:
            return None
        library, version, rest = match.groups()
        spec, folder = CDNJS.get((library, version), (f"{library.lower()}@{version}", "dist"))
        return _npm_file(spec, f"{folder}/{rest}") or _npm_file(spec, rest)
    if host in BOOTSTRAP_CDN_HOSTS:
        match = re.fullmatch(r"/bootstrap/([^/]+)/(.+)", path)
        if not match:
            return None
        version, rest = match.groups()
        spec = f"bootstrap@{version}" if (ASSETS_DIR / f"bootstrap@{version}").is_dir() else BOOTSTRAP3
        if rest == "css/bootstrap-glyphicons.css":
            return _glyphicons_css(spec) if _npm_file(spec, "dist/css/bootstrap.css") else None
        return _npm_file(spec, f"dist/{rest}")
    return None


@functools.cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def content_type(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"


@dataclass
class OfflineRouter:
    """Routes a Playwright BrowserContext's non-loopback requests; records what it did with each.

    - served: CDN URLs fulfilled from local files;
    - tiles: map-tile URLs fulfilled with tile_png();
    - missing: CDN URLs it knows the host of but has no local file for (answered 404);
    - blocked: every other external URL (aborted). Nothing reaches the network.
    """

    served: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def unexpected(self) -> list[str]:
        """External URLs the page asked for that the router could not stand in for."""
        return self.missing + self.blocked

    def install(self, context) -> OfflineRouter:
        context.route(EXTERNAL_URL, self.handle)
        return self

    def handle(self, route, request) -> None:
        url = request.url
        headers = {"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=3600"}
        if TILE_PATH.search(urlsplit(url).path):
            self._record(self.tiles, url)
            route.fulfill(status=200, headers={**headers, "Content-Type": "image/png"}, body=tile_png())
            return
        local = resolve(url)
        if local is not None:
            body = local if isinstance(local, bytes) else _read(local)
            self._record(self.served, url)
            route.fulfill(status=200, headers={**headers, "Content-Type": content_type(url)}, body=body)
            return
        host = urlsplit(url).hostname or ""
        if host in KNOWN_CDN_HOSTS:
            self._record(self.missing, url)
            route.fulfill(status=404, headers={**headers, "Content-Type": "text/plain"}, body=b"not in .assets")
            return
        self._record(self.blocked, url)
        route.abort("blockedbyclient")

    def _record(self, bucket: list[str], url: str) -> None:
        with self._lock:
            bucket.append(url)


KNOWN_CDN_HOSTS = {
    "cdn.jsdelivr.net",
    "fastly.jsdelivr.net",
    "unpkg.com",
    "code.jquery.com",
    "cdnjs.cloudflare.com",
    *BOOTSTRAP_CDN_HOSTS,
}
