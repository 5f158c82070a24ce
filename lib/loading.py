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
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lib.i18n import tn
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB  # the page and tests read them here too
from lib.report import HEADER_ROW, InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMN_NAMES, COMPUTED_COLUMNS

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

    A path's size is checked before it is read, so an oversized file never fills the memory.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        _fail(report if report is not None else ValidationReport(), _too_big(size))
    return path.read_bytes()


def decode(data: bytes, report: ValidationReport) -> str:
    """Text of the file; raises InvalidOffersFile when it is not a text file we can read.

    Undecodable bytes of a mostly UTF-8 file are kept as surrogates (``surrogateescape``) so
    that ``read_table`` rejects only the rows holding them.
    """
    if len(data) > MAX_FILE_BYTES:
        _fail(report, _too_big(len(data)))
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if has_bom else data
    if not body.strip():
        _fail(report, "le fichier est vide")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            _fail(report, f"ce fichier est {kind}, pas un fichier CSV : "
                          "dans le tableur, choisissez « Enregistrer sous… > CSV UTF-8 »")
    if data.startswith(_UTF16_BOMS):
        return _decode_utf16(data, report)
    if b"\x00" in body[:4096]:
        _fail(report, "le fichier contient des octets nuls : ce n'est pas un fichier texte CSV")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        report.encoding = "UTF-8 (BOM)" if has_bom else "UTF-8"
        return text
    escaped = body.decode("utf-8", "surrogateescape")
    invalid = len(_UNDECODABLE.findall(escaped))
    if has_bom or len(_UTF8_SEQUENCE.findall(body)) > invalid:
        report.encoding = "UTF-8 (octets invalides)"
        line = 1 + len(_LINE_BREAK.findall(escaped[: _UNDECODABLE.search(escaped).start()]))
        report.add(Issue("warning", f"{invalid} octet(s) invalide(s) en UTF-8, le premier à la ligne {line} du "
                                    "fichier texte : le fichier mélange sans doute UTF-8 et Windows-1252 ; les "
                                    "lignes concernées sont rejetées, les autres sont lues"))
        return escaped
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError as exc:
        _fail(report, f"encodage non reconnu (ni UTF-8 ni Windows-1252), octet {exc.start} : "
                      "enregistrez le fichier en « CSV UTF-8 »")
    report.encoding = "Windows-1252"
    report.add(Issue("warning", "fichier lu en Windows-1252 (enregistré par Excel) : "
                                "enregistrez-le en « CSV UTF-8 » pour éviter les accents perdus"))
    return text


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
    header = _LINE_BREAK.split(text.lstrip("\ufeff"), maxsplit=1)[0]
    best, best_hits = ",", 0
    for sep in SEPARATORS:
        cells = next(csv.reader([header], delimiter=sep), [])
        hits = sum(1 for c in cells if _clean_header(c) in COLUMN_NAMES)
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
    a header with no data row, or no row with the header's number of fields.
    """
    report = ValidationReport()
    data = read_bytes(source, report)
    regular = _read_regular(data)
    return regular if regular is not None else _read_carefully(data, report)


def _read_carefully(data: bytes, report: ValidationReport) -> RawTable:
    """Any text file, record by record, every problem reported on its row."""
    text = decode(data, report)
    sep = detect_separator(text, report)
    _allow_long_cells()
    total_lines = len(_LINE_BREAK.findall(text)) + (0 if text.endswith(("\n", "\r")) else 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    header = _read_header(reader, report)
    width = len(header)
    records: list[list[str]] = []
    rows: list[int] = []
    for row, cells, lines in _records(reader, report):
        if not any(c.strip() for c in cells):
            continue  # blank lines between offers are harmless
        report.rows_read += 1
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # trailing empty cells left by a spreadsheet
        problem = _record_problem(cells, width, sep, lines, total_lines)
        if problem is not None:
            column = next((header[i] for i, c in enumerate(cells[:width]) if _CONTROL.search(c)), None)
            report.add(Issue("error", problem, row=row, column=column, value=_printable(sep.join(cells))))
            continue
        mangled = next((i for i, c in enumerate(cells) if _DOUBLE_ENCODED.search(c)), None)
        if mangled is not None:
            report.add(Issue("warning", "caractères du type « Ã© » au lieu de « é » : le texte a sans doute été "
                                        "converti deux fois d'encodage ; vérifiez les accents", row=row,
                             column=header[mangled], value=_printable(cells[mangled])))
        records.append(cells)
        rows.append(row)
    if not records:
        _fail(report, "aucune offre : le fichier ne contient que la ligne d'en-tête" if report.rows_read == 0
              else "aucune ligne lisible : chaque ligne a un problème de format (voir ci-dessus)")
    frame = pd.DataFrame(records, columns=header, dtype="string")
    return RawTable(frame=frame, rows=rows, report=report)


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
    pyarrow reads it in a fraction of that. It is only trusted where it reads exactly what the
    careful reader does: UTF-8, no NUL byte, no double encoding, and one line per offer, each as
    wide as the header (pyarrow refuses a narrower or wider line, and the count of lines rules out
    blank lines and cells spanning lines). Any other file, and every file with a problem to
    report, goes through the careful reader and its messages.
    """
    if len(data) > MAX_FILE_BYTES or data.startswith((*_UTF16_BOMS, *_BINARY_SIGNATURES)):
        return None
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if has_bom else data
    if any(mark in body for mark in (b"\x00", *_DOUBLE_ENCODED_BYTES, *_PYTHON_ONLY_SPACES)):
        return None
    first_break = _LINE_BREAK_BYTES.search(body)
    if first_break is None:
        return None
    try:
        header_text = body[: first_break.start()].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if header_text.count('"') % 2:
        return None  # a quoted header cell spanning lines
    report = ValidationReport(encoding="UTF-8 (BOM)" if has_bom else "UTF-8")
    try:
        sep = detect_separator(header_text, report)
        header = _read_header(csv.reader([header_text], delimiter=sep, strict=False), report)
    except InvalidOffersFile:
        return None
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=header, encoding="utf8"),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None  # a line of another width, or bytes that are not UTF-8
    crlf = body.count(b"\r\n")
    breaks = body.count(b"\n") + body.count(b"\r") - crlf
    lines = breaks + (0 if body.endswith((b"\n", b"\r")) else 1)
    if table.num_rows == 0 or lines != table.num_rows + 1 or _has_blank_row(table):
        return None  # blank lines, or a cell spanning lines: the careful reader numbers such rows
    frame = table.to_pandas(types_mapper=lambda _type: pd.StringDtype())
    report.rows_read = table.num_rows
    return RawTable(frame=frame, rows=list(range(HEADER_ROW + 1, HEADER_ROW + 1 + table.num_rows)), report=report)


def _records(reader: Iterator[list[str]], report: ValidationReport) -> Iterator[tuple[int, list[str], range]]:
    """(spreadsheet row, cells, lines of the text file) of each record after the header.

    A line csv cannot split is reported on its row and skipped: the lines after it are still read.
    """
    row = HEADER_ROW
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            report.rows_read += 1
            report.add(Issue("error", f"ligne illisible ({exc})", row=row))
            continue
        row += 1
        yield row, cells, range(first_line, reader.line_num + 1)


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
    header = [_printable(_clean_header(c)) for c in cells]
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
        if name not in COLUMN_NAMES and name not in COMPUTED_COLUMNS and position not in unnamed:
            report.add(Issue("warning", "colonne inconnue du modèle : conservée telle quelle mais ignorée par le "
                                        "tableau de bord", row=HEADER_ROW, column=name))
    return header


def _allow_long_cells() -> None:
    """Let a long cell reach validation, which names its row, column and length limit.

    csv refuses a cell over 128 KiB and the rest of its line with it. The limit is
    process-wide, so it is only ever raised, up to the size of the largest file accepted.
    """
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)


def _clean_header(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().strip('"').strip()


def _printable(text: str, limit: int = 500) -> str:
    """Text safe to print and show: undecodable bytes and NULs replaced, length capped."""
    text = _CONTROL.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _too_big(size: int) -> str:
    return (f"le fichier pèse {size / (1024 * 1024):.0f} Mo, au-delà de la limite de {MAX_FILE_MB} Mo : "
            "découpez-le en plusieurs fichiers")


def _fail(report: ValidationReport, reason: str) -> NoReturn:
    report.add(Issue("error", reason))
    raise InvalidOffersFile(report)
