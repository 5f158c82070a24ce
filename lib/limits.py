"""Every limit the dashboard enforces against heavy or hostile input, in one place.

The README's « Sécurité » section states these figures; pages and the command line read them from
here, so what is announced is what is enforced.
"""

from __future__ import annotations

# One uploaded or loaded CSV file (also Streamlit's server.maxUploadSize, in .streamlit/config.toml).
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)

# All uploaded data held by the server at once, every session together (override with the
# environment variable UPLOAD_BUDGET_MB): Community Cloud stops an app near 2.7 GB.
UPLOAD_BUDGET_MB = 500

# A pasted or uploaded posting, before any extraction work: a posting is rarely over 50 KB, a digest
# of a few dozen postings (seed 001: 92 KB, 24 offers) a few hundred.
MAX_POSTING_CHARS = 300_000

# Public geocoders (Nominatim's usage policy: at most one request per second for the whole
# application, with an identifying User-Agent).
GEOCODER_MIN_DELAY_SECONDS = 1.0

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
