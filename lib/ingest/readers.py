"""Reading a posting from whatever it came in: pasted text, .txt, .md, .html, .eml, .pdf, .docx.

Each reader returns the posting's text (for a web page its main text, without menus or footer)
and says clearly when it can't: a PDF without a text layer is a scan, a .docx that unzips to
more than ``MAX_UNPACKED_BYTES`` is refused before it is unpacked, an e-mail's attachments are read
up to ``MAX_EMAIL_PARTS`` parts and ``MAX_EMAIL_DEPTH`` levels of attached e-mails.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage, Message
from pathlib import PurePath

from lib.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_EMAIL_DEPTH,
    MAX_EMAIL_PARTS,
    MAX_PDF_PAGES,
    MAX_POSTING_CHARS,
    MAX_UNPACKED_BYTES,
)

PASTED = "texte collé"
KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
         ".htm": "html", ".xhtml": "html", ".eml": "email", ".pdf": "pdf", ".docx": "docx"}
ATTACHMENT_SEPARATOR = " › "


class UnreadableDocument(ValueError):
    """A document that gives no text, with a one-line French message naming it and why."""


@dataclass(frozen=True)
class Document:
    """The text of one readable part: a file, the body of an e-mail or one of its attachments."""

    name: str  # file name, or "texte collé"; for an .eml attachment "mail.eml › offre.pdf"
    text: str  # main text only (no menus for .html)
    kind: str  # "text" | "markdown" | "html" | "email" | "pdf" | "docx"
    warnings: tuple[str, ...] = ()


def kind_of(name: str) -> str | None:
    """The kind a file name announces, or None for a kind the ingest does not read."""
    return KINDS.get(PurePath(name).suffix.lower())


def read_document(name: str, data: bytes) -> list[Document]:
    """One document per readable part: an .eml gives its body and each readable attachment.

    Raises ``UnreadableDocument`` (French message) for an unknown kind, a file over the limits,
    a scan, a damaged file.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(f"« {name} » : fichier trop gros ({len(data) / 1e6:.1f} Mo), la limite est de "
                                 f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} Mo.")
    kind = kind_of(name)
    if kind is None:
        known = ", ".join(sorted(KINDS))
        raise UnreadableDocument(f"« {name} » : type de fichier non lu (types acceptés : {known}).")
    if kind == "email":
        return _read_email(name, data, depth=0, budget=[MAX_EMAIL_PARTS])
    reader = {"text": _read_text_file, "markdown": _read_text_file, "html": _read_html, "pdf": _read_pdf,
              "docx": _read_docx}[kind]
    text, warnings = reader(name, data)
    return [_document(name, text, kind, warnings)]


def pasted_document(text: str) -> Document:
    """The pasted text as a document (same checks as a file)."""
    return _document(PASTED, text, "text", ())


def _document(name: str, text: str, kind: str, warnings: tuple[str, ...]) -> Document:
    text = _tidy(text)
    if not text.strip():
        raise UnreadableDocument(f"« {name} » : aucun texte à lire.")
    if len(text) > MAX_POSTING_CHARS:
        raise UnreadableDocument(f"« {name} » : texte trop long ({len(text):,} caractères, la limite est de "
                                 f"{MAX_POSTING_CHARS:,}).".replace(",", "\u202f"))
    return Document(name, text, kind, tuple(warnings))


def _tidy(text: str) -> str:
    """Line ends made \\n, no NUL or other control characters, at most two blank lines in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip("\n")


# --- text ---------------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes of a text file as text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252,
    and as a last resort Latin-1 with a warning (bytes that Windows-1252 leaves undefined)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), ()
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), ("Encodage inconnu : le texte a été lu en Latin-1, vérifiez les accents.",)


def _read_text_file(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    return decode_text(data)


# --- html ---------------------------------------------------------------------------------------

def _read_html(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    html, warnings = decode_text(data) if not _declared_charset(data) else (_decode_declared(data), ())
    return html_main_text(html, name), warnings


def _declared_charset(data: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    return match.group(1).decode("ascii", "ignore") if match else None


def _decode_declared(data: bytes) -> str:
    charset = _declared_charset(data) or "utf-8"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return decode_text(data)[0]


def html_main_text(html: str, name: str = "page") -> str:
    """The main text of a web page (trafilatura: no menus, footer or cookie banner), lines kept;
    the whole visible text when the page is too short for trafilatura to find a main part."""
    import trafilatura  # loads lxml and its rules only when a page is read

    text = trafilatura.extract(html, include_comments=False, include_tables=True, include_links=False,
                               include_formatting=False, favor_recall=True, deduplicate=False)
    if not text or len(text) < 200:
        fallback = trafilatura.html2txt(html)
        text = fallback if fallback and len(fallback) > len(text or "") else text
    if not text or not text.strip():
        raise UnreadableDocument(f"« {name} » : la page ne contient pas de texte lisible.")
    # trafilatura writes list items as "- item": keep them, and separate paragraphs by a blank line.
    return re.sub(r"\n(?!- |\n)", "\n\n", text)


# --- pdf ----------------------------------------------------------------------------------------

def _read_pdf(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"« {name} » : PDF protégé par un mot de passe, il ne peut pas être lu.")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise UnreadableDocument(f"« {name} » : PDF de {pages} pages, la limite est de {MAX_PDF_PAGES} pages.")
        texts: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            texts.append(text)
            total += len(text)
            if total > MAX_POSTING_CHARS:
                raise UnreadableDocument(f"« {name} » : texte trop long (plus de {MAX_POSTING_CHARS:,} caractères)."
                                         .replace(",", "\u202f"))
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, MemoryError) as exc:
        raise UnreadableDocument(f"« {name} » : PDF illisible ou endommagé ({type(exc).__name__}).") from exc
    text = "\n\n".join(t.strip("\n") for t in texts)
    if not text.strip():
        raise UnreadableDocument(f"« {name} » : ce PDF n'a pas de couche texte (c'est sans doute un scan) ; "
                                 "copiez-collez le texte de l'offre ou passez-le d'abord dans un logiciel d'OCR.")
    return text, ()


# --- docx ---------------------------------------------------------------------------------------

def _read_docx(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES or len(archive.infolist()) > 2000:
            raise UnreadableDocument(f"« {name} » : document Word anormal (il se décompresse en "
                                     f"{unpacked / 1e6:.0f} Mo, la limite est de "
                                     f"{MAX_UNPACKED_BYTES // (1024 * 1024)} Mo).")
        from docx import Document as open_docx

        document = open_docx(io.BytesIO(data))
    except UnreadableDocument:
        raise
    except Exception as exc:
        # zipfile, python-docx and lxml raise many kinds of errors on a damaged file; one message for all.
        raise UnreadableDocument(f"« {name} » : document Word illisible ou endommagé ({type(exc).__name__}).") \
            from exc
    return "\n\n".join(_docx_blocks(document)), ()


def _docx_blocks(document) -> list[str]:
    """Paragraphs and table rows in the order of the body ("Lieu | Lyon" for a table row)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                blocks.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    blocks.append(" : ".join(cells) if len(cells) == 2 else " | ".join(cells))
    return blocks


# --- e-mail -------------------------------------------------------------------------------------

def _read_email(name: str, data: bytes, depth: int, budget: list[int]) -> list[Document]:
    """The body of an e-mail and each readable attachment, attached e-mails read the same way."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient: this is a last guard
        raise UnreadableDocument(f"« {name} » : e-mail illisible ({type(exc).__name__}).") from exc
    documents: list[Document] = []
    warnings: list[str] = []
    _walk_email(name, message, depth, budget, documents, warnings)
    if not documents:
        reason = f" ({warnings[0]})" if warnings else ""
        raise UnreadableDocument(f"« {name} » : cet e-mail ne contient ni texte ni pièce jointe lisible{reason}.")
    if warnings:
        first = documents[0]
        documents[0] = Document(first.name, first.text, first.kind, first.warnings + tuple(warnings))
    return documents


def _walk_email(name: str, message: Message, depth: int, budget: list[int], documents: list[Document],
                warnings: list[str]) -> None:
    if depth > MAX_EMAIL_DEPTH:
        warnings.append(f"e-mails imbriqués sur plus de {MAX_EMAIL_DEPTH} niveaux : la suite n'est pas lue")
        return
    if getattr(message, "defects", None):
        warnings.append(f"« {name} » : e-mail mal formé, lu au mieux")
    body = _email_body(message)
    if body is not None and budget[0] > 0:
        budget[0] -= 1
        try:
            text, kind = body
            documents.append(_document(name, _with_subject(message, text), kind, ()))
        except UnreadableDocument as exc:
            warnings.append(str(exc))
    for part in _attachments(message):
        if budget[0] <= 0:
            warnings.append(f"plus de {MAX_EMAIL_PARTS} parties : les suivantes ne sont pas lues")
            return
        filename = part.get_filename() or ""
        if part.get_content_type() == "message/rfc822" or filename.lower().endswith(".eml"):
            inner = _attached_message(part)
            inner_name = f"{name}{ATTACHMENT_SEPARATOR}{filename or 'e-mail joint'}"
            if inner is not None:
                _walk_email(inner_name, inner, depth + 1, budget, documents, warnings)
            continue
        if not filename or kind_of(filename) in (None, "email"):
            continue  # images, calendars, signatures…
        budget[0] -= 1
        part_name = f"{name}{ATTACHMENT_SEPARATOR}{filename}"
        try:
            payload = part.get_payload(decode=True) or b""
            documents.extend(read_document(part_name, payload))
        except UnreadableDocument as exc:
            warnings.append(str(exc))


def _with_subject(message: Message, text: str) -> str:
    """The subject line first when it has the shape of an offer's heading and the body does not
    start with one (« Stage chargé de concertation chez X », then « Bonjour, … »)."""
    from lib.ingest.split import is_heading

    subject = " ".join(str(message.get("subject", "") or "").split())
    subject = re.sub(r"^(?:(?:re|fwd?|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if subject and is_heading(subject) and not is_heading(first) and subject.lower() not in text[:500].lower():
        return f"{subject}\n\n{text}"
    return text


def _email_body(message: Message) -> tuple[str, str] | None:
    """The body as (text, kind): the plain-text part, else the HTML one read as a page."""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
    else:
        part = message if message.get_content_maintype() == "text" else None
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError, KeyError):
        raw = part.get_payload(decode=True) or b""
        content = decode_text(raw)[0]
    if not isinstance(content, str):
        return None
    if part.get_content_subtype() == "html":
        try:
            return html_main_text(content), "email"
        except UnreadableDocument:
            return None
    return content, "email"


def _attachments(message: Message) -> list[Message]:
    if isinstance(message, EmailMessage):
        try:
            return list(message.iter_attachments())
        except (KeyError, ValueError, AttributeError):
            pass
    if not message.is_multipart():
        return []
    return [p for p in message.walk() if p is not message and p.get_filename()]


def _attached_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    raw = part.get_payload(decode=True)
    if isinstance(raw, bytes) and raw:
        return email.message_from_bytes(raw, policy=email.policy.default)
    return None
