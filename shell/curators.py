"""What the add-offer and collection pages show about roles: who the user is, and the curators'
sign-in (OpenID Connect through st.login, or a password checked on the server)."""

from __future__ import annotations

import streamlit as st

from lib.collection import Actor
from lib.escaping import markdown_text
from lib.i18n import t
from shell.collection import SignInSetup, oidc_email, sign_in_with_password, sign_out

_NAME, _PASSWORD, _OUTCOME = "sign_in_name", "sign_in_password", "sign_in_outcome"


def role_banner(actor: Actor, setup: SignInSetup, lang: str) -> None:
    """Who the user is for the collection, and what that lets them do."""
    if setup.password and not setup.password_hash_valid:
        st.error(t("role_bad_hash", lang))
    if actor.role == "curator":
        if setup.local and not (setup.oidc or setup.password):
            st.info(t("role_local_curator", lang), icon=":material/verified_user:")
        else:
            st.caption(t("role_curator", lang, name=markdown_text(actor.name)))
        return
    if setup.local_refused:
        st.info(t("role_local_refused", lang), icon=":material/public:")
    elif setup.nobody:
        # A visitor reads what happens to a suggestion; the set-up, for whoever deploys, is folded away.
        st.info(t("role_nobody", lang), icon=":material/hourglass_empty:")
        with st.expander(t("role_nobody_setup_title", lang)):
            st.markdown(t("role_nobody_setup", lang))
    st.caption(t("role_visitor", lang))


def _check_password() -> None:
    # A callback: it runs before the page, so the password field can be emptied whatever happens.
    _ok, outcome = sign_in_with_password(st.session_state.get(_NAME, ""), st.session_state.get(_PASSWORD, ""))
    st.session_state[_PASSWORD] = ""
    st.session_state[_OUTCOME] = outcome


def sign_in_panel(setup: SignInSetup, lang: str) -> None:
    """The ways this deployment offers to sign in as a curator."""
    if setup.nobody:
        return
    st.subheader(t("sign_in_title", lang), anchor=False)
    if setup.oidc:
        email = oidc_email()
        if email:
            st.warning(t("sign_in_oidc_not_curator", lang, email=markdown_text(email)))
            st.button(t("sign_out", lang), key="sign_out_oidc", on_click=st.logout)
        else:
            st.button(t("sign_in_oidc", lang), key="sign_in_oidc", on_click=st.login, type="primary")
    if setup.password and setup.password_hash_valid:
        with st.form("sign_in_form", enter_to_submit=True):
            st.text_input(t("sign_in_name", lang), key=_NAME, max_chars=80)
            st.text_input(t("sign_in_password", lang), key=_PASSWORD, type="password", max_chars=200)
            st.form_submit_button(t("sign_in_submit", lang), key="sign_in_submit", on_click=_check_password)
        outcome = st.session_state.pop(_OUTCOME, None)
        if outcome == "wrong":
            st.error(t("sign_in_wrong", lang))
        elif isinstance(outcome, str) and outcome.startswith("wait:"):
            st.error(t("sign_in_wait", lang, seconds=outcome.split(":", 1)[1]))


def sign_out_button(actor: Actor, setup: SignInSetup, lang: str) -> None:
    if actor.role != "curator" or (setup.local and not (setup.oidc or setup.password)):
        return
    if oidc_email():
        st.button(t("sign_out", lang), key="sign_out", on_click=st.logout)
    else:
        st.button(t("sign_out", lang), key="sign_out", on_click=sign_out)
