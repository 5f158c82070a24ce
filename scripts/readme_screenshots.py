"""Retakes the README's screenshots (docs/screenshot.png at 1400 x 1000, docs/screenshot-phone.png at
390 x 844) from the real dashboard on the bundled offers, in Debian's Chromium, offline like the tests.

    .venv/bin/python -m scripts.readme_screenshots
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _stop, start_streamlit
from tests.browser.helpers import wait_for_app
from tests.browser.offline import OfflineRouter

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def main() -> None:
    url, server = start_streamlit(ROOT / "dashboard.py", {"OFFERS_CSV": str(ROOT / "data" / "offers.csv")}, ROOT,
                                  ROOT / "test-artifacts" / "streamlit-logs")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            desktop = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
            OfflineRouter().install(desktop)
            page = desktop.new_page()
            page.goto(url)
            wait_for_app(page)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "screenshot.png"))

            phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                        is_mobile=True, has_touch=True, locale="fr-FR")
            OfflineRouter().install(phone)
            page = phone.new_page()
            page.goto(url)
            wait_for_app(page)
            # The main chart, its heading at the top of the screen.
            page.evaluate("""() => {
                const heading = document.querySelector('[data-testid="stMain"] h2');
                const main = document.querySelector('[data-testid="stMain"]');
                main.scrollTop += heading.getBoundingClientRect().top - 70;
            }""")
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "screenshot-phone.png"))
            browser.close()
    finally:
        _stop(server)
    print(f"wrote {DOCS / 'screenshot.png'} and {DOCS / 'screenshot-phone.png'}")


if __name__ == "__main__":
    main()
