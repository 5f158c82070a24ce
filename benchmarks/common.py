"""What every speed benchmark shares: paths, timing, memory of a process tree, a Streamlit server
on a free port, the machine's description.

Memory is read from ``/proc``: ``VmRSS`` (resident now) and ``VmHWM`` (peak resident) of a process
and its descendants, summed. The summed peaks of several processes can exceed the real peak of the
tree (they need not peak together); the server is one Python process, so for it both are the same.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
OUT_DIR = BENCH / "out"
BUNDLED = ROOT / "data" / "offers.csv"
LOG_DIR = ROOT / "test-artifacts" / "benchmark-logs"
PACKAGES = ("streamlit", "pandas", "numpy", "pyarrow", "pandera", "plotly", "folium", "streamlit-folium",
            "playwright", "websockets")

T = TypeVar("T")


def no_sharing() -> dict[str, str]:
    """The setting under which every run draws its page (``shell.shared_results``): a benchmark of a new
    filter state, or of a repeated one, must not be served what an earlier run drew."""
    from shell.shared_results import ENTRIES_ENV  # imports streamlit: only where a benchmark asks

    return {ENTRIES_ENV: "0"}


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """The value of ``fn()`` and the seconds it took."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def median(values) -> float | None:
    values = [v for v in values if isinstance(v, int | float)]
    return statistics.median(values) if values else None


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between ranks, as numpy's default."""
    values = sorted(v for v in values if isinstance(v, int | float))
    if not values:
        return None
    rank = (len(values) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def tree_memory_mb(pid: int) -> dict[str, float | None]:
    """Resident (``rss``) and peak resident (``peak``) memory of a process and its descendants, MB."""
    totals = {"rss": 0.0, "peak": 0.0}
    for p in _descendants(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for name, field in (("rss", "VmRSS"), ("peak", "VmHWM")):
            found = re.search(rf"{field}:\s+(\d+) kB", status)
            if found:
                totals[name] += int(found.group(1)) / 1024
    return {k: (v or None) for k, v in totals.items()}


class MemorySampler:
    """Samples a process tree's resident memory every ``interval`` seconds in a thread; ``peak``
    is the largest sum seen (closer to the tree's real peak than the sum of each one's VmHWM)."""

    def __init__(self, pid: int, interval: float = 0.05):
        import threading

        self.pid, self.interval, self.peak, self.samples = pid, interval, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = tree_memory_mb(self.pid)["rss"] or 0.0
            self.peak, self.samples = max(self.peak, rss), self.samples + 1
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def streamlit_server(app: Path, env: Mapping[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """``streamlit run app`` on a free loopback port (the project's browser-test launcher); yields the
    base URL, the process and the seconds it took to answer ``/_stcore/health``; stopped on exit."""
    from tests.browser.conftest import _stop, start_streamlit

    start = time.perf_counter()
    url, process = start_streamlit(app, dict(env or {}), ROOT, LOG_DIR)
    try:
        yield url, process, time.perf_counter() - start
    finally:
        _stop(process)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict:
    """CPU, cores, memory, versions, and the load when the run started (the machine may be shared)."""
    cpu, ram = "?", float("nan")
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else platform.processor()
        ram = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        pass
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "—"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        commit = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram, 1), "python": platform.python_version(),
            "os": platform.platform(), "chromium": chromium, "packages": versions, "commit": commit,
            "load_at_start": load_average(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
