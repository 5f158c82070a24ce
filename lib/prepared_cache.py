"""A prepared copy of the bundled offers on disk, so a restart does not validate them again.

Reading, validating and preparing 100,000 offers takes seconds (benchmarks/results.md); the first
visitor after a restart waits for all of it. The result only depends on the file's bytes and on the
code that prepares them, so it is kept under a key made of both: the SHA-256 of the file's bytes and
``code_version()``, a hash of this package's sources, of the offline gazetteer and of the library
versions. A changed file (even of the same size and modification time) or a changed rule is a new
key: a stale copy is never served.

Each copy is two files: the prepared offers as Parquet and the validation report as JSON, the JSON
written last (each atomically) and holding the Parquet file's own SHA-256, so a copy cut short or
damaged is detected, logged and ignored, never shown. When no folder is writable (a read-only
deployment), nothing is stored and the offers are prepared as before. From ``WRITE_BEHIND_ROWS``
offers the copy is written on a thread of its own, after the offers are handed to the pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.contiguous import contiguous
from lib.gazetteer import GEO_DIR
from lib.memory import release_after
from lib.report import Issue, ValidationReport

LOG = logging.getLogger(__name__)

# Raised by hand when the stored format itself changes (the sources' hash covers the rules).
FORMAT_VERSION = 1
CACHE_DIR_VARIABLE = "OFFERS_CACHE_DIR"  # a folder; empty or "off" stores nothing
DEFAULT_DIRS = (Path(__file__).resolve().parent.parent / ".cache" / "prepared",
                Path(tempfile.gettempdir()) / "offers-dashboard-prepared")
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: the process's umask, restored at once
KEEP = 4  # copies kept per folder: the bundled file and a few earlier versions of it
STALE_PARTIAL_S = 3600  # a partial file this old is no write in progress (a million offers: about 4 s)
_LIBRARIES = ("pandas", "pyarrow", "pandera", "numpy")

Prepared = tuple[pd.DataFrame | None, ValidationReport]
_REPORT_FIELDS = tuple(f.name for f in dataclasses.fields(ValidationReport) if f.name != "issues")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of what preparing reads besides the file: lib's sources, the gazetteer's files and the
    versions of the libraries that parse and type the cells. Computed once per process."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    lib_dir = Path(__file__).resolve().parent
    for path in sorted([*lib_dir.rglob("*.py"), *GEO_DIR.glob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(lib_dir.parent)).encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()


def cache_key(data: bytes, code: str | None = None, variant: str = "") -> str:
    """The key of a file's prepared copy: its bytes' SHA-256 with the preparing code's version (and
    ``variant``, what the caller prepares them as)."""
    content = hashlib.sha256(data).hexdigest()
    code = code if code is not None else code_version()
    version = hashlib.sha256(f"{code} {variant}".encode()).hexdigest()
    return f"{content[:32]}-{version[:16]}"


def cache_dir(configured: str | None = None, candidates: Iterable[Path] = DEFAULT_DIRS) -> Path | None:
    """The first writable folder: ``configured`` (OFFERS_CACHE_DIR) if given, else the project's .cache/
    then the system's temporary folder; None when none is writable or the cache is turned off."""
    configured = os.environ.get(CACHE_DIR_VARIABLE) if configured is None else configured
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "none"):
            return None
        candidates = (Path(configured),)
    for folder in candidates:
        if _writable(folder):
            return folder
    return None


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError:
        return False
    return True


def load_prepared(data: bytes, prepare: Callable[[bytes], Prepared], folder: Path | None,
                  variant: str = "") -> Prepared:
    """``prepare(data)``, or its copy stored in ``folder`` under the data's key; a fresh result is
    stored there. ``folder`` None: no disk cache. ``variant`` names what ``prepare`` makes of the
    bytes (two callers preparing them differently never share a copy). Never raises for the
    cache's sake."""
    if folder is None:
        return _joined(prepare(data))
    key = cache_key(data, variant=variant)
    stored = read_copy(folder, key)
    if stored is not None:
        return stored
    offers, report = _joined(prepare(data))
    if offers is not None and len(offers) >= WRITE_BEHIND_ROWS:
        write_behind(folder, key, offers, report)
    else:
        write_copy(folder, key, offers, report)
    return offers, report


# From this many offers the copy is written behind, on a thread of its own: writing a million
# prepared offers takes about 4 s, which the first visitor no longer waits for (benchmarks/results.md,
# « The first start at a million offers »). Below it, a few milliseconds, written before returning.
WRITE_BEHIND_ROWS = 100_000
# And it waits this long first: the first visitor's page is drawn within seconds of the offers being ready
# (a million offers: the first chart 3-4 s after, in Chromium), and writing meanwhile, even at the lowest
# priority, delayed that chart by 0.5-1.1 s on two cores. A server stopped before the copy is written
# prepares the file again at its next start, as it did before the copy existed.
WRITE_BEHIND_DELAY_S = 10.0
_WRITERS: list[threading.Thread] = []
_WRITERS_LOCK = threading.Lock()


def write_behind(folder: Path, key: str, offers: pd.DataFrame, report: ValidationReport) -> threading.Thread:
    """``write_copy`` on a daemon thread (the offers are never changed in place: reading them while the
    pages do is safe). A server stopped mid-way leaves a partial file under a temporary name, never
    under the copy's: the next start prepares the file again and ``_prune`` removes the leftover."""
    thread = threading.Thread(target=_write_gently, args=(folder, key, offers, report), daemon=True,
                              name=f"prepared-copy-{key[:12]}")
    with _WRITERS_LOCK:
        _WRITERS[:] = [t for t in _WRITERS if t.is_alive()]
        _WRITERS.append(thread)
    thread.start()
    return thread


def _write_gently(folder: Path, key: str, offers: pd.DataFrame, report: ValidationReport) -> None:
    """``write_copy`` once ``WRITE_BEHIND_DELAY_S`` have passed, at the lowest CPU priority (Linux:
    this thread only), so that on a server's two cores the first visitor's page is drawn first."""
    time.sleep(WRITE_BEHIND_DELAY_S)
    if sys.platform.startswith("linux"):  # elsewhere a thread's id is no process id: left as it is
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    write_copy(folder, key, offers, report)


def wait_for_copies(timeout: float | None = None) -> bool:
    """Wait for the copies being written behind (tests, benchmarks); True when none is left."""
    with _WRITERS_LOCK:
        writers = list(_WRITERS)
    for thread in writers:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in writers)


def _joined(prepared: Prepared) -> Prepared:
    """The prepared offers with their text columns in one piece (lib/contiguous.py): joined here, once
    ``prepare`` has let go of the frames it read, so that their pieces are freed as each is joined."""
    offers, report = prepared
    if offers is None:
        return None, report
    release_after(len(offers))  # what preparing freed, before joining holds a column twice
    offers = contiguous(offers)
    release_after(len(offers))
    return offers, report


def read_copy(folder: Path, key: str) -> Prepared | None:
    """The copy stored under ``key``; None when there is none or it cannot be trusted (logged)."""
    meta_path = folder / f"{key}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        LOG.warning("prepared copy %s unreadable, prepared again: %s", meta_path.name, exc)
        return None
    try:
        report = _report_from_json(meta["report"])
        if meta.get("offers_sha256") is None:
            return None, report
        parquet = folder / f"{key}.parquet"
        if _file_sha256(parquet) != meta["offers_sha256"]:
            raise ValueError("the Parquet file does not match its recorded hash")
        # A copy replaced meanwhile is another complete copy of the same key (each is written whole,
        # then renamed). split_blocks + self_destruct: the Arrow table is released column by column.
        # The copy is written, and so read, a slice of rows at a time: joined again (lib/contiguous.py).
        offers = contiguous(pq.read_table(parquet).to_pandas(split_blocks=True, self_destruct=True))
    except Exception as exc:  # a damaged copy is only a slower start, never an error page
        LOG.warning("prepared copy %s ignored, prepared again: %s: %s", key, type(exc).__name__, exc)
        return None
    return offers, report


def write_copy(folder: Path, key: str, offers: pd.DataFrame | None, report: ValidationReport) -> bool:
    """Store a copy (Parquet first, then the JSON that vouches for it, each written atomically);
    False, logged, when it cannot be stored. Older copies beyond ``KEEP`` are removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        offers_sha256 = None
        if offers is not None:
            offers_sha256 = _write_parquet_atomically(folder / f"{key}.parquet", offers)
        meta = {"format": FORMAT_VERSION, "offers_sha256": offers_sha256, "report": _report_to_json(report)}
        _write_atomically(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    except Exception as exc:  # a full disk or an offer Parquet cannot hold: the app works without the copy
        LOG.warning("prepared copy %s not stored: %s: %s", key, type(exc).__name__, exc)
        return False
    _prune(folder, keep=key)
    return True


def _write_parquet_atomically(path: Path, offers: pd.DataFrame) -> str:
    """Write the offers as Parquet, a slice of rows at a time (a million prepared offers would
    otherwise be held twice more, as an Arrow table and as the file's bytes); the file's SHA-256."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        writer = None
        for start in range(0, max(len(offers), 1), _ROWS_PER_WRITE):
            table = pa.Table.from_pandas(offers.iloc[start:start + _ROWS_PER_WRITE], preserve_index=True)
            if writer is None:
                writer = pq.ParquetWriter(temporary, table.schema, compression="zstd")
            writer.write_table(table)
        if writer is not None:
            writer.close()
        digest = _file_sha256(Path(temporary))
        os.chmod(temporary, 0o644 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


_ROWS_PER_WRITE = 100_000


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644 & ~_UMASK)  # mkstemp's 0600 would hide the copy from another user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prune(folder: Path, keep: str) -> None:
    """Remove the oldest copies beyond ``KEEP`` (by the time of their JSON), never ``keep``, and the
    partial files of writes cut short (a server stopped while writing behind) once they are old."""
    try:
        metas = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for meta in metas[KEEP:]:
            if meta.stem != keep:
                meta.unlink(missing_ok=True)
                (folder / f"{meta.stem}.parquet").unlink(missing_ok=True)
        for partial in folder.glob(".*.part"):
            if partial.stat().st_mtime < time.time() - STALE_PARTIAL_S:
                partial.unlink(missing_ok=True)
    except OSError as exc:
        LOG.warning("old prepared copies not removed: %s", exc)


def _report_to_json(report: ValidationReport) -> dict:
    return {"issues": [dataclasses.asdict(issue) for issue in report.issues],
            **{name: getattr(report, name) for name in _REPORT_FIELDS}}


def _report_from_json(stored: dict) -> ValidationReport:
    report = ValidationReport(issues=[Issue(**issue) for issue in stored["issues"]])
    for name in _REPORT_FIELDS:
        setattr(report, name, stored[name])
    return report
