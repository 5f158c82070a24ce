"""Files that visitors upload: read once, held for their session only, within one budget for the
whole server.

Community Cloud stops an app near 2.7 GB, so four visitors each uploading 150 MB could take the
dashboard down for everyone. Every upload held by the server, all sessions together, counts against
``UPLOAD_BUDGET_MB`` (lib/limits.py): an upload that would go beyond it is refused with a message.
What counts is the memory the prepared offers take once read (about twice the file's size; the
file's own size is reserved before reading, so two uploads arriving together cannot both pass).
Reading is done one file at a time, so that the peaks of reading do not add up either.

The shell ties each upload to its session (shell/uploads.py) and releases it when the session ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from lib.limits import upload_budget_bytes
from lib.memory import release_memory
from lib.offers import prepare_offers
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.validation import load_offers

MB = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """One uploaded file as read: its valid offers, prepared (None when none can be read), the report,
    and the memory it holds."""

    name: str
    offers: pd.DataFrame | None = field(repr=False)
    report: ValidationReport = field(repr=False)
    held_bytes: int = 0
    key: str = ""  # its key in the budget


class BudgetExceeded(Exception):
    """An upload the budget cannot take; the message says so in French."""


class UploadBudget:
    """Bytes held for uploads, by key (one per upload), against a limit read at every check, so that
    the environment variable can change it without a restart. Thread-safe: every session's thread
    uses the one budget of the process."""

    def __init__(self, limit: Callable[[], int] = upload_budget_bytes) -> None:
        self._limit = limit
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    def reserve(self, key: str, nbytes: int) -> None:
        """Hold ``nbytes`` for ``key`` (replacing what it held); BudgetExceeded when the uploads of
        every other key and this one would go beyond the limit."""
        with self._lock:
            limit = self._limit()
            others = sum(held for other, held in self._held.items() if other != key)
            if others + nbytes > limit:
                raise BudgetExceeded(_refusal(nbytes, others, limit))
            self._held[key] = nbytes

    def release(self, key: str) -> None:
        with self._lock:
            self._held.pop(key, None)

    def held(self) -> int:
        """Bytes held by every upload together."""
        with self._lock:
            return sum(self._held.values())

    def held_keys(self) -> set[str]:
        with self._lock:
            return set(self._held)


def _refusal(nbytes: int, others: int, limit: int) -> str:
    what = (f"ce fichier occupe {_mb(nbytes)} Mo une fois lu" if others == 0 else
            f"les fichiers des autres visiteurs occupent déjà {_mb(others)} Mo, celui-ci en demande {_mb(nbytes)}")
    return (f"le serveur garde au plus {_mb(limit)} Mo de fichiers importés, tous visiteurs confondus, et {what} : "
            + ("découpez-le en plusieurs fichiers" if others == 0 else "réessayez dans quelques minutes"))


def _mb(nbytes: int) -> str:
    return f"{nbytes / MB:.0f}" if nbytes >= MB else f"{nbytes / MB:.1f}".replace(".", ",")


# One file read at a time in the whole process: reading takes up to three times the file's size for a
# moment, and two such moments at once would add up.
_READING = threading.Lock()


def read_upload(name: str, holder: list[bytes], budget: UploadBudget, key: str) -> Upload:
    """Read, validate and prepare an uploaded file, held in ``budget`` under ``key``.

    ``holder`` holds the only reference to the file's bytes and is emptied: the bytes are released as
    soon as the offers are read, before they are prepared. Raises BudgetExceeded (nothing held).
    """
    budget.reserve(key, sum(len(data) for data in holder))
    try:
        with _READING:
            upload = _read(name, holder, key)
            budget.reserve(key, upload.held_bytes)
    except BaseException:
        budget.release(key)
        holder.clear()
        release_memory()
        raise
    return upload


def _read(name: str, holder: list[bytes], key: str) -> Upload:
    data = holder.pop()
    try:
        loaded = load_offers(data)
    except InvalidOffersFile as exc:
        return Upload(name, None, exc.report, 0, key)
    finally:
        del data
    offers = prepare_offers(loaded.offers, "uploaded", loaded.stipends)
    return Upload(name, offers, loaded.report, int(offers.memory_usage(deep=True).sum()), key)


def unexpected_failure(name: str, exc: BaseException, key: str = "") -> Upload:
    """What a failure nobody foresaw (a bug) leaves of an upload: a report that says so, in French."""
    report = ValidationReport()
    report.add(Issue("error", f"le fichier n'a pas pu être lu (erreur interne {type(exc).__name__}) : "
                              "retirez-le, et signalez le problème avec ce fichier"))
    return Upload(name, None, report, 0, key)
