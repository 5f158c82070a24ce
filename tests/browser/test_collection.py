"""The shared collection on the real server in Chromium: a visitor suggests an offer and cannot
publish it; a curator signs in and publishes it; the offer is then on the map. And the « Done
when » of issue 13: paste seed 001, get its 24 proposals, publish three, find them on the map, in
the charts and on the compare page, kill the server, start it again, and find them still there."""

from __future__ import annotations

import os
import re
import signal
import socket
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.collection.roles import hash_password
from tests.browser.conftest import SERVER_LOGS, _stop, start_streamlit
from tests.browser.helpers import click_on_map, wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
PASSWORD = "un mot de passe de curateur"
BUNDLED = 27

POSTING = """Quartiers Vivants (Roubaix – 59100) – Stage chargé·e de concertation habitante

Association d'éducation populaire, nous accompagnons les habitants des quartiers prioritaires.
Missions : préparer et animer des ateliers de concertation sur le renouvellement urbain.
Durée : 6 mois à partir de mars 2025.
Gratification : 650 € par mois.
Lieu : 12 rue de l'Épeule, 59100 Roubaix
"""


LOADED_MACHINE_MS = 120_000  # the test machine is shared: a first page run may take a minute


def ready(page) -> None:
    wait_for_app(page, timeout=LOADED_MACHINE_MS)


def no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


@pytest.fixture(scope="module")
def public_url(streamlit_server, tmp_path_factory) -> str:
    """A public deployment: curators sign in with a password; everyone else is a visitor."""
    database = tmp_path_factory.mktemp("public") / "collection.db"
    return streamlit_server(ROOT / "dashboard.py", env={
        "COLLECTION_DATABASE_URL": f"sqlite:///{database}",
        "COLLECTION_CURATOR_PASSWORD_HASH": hash_password(PASSWORD),
    })


@pytest.mark.browser
def test_visitor_suggests_cannot_publish_and_a_curator_publishes_it_to_the_map(browser, context, page, public_url,
                                                                               network, screenshot):
    # A visitor pastes a posting and can only suggest it.
    page.goto(f"{public_url}/add_offer")
    ready(page)
    page.get_by_role("textbox", name="Texte de l'offre (ou des offres)").fill(POSTING)
    button(page, "Lire les offres").click()
    expect(button(page, "Suggérer cette offre")).to_be_visible(timeout=LOADED_MACHINE_MS)
    expect(button(page, "Publier cette offre")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Adresse (numéro et rue)")).to_have_value("12 rue de l'Épeule")
    ready(page)
    button(page, "Suggérer cette offre").click(timeout=LOADED_MACHINE_MS)
    expect(page.get_by_text(re.compile(r"Suggestion envoyée \(n° 1\)"))).to_be_visible()
    screenshot(page, "visitor-suggested")

    # The visitor tries to publish: the Collection page, even asked for as a curator, wants the
    # password, and a wrong one is refused.
    page.goto(f"{public_url}/collection?role=curator&curator=true")
    ready(page)
    expect(page.get_by_text("Cette page est celle des curateurs")).to_be_visible()
    page.get_by_role("textbox", name="Votre nom (pour l'historique)").fill("Intrus")
    page.get_by_role("textbox", name="Mot de passe des curateurs").fill("devine")
    button(page, "Se connecter").click()
    expect(page.get_by_text("Nom manquant ou mot de passe incorrect.")).to_be_visible()
    expect(button(page, "Publier la suggestion")).to_have_count(0)
    page.goto(public_url)  # nobody sees the suggestion yet
    ready(page)
    expect(page.get_by_text(f"{BUNDLED} offres sur {BUNDLED}").first).to_be_visible(timeout=LOADED_MACHINE_MS)

    # A curator, in another browser, signs in and publishes it.
    curator_context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    network.install(curator_context)
    curator = curator_context.new_page()
    try:
        curator.goto(f"{public_url}/collection")
        ready(curator)
        curator.get_by_role("textbox", name="Votre nom (pour l'historique)").fill("Camille")
        curator.get_by_role("textbox", name="Mot de passe des curateurs").fill(PASSWORD)
        button(curator, "Se connecter").click()
        expect(curator.get_by_role("tab", name="À relire : 1")).to_be_visible(timeout=LOADED_MACHINE_MS)
        ready(curator)
        button(curator, "Publier la suggestion").click(timeout=LOADED_MACHINE_MS)
        expect(curator.get_by_text(re.compile("Offre publiée"))).to_be_visible()
        screenshot(curator, "curator-published")

        # Everyone now finds it on the map, marked as coming from the collection.
        curator.get_by_role("link", name="Carte").click()
        ready(curator)
        expect(curator.get_by_text(f"{BUNDLED + 1} offres sur {BUNDLED + 1}").first).to_be_visible()
        page.goto(f"{public_url}/map?q=quartiers+vivants")
        ready(page)
        frame = wait_for_map(page, timeout=LOADED_MACHINE_MS)
        markers = frame.locator("path.leaflet-interactive")
        expect(markers.first).to_be_visible()
        expect(page.get_by_text("1 offre sur 28").first).to_be_visible()  # the search keeps it alone
        click_on_map(frame, markers.first)
        expect(page.get_by_text("Stage chargé·e de concertation habitante", exact=True)).to_be_visible()
        expect(page.get_by_text("Offre publiée dans la collection partagée")).to_be_visible()
        screenshot(page, "visitor-sees-it-on-the-map")
        no_exception(page)
        no_exception(curator)
    finally:
        curator_context.close()
    assert network.unexpected == []


@pytest.mark.browser
def test_done_when_seed_001_three_published_everywhere_and_after_a_kill(browser, page, network, screenshot,
                                                                      offline_assets):
    from lib.validation import load_offers

    text = (SEEDS / "001_2e1128ab0c5aeda3.txt").read_text(encoding="utf-8")
    bundled = load_offers(ROOT / "data" / "offers.csv").offers.assign(dataset="bundled")
    from lib.offer_form import check_row, propose_offers

    proposals = propose_offers(text, "texte collé", bundled)
    assert len(proposals) == 24
    valid = [i for i, p in enumerate(proposals) if check_row(p.row, set(bundled["offer_id"])).ok]
    # Offers the bundled file lacks first; then, if needed, repeated ones the user keeps anyway.
    fresh = [i for i in valid if not any(d.score >= 0.75 and d.where != "batch" for d in proposals[i].duplicates)]
    chosen_ones = (fresh + [i for i in valid if i not in fresh])[:3]
    assert len(chosen_ones) == 3

    folder = Path(tempfile.mkdtemp(prefix="done-when-"))
    env = {"COLLECTION_DATABASE_URL": f"sqlite:///{folder / 'collection.db'}", "COLLECTION_LOCAL_CURATOR": "1"}
    url, server = start_streamlit(ROOT / "dashboard.py", env, ROOT, SERVER_LOGS)
    try:
        page.goto(f"{url}/add_offer")
        ready(page)
        page.get_by_role("textbox", name="Texte de l'offre (ou des offres)").fill(text)
        button(page, "Lire les offres").click()
        expect(page.get_by_text("Propositions lues dans « texte collé » : 24")).to_be_visible(timeout=120_000)
        for index in chosen_ones:
            if index in fresh:
                continue
            picker = page.get_by_role("combobox", name="Proposition à vérifier")
            picker.click()
            picker.fill(f"n° {index + 1} — ")
            page.get_by_role("option", name=re.compile(rf"^n° {index + 1} — ")).click()
            ready(page)
            page.get_by_text("Garder les deux", exact=True).click()
            ready(page)
        chosen = page.get_by_role("combobox", name="Offres à envoyer ensemble")
        for index in chosen_ones:
            chosen.click()
            chosen.fill(f"n° {index + 1} — ")  # the list shows its first options only: type to find
            page.get_by_role("option", name=re.compile(rf"^n° {index + 1} — ")).click()
            page.keyboard.press("Escape")
            ready(page)
        button(page, "Publier la sélection").click()
        # said twice: under the list and as a toast where the button is
        sent = page.get_by_text("Envoyées : 3 ; non envoyées, gardées ici pour correction : 0.")
        expect(sent.first).to_be_visible(timeout=LOADED_MACHINE_MS)
        screenshot(page, "three-published")
        no_exception(page)
        rows = _published(folder / "collection.db")
        assert len(rows) == 3

        _check_everywhere(page, url, rows)
        os.killpg(server.pid, signal.SIGKILL)  # the hardest restart: no shutdown at all
        server.wait(30)
        url, server = start_streamlit(ROOT / "dashboard.py", env, ROOT, SERVER_LOGS)
        _check_everywhere(page, url, rows)
        screenshot(page, "after-restart")
    finally:
        _stop(server)
    assert network.unexpected == []


def _an_address_of_this_machine_other_than_loopback() -> str | None:
    """The address this machine would send from (a UDP socket sends nothing when it connects)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere for real
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_make_run_makes_a_browser_on_this_machine_a_curator_and_one_elsewhere_a_visitor(browser, page, screenshot):
    """``make run`` listens on every interface, where a browser at http://127.0.0.1 arrives as
    ``::ffff:127.0.0.1``: it is this machine, so a curator. The same server opened at the machine's
    network address is another machine for it: a visitor, told why, never a curator."""
    folder = Path(tempfile.mkdtemp(prefix="local-curator-"))
    env = {"COLLECTION_DATABASE_URL": f"sqlite:///{folder / 'collection.db'}", "COLLECTION_LOCAL_CURATOR": "1"}
    url, server = start_streamlit(ROOT / "dashboard.py", env, ROOT, SERVER_LOGS, address=None)
    try:
        page.goto(f"{url}/collection")
        ready(page)
        expect(page.get_by_text("Vous êtes curateur : le tableau de bord tourne sur cette machine")).to_be_visible()
        expect(page.get_by_text("Vous êtes visiteur")).to_have_count(0)
        screenshot(page, "local-curator")
        no_exception(page)

        address = _an_address_of_this_machine_other_than_loopback()
        if address is None:
            pytest.skip("this machine has no network address besides loopback")
        port = urllib.parse.urlsplit(url).port
        elsewhere = browser.new_context(locale="fr-FR")  # not routed: the address is this machine's own
        try:
            remote = elsewhere.new_page()
            remote.goto(f"http://{address}:{port}/collection")
            ready(remote)
            expect(remote.get_by_text("Vous êtes visiteur")).to_be_visible()
            expect(remote.get_by_text("ce navigateur se connecte depuis une autre machine")).to_be_visible()
            expect(remote.get_by_text("Aucun curateur n'est encore désigné")).to_have_count(0)
            expect(remote.get_by_role("button", name="Publier", exact=True)).to_have_count(0)
            screenshot(remote, "local-curator-refused-elsewhere")
        finally:
            elsewhere.close()
    finally:
        _stop(server)


def _published(database: Path) -> list[dict]:
    import json
    import sqlite3

    with sqlite3.connect(database) as connection:
        return [json.loads(r[0]) for r in connection.execute("SELECT row FROM offers WHERE status = 'published'")]


def _check_everywhere(page, url: str, rows: list[dict]) -> None:
    """The published offers are counted, drawn in the chart, on the map, and compared."""
    total = BUNDLED + len(rows)
    page.goto(url)
    ready(page)
    expect(page.get_by_text(f"{total} offres sur {total}").first).to_be_visible()
    charted = set(page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
        plot => (plot.data || []).flatMap(trace => (trace.customdata || []).map(c => String(c[0]))))"""))
    drawable = [r["offer_id"] for r in rows if r.get("stipend_amount_eur") is not None
                and (r.get("duration_min_months") or r.get("duration_max_months"))]
    assert set(drawable) <= charted, f"not in the stipend chart: {set(drawable) - charted}"
    from lib.collection.rows import rows_csv_text
    from lib.offers import prepare_offers
    from lib.validation import load_offers

    prepared = prepare_offers(load_offers(rows_csv_text(rows).encode("utf-8")).offers)
    located = set(prepared.loc[prepared["located"], "offer_id"])
    assert located, "none of the published offers is placed on the map"
    for row in rows:
        if row["offer_id"] not in located:
            continue
        page.goto(f"{url}/map?{urllib.parse.urlencode({'q': row['organisation']})}")
        ready(page)
        frame = wait_for_map(page, timeout=LOADED_MACHINE_MS)
        # Its own circle, or a cluster when it shares its place with a bundled offer (a repeat kept).
        expect(frame.locator("path.leaflet-interactive, .marker-cluster").first).to_be_visible()
    page.goto(f"{url}/compare?{urllib.parse.urlencode([('cmp', r['offer_id']) for r in rows])}")
    ready(page)
    # The comparison is a static table (st.table), readable on a phone and in print.
    table = page.locator('[data-testid="stTable"]')
    for row in rows:
        expect(table).to_contain_text(row["organisation"])
    no_exception(page)
