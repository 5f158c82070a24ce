"""Ingesting postings (issue 13) and the limits of a paste (issue 10): real files of every kind,
digests cut into their offers, duplicates, the command line, the length limit, the stop check.

Files are built here with the libraries that write them (python-docx, fpdf2, the stdlib's email),
from the seeds' own texts, so each test reads what a user would upload.
"""

import email.policy
import io
import json
import subprocess
import sys
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.extraction import is_right
from lib.extract import ExtractionStopped, PostingTooLong, extract_offer
from lib.ingest import (
    Document,
    UnreadableDocument,
    find_duplicates,
    propose_documents,
    propose_offers,
    read_document,
    split_offers,
)
from lib.ingest.split import is_heading
from lib.limits import MAX_PDF_PAGES, MAX_POSTING_CHARS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
HELDOUT = ROOT / "benchmarks" / "heldout"
DEVSET = ROOT / "benchmarks" / "devset"
DIGEST = SEEDS / "001_2e1128ab0c5aeda3.txt"
SINGLE_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("001"))
OFFERS = pd.read_csv(ROOT / "data" / "offers.csv", dtype=str, keep_default_na=False)
BUNDLED = OFFERS.assign(dataset="bundled")
PETR = "Pôle d’équilibre territorial et rural du Pays d’Arles (Arles – 13004) – Stage accompagnement"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def single_postings() -> list[Path]:
    """Every text known to hold one offer: the single seeds, the old held-out set, the dev set."""
    return [*SINGLE_SEEDS, *sorted(HELDOUT.glob("*.txt")), *sorted(DEVSET.glob("*.txt"))]


def latin1(text: str) -> str:
    """The text in the characters of fpdf2's core fonts."""
    for a, b in (("’", "'"), ("œ", "oe"), ("–", "-"), ("—", "-"), ("…", "..."), ("•", "-"), ("€", "EUR"),
                 ("«", '"'), ("»", '"'), ("·", "."), ("\u202f", " "), ("\u2009", " ")):
        text = text.replace(a, b)
    return text.encode("latin-1", "ignore").decode("latin-1")


def make_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for paragraph in latin1(text).split("\n"):
        pdf.multi_cell(0, 5, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_scan_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a picture of a page: no text layer
    return bytes(pdf.output())


def make_docx(text: str, table: list[tuple[str, str]] = ()) -> bytes:
    import docx

    document = docx.Document()
    lines = text.split("\n")
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if line.strip():
            document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=0, cols=2)
        for label, value in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = label, value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_eml(body: str, attachments: list[tuple[str, bytes, str]] = (), subject: str = "Offres de stage",
             inner: EmailMessage | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Réseau <liste@example.org>"
    message["To"] = "stages@example.org"
    message["Subject"] = subject
    message.set_content(body)
    for filename, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if inner is not None:
        message.add_attachment(inner)
    return message.as_bytes(policy=email.policy.default)


# --- readers ---------------------------------------------------------------------------------------

def test_text_and_markdown_files_are_read_in_their_encoding():
    posting = seed("002")
    for name, data in (("offre.txt", posting.encode("utf-8")), ("offre.md", posting.encode("utf-8-sig")),
                       ("windows.txt", latin1(posting).encode("cp1252")),
                       ("utf16.txt", posting.encode("utf-16"))):
        [document] = read_document(name, data)
        assert "Conseil de développement" in document.text or "Conseil de developpement" in document.text
        assert document.name == name
    [odd] = read_document("odd.txt", b"Stage \x81\x8d concertation (Lyon)")
    assert odd.warnings and "Latin-1" in odd.warnings[0]


def test_saved_web_page_gives_the_main_text_without_menus():
    posting = seed("004")
    paragraphs = "".join(f"<p>{line}</p>" for line in posting.split("\n") if line.strip())
    menu = "".join(f'<li><a href="/{w}">Menu {w}</a></li>' for w in ("accueil", "emplois", "contact", "presse"))
    html = (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Offre</title></head><body>'
            f"<header><nav><ul>{menu}</ul></nav></header>"
            f"<main><article><h1>Offre de stage</h1>{paragraphs}</article></main>"
            "<aside><h2>Articles populaires</h2><ul><li><a href='/a'>Lire aussi ceci</a></li></ul></aside>"
            "<footer><p>Mentions légales — Politique de cookies — Plan du site</p></footer></body></html>")
    [document] = read_document("offre.html", html.encode("utf-8"))
    assert document.kind == "html"
    assert "Participation et engagement citoyen" in document.text
    for noise in ("Menu accueil", "Mentions légales", "Plan du site"):
        assert noise not in document.text
    [proposal] = propose_offers(document.text, document.name)
    assert proposal.row["organisation"] == "ANCT"


def test_pdf_with_a_text_layer_is_read_and_a_scan_says_so():
    [document] = read_document("offre.pdf", make_pdf(seed("002")))
    assert document.kind == "pdf" and "Conseil de d" in document.text
    [proposal] = propose_offers(document.text, document.name)
    assert proposal.row["city"] == "Arles"
    with pytest.raises(UnreadableDocument, match="scan"):
        read_document("scan.pdf", make_scan_pdf())


def test_docx_paragraphs_and_tables_are_read_in_order():
    data = make_docx(seed("004"), table=[("Lieu", "Paris"), ("Durée", "6 mois")])
    [document] = read_document("offre.docx", data)
    assert document.kind == "docx"
    assert document.text.startswith("ANCT (Paris) – Stage Participation et engagement citoyen")
    assert "Durée : 6 mois" in document.text


def test_email_gives_its_body_and_every_readable_attachment_nested_ones_too():
    inner = EmailMessage()
    inner["Subject"] = "Tr: offre PETR"
    inner.set_content(seed("002"))
    data = make_eml("Bonjour,\nvoici deux offres en pièces jointes et une transférée.\nBonne journée",
                    [("anct.docx", make_docx(seed("004")),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                     ("reso.pdf", make_pdf(seed("003")), "application/pdf"),
                     ("logo.png", b"\x89PNG\r\n\x1a\n", "image/png")], inner=inner)
    documents = read_document("mail.eml", data)
    names = [d.name for d in documents]
    assert names == ["mail.eml", "mail.eml › anct.docx", "mail.eml › reso.pdf", "mail.eml › e-mail joint"]
    proposals = propose_documents(documents)
    organisations = [p.row["organisation"] for p in proposals]
    assert "ANCT" in organisations and any("Arles" in str(o) for o in organisations)
    assert any(p.source.startswith("mail.eml › reso.pdf: ") for p in proposals)


@pytest.mark.parametrize("name, data, message", [
    ("bomb.docx", None, "décompresse"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "Word illisible"),
    ("pages.pdf", None, f"limite est de {MAX_PDF_PAGES} pages"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer <<>>\n%%EOF", "PDF"),
    ("empty.txt", b"   \n\n ", "aucun texte"),
    ("photo.jpg", b"\xff\xd8\xff", "type de fichier non lu"),
    ("huge.txt", b"a" * (MAX_POSTING_CHARS + 10), "trop long"),
])
def test_hostile_files_fail_with_a_clear_message_within_limits(name, data, message):
    if name == "bomb.docx":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))  # 80 MB unpacked, 80 kB packed
        data = out.getvalue()
        assert len(data) < 1024 * 1024
    if name == "pages.pdf":
        from pypdf import PdfWriter

        writer = PdfWriter()
        for _ in range(MAX_PDF_PAGES + 1):
            writer.add_blank_page(100, 100)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument, match=message) as caught:
        read_document(name, data)
    assert time.perf_counter() - started < 30
    assert name in str(caught.value) and "\n" not in str(caught.value)


def test_malformed_email_is_read_as_far_as_it_goes():
    raw = (b"Subject: Offre\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + seed("004").encode("utf-8") +
           b"\r\n--XX\r\nContent-Type: application/pdf; name=\"a.pdf\"\r\nContent-Disposition: attachment; "
           b"filename=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!")  # no closing boundary
    documents = read_document("casse.eml", raw)
    assert documents[0].name == "casse.eml" and "ANCT" in documents[0].text
    with pytest.raises(UnreadableDocument, match=r"casse2\.eml"):
        read_document("casse2.eml", b"Content-Type: multipart/mixed; boundary=\"Z\"\r\n\r\n--Z\r\n--Z--")


# --- digests -----------------------------------------------------------------------------------------

def test_seed_001_gives_exactly_its_24_offers_with_organisation_and_title():
    text = DIGEST.read_text(encoding="utf-8")
    headings = [part.partition(": ")[2] for source in OFFERS["source"] for part in source.split(" | ")
                if part.startswith(DIGEST.name)]
    proposals = propose_offers(text, DIGEST.name, BUNDLED)
    assert len(proposals) == 24 == len(headings)
    assert sorted(p.source.partition(": ")[2] for p in proposals) == sorted(headings)
    by_heading = {p.source.partition(": ")[2]: p for p in proposals}
    for row in OFFERS.to_dict("records"):
        for part in row["source"].split(" | "):
            if not part.startswith(DIGEST.name):
                continue
            heading = part.partition(": ")[2]
            proposal = by_heading[heading]
            assert proposal.text.startswith(heading[:40])
            assert is_right("title", proposal.row["title"], row["title"]), (heading, proposal.row["title"])
            curated = _words(row["organisation"])
            if len(curated & _words(heading)) >= 0.8 * len(curated):  # the curated name is the heading's
                assert is_right("organisation", proposal.row["organisation"], row["organisation"]) or (
                    _words(row["organisation"]) <= _words(proposal.row["organisation"])), (heading, proposal.row)


def _words(text: object) -> set[str]:
    import re

    from lib.extract import fold

    return {w for w in re.split(r"[^a-z0-9]+", fold(str(text or ""))) if len(w) > 3}


@pytest.mark.parametrize("path", single_postings(), ids=lambda p: p.name[:24])
def test_a_single_posting_stays_one_offer(path):
    text = path.read_text(encoding="utf-8")
    assert len(split_offers(text)) == 1


def _assembled(joiner: str, numbered: bool = False) -> tuple[str, list[str]]:
    """A digest of every single posting; without separator lines, of those whose first line is a
    heading (a posting that starts « Site Musiques Métisses » can't be told from the text above it)."""
    texts = [p.read_text(encoding="utf-8").strip() for p in single_postings()]
    if joiner.strip() == "":
        texts = [t for t in texts if is_heading(t.split("\n", 1)[0])]
    if numbered:
        texts = [f"{i}. {t}" for i, t in enumerate(texts, 1)]
    heads = [t.split("\n", 1)[0] for t in texts]
    intro = "Bonjour à toutes et à tous,\n\nVoici les offres de stage reçues cette semaine.\n\n"
    return intro + joiner.join(texts) + "\n\nBonne semaine,\nL'équipe du réseau\n", heads


@pytest.mark.parametrize("joiner, numbered", [
    ("\n\n", False),
    ("\n\n----------------------------------------\n\n", False),
    ("\n\n* * *\n\n", False),
    ("\n\n", True),
    ("\n\nOffre n° 2\n\n", False),
])
def test_assembled_digests_are_cut_into_their_postings(joiner, numbered):
    text, heads = _assembled(joiner, numbered)
    spans = split_offers(text)
    assert len(spans) == len(heads)
    for span, head in zip(spans, heads, strict=True):
        assert text[span.start:span.end].lstrip("0123456789. ").startswith(head.lstrip("0123456789. ")[:30])


def test_digest_inside_an_email_is_cut_too():
    text, heads = _assembled("\n\n________________________________\n\n")  # Outlook's separator
    [document] = read_document("lettre.eml", make_eml(text[:MAX_POSTING_CHARS - 1000]))
    assert len(propose_offers(document.text, document.name)) == len(heads)


# --- duplicates ---------------------------------------------------------------------------------------

def test_petr_posting_of_seed_002_is_found_in_the_bundled_file():
    [proposal] = propose_offers(seed("002"), "002.txt", BUNDLED)
    best = proposal.duplicates[0]
    assert best.offer_id == "petr-arles-conseil-developpement-2023" and best.where == "bundled"
    assert "même structure" in best.reason and "Arles" in best.reason


def test_duplicates_within_one_batch_and_against_the_collection():
    text = DIGEST.read_text(encoding="utf-8") + "\n\n" + seed("002")
    proposals = propose_offers(text, "lot.txt")
    assert len(proposals) == 25
    last = proposals[-1]
    [match] = [d for d in last.duplicates if d.where == "batch"]
    earlier = next(p for p in proposals[:-1] if p.row["offer_id"] == match.offer_id)
    assert earlier.source.endswith(PETR[-40:] + " d’un Conseil de développement")
    collection = pd.DataFrame([last.row]).assign(dataset="collection", offer_id="collection-petr")
    [again] = propose_offers(seed("002"), "002.txt", collection)
    assert [d.where for d in again.duplicates] == ["collection"]


def test_same_organisation_similar_title_same_place_is_a_duplicate_different_posts_are_not():
    row = {"offer_id": "new", "organisation": "Mairie de Paris", "title": "Chargé de communication du pôle vie "
           "citoyenne", "city": "Paris", "postcode": "75011", "year": 2023}
    matches = find_duplicates(row, BUNDLED)
    assert [m.offer_id for m in matches] == ["paris-11-communication-service-civique-2023"]
    assert "intitulé proche" in matches[0].reason and "même commune" in matches[0].reason
    other_host = dict(row, organisation="Agence TACT")
    assert find_duplicates(other_host, BUNDLED) == []
    other_post = dict(row, title="Designer de services numériques")
    assert find_duplicates(other_post, BUNDLED) == []


def test_bundled_offers_are_not_duplicates_of_each_other():
    for row in OFFERS.to_dict("records"):
        assert find_duplicates(row, BUNDLED) == [], row["offer_id"]


# --- limit and stop ------------------------------------------------------------------------------------

def test_a_text_over_the_limit_is_refused_before_any_work():
    text = "Stage 4 mois. " * (MAX_POSTING_CHARS // 14 + 10)
    started = time.perf_counter()
    for call in (lambda: extract_offer(text), lambda: propose_offers(text)):
        with pytest.raises(PostingTooLong, match="Texte trop long") as caught:
            call()
        assert isinstance(caught.value, ValueError)
    assert time.perf_counter() - started < 1


def test_extraction_stops_when_asked_between_offers_and_fields():
    calls = []

    def should_stop() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(ExtractionStopped):
        propose_offers(DIGEST.read_text(encoding="utf-8"), should_stop=should_stop)
    assert len(calls) == 6  # stopped at the first check that said so, within the first offer
    with pytest.raises(ExtractionStopped):
        extract_offer(seed("002"), should_stop=lambda: True)


# --- command line ------------------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_cli_ingest_prints_one_object_per_offer_with_contract_names(tmp_path):
    docx_path = tmp_path / "anct.docx"
    docx_path.write_bytes(make_docx(seed("004")))
    result = run_cli("ingest", str(DIGEST), str(docx_path), str(SEEDS / next(SEEDS.glob("002_*")).name))
    assert result.returncode == 0, result.stderr
    offers = json.loads(result.stdout)
    assert len(offers) == 24 + 1 + 1
    assert {"offer_id", "organisation", "title", "stipend_basis", "source", "duplicates"} <= set(offers[0])
    assert offers[24]["source"].startswith("anct.docx: ANCT (Paris)")
    petr = offers[-1]
    assert {d["where"] for d in petr["duplicates"]} >= {"bundled", "batch"}


def test_cli_ingest_names_an_unreadable_file_and_exits_1(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_scan_pdf())
    result = run_cli("ingest", str(scan))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "scan.pdf" in result.stderr and "scan" in result.stderr
    assert json.loads(result.stdout) == []


def test_cli_extract_refuses_a_text_over_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("4 mois " * (MAX_POSTING_CHARS // 7 + 10), encoding="utf-8")
    result = run_cli("extract", str(big))
    assert result.returncode == 1 and "Texte trop long" in result.stdout and "Traceback" not in result.stderr


def test_documents_are_frozen_records():
    document = Document("a.txt", "texte", "text")
    with pytest.raises(AttributeError):
        document.text = "autre"  # type: ignore[misc]
