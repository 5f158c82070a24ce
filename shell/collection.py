"""The collection this deployment uses, and who the current user is.

Configuration, first found wins:
- database: the ``COLLECTION_DATABASE_URL`` environment variable, else ``database_url`` in the
  ``[collection]`` section of ``.streamlit/secrets.toml``, else SQLite in data/collection.db;
- curators: ``st.login`` when secrets hold an ``[auth]`` section (OpenID Connect), for the e-mails
  listed in ``[collection] curator_emails``; a password whose scrypt hash is in ``[collection]
  curator_password_hash`` (or ``COLLECTION_CURATOR_PASSWORD_HASH``); and only when neither is
  configured, ``COLLECTION_LOCAL_CURATOR=1`` (set by ``make run``) makes the person at this machine
  the curator. Otherwise nobody can publish, and the pages say how to configure it.

Nothing here trusts ``st.session_state`` or the URL for a role: a signed-in password session is
recorded on the server, under the Streamlit session's id and a random nonce.
"""

from __future__ import annotations

import getpass
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.collection import CURATOR, VISITOR, Actor, Collection, DatabaseUnavailable, describe_url, sqlite_url
from lib.collection.roles import (
    AttemptLimiter,
    curator_for_email,
    from_this_machine,
    session_key,
    valid_hash,
    verify_password,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = ROOT / "data" / "collection.db"
ENV_DATABASE_URL = "COLLECTION_DATABASE_URL"
ENV_PASSWORD_HASH = "COLLECTION_CURATOR_PASSWORD_HASH"
ENV_LOCAL_CURATOR = "COLLECTION_LOCAL_CURATOR"
SIGN_IN_HOURS = 12
_NONCE_KEY = "_collection_curator_nonce"
FAILED_SIGN_IN_PAUSE_S = 1.0  # every failure costs the one who made it a second, on top of the limiter


# --- configuration ------------------------------------------------------------------------------

def _secret(section: str, key: str) -> object | None:
    try:
        value = st.secrets[section][key]
    except Exception:  # no secrets file, no such section or key, an unreadable file: not configured
        return None
    return value


def _has_secret_section(section: str) -> bool:
    try:
        return section in st.secrets
    except Exception:
        return False


def database_url() -> str:
    configured = os.environ.get(ENV_DATABASE_URL) or _secret("collection", "database_url")
    return str(configured) if configured else sqlite_url(DEFAULT_DATABASE)


def password_hash() -> str | None:
    value = os.environ.get(ENV_PASSWORD_HASH) or _secret("collection", "curator_password_hash")
    return str(value) if value else None


def oidc_configured() -> bool:
    return _has_secret_section("auth")


def curator_emails() -> list[str]:
    value = _secret("collection", "curator_emails")
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


@dataclass(frozen=True)
class SignInSetup:
    """How curators sign in on this deployment."""

    oidc: bool
    password: bool
    password_hash_valid: bool
    local: bool
    # ``make run`` asked for the local curator, but this browser is on another machine.
    local_refused: bool = False

    @property
    def nobody(self) -> bool:
        return not (self.oidc or self.password or self.local)


def sign_in_setup() -> SignInSetup:
    hashed = password_hash()
    oidc, password = oidc_configured(), hashed is not None
    # The local curator exists only where nothing else is configured, and only for a browser on
    # this machine: a deployment that forgot its secrets never makes visitors curators.
    asked = not (oidc or password) and os.environ.get(ENV_LOCAL_CURATOR) == "1"
    remote = asked and _remote_browser()
    return SignInSetup(oidc=oidc, password=password, password_hash_valid=valid_hash(hashed),
                       local=asked and not remote, local_refused=remote)


def _remote_browser() -> bool:
    """True when the browser connects from another machine."""
    try:
        address = st.context.ip_address
    except Exception:  # no client context at all: not a remote browser
        return False
    if not isinstance(address, str):  # no address read from a socket (None: loopback; AppTest has none)
        return False
    return not from_this_machine(address)


# --- the database ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _open(url: str) -> Collection:
    # Not cached when it raises: a database down at start is tried again at the next run.
    return Collection.open(url)


def open_collection() -> tuple[Collection | None, str | None]:
    """The collection, or None and a French reason (the pages then show the bundled offers)."""
    url = database_url()
    try:
        return _open(url), None
    except DatabaseUnavailable as exc:
        return None, str(exc)
    except (SQLAlchemyError, OSError) as exc:
        where = describe_url(url) if "://" in url else "?"
        return None, f"base {where} injoignable ({type(exc).__name__})"


def collection_stamp(collection: Collection) -> tuple[int, int] | None:
    try:
        return collection.stamp()
    except SQLAlchemyError:
        return None


# --- who is acting --------------------------------------------------------------------------------

@st.cache_resource
def _signed_in() -> dict[str, tuple[str, str, float]]:
    """Server-side record of password sign-ins: session id -> (nonce, name, expiry)."""
    return {}


@st.cache_resource
def _limiter() -> AttemptLimiter:
    return AttemptLimiter()


@st.cache_resource
def _session_salt() -> str:
    return secrets.token_hex(16)


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def visitor_key() -> str:
    """This browser session's key, under which its suggestions are counted and listed."""
    return session_key(_session_id(), _session_salt())


def _password_curator() -> str | None:
    entry = _signed_in().get(_session_id())
    nonce = st.session_state.get(_NONCE_KEY)
    if entry is None or not isinstance(nonce, str) or not hmac.compare_digest(entry[0], nonce):
        return None
    if entry[2] < time.time():
        _signed_in().pop(_session_id(), None)
        return None
    return entry[1]


def oidc_email() -> str | None:
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or "")
    except Exception:  # st.user without an [auth] section or without Authlib
        return None
    return None


def current_actor() -> Actor:
    """The user of this session as the collection sees them."""
    setup = sign_in_setup()
    if setup.oidc:
        email = oidc_email()
        if email and curator_for_email(email, curator_emails()):
            return Actor(email, CURATOR)
    if setup.password:
        name = _password_curator()
        if name:
            return Actor(name, CURATOR)
    if setup.local:
        return Actor(f"{_local_user()} (local)", CURATOR)
    return Actor(f"visiteur {visitor_key()[:8]}", VISITOR)


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "curateur"


def sign_in_with_password(name: str, password: str) -> tuple[bool, str]:
    """Check the password (slowed down after failures); on success the session is a curator's."""
    hashed = password_hash()
    if not valid_hash(hashed):
        return False, "config"
    limiter = _limiter()
    wait = limiter.wait_seconds()
    if wait > 0:
        return False, f"wait:{wait:.0f}"
    if not name.strip() or not verify_password(password, hashed or ""):
        limiter.failed()
        time.sleep(FAILED_SIGN_IN_PAUSE_S)
        return False, "wrong"
    limiter.succeeded()
    nonce = secrets.token_urlsafe(24)
    _signed_in()[_session_id()] = (nonce, f"{' '.join(name.split())[:80]} (mot de passe)", time.time()
                                   + SIGN_IN_HOURS * 3600)
    st.session_state[_NONCE_KEY] = nonce
    return True, "ok"


def sign_out() -> None:
    _signed_in().pop(_session_id(), None)
    st.session_state.pop(_NONCE_KEY, None)


def bundled_ids(offers: pd.DataFrame | None) -> set[str]:
    return set() if offers is None or offers.empty else set(offers["offer_id"].astype(str))
