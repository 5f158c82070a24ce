"""Who may do what with the collection, and how a curator's password is checked.

Anyone reads the published offers; a visitor may only suggest; a curator publishes, edits,
unpublishes, deletes and restores. Every function of ``lib.collection.store`` that changes
something takes the acting ``Actor`` and checks it here, so no page can forget to.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Role = Literal["visitor", "curator"]
VISITOR: Role = "visitor"
CURATOR: Role = "curator"

# What each role may do. Reading published offers needs no permission.
PERMISSIONS: Mapping[Role, frozenset[str]] = {
    VISITOR: frozenset({"suggest"}),
    CURATOR: frozenset({"suggest", "review", "publish", "edit", "unpublish", "delete", "restore", "reject",
                        "history"}),
}


class NotAllowed(PermissionError):
    """The actor's role does not allow the action; the message says so in French."""


@dataclass(frozen=True)
class Actor:
    """Who acts: the name the audit log records, and the role the action is checked against."""

    name: str
    role: Role = VISITOR

    def can(self, action: str) -> bool:
        return action in PERMISSIONS.get(self.role, frozenset())

    def require(self, action: str) -> None:
        if not self.can(action):
            raise NotAllowed("Seuls les curateurs peuvent publier, modifier, dépublier, supprimer ou restaurer "
                             "une offre : votre proposition peut être envoyée comme suggestion.")


def from_this_machine(address: object) -> bool:
    """True when a browser's address is this machine's own (the local curator exists only there).

    Streamlit gives no address for ``127.0.0.1`` and ``::1``, but a server listening on every
    interface (``make run``) sees an IPv4 browser as ``::ffff:127.0.0.1``: that is this machine too.
    Anything unreadable is another machine, never a curator."""
    if address is None:
        return True
    try:
        parsed = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)
    return bool((mapped or parsed).is_loopback)


def curator_for_email(email: object, allowed: Iterable[str]) -> bool:
    """An OpenID Connect user is a curator only if their e-mail is listed: signing in with a
    public provider proves who someone is, not that they curate this collection."""
    if not isinstance(email, str) or "@" not in email:
        return False
    wanted = email.strip().casefold()
    return any(wanted == str(a).strip().casefold() for a in allowed)


# --- passwords -----------------------------------------------------------------------------------
# scrypt (RFC 7914, in Python's standard library): a memory-hard key derivation function, so a
# stolen hash costs an attacker as much memory as time per guess. N=2**15, r=8 is OWASP's
# recommended minimum (32 MiB, about 0.1 s here).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_PREFIX = "scrypt"


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): what secrets.toml holds, never the password."""
    if not password:
        raise ValueError("mot de passe vide")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)
    return "$".join([_PREFIX, str(n), str(r), str(p), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches the stored hash; compared in constant time. A malformed
    hash matches nothing (and the page says the configuration is wrong, see ``valid_hash``)."""
    parts = encoded.strip().split("$")
    if not valid_hash(encoded):
        return False
    n, r, p = (int(x) for x in parts[1:4])
    salt, expected = _unb64(parts[4]), _unb64(parts[5])
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM,
                            dklen=len(expected))
    return hmac.compare_digest(digest, expected)


def valid_hash(encoded: object) -> bool:
    if not isinstance(encoded, str):
        return False
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != _PREFIX or not all(x.isdigit() for x in parts[1:4]):
        return False
    n, r, p = (int(x) for x in parts[1:4])
    # Parameters an attacker-chosen hash could use to make every check hang are refused.
    if n < 2**14 or n > 2**20 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 4:
        return False
    try:
        return len(_unb64(parts[4])) >= 16 and len(_unb64(parts[5])) >= 16
    except ValueError:
        return False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# --- slowing down failed sign-ins --------------------------------------------------------------------

class AttemptLimiter:
    """Failed sign-ins slow down every following attempt, whichever session makes it: after the
    k-th failure in a row, no password is checked for ``base * 2**(k-1)`` seconds (at most
    ``cap``). A success resets the count. Guessing from many sessions at once gains nothing."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, clock=time.monotonic) -> None:
        self.base, self.cap, self._clock = base, cap, clock
        self._failures = 0
        self._next_allowed = 0.0
        self._lock = threading.Lock()

    def wait_seconds(self) -> float:
        """How long before a password may be checked again (0 when it may now)."""
        with self._lock:
            return max(0.0, self._next_allowed - self._clock())

    def failed(self) -> float:
        """Record a failure; the delay now imposed."""
        with self._lock:
            self._failures += 1
            delay = min(self.cap, self.base * 2 ** (self._failures - 1))
            self._next_allowed = self._clock() + delay
            return delay

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._next_allowed = 0.0

    @property
    def failures(self) -> int:
        return self._failures


def session_key(session_id: str, salt: str) -> str:
    """A stable, non-reversible key for a browser session, under which its suggestions are counted."""
    return hashlib.sha256(f"{salt}:{session_id}".encode()).hexdigest()
