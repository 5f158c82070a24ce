"""Goal 4 of issue 15: a class at once. Thirty students open the same shared link within a few
seconds, on one server.

Each student is driven through Streamlit's own protocol, as its frontend does: the page's HTML and
the static files it names are fetched over HTTP (as a browser with an empty cache would), then a
WebSocket to ``/_stcore/stream`` carries one ``BackMsg`` (``rerun_script`` with the link's query
string and page name, exactly what the frontend sends on connecting), and the ``ForwardMsg`` s are
read until ``script_finished``. Recorded per student: time from arrival to the first chart delta
(``plotly_chart``, or the map component on the map page) and to the end of the run, errors
(an exception or an error box in the deltas, a refused connection, no chart, a time-out).

Why not 30 Chromium contexts: the server and the 30 browsers would share the same 2 cores, so the
figure would be Chromium's drawing, not the server's answer; in a class each student draws on their
own machine. What the protocol client does not measure is that drawing (goal 2 measures it, one
browser at a time).

Server memory is the resident size of the server process: before the class (after one earlier
visit, so the file is loaded), after the 30 sessions ran (all still connected), and its peak while
they ran; per extra session = (after - before) / 30. ``cold`` runs the same class right after a
restart, nobody having loaded the file before.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from benchmarks.common import ROOT, MemorySampler, median, percentile, streamlit_server, tree_memory_mb

STUDENTS = 30
ARRIVAL_SPREAD_S = 3.0  # « within a few seconds »: arrivals uniformly spread over this
LINK = "?org=association&contract=internship"  # the overview is the default page: no page name
TIMEOUT_S = 600
SEED = 15
CHART_ELEMENTS = ("plotly_chart", "component_instance")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with _NO_PROXY.open(request, timeout=TIMEOUT_S) as response:
        return len(response.read())


def _static_assets(base: str, html: str) -> list[str]:
    """The scripts, styles and icons the page's HTML loads (what an empty browser cache fetches)."""
    found = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png|ico|svg|woff2?))"', html)
    return [urljoin(base + "/", path) for path in dict.fromkeys(found)]


def _rerun_message(link: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    parts = urlsplit("/" + link)
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = parts.query
    state.page_name = parts.path.strip("/")
    state.page_script_hash = ""
    state.context_info.timezone = "Europe/Paris"
    state.context_info.locale = "fr-FR"
    state.context_info.url = "http://127.0.0.1/" + link
    return msg.SerializeToString()


async def student(base: str, link: str, delay: float, assets: list[str], open_sockets: list) -> dict:
    """One student: waits ``delay``, loads the page's files, runs the page over the WebSocket."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    await asyncio.sleep(delay)
    start = time.perf_counter()
    out: dict = {"arrival_s": delay}
    try:
        out["http_bytes"] = sum(await asyncio.gather(*(asyncio.to_thread(_get, url) for url in
                                                        [f"{base}/{link}", *assets])))
        out["http_s"] = time.perf_counter() - start
        socket = await connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                               max_size=None, open_timeout=TIMEOUT_S, compression="deflate")
        open_sockets.append(socket)
        await socket.send(_rerun_message(link))
        received = 0
        async with asyncio.timeout(TIMEOUT_S):
            while True:
                data = await socket.recv()
                received += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element.WhichOneof("type")
                    if element in CHART_ELEMENTS and "first_chart_s" not in out:
                        out["first_chart_s"] = time.perf_counter() - start
                    if element == "exception":
                        out.setdefault("errors", []).append(msg.delta.new_element.exception.message[:200])
                    if element == "alert" and msg.delta.new_element.alert.format == Alert.ERROR:
                        out.setdefault("errors", []).append(msg.delta.new_element.alert.body[:200])
                if kind == "script_finished":
                    out["finished_s"] = time.perf_counter() - start
                    break
        out["ws_bytes"] = received
        if "first_chart_s" not in out:
            out.setdefault("errors", []).append("no chart")
    except Exception as exc:  # every failure is a student who saw nothing: counted, not raised
        out.setdefault("errors", []).append(f"{type(exc).__name__}: {str(exc)[:200]}")
    return out


async def _class(base: str, link: str, students: int, spread: float, open_sockets: list) -> list[dict]:
    """The students' visits; their sockets are left open in ``open_sockets`` (sessions alive)."""
    html = await asyncio.to_thread(lambda: _NO_PROXY.open(f"{base}/{link}", timeout=TIMEOUT_S).read().decode())
    assets = [*_static_assets(base, html), f"{base}/_stcore/health", f"{base}/_stcore/host-config"]
    rng = random.Random(SEED)
    delays = sorted(rng.uniform(0, spread) for _ in range(students))
    return await asyncio.gather(*(student(base, link, d, assets, open_sockets) for d in delays))


async def _visit_and_close(url: str, link: str, students: int, spread: float,
                           pid: int | None = None) -> tuple[list[dict], dict | None]:
    """The class, then the server's memory read with every session still open, then the sockets closed."""
    sockets: list = []
    try:
        results = await _class(url, link, students, spread, sockets)
        return results, tree_memory_mb(pid) if pid else None
    finally:
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


def _summary(results: list[dict]) -> dict:
    charts = [r["first_chart_s"] for r in results if "first_chart_s" in r]
    finished = [r["finished_s"] for r in results if "finished_s" in r]
    return {"students": len(results), "with_chart": len(charts),
            "errors": sum(1 for r in results if r.get("errors")),
            "error_texts": sorted({e for r in results for e in r.get("errors", [])})[:5],
            "first_chart_p50_s": percentile(charts, 50), "first_chart_p95_s": percentile(charts, 95),
            "first_chart_max_s": max(charts, default=None),
            "finished_p50_s": percentile(finished, 50), "finished_p95_s": percentile(finished, 95),
            "http_p50_s": percentile([r["http_s"] for r in results if "http_s" in r], 50),
            "ws_bytes_per_student": median(r.get("ws_bytes") for r in results),
            "http_bytes_per_student": median(r.get("http_bytes") for r in results)}


def run_class(path: Path, cold: bool, students: int = STUDENTS, link: str = LINK,
              spread: float = ARRIVAL_SPREAD_S) -> dict:
    """One class on a new server: warm (one visit before, closed) unless ``cold``."""
    with streamlit_server(ROOT / "dashboard.py", {"OFFERS_CSV": str(path)}) as (url, process, _):
        if not cold:
            warm = asyncio.run(_visit_and_close(url, link, 1, 0))[0]
            if warm[0].get("errors"):
                return {"error": f"warm-up visit: {warm[0]['errors']}"}
            time.sleep(2)  # the closed session is dropped
        before = tree_memory_mb(process.pid)
        with MemorySampler(process.pid) as memory:
            results, after = asyncio.run(_visit_and_close(url, link, students, spread, process.pid))
    out = _summary(results)
    out.update(cold=cold, link=link, spread_s=spread, rss_before_mb=before["rss"], rss_after_mb=after["rss"],
               server_peak_mb=max(memory.peak, after["peak"] or 0))
    if before["rss"] and after["rss"] and not cold:  # cold, the growth is the imports and the data
        out["mb_per_extra_session"] = (after["rss"] - before["rss"]) / students
    return out


def measure(path: Path, students: int = STUDENTS) -> dict:
    return {"warm": run_class(path, cold=False, students=students),
            "cold": run_class(path, cold=True, students=students)}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(Path(sys.argv[1]).resolve(), int(sys.argv[2]) if len(sys.argv) > 2 else STUDENTS),
                     indent=1))
