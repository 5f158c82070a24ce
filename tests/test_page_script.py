"""The page script that writes Streamlit's own texts in French (shell/navigation.py): Streamlit drops a
script whose body looks like markup, and every fix it carries with it (the uploader's name, the
sidebar closing on a phone) would silently go too."""

import re

from lib.i18n import STREAMLIT_AFFIXES_FRENCH, STREAMLIT_UI_FRENCH
from shell.navigation import PAGE_JS


def test_the_page_script_body_holds_no_markup():
    assert PAGE_JS.startswith("<script>") and PAGE_JS.endswith("</script>")
    body = PAGE_JS[len("<script>"):-len("</script>")]
    # « <html lang> » in a comment was enough for the script never to run.
    assert re.findall(r"<[A-Za-z!/]", body) == []


def test_every_streamlit_text_has_its_french_in_the_script():
    for english, french in STREAMLIT_UI_FRENCH.items():
        assert english != french and french.strip() == french
        assert f'"{english}": "{french}"' in PAGE_JS
    for (en_prefix, en_suffix), (fr_prefix, fr_suffix) in STREAMLIT_AFFIXES_FRENCH:
        assert (en_prefix or en_suffix) and (fr_prefix or fr_suffix)


def test_a_french_text_reads_back_as_one_english_text():
    # Switching back to English writes each French text as the first English one that gave it.
    backs: dict[str, str] = {}
    for english, french in STREAMLIT_UI_FRENCH.items():
        backs.setdefault(french, english)
    assert backs["Télécharger le graphique (PNG)"] == "Download plot as a PNG"
    assert len(backs) >= len(STREAMLIT_UI_FRENCH) - 1


def test_plotly_writes_a_box_s_figures_in_the_page_s_language_and_offers_no_axis_boxes():
    # A tap on the box plot showed « lower fence: », « q1: » on a French phone, and a double tap opened a
    # box to type an axis's end (« 5.500 ») over the labels.
    from shell.widgets import plotly_config

    french, english = plotly_config("fr"), plotly_config("en")
    assert french["locale"] == "fr"
    dictionary = french["locales"]["fr"]["dictionary"]
    assert dictionary["median:"] == "médiane :" and dictionary["lower fence:"] == "limite basse :"
    assert "locale" not in english
    assert french["showAxisRangeEntryBoxes"] is False and english["showAxisRangeEntryBoxes"] is False
