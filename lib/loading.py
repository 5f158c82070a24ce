"""Reading a CSV file of offers, whatever spreadsheet saved it, into a table of strings.

Encodings (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252) and separators
(``,`` ``;`` tab) are recognised, never guessed: the separator is the one that splits the
header into known column names, and a file that mixes encodings has its unreadable rows
rejected rather than its accents silently mangled. Every cell stays a string here; typing is
validation's job.

Rows are numbered as a spreadsheet shows them: the header is row 1, a blank line is a row, and
a quoted cell spanning several lines of text stays in one row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lib import memory
from lib.formulas import restore_column, restore_formula
from lib.i18n import tn
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB, MAX_HEADER_CHARS, MAX_RECORD_BYTES  # pages and tests read them here
from lib.report import HEADER_ROW, InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMN_NAMES, COMPUTED_COLUMNS, V1_RENAMED

memory.use_returnable_memory()  # pyarrow's tables are given back to the system once released

ACCEPTED_EXTENSIONS = ("csv", "txt")
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Signatures of files that are not text, so they are rejected before any decoding.
_BINARY_SIGNATURES: dict[bytes, str] = {
    b"PK\x03\x04": "un classeur Excel (.xlsx), OpenDocument (.ods) ou une archive ZIP",
    b"\xd0\xcf\x11\xe0": "un classeur Excel ancien (.xls)",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"%PDF": "un document PDF",
    b"\x1f\x8b": "une archive compressée (gzip)",
    b"{\\rtf": "un document RTF",
    b"PAR1": "un fichier Parquet (lu seulement comme fichier de données du tableau de bord, OFFERS_CSV)",
}

# A valid multi-byte UTF-8 sequence: many of them next to invalid bytes means UTF-8 text with
# a few foreign bytes pasted in, not a Windows-1252 file.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by "surrogateescape"
_CONTROL = re.compile("[\x00\ud800-\udfff]")
# "Ã©" for "é", "â€™" for "’": UTF-8 read once as Windows-1252 and saved again.
_DOUBLE_ENCODED = re.compile("Ã[^A-Za-z0-9\\s]|â€")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


@dataclass
class RawTable:
    """The file's cells as strings, with the spreadsheet row of each record."""

    frame: pd.DataFrame
    rows: list[int]
    report: ValidationReport


def read_bytes(source: bytes | bytearray | memoryview | str | Path, report: ValidationReport | None = None) -> bytes:
    """The file's bytes, from bytes already read (an upload) or a path.

    A path's size is checked before it is read, so an oversized file never fills the memory, and
    no more than the limit + 1 bytes are ever read: a device says its size is 0 (``/dev/zero``).
    An unreadable path raises OSError.
    """
    if isinstance(source, bytes):
        return source
    if isinstance(source, bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        _fail(report if report is not None else ValidationReport(), _too_big(size))
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        _fail(report if report is not None else ValidationReport(), _too_big(None))
    return data


def open_text(data: bytes, report: ValidationReport) -> _Lines:
    """The file's lines as text; raises InvalidOffersFile when it is not a text file we can read.

    Lines are decoded one at a time from the bytes (a UTF-16 file excepted), so the file is never
    held whole as text: a Python string of French text with one '€' in it takes two bytes a
    character, with one emoji four. Undecodable bytes of a mostly UTF-8 file are kept as surrogates
    (``surrogateescape``) so that ``read_table`` rejects only the rows holding them.
    """
    if len(data) > MAX_FILE_BYTES:
        _fail(report, _too_big(len(data)))
    has_bom = data.startswith(_UTF8_BOM)
    start = len(_UTF8_BOM) if has_bom else 0
    if not data[start:start + _BLANK_PROBE].strip() and not data[start:].strip():
        _fail(report, "le fichier est vide")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            _fail(report, f"ce fichier est {kind}, pas un fichier CSV : "
                          "dans le tableur, choisissez « Enregistrer sous… > CSV UTF-8 »")
    if data.startswith(_UTF16_BOMS):
        return _Lines(_decode_utf16(data, report))
    if b"\x00" in data[start:start + 4096]:
        _fail(report, "le fichier contient des octets nuls : ce n'est pas un fichier texte CSV")
    _check_first_line(data, start, report)
    encoding = _scan_encoding(data, start)
    if encoding.kind == "utf-8":
        report.encoding = "UTF-8 (BOM)" if has_bom else "UTF-8"
        return _Lines(data, start, "utf-8")
    if encoding.kind == "mixed" or has_bom:
        first = encoding.first_invalid
        line = 1 + data.count(b"\n", start, first) + data.count(b"\r", start, first) - data.count(b"\r\n", start, first)
        report.encoding = "UTF-8 (octets invalides)"
        report.add(Issue("warning", f"{encoding.invalid} octet(s) invalide(s) en UTF-8, le premier à la ligne {line} "
                                    "du fichier texte : le fichier mélange sans doute UTF-8 et Windows-1252 ; les "
                                    "lignes concernées sont rejetées, les autres sont lues"))
        return _Lines(data, start, "utf-8", "surrogateescape")
    for begin, end in _chunks(data, start):
        try:
            str(memoryview(data)[begin:end], "cp1252")
        except UnicodeDecodeError as exc:
            _fail(report, f"encodage non reconnu (ni UTF-8 ni Windows-1252), octet {begin - start + exc.start} : "
                          "enregistrez le fichier en « CSV UTF-8 »")
    report.encoding = "Windows-1252"
    report.add(_cp1252_warning())
    return _Lines(data, start, "cp1252")


# A valid file is rarely blank at its start: the emptiness test looks there first.
_BLANK_PROBE = 4096
# Bytes decoded at once when telling the encoding.
_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class _Encoding:
    """What the bytes are: "utf-8"; "mixed", UTF-8 with a few foreign bytes (more valid multi-byte
    sequences than invalid bytes); "cp1252" otherwise. ``first_invalid``: offset of the first byte
    that is not UTF-8."""

    kind: str
    invalid: int = 0
    first_invalid: int = -1


def _chunks(data: bytes, start: int) -> Iterator[tuple[int, int]]:
    """(begin, end) of pieces of about _CHUNK bytes, each starting on a character (never on a
    UTF-8 continuation byte), so that each decodes as it would within the whole."""
    position = start
    while position < len(data):
        end = min(len(data), position + _CHUNK)
        while end < len(data) and end > position + 1 and 0x80 <= data[end] <= 0xBF and end > position + _CHUNK - 3:
            end -= 1
        yield position, end
        position = end


def _scan_encoding(data: bytes, start: int) -> _Encoding:
    """Which encoding the bytes after ``start`` are in, read in chunks: a large file is never held
    as text just to be told which it is."""
    view = memoryview(data)
    first_invalid = -1
    for begin, end in _chunks(data, start):
        try:
            str(view[begin:end], "utf-8")
        except UnicodeDecodeError as exc:
            first_invalid = begin + exc.start
            break
    if first_invalid < 0:
        return _Encoding("utf-8")
    invalid = sequences = 0
    for begin, end in _chunks(data, start):
        invalid += _count(_UNDECODABLE, str(view[begin:end], "utf-8", "surrogateescape"))
        sequences += _UTF8_SEQUENCE.subn(b"", view[begin:end])[1]
    return _Encoding("mixed" if sequences > invalid else "cp1252", invalid, first_invalid)


def _count(pattern: re.Pattern, text: str) -> int:
    """How many times ``pattern`` matches, without a list of every match."""
    return pattern.subn("", text)[1]


def _cp1252_warning() -> Issue:
    return Issue("warning", "fichier lu en Windows-1252 (enregistré par Excel) : "
                            "enregistrez-le en « CSV UTF-8 » pour éviter les accents perdus")


def _check_first_line(data: bytes, start: int, report: ValidationReport) -> None:
    """Refuse a file whose first line is longer than any header, before it is decoded or parsed
    (a file of one 150 MB line would otherwise be held several times as text)."""
    found = _LINE_BREAK_BYTES.search(data, start, start + 4 * MAX_HEADER_CHARS + 4)
    end = found.start() if found else min(len(data), start + 4 * MAX_HEADER_CHARS + 4)
    if end - start > MAX_HEADER_CHARS and len(data[start:end].decode("utf-8", "replace")) > MAX_HEADER_CHARS:
        _fail(report, _long_header())


def _long_header() -> str:
    return (f"la première ligne fait plus de {_fr_int(MAX_HEADER_CHARS)} caractères : ce n'est pas une ligne "
            f"d'en-tête ({', '.join(COLUMN_NAMES[:5])}…), le fichier n'est pas un tableau d'offres")


def _fr_int(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _decode_utf16(data: bytes, report: ValidationReport) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        _fail(report, "le fichier annonce l'encodage UTF-16 mais n'est pas lisible ainsi")
    if "\x00" in text:
        _fail(report, "le fichier contient des caractères nuls : ce n'est pas un fichier texte CSV")
    if not text.strip():
        _fail(report, "le fichier est vide")
    report.encoding = "UTF-16"
    return text


def detect_separator(text: str, report: ValidationReport) -> str:
    """The separator that splits the header into the most known column names."""
    found = _LINE_BREAK.search(text, 0, MAX_HEADER_CHARS + 2)
    header = text[: found.start() if found else MAX_HEADER_CHARS + 1].lstrip("\ufeff")
    if len(header) > MAX_HEADER_CHARS:
        # Checked before csv reads it: csv's limit on a cell (128 KiB unless raised) is process-wide.
        _fail(report, _long_header())
    best, best_hits = ",", 0
    for sep in SEPARATORS:
        cells = next(csv.reader([header], delimiter=sep), [])
        hits = sum(1 for c in cells if _clean_header(c) in COLUMN_NAMES or _clean_header(c) in V1_RENAMED)
        if hits > best_hits:
            best, best_hits = sep, hits
    if best_hits == 0:
        _fail(report, "aucune colonne attendue dans la première ligne : la première ligne doit "
                      f"être l'en-tête ({', '.join(COLUMN_NAMES[:5])}…)")
    report.separator = best
    return best


def read_table(source: bytes | bytearray | memoryview | str | Path) -> RawTable:
    """Strings of every cell, plus a report of what could not be read.

    Raises InvalidOffersFile when not a single row can be read: not a text file, no header,
    a header with no data row, or no row with the header's number of fields. Cells that the app's
    writer neutralised against spreadsheet formulas (lib/formulas.py) are read back as they were.
    """
    report = ValidationReport()
    data = read_bytes(source, report)
    regular = _read_regular(data)
    table = regular if regular is not None else _read_carefully(data, report)
    if data.startswith(_UTF16_BOMS) or _NEUTRALISED.search(data):
        for name in table.frame.columns:
            table.frame[name] = restore_column(table.frame[name])
    return table


# An apostrophe before a formula trigger (lib/formulas.py), after spaces or quotes, in UTF-8 or
# Windows-1252 bytes: a file without one has no neutralised cell, and its columns need not be looked
# through. Every space Python strips is here, in both encodings (tests/test_formulas.py checks it).
_NEUTRALISED = re.compile(
    rb"'(?:[\s'\"\x1c-\x1f\xa0]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f"
    rb"|\xe3\x80\x80)*(?:[=+\-@\t\r]|\xef\xbc[\x8b\x8d\x9d\xa0])")


def _read_carefully(data: bytes, report: ValidationReport) -> RawTable:
    """Any text file, record by record, every problem reported on its row."""
    lines = open_text(data, report)
    sep = detect_separator(lines.first_line(), report)
    _allow_long_cells()
    total_lines = lines.count()
    reader = csv.reader(lines, delimiter=sep, strict=False)
    header = _read_header(reader, report)
    width = len(header)
    columns = _ColumnBuilder(header)
    rows: list[int] = []
    for row, cells, spanned in _records(reader, lines, report):
        if not any(c.strip() for c in cells):
            continue  # blank lines between offers are harmless
        report.rows_read += 1
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # trailing empty cells left by a spreadsheet
        problem = _record_problem(cells, width, sep, spanned, total_lines)
        if problem is not None:
            column = next((header[i] for i, c in enumerate(cells[:width]) if _CONTROL.search(c)), None)
            report.add(Issue("error", problem, row=row, column=column, value=_printable(sep.join(cells))))
            continue
        mangled = next((i for i, c in enumerate(cells) if _DOUBLE_ENCODED.search(c)), None)
        if mangled is not None:
            report.add(Issue("warning", "caractères du type « Ã© » au lieu de « é » : le texte a sans doute été "
                                        "converti deux fois d'encodage ; vérifiez les accents", row=row,
                             column=header[mangled], value=_printable(cells[mangled])))
        columns.add(cells)
        rows.append(row)
    if not rows:
        _fail(report, "aucune offre : le fichier ne contient que la ligne d'en-tête" if report.rows_read == 0
              else "aucune ligne lisible : chaque ligne a un problème de format (voir ci-dessus)")
    return RawTable(frame=columns.frame(), rows=rows, report=report)


class _RecordTooLong(csv.Error):
    """A record longer than MAX_RECORD_BYTES: never handed to csv whole."""


class _Lines:
    """The file's lines, one at a time, for ``csv.reader``: decoded from the bytes line by line
    (``codec``), or cut from a text already decoded (UTF-16, ``codec`` None). It counts the lines
    handed out, and refuses to hand out more than MAX_RECORD_BYTES for one record, so csv never
    grows a cell beyond that."""

    def __init__(self, source: bytes | str, start: int = 0, codec: str | None = None, errors: str = "strict") -> None:
        self.source = source
        self.position = start
        self.line = 0  # lines handed out so far
        self._start = start
        self._codec, self._errors = codec, errors
        self._breaks = _LINE_BREAK if codec is None else _LINE_BREAK_BYTES
        self._ends = ("\n", "\r") if codec is None else (b"\n", b"\r")
        self._record_start = start
        self._record_size = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.source):
            raise StopIteration
        found = self._breaks.search(self.source, self.position)
        end = found.end() if found else len(self.source)
        if self._record_size + end - self.position > MAX_RECORD_BYTES:
            raise _RecordTooLong(f"plus de {MAX_RECORD_BYTES // (1024 * 1024)} Mo")
        line = self._text(self.position, end)
        self._record_size += end - self.position
        self.position = end
        self.line += 1
        return line

    def _text(self, begin: int, end: int) -> str:
        if self._codec is None:
            return self.source[begin:end]  # type: ignore[return-value]
        return str(memoryview(self.source)[begin:end], self._codec, self._errors)  # type: ignore[arg-type]

    def first_line(self) -> str:
        """The first line (the header), without its line break."""
        found = self._breaks.search(self.source, self._start, self._start + 4 * MAX_HEADER_CHARS + 4)
        return self._text(self._start, found.start() if found else min(len(self.source),
                                                                      self._start + 4 * MAX_HEADER_CHARS + 4))

    def count(self) -> int:
        """Lines of the file, as a text editor numbers them (a last line without a break counts)."""
        return self._lines_between(self._start, len(self.source))

    def _lines_between(self, begin: int, end: int) -> int:
        n, r, rn = (("\n", "\r", "\r\n") if self._codec is None else (b"\n", b"\r", b"\r\n"))
        source = self.source
        breaks = source.count(n, begin, end) + source.count(r, begin, end) - source.count(rn, begin, end)  # type: ignore[arg-type]
        open_end = end == len(source) and end > begin and not source.endswith(self._ends)  # type: ignore[arg-type]
        return breaks + int(open_end)

    def start_record(self) -> None:
        self._record_start, self._record_size = self.position, 0

    def skip_record(self) -> None:
        """Move past the record begun at ``start_record``: to the first line break where its quotes
        are balanced (a quoted cell may span lines), or to the end of the file."""
        source, quotes, position = self.source, 0, self._record_start
        quote = '"' if self._codec is None else b'"'
        for found in self._breaks.finditer(source, self._record_start):
            quotes += source.count(quote, position, found.start())  # type: ignore[arg-type]
            position = found.end()
            if position > self.position and quotes % 2 == 0:
                break
        else:
            position = len(source)
        if position > self.position:
            self.line += self._lines_between(self.position, position)
        self.position = position


class _ColumnBuilder:
    """The kept records as pyarrow string columns, built every few thousand records: a file's cells
    are never all Python strings at once (each weighs about 50 bytes more than its text)."""

    _BATCH = 20_000

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self._pending: list[list[str]] = []
        self._batches: list[pa.RecordBatch] = []

    def add(self, cells: list[str]) -> None:
        self._pending.append(cells)
        if len(self._pending) >= self._BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            arrays = [pa.array([cells[i] for cells in self._pending], type=pa.string())
                      for i in range(len(self.header))]
            self._batches.append(pa.RecordBatch.from_arrays(arrays, names=[str(i) for i in range(len(self.header))]))
            self._pending = []

    def frame(self) -> pd.DataFrame:
        self._flush()
        table = pa.Table.from_batches(self._batches)
        self._batches = []
        frame = table.to_pandas(types_mapper=lambda _type: pd.StringDtype())
        frame.columns = pd.Index(self.header)
        return frame


# UTF-8 bytes of "Ã" and "â€", the marks of a double encoding (see _DOUBLE_ENCODED).
_DOUBLE_ENCODED_BYTES = (b"\xc3\x83", b"\xc3\xa2\xe2\x82\xac")
# Control characters Python's str.strip() takes for spaces and pyarrow's trimming does not.
_PYTHON_ONLY_SPACES = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")


def _has_blank_row(table: pa.Table) -> bool:
    """Whether a row has nothing but spaces in every cell: the careful reader skips it as a blank
    line (`` , , ,`` or a lone ``""``), so such a file is left to it."""
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return False  # most files stop at the first column, whose every offer has an id
    return True


def _read_regular(data: bytes) -> RawTable | None:
    """The table of a file as spreadsheets write it, read by pyarrow's C++ reader; None otherwise.

    A national export of 100,000 offers takes seconds and a gigabyte through Python's csv module;
    pyarrow reads it in a fraction of that, straight from the upload's bytes (no copy). It is only
    trusted where it reads exactly what the careful reader does: UTF-8 or Windows-1252 (as
    ``decode`` tells them apart), no NUL byte, no double encoding, and one line per offer, each as
    wide as the header (pyarrow refuses a narrower or wider line, and the count of lines rules out
    blank lines and cells spanning lines). Any other file, and every file with a problem to
    report, goes through the careful reader and its messages.
    """
    if len(data) > MAX_FILE_BYTES or data.startswith((*_UTF16_BOMS, *_BINARY_SIGNATURES)):
        return None
    has_bom = data.startswith(_UTF8_BOM)
    body = memoryview(data)[len(_UTF8_BOM):] if has_bom else memoryview(data)
    if any(mark in data for mark in (b"\x00", *_DOUBLE_ENCODED_BYTES, *_PYTHON_ONLY_SPACES)):
        return None
    first_break = _LINE_BREAK_BYTES.search(body, 0, 4 * MAX_HEADER_CHARS + 4)
    if first_break is None:
        return None
    encoding = _scan_encoding(data, len(_UTF8_BOM) if has_bom else 0).kind
    if encoding == "mixed" or (encoding == "cp1252" and (has_bom or any(m in data for m in _CP1252_MARKS))):
        return None
    try:
        header_text = str(body[: first_break.start()], "utf-8" if encoding == "utf-8" else "cp1252")
    except UnicodeDecodeError:
        return None
    if header_text.count('"') % 2:
        return None  # a quoted header cell spanning lines
    report = ValidationReport(encoding=("UTF-8 (BOM)" if has_bom else "UTF-8") if encoding == "utf-8"
                              else "Windows-1252")
    if encoding == "cp1252":
        report.add(_cp1252_warning())
    try:
        sep = detect_separator(header_text, report)
        header = _read_header(csv.reader([header_text], delimiter=sep, strict=False), report)
    except InvalidOffersFile:
        return None
    table = _arrow_table(body, header, sep, "utf8" if encoding == "utf-8" else "cp1252")
    if table is None:
        return None
    crlf = data.count(b"\r\n")
    breaks = data.count(b"\n") + data.count(b"\r") - crlf
    lines = breaks + (0 if data.endswith((b"\n", b"\r")) else 1)
    if table.num_rows == 0 or lines != table.num_rows + 1 or _has_blank_row(table):
        return None  # blank lines, or a cell spanning lines: the careful reader numbers such rows
    frame = table.to_pandas(types_mapper=lambda _type: pd.StringDtype())
    report.rows_read = table.num_rows
    return RawTable(frame=frame, rows=list(range(HEADER_ROW + 1, HEADER_ROW + 1 + table.num_rows)), report=report)


# Bytes of a Windows-1252 file that the careful reader would flag as a double encoding ("Ã", "â€").
_CP1252_MARKS = (b"\xc3", b"\xe2\x80")


def _arrow_table(body: memoryview, header: list[str], sep: str, encoding: str) -> pa.Table | None:
    """pyarrow's reading of the rows, every cell a string; None when a line has another width, is
    longer than MAX_RECORD_BYTES (pyarrow's block: such a record is no offer, and the careful reader
    rejects it without holding it), or the bytes are not in ``encoding``."""
    try:
        return pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=header, encoding=encoding,
                                            block_size=MAX_RECORD_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None


def _records(reader: Iterator[list[str]], lines: _Lines,
             report: ValidationReport) -> Iterator[tuple[int, list[str], range]]:
    """(spreadsheet row, cells, lines of the text file) of each record after the header.

    A line csv cannot split, or a record too long to be an offer, is reported on its row and
    skipped: the lines after it are still read.
    """
    row = HEADER_ROW
    while True:
        lines.start_record()
        first_line = lines.line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            lines.skip_record()
            row += 1
            report.rows_read += 1
            where = f"ligne {first_line}" if lines.line <= first_line else f"lignes {first_line} à {lines.line}"
            report.add(Issue("error", f"ligne de plus de {MAX_RECORD_BYTES // (1024 * 1024)} Mo ({where} du fichier "
                                      "texte) : aucune offre n'est si longue ; un "
                                      "guillemet n'est sans doute pas refermé, ou une cellule contient tout un "
                                      "texte collé", row=row))
            continue
        except csv.Error as exc:
            row += 1
            report.rows_read += 1
            report.add(Issue("error", f"ligne illisible ({exc})", row=row))
            continue
        row += 1
        yield row, cells, range(first_line, lines.line + 1)


def _record_problem(cells: list[str], width: int, sep: str, lines: range, total_lines: int) -> str | None:
    """Why a record cannot be read as one offer, in French; None when it can."""
    spans = len(lines) > 1
    where = (f"lignes {lines.start} à {lines.stop - 1}" if lines.stop - 1 < total_lines
             else f"de la ligne {lines.start} à la fin") + " du fichier texte"
    if len(cells) != width:
        if spans and any("\n" in c or "\r" in c for c in cells):
            return (f"{len(cells)} champs au lieu de {width} : un guillemet ouvert n'est pas refermé et cette "
                    f"ligne absorbe les suivantes ({where})")
        return f"{len(cells)} champs au lieu de {width} : un séparateur ou un guillemet manque ou est en trop"
    for cell in cells:
        found = _CONTROL.search(cell)
        if found:
            shown = "nul" if found.group() == "\x00" else f"0x{ord(found.group()) - 0xDC00:02X}"
            return (f"caractère illisible (octet {shown}) : cette ligne n'est pas en UTF-8 ; enregistrez "
                    "le fichier en « CSV UTF-8 »")
    if spans and any(len(line.split(sep)) > width // 2 for c in cells for line in _LINE_BREAK.split(c)[1:]):
        return (f"une cellule contient ce qui ressemble à d'autres lignes du tableau ({where}) : "
                "un guillemet est sans doute mal fermé")
    return None


def _read_header(reader: Iterator[list[str]], report: ValidationReport) -> list[str]:
    try:
        cells = next(reader)
    except (StopIteration, csv.Error) as exc:
        _fail(report, f"en-tête illisible ({exc})")
    header = [_printable(restore_formula(_clean_header(c))) for c in cells]
    while header and not header[-1]:
        header.pop()  # empty trailing columns a spreadsheet leaves behind
    unnamed = [position for position, name in enumerate(header) if not name]
    for position in unnamed:
        header[position] = f"colonne_{position + 1}"
        report.add(Issue("warning", "colonne sans nom dans l'en-tête : conservée sous ce nom, ignorée par "
                                    "le tableau de bord", row=HEADER_ROW, column=header[position]))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            report.add(Issue("error", "cette colonne apparaît deux fois dans l'en-tête : impossible de savoir "
                                      "laquelle lire", row=HEADER_ROW, column=name))
            raise InvalidOffersFile(report)
        seen.add(name)
    computed = [name for name in header if name in COMPUTED_COLUMNS]
    if computed:
        # The dashboard's own download carries them: one line, not one warning per column.
        report.add(Issue("warning", tn("computed_columns_set_aside", len(computed)), row=HEADER_ROW,
                         value=", ".join(computed)))
    for position, name in enumerate(header):
        # A column of contract v1 is read by validation, which says what it became.
        if (name not in COLUMN_NAMES and name not in V1_RENAMED and name not in COMPUTED_COLUMNS
                and position not in unnamed):
            report.add(Issue("warning", "colonne inconnue du modèle : conservée telle quelle mais ignorée par le "
                                        "tableau de bord", row=HEADER_ROW, column=name))
    return header


def _allow_long_cells() -> None:
    """Let a long cell reach validation, which names its row, column and length limit.

    csv refuses a cell over 128 KiB and the rest of its line with it. The limit is process-wide,
    so it is only ever raised, to the longest record read (``_Lines`` refuses longer ones); the
    header is checked against its own, lower, limit before csv reads it.
    """
    if csv.field_size_limit() < MAX_RECORD_BYTES:
        csv.field_size_limit(MAX_RECORD_BYTES)


def _clean_header(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().strip('"').strip()


def _printable(text: str, limit: int = 500) -> str:
    """Text safe to print and show: undecodable bytes and NULs replaced, length capped."""
    text = _CONTROL.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _too_big(size: int | None) -> str:
    if size is None:  # a device or a growing file: its size is not known
        return f"le fichier dépasse la limite de {MAX_FILE_MB} Mo : découpez-le en plusieurs fichiers"
    return (f"le fichier pèse {size / (1024 * 1024):.0f} Mo, au-delà de la limite de {MAX_FILE_MB} Mo : "
            "découpez-le en plusieurs fichiers")


def _fail(report: ValidationReport, reason: str) -> NoReturn:
    report.add(Issue("error", reason))
    raise InvalidOffersFile(report)
