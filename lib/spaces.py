"""Whether a text column has a cell to strip: a space at either end, as Python's ``str.strip()`` sees it.

Validation keeps a text column as read (no copy of a million offers' notes) unless one of its cells
has a space to strip. A regular expression per cell cost about 30 ns at each end: 2.2 s over the 34
columns of a million offers, at every first start. Here the bytes at each text's ends are read from
Arrow's buffers at once (0.7 s): Python's spaces are 29 characters of one to three bytes in UTF-8, and since
UTF-8 is self-synchronising, a text ends with one of them exactly when its last bytes are its bytes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Every character Python's str.strip() takes away (str.isspace); tests/test_validation.py checks this
# list, and the whole module, against every character.
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
          "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_ENCODED = tuple(space.encode("utf-8") for space in SPACES)
# A text may begin (end) with a space only if its first (last) byte begins (ends) one.
_MAY_BEGIN = np.zeros(256, dtype=bool)
_MAY_BEGIN[[encoded[0] for encoded in _ENCODED]] = True
_MAY_END = np.zeros(256, dtype=bool)
_MAY_END[[encoded[-1] for encoded in _ENCODED]] = True
# The spaces of each width in bytes, as integers (big-endian), to compare with a text's end bytes.
_CODES = {width: np.array(sorted(int.from_bytes(e, "big") for e in _ENCODED if len(e) == width), dtype=np.int64)
          for width in (1, 2, 3)}


def any_space_to_strip(texts: pa.Array | pa.ChunkedArray) -> bool:
    """True when some text of ``texts`` (Arrow strings, missing ones ignored) begins or ends with a
    space; the same answer as ``any(t != t.strip() for t in texts)``."""
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    return any(_chunk_has_space_to_strip(chunk) for chunk in chunks)


def _chunk_has_space_to_strip(chunk: pa.Array) -> bool:
    if len(chunk) == 0 or chunk.null_count == len(chunk):
        return False
    _validity, offsets_buffer, data_buffer = chunk.buffers()
    if data_buffer is None or data_buffer.size == 0:
        return False
    offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[chunk.offset:chunk.offset + len(chunk) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    starts, lengths = offsets[:-1].astype(np.int64), np.diff(offsets).astype(np.int64)
    if chunk.null_count:
        lengths[~pc.is_valid(chunk).to_numpy(zero_copy_only=False)] = 0  # a missing cell's bytes are no text
    present = lengths > 0
    starts, lengths = starts[present], lengths[present]
    ends = starts + lengths
    first = np.flatnonzero(_MAY_BEGIN[data[starts]])
    if first.size and _begins_or_ends_with_space(data, starts[first], lengths[first], at_end=False):
        return True
    last = np.flatnonzero(_MAY_END[data[ends - 1]])
    return bool(last.size) and _begins_or_ends_with_space(data, ends[last], lengths[last], at_end=True)


def _begins_or_ends_with_space(data: np.ndarray, edges: np.ndarray, lengths: np.ndarray, at_end: bool) -> bool:
    """Whether a text whose first byte is at (whose last byte is before) ``edges`` begins (ends) with
    one of ``SPACES``: its first (last) one, two or three bytes compared with theirs."""
    for width, codes in _CODES.items():
        long_enough = lengths >= width
        if not long_enough.any():
            continue
        begin = (edges[long_enough] - width) if at_end else edges[long_enough]
        code = np.zeros(begin.size, dtype=np.int64)
        for k in range(width):
            code = (code << 8) | data[begin + k]
        if np.isin(code, codes).any():
            return True
    return False
