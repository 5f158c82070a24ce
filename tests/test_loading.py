"""Reading a CSV file into strings (lib/loading.py): encodings, separators, rows, refusals."""

from __future__ import annotations

import csv
import io

import pytest

from lib import loading
from lib.loading import MAX_FILE_BYTES, MAX_FILE_MB, SEPARATORS, read_bytes, read_table
from lib.report import InvalidOffersFile
from lib.schema import COLUMN_NAMES

# Two offers the contract accepts, with accents, an apostrophe, a ;-list, a comma and a quote.
ROWS = [
    {"offer_id": "merignac-budget-2023", "title": "Stage en démocratie locale", "organisation": "Mairie de Mérignac",
     "org_type": "local_authority", "contract": "internship", "city": "Mérignac", "postcode": "33700",
     "country": "FR", "stipend_basis": "not_stated", "themes": "participatory_budget;local_democracy",
     "source": "seed 001", "notes": "« Stage de 4 mois », l’équipe, 50 % des frais"},
    {"offer_id": "decider-ensemble-2023", "title": 'Stagiaire "Décider ensemble"', "organisation": "Décider ensemble",
     "org_type": "association", "contract": "internship", "city": "Paris", "postcode": "75003", "country": "FR",
     "stipend_basis": "explicit", "stipend_amount_eur": "4.05", "stipend_period": "hour", "source": "seed 001"},
]


def csv_text(rows=ROWS, sep: str = ",", line_end: str = "\n", header=COLUMN_NAMES) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=line_end)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return buffer.getvalue()


def cells(raw, column: str) -> list[str]:
    return list(raw.frame[column])


# --- encodings --------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "encoding", "warned"), [
    (csv_text().encode("utf-8"), "UTF-8", False),
    (b"\xef\xbb\xbf" + csv_text().encode("utf-8"), "UTF-8 (BOM)", False),
    (csv_text().encode("utf-16"), "UTF-16", False),  # BOM + little-endian
    (b"\xfe\xff" + csv_text().encode("utf-16-be"), "UTF-16", False),
    (csv_text().encode("cp1252"), "Windows-1252", True),
])
def test_encodings_are_recognised_and_accents_kept(data, encoding, warned):
    raw = read_table(data)
    assert raw.report.encoding == encoding
    assert cells(raw, "organisation") == ["Mairie de Mérignac", "Décider ensemble"]
    assert cells(raw, "notes")[0] == "« Stage de 4 mois », l’équipe, 50 % des frais"
    assert cells(raw, "offer_id")[0] == "merignac-budget-2023", "the BOM is not part of the first column"
    windows = [i for i in raw.report.warnings if "Windows-1252" in i.reason]
    assert bool(windows) == warned


def test_ascii_only_is_utf8_without_warning():
    raw = read_table(csv_text([{**ROWS[1], "organisation": "Decider", "title": "Stage"}]).encode("cp1252"))
    assert raw.report.encoding == "UTF-8" and not raw.report.issues


def test_a_few_foreign_bytes_in_utf8_reject_their_rows_only():
    text = csv_text()
    data = text.encode("utf-8").replace("Mairie de Mérignac".encode(), "Mairie de Mérignac".encode("cp1252"))
    raw = read_table(data)
    assert raw.report.encoding == "UTF-8 (octets invalides)"
    assert cells(raw, "offer_id") == ["decider-ensemble-2023"]
    (error,) = raw.report.errors
    assert error.row == 2 and error.column == "organisation" and "octet 0xE9" in error.reason
    assert "\ufffd" in error.value and not any("\udc80" <= ch <= "\udcff" for ch in error.value)
    raw.report.to_text().encode("utf-8")  # printable: no lone surrogate left


def test_undefined_windows_1252_byte_without_utf8_is_refused():
    with pytest.raises(InvalidOffersFile, match="encodage non reconnu"):
        read_table(csv_text().encode("cp1252") + b"\x81")


@pytest.mark.parametrize(("start", "kind"), [
    (b"PK\x03\x04", "classeur Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "classeur Excel ancien (.xls)"),
    (b"\x89PNG\r\n\x1a\n", "image PNG"),
    (b"\xff\xd8\xff\xe0", "image JPEG"),
    (b"GIF89a", "image GIF"),
    (b"%PDF-1.7", "document PDF"),
    (b"\x1f\x8b\x08", "archive compressée"),
    (b"{\\rtf1", "document RTF"),
])
def test_binary_files_are_named(start, kind):
    with pytest.raises(InvalidOffersFile) as raised:
        read_table(start + b"\x00" * 64 + csv_text().encode())
    (error,) = raised.value.report.errors
    assert kind in error.reason and "Enregistrer sous" in error.reason


@pytest.mark.parametrize("data", [b"", b"   ", b"\r\n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n",
                                  " \n".encode("utf-16")])
def test_empty_files(data):
    with pytest.raises(InvalidOffersFile, match="le fichier est vide"):
        read_table(data)


def test_nul_bytes_at_the_start_mean_binary_but_later_only_reject_their_row():
    with pytest.raises(InvalidOffersFile, match="octets nuls"):
        read_table(b"offer_id\x00" + csv_text().encode())
    padding = [{**ROWS[0], "offer_id": f"offre-{i}", "notes": "x" * 200} for i in range(30)]
    data = csv_text([*padding, {**ROWS[1], "title": "Stage\x00"}]).encode()
    raw = read_table(data)
    assert len(raw.frame) == 30 and raw.report.rejected_rows == [32]
    assert "caractère illisible (octet nul)" in raw.report.errors[0].reason


# --- separators and lines ---------------------------------------------------------------------

@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_separators_and_line_ends(sep, line_end):
    raw = read_table(csv_text(sep=sep, line_end=line_end).encode())
    assert raw.report.separator == sep
    assert cells(raw, "themes")[0] == "participatory_budget;local_democracy"
    assert cells(raw, "title")[1] == 'Stagiaire "Décider ensemble"'
    assert raw.rows == [2, 3]


def test_separator_is_the_one_that_splits_the_header_into_known_names():
    """Notes full of commas do not make a ;-file comma-separated: only the header counts."""
    rows = [{**ROWS[0], "notes": "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, "
                                 "aa, bb, cc, dd, ee, ff, gg, hh"}]
    raw = read_table(csv_text(rows, sep=";").encode())
    assert raw.report.separator == ";" and cells(raw, "notes")[0].startswith("a, b")


def test_unknown_header_is_refused():
    with pytest.raises(InvalidOffersFile, match="la première ligne doit être l'en-tête"):
        read_table(b"identifiant;titre\nx;y\n")


def test_header_cells_are_cleaned():
    header = [f' "{c}" ' if i % 2 else f" {c}" for i, c in enumerate(COLUMN_NAMES)]
    text = ",".join(header) + ",,\n" + csv_text(header=COLUMN_NAMES).splitlines()[1] + ",,\n"
    raw = read_table(("\ufeff" + text).encode())
    assert list(raw.frame.columns) == list(COLUMN_NAMES), "spaces, quotes, BOM and trailing empty columns go"
    assert not raw.report.issues


def test_rows_are_counted_as_a_spreadsheet_shows_them():
    """Header = row 1; a blank line is a row; a quoted cell over three lines stays in one row."""
    rows = [{**ROWS[0], "notes": "un\ndeux\ntrois"}, {}, ROWS[1]]
    text = csv_text(rows)
    text = text.replace("\n" + "," * (len(COLUMN_NAMES) - 1) + "\n", "\n\n")  # the empty row as a blank line
    raw = read_table(text.encode())
    assert raw.rows == [2, 4]
    assert cells(raw, "notes")[0] == "un\ndeux\ntrois"
    assert raw.report.rows_read == 2


@pytest.mark.parametrize(("change", "reason"), [
    (lambda line: line + ",en trop", f"{len(COLUMN_NAMES) + 1} champs au lieu de {len(COLUMN_NAMES)} : un séparateur "
                                      "ou un guillemet manque"),
    (lambda line: line.rsplit(",", 2)[0], f"{len(COLUMN_NAMES) - 2} champs au lieu de {len(COLUMN_NAMES)}"),
])
def test_rows_with_the_wrong_number_of_fields_are_rejected_alone(change, reason):
    lines = csv_text().splitlines()
    lines[2] = change(lines[2])
    raw = read_table(("\n".join(lines) + "\n").encode())
    assert raw.rows == [2] and raw.report.rejected_rows == [3]
    assert reason in raw.report.errors[0].reason


def test_trailing_empty_cells_are_not_extra_fields():
    lines = csv_text().splitlines()
    raw = read_table((lines[0] + "\n" + lines[1] + ",,,\n" + lines[2] + "\n").encode())
    assert raw.rows == [2, 3] and not raw.report.issues


def test_a_quote_never_closed_names_the_lines_it_swallows():
    rows = [{**ROWS[1], "offer_id": offer_id} for offer_id in ("a", "b", "c", "d")]
    lines = csv_text(rows, header=[c for c in COLUMN_NAMES if c != "title"]).splitlines()
    lines[2] = lines[2].replace(",Décider ensemble,", ',"Décider ensemble,', 1)
    raw = read_table(("\n".join(lines) + "\n").encode())
    assert list(raw.frame["offer_id"]) == ["a"]
    (error,) = raw.report.errors
    assert error.row == 3 and "guillemet ouvert n'est pas refermé" in error.reason
    assert "de la ligne 3 à la fin du fichier texte" in error.reason
    with pytest.raises(InvalidOffersFile, match="aucune ligne lisible"):
        read_table(("\n".join([lines[0], *lines[2:]]) + "\n").encode())


def test_a_cell_longer_than_csv_default_limit_is_read_and_the_next_rows_too():
    rows = [{**ROWS[0], "notes": "n" * 200_000}, ROWS[1]]
    raw = read_table(csv_text(rows).encode())
    assert raw.rows == [2, 3] and len(cells(raw, "notes")[0]) == 200_000


def test_header_only_and_no_readable_row_are_refused():
    with pytest.raises(InvalidOffersFile, match="ne contient que la ligne d'en-tête"):
        read_table(",".join(COLUMN_NAMES).encode())
    with pytest.raises(InvalidOffersFile) as raised:
        read_table((",".join(COLUMN_NAMES) + "\na,b\nc,d\n").encode())
    report = raised.value.report
    assert report.rejected_rows == [2, 3] and "aucune ligne lisible" in report.errors[-1].reason


def test_duplicate_and_unnamed_header_columns():
    header = [*COLUMN_NAMES, "city"]
    with pytest.raises(InvalidOffersFile) as raised:
        read_table(csv_text(header=header).encode())
    (error,) = raised.value.report.errors
    assert (error.row, error.column) == (1, "city") and "apparaît deux fois" in error.reason
    header = [*COLUMN_NAMES[:3], "", *COLUMN_NAMES[3:]]
    raw = read_table(csv_text(header=header).encode())
    assert "colonne_4" in raw.frame.columns
    assert any(w.column == "colonne_4" and w.row == 1 for w in raw.report.warnings)


def test_double_encoded_text_is_kept_with_a_warning():
    raw = read_table(csv_text([{**ROWS[1], "organisation": "DÃ©cider ensemble"}]).encode())
    assert cells(raw, "organisation") == ["DÃ©cider ensemble"]
    (warning,) = raw.report.warnings
    assert (warning.row, warning.column) == (2, "organisation")


# --- sources and size -------------------------------------------------------------------------

def test_sources_of_every_kind(tmp_path):
    data = csv_text().encode()
    path = tmp_path / "offres.csv"
    path.write_bytes(data)
    for source in (data, bytearray(data), memoryview(data), path, str(path)):
        assert read_bytes(source) == data
        assert len(read_table(source).frame) == 2


def test_size_limit_is_announced_in_the_same_unit():
    assert MAX_FILE_MB == MAX_FILE_BYTES // (1024 * 1024) == 200
    assert loading.ACCEPTED_EXTENSIONS == ("csv", "txt")


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "gros.csv"
    path.write_bytes(csv_text().encode())
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(loading.Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(InvalidOffersFile, match="au-delà de la limite"):
        read_table(path)


# --- the fast reader of regular files ----------------------------------------------------------

def test_regular_file_is_read_by_the_fast_reader_as_by_the_careful_one():
    """The bundled file and every bad file: where the fast reader takes one, it reads the same cells,
    rows and report; the files with blank lines or cells spanning lines are left to the careful one."""
    from pathlib import Path

    from lib.report import ValidationReport

    root = Path(__file__).resolve().parent
    bundled = (root.parent / "data" / "offers.csv").read_bytes()
    assert loading._read_regular(bundled) is not None
    taken = 0
    for path in [root.parent / "data" / "offers.csv", *sorted((root / "data" / "bad").glob("*.csv"))]:
        data = path.read_bytes()
        fast = loading._read_regular(data)
        if fast is None:
            continue
        taken += 1
        careful = loading._read_carefully(data, ValidationReport())
        assert fast.frame.equals(careful.frame), path.name
        assert (fast.rows, fast.report) == (careful.rows, careful.report), path.name
    assert taken >= 10, "most bad files are regular CSV whose problems are in their values"
    for irregular in [csv_text(line_end="\n\n"), csv_text().replace("seed 001", '"seed\n001"'),
                      csv_text() + "x,y\n", csv_text().replace("seed 001", "seed \x00"),
                      # Rows of blank cells, which the careful reader skips as blank lines (found by hypothesis).
                      "offer_id\n0\n\t", 'offer_id\n""', csv_text() + "," * (len(COLUMN_NAMES) - 1) + "\n"]:
        assert loading._read_regular(irregular.encode()) is None
