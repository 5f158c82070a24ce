"""The pages, listed once, and the links between them that every page draws.

The entry point registers the pages with ``st.navigation(position="hidden")`` and each page
draws these links itself: a shared link opened before the entry point ever ran (Streamlit then
runs the page file alone, as in its old ``pages/`` mode) looks and behaves the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib.i18n import (
    STREAMLIT_AFFIXES_FRENCH,
    STREAMLIT_BYTE_UNITS_FRENCH,
    STREAMLIT_COUNTS_FRENCH,
    STREAMLIT_UI_FRENCH,
    STREAMLIT_UPLOAD_LIMIT_FRENCH,
    t,
)

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
PAGE_TITLE = "Stages en participation citoyenne"

# (file in pages/, title key, Material icon)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview.py", "page_overview", ":material/insights:"),
    ("map.py", "page_map", ":material/map:"),
    ("compare.py", "page_compare", ":material/compare_arrows:"),
    ("data.py", "page_data", ":material/table_view:"),
    ("add_offer.py", "page_add", ":material/post_add:"),
    ("collection.py", "page_collection", ":material/inventory_2:"),
)


def configure_page() -> None:
    st.set_page_config(page_title=PAGE_TITLE, page_icon="🗳️", layout="wide")


# Streamlit's captions are its text colour at 60 % opacity (#797f85 on white, 4.05:1): darker here, 6.1:1 on white and
# 5.6:1 on the sidebar. A keyboard focus ring on the page links: Streamlit draws focus with the same background as the
# current page's highlight. Static tables (the comparison) share the width among their columns (fixed layout) and wrap
# their cells, so that four offers fit a phone: a word breaks only when it is wider than its column, with a hyphen
# where the browser knows French hyphenation (Android's Chrome, Safari; not Chromium on Linux, which has no dictionary
# and breaks anywhere). The data dictionary's markdown tables are sized by their content: there a cell breaks between
# words only (« anywhere » had squeezed its columns until words broke letter by letter), and the table scrolls
# sideways on a phone rather than cut `approximate_place`. On a touch screen (no hover) Streamlit shows a table's or
# chart's toolbar at all times, 44 px above the element, over the text before it: those elements keep room for it. A
# multiselect's text box keeps a tappable width beside its chosen values (Streamlit squeezed it to 12 px: axe's
# target-size). « Offres encore ouvertes », switched off when no offer is open, keeps a readable label (Streamlit
# greys it to 2.3:1); its switch shows it is off.
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"] { color: #5A636C; opacity: 1; }
[data-testid="stTable"] table { table-layout: fixed; width: 100%; }
[data-testid="stTable"] :is(th, td), [data-testid="stTable"] :is(th, td) * {
  white-space: normal !important; overflow-wrap: anywhere !important;
  -webkit-hyphens: auto; hyphens: auto;
}
[data-testid="stMarkdownContainer"] :is(th, td), [data-testid="stMarkdownContainer"] :is(th, td) * {
  white-space: normal !important; overflow-wrap: break-word !important; word-break: normal !important;
}
[data-testid="stMarkdownContainer"] table { display: block; width: max-content; max-width: 100%; overflow-x: auto; }
[data-testid="stMarkdownContainer"] table:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
@media (hover: none) {
  [data-testid="stElementContainer"]:has([data-testid="stElementToolbar"]) { margin-top: 2rem; }
}
@media (max-width: 640px) {
  [data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 0.8rem; padding: 0.4rem 0.3rem; }
}
[data-testid="stMultiSelectTagsContainer"] input { min-width: 2.5rem; }
.st-key-open [data-testid="stMarkdownContainer"] p { color: #4B5259; }
[data-testid="stPageLink-NavLink"]:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px;
                                                   background-color: transparent; }
</style>"""
# Four fixes Streamlit's page needs, run once per browser tab:
# - on a phone the sidebar covers the page: close it when one of its page links is tapped, as
#   Streamlit's own page menu does (its st.page_link does not), or « Comparer ma sélection », which
#   opens the compare page too; width of Streamlit's "md" breakpoint;
# - the file uploader's drop zone is a <section role="presentation"> with an aria-label and a tabindex
#   (react-dropzone's role, Streamlit's label), which screen readers are told to ignore and axe reports
#   (presentation-role-conflict): it becomes a named group;
# - a markdown table wider than the page (the data dictionary on a phone) scrolls sideways: it takes
#   the keyboard focus while it does, so that arrow keys scroll it too (axe: scrollable-region-focusable);
# - Streamlit's and Plotly's own texts, written in English in their code, follow the page's language
#   (lib/i18n.py STREAMLIT_UI_FRENCH), on screen and in the names screen readers give.
PAGE_JS_TEMPLATE = """<script>
(function () {
    if (window.__dashboardPageFixes) { return; }
    window.__dashboardPageFixes = true;
    var FRENCH = __FRENCH__;
    var LIMIT_PARTS = __LIMIT__.split("{size}");
    var AFFIXES = __AFFIXES__;  // [English, French, whether the middle must be a number]
    var UNITS = __UNITS__;
    var UNITS_BACK = {};
    Object.keys(UNITS).forEach(function (unit) { UNITS_BACK[UNITS[unit]] = unit; });
    var ENGLISH = {};
    Object.keys(FRENCH).forEach(function (english) {  // the first English text of a French one
        if (!(FRENCH[english] in ENGLISH)) { ENGLISH[FRENCH[english]] = english; }
    });
    var ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];
    function nameDropZones() {
        document.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]').forEach(
            function (zone) { zone.setAttribute("role", "group"); });
    }
    function focusableTables() {
        document.querySelectorAll('[data-testid="stMarkdownContainer"] > table').forEach(function (table) {
            if (table.scrollWidth > table.clientWidth + 1) {
                if (!table.hasAttribute("tabindex")) { table.setAttribute("tabindex", "0"); }
            } else if (table.getAttribute("tabindex") === "0") {
                table.removeAttribute("tabindex");
            }
        });
    }
    function language() {  // the html element's lang, set by each page to its language (shell/sidebar.py)
        return document.documentElement.lang.slice(0, 2);
    }
    function translated(text, french) {
        var words = text.trim();
        if (!words) { return null; }
        var other = french ? FRENCH[words] : ENGLISH[words];
        if (other === undefined) {
            var size = null;
            for (var i = 0; i < AFFIXES.length; i++) {
                var from = AFFIXES[i][french ? 0 : 1], to = AFFIXES[i][french ? 1 : 0];
                var middle = words.slice(from[0].length, words.length - from[1].length);
                if (words.length > from[0].length + from[1].length && words.startsWith(from[0])
                    && words.endsWith(from[1]) && (!AFFIXES[i][2] || /^[0-9]+$/.test(middle))) {
                    return text.replace(words, to[0] + middle + to[1]);
                }
            }
            if (french) {
                var english = /^([0-9.]+)MB per file$/.exec(words);
                size = english && english[1];
            } else if (words.startsWith(LIMIT_PARTS[0]) && words.endsWith(LIMIT_PARTS[1])) {
                size = words.slice(LIMIT_PARTS[0].length, words.length - LIMIT_PARTS[1].length);
                if (!/^[0-9.]+$/.test(size)) { size = null; }
            }
            var bytes = french ? /^([0-9]+)(?:[.]([0-9]+))?(B|KB|MB|GB)$/.exec(words)
                               : /^([0-9]+)(?:,([0-9]+))? (o|Ko|Mo|Go)$/.exec(words);
            if (bytes && size === null) {  // a dropped file's size: « 60.0B », « 1.2MB » / « 60,0 o », « 1,2 Mo »
                var unit = french ? UNITS[bytes[3]] : UNITS_BACK[bytes[3]];
                var decimals = bytes[2] === undefined ? "" : (french ? "," : ".") + bytes[2];
                return text.replace(words, bytes[1] + decimals + (french ? " " : "") + unit);
            }
            if (size === null) { return null; }
            other = french ? LIMIT_PARTS.join(size) : size + "MB per file";
        }
        return text.replace(words, other);
    }
    // Streamlit's and Plotly's own English texts, in the dashboard's language (lib/i18n.py): only in
    // what changed, everything when the language does. Never in a chart's SVG (thousands of points), a
    // canvas or a text box. Texts on screen only in Streamlit's own parts (buttons, the uploader, the hints
    // under a text box, menus, tooltips, a list's « No results »): the page's texts, an offer's title among
    // them, stay as written.
    var SKIPPED = "svg, canvas, script, style, textarea, input, [translate='no']";
    var STREAMLIT_PARTS = "button, [data-testid='stFileUploader'], [data-testid='InputInstructions'], "
        + "[data-testid='stMainMenuList'], [data-testid^='stDataFrame'][data-testid$='Menu'], "
        + "[data-baseweb='tooltip'], [role='tooltip'], [data-testid='stSelectboxVirtualDropdown'], "
        + "[data-testid='stMultiSelectDropdown']";
    function translateText(node, french) {
        var parent = node.parentElement;
        if (!parent || !parent.closest(STREAMLIT_PARTS) || parent.closest(SKIPPED)) { return; }
        var text = translated(node.nodeValue, french);
        if (text !== null && text !== node.nodeValue) { node.nodeValue = text; }
    }
    function translateElement(element, french) {
        ATTRIBUTES.forEach(function (name) {
            var value = element.getAttribute(name);
            if (value === null) { return; }
            var other = translated(value, french);
            if (other !== null && other !== value) { element.setAttribute(name, other); }
        });
    }
    function translate(root, french) {
        if (root.nodeType === Node.TEXT_NODE) {
            translateText(root, french);
            return;
        }
        if (root.nodeType !== Node.ELEMENT_NODE) { return; }
        translateElement(root, french);  // an input's name and placeholder too
        if (root.closest(SKIPPED)) { return; }
        var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
            acceptNode: function (node) {
                if (node.nodeType === Node.TEXT_NODE) { return NodeFilter.FILTER_ACCEPT; }
                translateElement(node, french);
                return node.matches(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
            }});
        var node;
        while ((node = walker.nextNode())) { translateText(node, french); }
    }
    var shownLanguage = null;
    function translateChanges(records) {
        var lang = language();
        var french = lang === "fr";
        if (lang !== shownLanguage) {
            shownLanguage = lang;
            translate(document.body, french);
            return;
        }
        records.forEach(function (record) {
            if (record.type === "childList") {
                record.addedNodes.forEach(function (node) { translate(node, french); });
            } else if (record.type === "characterData") {
                translate(record.target, french);
            } else {
                translateElement(record.target, french);
            }
        });
    }
    function fixes() { nameDropZones(); focusableTables(); }
    fixes();
    translateChanges([]);
    var observer = new MutationObserver(function (records) {
        // The drop zones and tables only change with new elements (reading a table's width lays the page out).
        if (records.some(function (record) { return record.type === "childList"; })) { fixes(); }
        translateChanges(records);
    });
    observer.observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                                     attributeFilter: ATTRIBUTES});
    observer.observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]});
    window.addEventListener("resize", focusableTables);
    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest(
            '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"], '
            + '[data-testid="stSidebar"] .st-key-shortlist_compare button');
        if (!link || !window.matchMedia("(max-width: 767.98px)").matches) { return; }
        var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (button) { button.click(); }
    }, true);
})();
</script>"""
# Streamlit's texts around a label or a number, as the page script reads them: [English, French, number only].
AFFIXES = [[*pair, False] for pair in STREAMLIT_AFFIXES_FRENCH] + [[*pair, True] for pair in STREAMLIT_COUNTS_FRENCH]
PAGE_JS = (PAGE_JS_TEMPLATE.replace("__FRENCH__", json.dumps(STREAMLIT_UI_FRENCH, ensure_ascii=False))
           .replace("__LIMIT__", json.dumps(STREAMLIT_UPLOAD_LIMIT_FRENCH, ensure_ascii=False))
           .replace("__AFFIXES__", json.dumps(AFFIXES, ensure_ascii=False))
           .replace("__UNITS__", json.dumps(STREAMLIT_BYTE_UNITS_FRENCH, ensure_ascii=False)))


def draw_links(lang: str) -> None:
    """Links to every page, carrying the URL's query parameters so the view follows the user.

    No icon: Streamlit's Material icons are text ("compare_arrows"), read aloud by screen readers."""
    st.html(PAGE_CSS)
    st.sidebar.html(PAGE_JS, unsafe_allow_javascript=True)
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    for file, title_key, _icon in PAGES:
        try:
            st.sidebar.page_link(f"pages/{file}", label=t(title_key, lang), query_params=params)
        except StreamlitPageNotFoundError:
            return  # a page file run on its own (AppTest.from_file) has no other page to link to
