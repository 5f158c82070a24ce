"""Every limit the dashboard enforces against heavy or hostile input, in one place.

The README's « Sécurité » section states these figures (tests/test_docs.py keeps it in step);
pages and the command line read them from here, so what is announced is what is enforced.
"""

from __future__ import annotations

import os

# One uploaded or loaded CSV file (also Streamlit's server.maxUploadSize, in .streamlit/config.toml).
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)

# All uploaded files held by the server at once, every session together (override with the
# environment variable UPLOAD_BUDGET_MB): Community Cloud stops an app near 2.7 GB. What counts is
# the size of each file kept: a session keeps one file, released when it is removed or when the
# session ends.
UPLOAD_BUDGET_MB = 500
UPLOAD_BUDGET_ENV = "UPLOAD_BUDGET_MB"

# The first line of a CSV file is its header: the contract's is about 500 characters. A longer one
# is not a header (and Python's csv module refuses a cell over 128 KiB unless told otherwise).
MAX_HEADER_CHARS = 64 * 1024

# One record (one offer, all its cells) of a CSV file: the contract's longest cells add up to about
# 10,000 characters. A longer record is rejected on its row without being held in memory whole.
MAX_RECORD_BYTES = 1024 * 1024

# A pasted or uploaded posting, before any extraction work: a posting is rarely over 50 KB, a digest
# of a few dozen postings (seed 001: 92 KB, 24 offers) a few hundred.
MAX_POSTING_CHARS = 300_000

# Public geocoders (Nominatim's usage policy: at most one request per second for the whole
# application, with an identifying User-Agent).
GEOCODER_MIN_DELAY_SECONDS = 1.0
# A lookup that failed (service down, timeout, garbage) is not asked again for this long.
GEOCODER_FAILURE_TTL_SECONDS = 600.0
# The answers kept on disk: at most this many, and a file of at most this size (oldest first out).
GEOCODER_CACHE_MAX_ENTRIES = 5000
GEOCODER_CACHE_MAX_BYTES = 1024 * 1024
# A place typed by someone: longer text is not sent to a geocoder at all.
GEOCODER_QUERY_MAX_CHARS = 200
# A lookup that would have to wait this long for its turn (other sessions queued before it) gives up.
GEOCODER_MAX_WAIT_SECONDS = 10.0

# Suggestions of offers by visitors of a public deployment (lib/collection): per browser session,
# waiting for review all together, and the size of one offer's text.
MAX_SUGGESTIONS_PER_SESSION = 30
MAX_PENDING_SUGGESTIONS = 500
MAX_SUGGESTION_TEXT_CHARS = 50_000

# One document given to the ingest (a .pdf, .docx, .eml, .html… posting), and what reading it may
# unpack: hostile files (a zip bomb in a .docx, a PDF of thousands of pages, an e-mail nesting
# e-mails) are refused with a message instead of filling the memory.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # everything a .docx unzips to
MAX_PDF_PAGES = 300
MAX_EMAIL_PARTS = 50  # body parts and attachments, nested e-mails included
MAX_EMAIL_DEPTH = 5  # an e-mail attached to an e-mail attached to…

def upload_budget_bytes() -> int:
    """The upload budget in bytes: UPLOAD_BUDGET_MB, or the environment variable of that name
    (megabytes, decimals allowed) when it holds a positive number."""
    configured = os.environ.get(UPLOAD_BUDGET_ENV, "").strip().replace(",", ".")
    try:
        megabytes = float(configured) if configured else float(UPLOAD_BUDGET_MB)
    except ValueError:
        megabytes = float(UPLOAD_BUDGET_MB)
    if not megabytes > 0:
        megabytes = float(UPLOAD_BUDGET_MB)
    return int(megabytes * 1024 * 1024)
