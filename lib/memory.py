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


def release_memory() -> None:
    """Collect garbage, then ask the C library to return the free pages (glibc's ``malloc_trim``)."""
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc's; elsewhere nothing to trim
        libc.malloc_trim(0)


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None
