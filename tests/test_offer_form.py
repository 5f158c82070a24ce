"""The add-offer page's core (lib/offer_form.py, lib/review.py, lib/street_address.py): proposals,
the street address, the form row by row, corrections checked against the contract."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.extract import proposed_row
from lib.i18n import t
from lib.offer_form import (
    FORM_FIELDS,
    append_row,
    check_row,
    form_defaults,
    form_rows,
    proposal_table,
    propose_offers,
    row_from_form,
)
from lib.review import BOTH, SKIP, Batch, summary_table
from lib.street_address import find_street_address
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PETR = SEEDS / "002_f2157a598d1d4ca7.txt"


@pytest.mark.parametrize("text, expected", [
    ("Lieu : 12 rue Lafayette, 75009 Paris", "12 rue Lafayette"),
    ("Adresse : 3 bis, avenue du Général-de-Gaulle 33000 Bordeaux", "3 bis, avenue du Général-de-Gaulle"),
    ("Bureaux au 15-17 quai de la Loire (Paris 19e)", "15-17 quai de la Loire"),
    ("Lieu d’exercice\n4 place Saint-Jean\n69005 Lyon", "4 place Saint-Jean"),
    ("Hôtel de Ville, 1 place de la Mairie – 44000 Nantes", "1 place de la Mairie"),
    ("au 120 boulevard Voltaire à Paris", "120 boulevard Voltaire"),
    ("Darwin Eco Système, 87 Quai des Queyries, 33100 Bordeaux", "87 Quai des Queyries"),  # seed 000
    ("locaux de l’Ifrée à Villiers-en-Bois (405 route de Prissé la\nCharrière)", "405 route de Prissé la Charrière"),
    ("Durée : 6 mois, 35 heures par semaine", None),
    ("2 places disponibles pour ce stage", None),
    ("Stage de 6 mois à Lyon (69003)", None),
])
def test_street_address(text, expected):
    found = find_street_address(text)
    assert (found.value if found else None) == expected
    if found:
        assert text[found.start:found.end] == found.passage


def test_the_address_is_proposed_with_its_passage():
    text = PETR.read_text(encoding="utf-8") + "\nLieu : 12 rue Lafayette, 13200 Arles\n"
    proposal = propose_offers(text, "texte collé")[0]
    assert proposal.row["address"] == "12 rue Lafayette"
    table = proposal_table(proposal.text, proposal.found, proposal.row)
    line = table[table["Champ"] == "Adresse (numéro et rue)"].iloc[0]
    assert line["Valeur proposée"] == "12 rue Lafayette" and "[12 rue Lafayette]" in line["Passage du texte"]


def test_the_form_goes_row_by_row_two_fields_at_a_time():
    rows = form_rows()
    assert [f.name for f in rows[0]] == ["organisation", "title"]
    assert [f.name for f in rows[1]] == ["org_type", "contract"]
    assert [f.name for f in rows[2]] == ["address", "city"]
    assert [f.name for row in rows for f in row] == [f.name for f in FORM_FIELDS]  # reading order = tab order
    assert all(len(row) == 2 for row in rows[:-1]) and rows[-1][0].name == "notes"


def test_every_form_label_has_its_english():
    same_in_both = {"organisation", "notes", "source"}  # the same word in both languages
    for spec in FORM_FIELDS:
        assert spec.label("en"), spec.name
        assert spec.label("en") != spec.label("fr") or spec.name in same_in_both, spec.name


def test_proposal_table_in_english():
    proposal = propose_offers(PETR.read_text(encoding="utf-8"), "pasted")[0]
    table = proposal_table(proposal.text, proposal.found, proposal.row, "en")
    assert list(table.columns) == ["Field", "Proposed value", "Passage of the text"]
    licence = table[table["Field"] == "Driving licence"].iloc[0]
    assert licence["Proposed value"] == "Licence required"


def test_a_new_identifier_avoids_those_already_shown():
    text = PETR.read_text(encoding="utf-8")
    first = propose_offers(text, "texte collé")[0].row["offer_id"]
    existing = pd.DataFrame({"offer_id": [first], "organisation": ["x"], "title": ["y"]})
    assert propose_offers(text, "texte collé", existing)[0].row["offer_id"] != first


def test_a_text_too_long_is_refused_before_any_work():
    with pytest.raises(ValueError, match="trop long"):
        propose_offers("x" * 400_000, "texte collé")


def test_corrected_row_is_validated():
    proposed = proposed_row(PETR.read_text(encoding="utf-8"))
    values = form_defaults(proposed)
    values.update(remote="partial", city="Tarascon", postcode="13150", offer_id="petr-arles-test-2023")
    corrected = row_from_form(values, proposed)
    assert corrected["remote"] == "partial" and corrected["department_code"] == "13"
    check = check_row(corrected)
    assert check.ok, check.issues_frame().to_string()
    assert load_offers(check.row_csv.encode("utf-8")).report.ok


def test_invalid_correction_is_reported_by_column():
    proposed = proposed_row(PETR.read_text(encoding="utf-8"))
    values = form_defaults(proposed)
    values["stipend_basis"] = "explicit"  # an amount is then required
    values["start_earliest"] = "mars 2023"
    check = check_row(row_from_form(values, proposed))
    assert not check.ok
    assert {"stipend_basis", "start_earliest"} <= set(check.issues_frame()["Colonne"])
    assert "Column" in check.issues_frame("en").columns


def test_taken_identifier_is_refused():
    proposed = proposed_row(PETR.read_text(encoding="utf-8"))
    assert not check_row(proposed, {proposed["offer_id"]}).ok


def test_append_to_a_file_with_other_columns_rewrites_it_in_contract_order():
    proposed = proposed_row(PETR.read_text(encoding="utf-8"))
    old = "title,offer_id,organisation,org_type,contract,country,stipend_basis,source\n" \
          "Stage,ancien-2023,Asso,association,internship,FR,not_stated,x\n"
    text = append_row(old.encode("utf-8"), proposed)
    header = text.splitlines()[0].split(",")
    assert header[:3] == ["offer_id", "title", "organisation"] and len(text.splitlines()) == 3


def test_a_strong_duplicate_starts_as_skipped_and_says_so():
    proposal = propose_offers(PETR.read_text(encoding="utf-8"), "texte collé")[0]
    from lib.offer_form import DuplicateMatch

    proposal.duplicates = [DuplicateMatch("petr-pays-arles-2023", 0.92, "même structure", "bundled")]
    batch = Batch.of("texte collé", proposal.text, [proposal])
    assert batch.items[0].decision == SKIP
    table = summary_table(batch, set(), "fr")
    assert table.iloc[0]["État"].startswith(t("state_skipped"))
    assert "petr-pays-arles-2023 (fichier de référence, 92 %)" in table.iloc[0]["Doublon possible"]
    batch.items[0].decision = BOTH
    assert summary_table(batch, set(), "en").iloc[0]["State"] == "ready"


def test_a_duplicates_reason_and_the_pasted_texts_name_are_written_in_the_pages_language():
    from lib.ingest.readers import PASTED
    from lib.review import duplicate_text, source_label

    bundled = load_offers(ROOT / "data" / "offers.csv").offers.assign(dataset="bundled")
    proposal = propose_offers(PETR.read_text(encoding="utf-8"), PASTED, bundled)[0]
    match = proposal.duplicates[0]
    french, english = duplicate_text(match, "fr"), duplicate_text(match, "en")
    assert "même structure" in french and "même année (2023)" in french
    assert "same organisation" in english and "same year (2023)" in english
    assert not any(word in english for word in ("même", "proche", "autre", "structure", "intitulé", "commune"))
    assert (source_label(PASTED, "fr"), source_label(PASTED, "en")) == ("texte collé", "pasted text")
    assert source_label("texte collé: PETR du Pays d'Arles", "en") == "pasted text: PETR du Pays d'Arles"
    assert source_label("offre.pdf", "en") == "offre.pdf"  # a file's own name is never translated
    # What is stored keeps its meaning whatever the page's language: the French name of the source.
    assert str(proposal.row["source"]).startswith("texte collé: ") and proposal.source.startswith("texte collé")
