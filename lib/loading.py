"""Reading a CSV file of offers, whatever spreadsheet saved it, into a table of strings.

Encodings (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252) and separators
(``,`` ``;`` tab) are recognised, never guessed: the separator is the one that splits the
header into known column names. Every cell stays a string here; typing is validation's job.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMN_NAMES

MAX_FILE_BYTES = 200 * 1024 * 1024
ACCEPTED_EXTENSIONS = ("csv", "txt")
SEPARATORS = (",", ";", "\t")

# Signatures of files that are not text, so they are rejected before any decoding.
_BINARY_SIGNATURES: dict[bytes, str] = {
    b"PK\x03\x04": "un classeur Excel (.xlsx) ou une archive ZIP",
    b"\xd0\xcf\x11\xe0": "un classeur Excel ancien (.xls)",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"%PDF": "un document PDF",
}


@dataclass
class RawTable:
    """The file's cells as strings, with the spreadsheet row of each record."""

    frame: pd.DataFrame
    rows: list[int]
    report: ValidationReport


def read_bytes(source: bytes | str | Path) -> bytes:
    """The file's bytes, from a path or bytes already read (an upload)."""
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


def decode(data: bytes, report: ValidationReport) -> str:
    """Text of the file; raises InvalidOffersFile when it is not a text file we can read."""
    if len(data) > MAX_FILE_BYTES:
        _fail(report, f"le fichier pèse {len(data) / 1e6:.0f} Mo, au-delà de la limite de "
                      f"{MAX_FILE_BYTES / 1e6:.0f} Mo")
    if not data.strip():
        _fail(report, "le fichier est vide")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            _fail(report, f"ce fichier est {kind}, pas un fichier CSV : "
                          "dans le tableur, choisissez « Enregistrer sous… > CSV »")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.encoding = "UTF-16"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            _fail(report, "le fichier annonce l'encodage UTF-16 mais n'est pas lisible ainsi")
    if b"\x00" in data[:4096]:
        _fail(report, "le fichier contient des octets nuls : ce n'est pas un fichier texte CSV")
    if data.startswith(b"\xef\xbb\xbf"):
        report.encoding = "UTF-8 (BOM)"
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(report, f"octet invalide en UTF-8 à la position {exc.start}")
    try:
        text = data.decode("utf-8")
        report.encoding = "UTF-8"
        return text
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        _fail(report, f"encodage non reconnu (ni UTF-8 ni Windows-1252), octet {exc.start}")
    report.encoding = "Windows-1252"
    report.add(Issue("warning", "fichier lu en Windows-1252 (enregistré par Excel) : "
                                "enregistrez-le en « CSV UTF-8 » pour éviter les accents perdus"))
    return text


def detect_separator(text: str, report: ValidationReport) -> str:
    """The separator that splits the header into the most known column names."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
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


def read_table(source: bytes | str | Path) -> RawTable:
    """Strings of every cell, plus a report of what could not be read; raises when nothing can."""
    report = ValidationReport()
    text = decode(read_bytes(source), report)
    sep = detect_separator(text, report)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    try:
        header = [_clean_header(c) for c in next(reader)]
        while header and not header[-1]:
            header.pop()  # empty trailing columns a spreadsheet leaves behind
    except (StopIteration, csv.Error) as exc:
        _fail(report, f"en-tête illisible ({exc})")
    _check_header(header, report)
    width = len(header)
    records: list[list[str]] = []
    rows: list[int] = []
    row = 1
    try:
        for cells in reader:
            row += 1
            if not any(c.strip() for c in cells):
                continue  # blank lines between offers are harmless
            report.rows_read += 1
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]  # trailing empty cells left by a spreadsheet
            if len(cells) != width:
                report.add(Issue("error", f"{len(cells)} champs au lieu de {width} : un "
                                          "séparateur ou un guillemet manque ou est en trop",
                                 row=row, value=sep.join(cells)))
                continue
            records.append(cells)
            rows.append(row)
    except csv.Error as exc:
        report.add(Issue("error", f"lecture interrompue : {exc}", row=row + 1))
    frame = pd.DataFrame(records, columns=header, dtype="string") if records else (
        pd.DataFrame({c: pd.Series(dtype="string") for c in header}))
    return RawTable(frame=frame, rows=rows, report=report)


def _clean_header(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().strip('"').strip()


def _check_header(header: list[str], report: ValidationReport) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            _fail(report, f"la colonne « {name} » apparaît deux fois dans l'en-tête")
        seen.add(name)
    for name in header:
        if name and name not in COLUMN_NAMES:
            report.add(Issue("warning", "colonne inconnue du modèle : conservée telle quelle mais "
                                        "ignorée par le tableau de bord", column=name))
        if not name:
            _fail(report, "une colonne de l'en-tête n'a pas de nom")


def _fail(report: ValidationReport, reason: str) -> None:
    report.add(Issue("error", reason))
    raise InvalidOffersFile(report)
