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
