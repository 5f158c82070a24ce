"""Giving memory back to the system once a large file is released.

pyarrow's default allocator (mimalloc) keeps freed memory for later, so a server that read a 150 MB
upload stays that much larger after the session is gone; the system allocator gives it back. glibc's
own allocator raises its threshold for mapping large blocks each time one is freed, after which
freed blocks stay in the process: reading a file then held about 2.5 times its size at its peak
instead of 1.1 (benchmarks/upload_memory.py). A fixed threshold keeps every large block returnable.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from functools import lru_cache

import pyarrow as pa


def use_returnable_memory() -> None:
    """pyarrow allocates with the system's allocator (once per process)."""
    _switch_pool()


# glibc's mallopt parameter, and the size from which a block gets its own mapping (its default).
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_BYTES = 128 * 1024


@lru_cache(maxsize=1)
def _switch_pool() -> None:
    pa.set_memory_pool(pa.system_memory_pool())
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):  # glibc's
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)


# From this many rows a stage of reading or preparing leaves hundreds of MB of freed blocks in the C
# library's heaps (one per thread: Arrow reads on its own threads); below it there is little to give back.
LARGE_TABLE_ROWS = 100_000


def release_after(rows: int) -> None:
    """``return_free_pages()`` after a stage that read or built ``rows`` rows, when they are many: what
    the stage freed goes back to the system before the next stage allocates, so that the stages'
    transients do not pile up into the first start's peak (benchmarks/results.md, « The first start at
    a million offers »). No garbage collection: what a stage frees is freed when its last reference goes."""
    if rows >= LARGE_TABLE_ROWS:
        return_free_pages()


def return_free_pages() -> None:
    """Ask the C library to return its free pages now (glibc's ``malloc_trim``; milliseconds, no
    garbage collection): after a large block was replaced by its copy."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc's; elsewhere nothing to trim
        libc.malloc_trim(0)


def release_memory() -> None:
    """Collect garbage, then ask the C library to return the free pages (glibc's ``malloc_trim``)."""
    gc.collect()
    return_free_pages()


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_freeze_lock = threading.Lock()
_frozen = False


def freeze_long_lived() -> bool:
    """Once per process: collect the garbage, then move every object alive out of the garbage
    collector's sight (``gc.freeze``); True when it froze now.

    Streamlit collects all garbage after every script run (``runner.postScriptGC``), which scans
    every object the server holds: the modules imported (Plotly's, pandas', SQLAlchemy's) and the
    offers loaded. That took 80-130 ms after each click at 27 offers, 105-186 ms at 100,000 and
    140-220 ms at a million, holding the interpreter: the run's last messages, and every other
    visitor's files and messages, waited for it (a class of 30: benchmarks/results.md, « Streamlit's
    collection after every run, with the long-lived objects frozen »). Frozen objects are not
    scanned, and are still freed when their last reference goes; only a cycle among them would never
    be collected. Hence once, from the process's second run: what is alive then (modules, the bundled
    offers, the first visitor's session) lives about as long as the process.
    """
    global _frozen
    with _freeze_lock:
        if _frozen:
            return False
        gc.collect()
        gc.freeze()
        _frozen = True
        return True
