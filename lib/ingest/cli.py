"""``python -m lib ingest FILE…``: the offers found in each file, as a JSON list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from lib.extract import ExtractionStopped, PostingTooLong
from lib.ingest import proposal_json, propose_documents
from lib.ingest.readers import Document, UnreadableDocument, read_document
from lib.limits import MAX_DOCUMENT_BYTES

BUNDLED = Path(__file__).resolve().parent.parent.parent / "data" / "offers.csv"


def read_file(path: Path) -> list[Document]:
    """The documents of one file, read at most ``MAX_DOCUMENT_BYTES`` (a device has no size)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise UnreadableDocument(f"« {path} » : fichier illisible ({exc.strerror or type(exc).__name__}).") from exc
    return read_document(path.name, data)


def existing_offers(path: Path | None) -> pd.DataFrame | None:
    if path is None or not path.is_file():
        return None
    from lib.validation import load_offers

    try:
        offers = load_offers(path).offers
    except Exception:  # a broken reference file only turns the duplicate check off
        return None
    return offers.assign(dataset="bundled")


def run(args: argparse.Namespace) -> int:
    documents: list[Document] = []
    failed = False
    for name in args.paths:
        try:
            documents.extend(read_file(Path(name)))
        except UnreadableDocument as exc:
            print(str(exc), file=sys.stderr)
            failed = True
    existing = None if args.no_duplicates else existing_offers(Path(args.against) if args.against else BUNDLED)
    try:
        proposals = propose_documents(documents, existing)
    except (PostingTooLong, ExtractionStopped) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for document in documents:
        for warning in document.warnings:
            print(f"{document.name} : {warning}", file=sys.stderr)
    print(json.dumps([proposal_json(p) for p in proposals], ensure_ascii=False, indent=2, default=str))
    return 1 if failed else 0


def register(commands) -> None:
    cmd = commands.add_parser("ingest", help="propose the offers of postings (.txt, .md, .html, .eml, .pdf, .docx), "
                                             "one JSON object per offer")
    cmd.add_argument("paths", nargs="+", metavar="FILE")
    cmd.add_argument("--against", help="the offers file duplicates are looked for in (default: data/offers.csv)")
    cmd.add_argument("--no-duplicates", action="store_true", help="do not look for duplicates")
    cmd.set_defaults(run=run)
