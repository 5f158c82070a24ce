"""Goal 5 of issue 15, last item: an upload over the limit is refused, and the server's memory stays
flat while it is refused.

Three ways a too-large file reaches the server, each on a server holding the bundled offers:

- **browser**: the data page's uploader in Chromium, given the file (the frontend knows the limit,
  ``server.maxUploadSize``, and should refuse it without sending it);
- **declared**: a client that skips that check and PUTs the file to ``/_stcore/upload_file/…`` with
  its ``Content-Length`` (the server can refuse it before reading the body);
- **chunked**: the same without a length (``Transfer-Encoding: chunked``): the server has to count
  the bytes as they arrive and stop at the limit.

For each: how it ended (the message shown, the HTTP status), the seconds it took, the bytes sent,
and the server's resident memory before, at its peak while refusing (sampled every 50 ms), and after.
"""

from __future__ import annotations

import asyncio
import select
import socket
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.common import BUNDLED, ROOT, MemorySampler, streamlit_server, tree_memory_mb

CHUNK = 1 << 20
MAX_SENT = 1 << 30  # the chunked client gives up after 1 GiB, refused or not
TIMEOUT_S = 300


def _xsrf_cookie(base: str) -> str | None:
    """The XSRF cookie the health endpoint sets (the frontend sends it back as a header on uploads)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/_stcore/health", timeout=30).read()
    return next((c.value for c in jar if c.name == "_streamlit_xsrf"), None)


async def _session_id(base: str, page: str = "data") -> tuple[str, object]:
    """A live session (its WebSocket left open) and its id, from the server's ``new_session`` message."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    from benchmarks.classroom import _rerun_message

    socket = await connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None)
    await socket.send(_rerun_message(page))
    session_id = None
    while True:  # to the end of the page's run: its imports and data are then in the server's memory
        msg = ForwardMsg()
        msg.ParseFromString(await socket.recv())
        if msg.WhichOneof("type") == "new_session":
            session_id = msg.new_session.initialize.session_id
        if msg.WhichOneof("type") == "script_finished":
            return session_id, socket


def _put(base: str, session_id: str, cookie: str | None, path: Path, declared: bool) -> dict:
    """PUT ``path`` as a multipart upload over a raw socket, watching for the server's answer between
    chunks (an HTTP library would send the whole body first); returns the status, the answer and the
    megabytes sent before the server answered or closed."""
    boundary = "----speedbenchboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    parts = urlsplit(base)
    headers = [f"PUT /_stcore/upload_file/{session_id}/speed-bench HTTP/1.1", f"Host: {parts.netloc}",
               f"Content-Type: multipart/form-data; boundary={boundary}"]
    if cookie:
        headers += [f"Cookie: _streamlit_xsrf={cookie}", f"X-Xsrftoken: {cookie}"]
    headers.append(f"Content-Length: {len(head) + path.stat().st_size + len(tail)}" if declared
                   else "Transfer-Encoding: chunked")
    sock = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_S)
    sock.settimeout(5)
    sent, answer, out = 0, b"", {}

    def frame(data: bytes) -> bytes:
        return data if declared else f"{len(data):x}\r\n".encode() + data + b"\r\n"

    def answered() -> bool:
        nonlocal answer
        while select.select([sock], [], [], 0)[0]:
            data = sock.recv(65536)
            if not data:
                return True
            answer += data
        return b"\r\n\r\n" in answer

    try:
        sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode() + frame(head))
        with path.open("rb") as data:
            while sent < MAX_SENT and not answered():
                chunk = data.read(CHUNK)
                if not chunk:
                    sock.sendall(frame(tail) + (b"" if declared else b"0\r\n\r\n"))
                    break
                try:
                    sock.sendall(frame(chunk))
                except TimeoutError:
                    continue  # the server stopped reading: its answer comes next
                sent += len(chunk)
        deadline = time.monotonic() + 30
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                break
            answer += data
    except (BrokenPipeError, ConnectionResetError) as exc:
        out["closed"] = type(exc).__name__
    finally:
        sock.close()
    status = answer.split(b"\r\n", 1)[0].decode(errors="replace")
    out.update(status=status or "no answer", reply=answer.split(b"\r\n\r\n", 1)[-1][:100].decode(errors="replace"),
               mb_sent=sent / 1e6)
    return out


def _by_hand(base: str, pid: int, path: Path, declared: bool) -> dict:
    async def go():
        session_id, ws = await _session_id(base)
        try:
            cookie = _xsrf_cookie(base)
            before = tree_memory_mb(pid)["rss"]
            start = time.perf_counter()
            with MemorySampler(pid) as memory:
                result = await asyncio.to_thread(_put, base, session_id, cookie, path, declared)
            result.update(seconds=time.perf_counter() - start, rss_before_mb=before, rss_peak_mb=memory.peak,
                          rss_after_mb=tree_memory_mb(pid)["rss"])
            return result
        finally:
            await ws.close()

    return asyncio.run(go())


def _in_browser(base: str, pid: int, path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from benchmarks.chromium import _context, _launch
    from tests.browser.helpers import wait_for_app

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            context = _context(browser)
            page = context.new_page()
            page.goto(f"{base}/data", timeout=TIMEOUT_S * 1000)
            wait_for_app(page, timeout=TIMEOUT_S * 1000)
            uploader = page.locator('[data-testid="stFileUploader"]').first
            before = tree_memory_mb(pid)["rss"]
            start = time.perf_counter()
            with MemorySampler(pid) as memory:
                uploader.locator('input[type="file"]').set_input_files(str(path), timeout=TIMEOUT_S * 1000)
                message = uploader.get_by_text("MB", exact=False).first
                message.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
                seconds = time.perf_counter() - start
                text = message.inner_text()[:200]
                time.sleep(2)  # anything sent after the message would show in the peak
            return {"message": text, "seconds": seconds, "rss_before_mb": before, "rss_peak_mb": memory.peak,
                    "rss_after_mb": tree_memory_mb(pid)["rss"]}
        finally:
            browser.close()


def measure(big_file: Path) -> dict:
    """The three refusals of ``big_file`` (module docstring), each on its own fresh server."""
    out: dict = {"file": big_file.name, "file_mb": big_file.stat().st_size / 1e6}
    for name, fn in (("browser", lambda url, pid: _in_browser(url, pid, big_file)),
                     ("declared", lambda url, pid: _by_hand(url, pid, big_file, declared=True)),
                     ("chunked", lambda url, pid: _by_hand(url, pid, big_file, declared=False))):
        try:
            with streamlit_server(ROOT / "dashboard.py", {"OFFERS_CSV": str(BUNDLED)}) as (url, process, _):
                out[name] = fn(url, process.pid)
        except Exception as exc:  # one path failing to measure does not hide the others
            out[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
        entry = out[name]
        if "rss_peak_mb" in entry and entry.get("rss_before_mb"):
            entry["growth_mb"] = entry["rss_peak_mb"] - entry["rss_before_mb"]
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(Path(sys.argv[1]).resolve()), indent=1))
