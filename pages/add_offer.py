"""Ajouter une offre : coller son texte, vérifier les champs proposés et le passage d'où chacun
vient, les corriger, puis télécharger la ligne validée ou le fichier de données complété."""

from pathlib import Path

import streamlit as st

from lib import categories as cat
from lib.extract import extract_offer, proposed_row
from lib.offer_form import (
    FORM_FIELDS,
    FormField,
    bundled_offers_path,
    check_row,
    form_defaults,
    new_offer_id,
    proposal_table,
    row_from_form,
)
from shell.sidebar import start_page

TEXT_KEY = "add_offer_text"
PROPOSAL_KEY = "add_offer_proposal"
FIELD_KEY = "add_offer_{}"
NONE_LABEL = "— non précisé"


@st.cache_resource(show_spinner=False, max_entries=2)
def read_bundled(path: str, modified_ns: int) -> bytes:
    # Keyed on the path and its modification time: a changed file is read again. cache_resource:
    # the same bytes object at every run (bytes never change), no copy of a file of tens of MB.
    return Path(path).read_bytes()


def bundled_bytes() -> bytes | None:
    path = bundled_offers_path()
    try:
        return read_bundled(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None


def propose(existing: bytes | None) -> None:
    """Fill the form with what the pasted text states."""
    text = st.session_state.get(TEXT_KEY, "")
    found = extract_offer(text)
    row = proposed_row(text, fields=found)
    row["offer_id"] = new_offer_id(row, existing)
    st.session_state[PROPOSAL_KEY] = {"text": text, "row": row, "found": found}
    for name, value in form_defaults(row).items():
        st.session_state[FIELD_KEY.format(name)] = value


def field_widget(spec: FormField, where) -> object:
    key = FIELD_KEY.format(spec.name)
    if spec.kind == "category":
        labels = spec.labels or {}
        return where.selectbox(spec.label, [None, *labels], key=key, help=spec.help, placeholder=NONE_LABEL,
                               format_func=lambda c, labels=labels: NONE_LABEL if c is None else cat.label(labels, c))
    if spec.kind == "codes":
        labels = spec.labels or {}
        return where.multiselect(spec.label, list(labels), key=key, placeholder=NONE_LABEL,
                                 format_func=lambda c, labels=labels: cat.label(labels, c))
    if spec.kind in ("number", "integer"):
        return where.number_input(spec.label, value=None, min_value=0.0, step=1.0, format="%g", key=key,
                                  help=spec.help, placeholder=NONE_LABEL)
    if spec.kind == "longtext":
        return where.text_area(spec.label, key=key, height=80)
    return where.text_input(spec.label, key=key, help=spec.help, placeholder=NONE_LABEL)


start_page("page_add")
st.caption("Collez le texte d'une offre : chaque champ est proposé avec le passage du texte d'où il vient. "
           "Vérifiez-les, corrigez-les, puis téléchargez la ligne validée.")
existing = bundled_bytes()
text = st.text_area("Texte de l'offre", key=TEXT_KEY, height=260,
                    placeholder="Organisation (Ville – code postal) – Intitulé du poste\n\nMissions… Conditions…")
st.button("Proposer les champs", key="add_offer_propose", type="primary", on_click=propose, args=(existing,),
          disabled=not text.strip())

proposal = st.session_state.get(PROPOSAL_KEY)
if proposal is None:
    st.info("Collez le texte d'une offre puis cliquez sur « Proposer les champs ».")
    st.stop()
if proposal["text"] != text:
    st.warning("Le texte a changé depuis la proposition : cliquez de nouveau sur « Proposer les champs ».")

st.header("Champs proposés")
st.dataframe(proposal_table(proposal["text"], proposal["found"], proposal["row"]), hide_index=True,
             width="stretch", key="add_offer_table")

st.header("Corriger et valider")
with st.form("add_offer_form"):
    columns = st.columns(2)
    for i, spec in enumerate(FORM_FIELDS):
        field_widget(spec, columns[i % 2])
    st.form_submit_button("Vérifier la ligne", key="add_offer_check", type="primary")

values = {spec.name: st.session_state.get(FIELD_KEY.format(spec.name)) for spec in FORM_FIELDS}
row = row_from_form(values, proposal["row"])
check = check_row(row, existing)
if check.ok:
    st.success("La ligne respecte le contrat des données.")
else:
    st.error("La ligne ne respecte pas encore le contrat : corrigez les champs signalés ci-dessous, "
             "puis cliquez sur « Vérifier la ligne ».")
if check.issues:
    st.dataframe(check.issues_frame(), hide_index=True, width="stretch", key="add_offer_issues")
if check.ok:
    left, right = st.columns(2)
    left.download_button("Télécharger la ligne seule (CSV)", data=check.row_csv.encode("utf-8"),
                         file_name=f"{row['offer_id']}.csv", mime="text/csv", key="add_offer_download_row")
    # Written when clicked: the whole data file, tens of MB at national scale.
    right.download_button("Télécharger le fichier de données avec cette offre", key="add_offer_download_all",
                          data=lambda: (check.appended_csv or "").encode("utf-8"), file_name="offers.csv",
                          mime="text/csv", disabled=existing is None, on_click="ignore")
    if existing is None:
        st.caption("Fichier de données introuvable : seule la ligne peut être téléchargée.")
    else:
        st.caption("Remplacez data/offers.csv par ce fichier, puis lancez « python -m lib validate data/offers.csv ».")
