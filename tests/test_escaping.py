"""Each output context of lib/escaping.py, table-driven with its own payloads (tests/payloads.py).

The JavaScript contexts are checked by running the escaped text in Node.js, inside the very constructs
folium writes (a template literal, folium's own ``escape_backticks``, an inline script) and through the
Jinja compilation branca applies to every rendered script. Markdown is checked against CommonMark's rule
that a backslash before ASCII punctuation stands for the character itself, plus Streamlit's own
rewrites; the browser tests (tests/browser/test_hostile_texts.py) check the real renderers.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import string
import subprocess

import jinja2
import numpy as np
import pandas as pd
import pytest
from folium.utilities import escape_backticks

from lib import escaping
from tests.conftest import shown
from tests.payloads import PAYLOADS

TEXTS = [text for _name, text in PAYLOADS]
IDS = [name for name, _text in PAYLOADS]
# More texts than the page payloads: line breaks, separators, lone specials, non-ASCII.
EXTRA = ["", "a\nb\r\nc", "\u2028\u2029", "`", "\\", "$", "${", "{{", "}}", "{%", "{#", "</SCRIPT >", "<!--",
         "é à « » – €", "\\\\\\`", "`${`}`", "&#96;", "%{y}", "\x00\x1f"]
ALL = TEXTS + EXTRA


def run_node(script: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (CI has it: GUIDE.md)")
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- HTML ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ALL)
def test_html_text_has_no_markup_and_reads_back_as_written(text):
    escaped = escaping.html_text(text)
    assert not set(escaped) & set("<>\"'")
    assert html.unescape(escaped) == text


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, pd.NaT, np.float64("nan")])
def test_missing_values_are_empty_texts(value):
    for escape in (escaping.html_text, escaping.js_template_literal, escaping.leaflet_html, escaping.markdown_text,
                   escaping.plotly_text):
        assert escape(value) == ""


def test_other_values_are_their_text():
    assert escaping.markdown_text(ValueError("« a_b » : [x](y)")) == "« a\\_b » \\: \\[x\\]\\(y\\)"
    assert escaping.html_text(3.5) == "3.5"


# --- JavaScript --------------------------------------------------------------------------------------

def test_template_literals_evaluate_to_the_text_itself_even_after_folium_escapes_backticks():
    # Each text as folium writes it: between backticks, once as given and once after escape_backticks
    # (which the popup applies); a payload that broke out would throw (alert is not defined in Node).
    sources = []
    for text in ALL:
        escaped = escaping.js_template_literal(text)
        sources += ["`" + escaped + "`", "`" + escape_backticks(escaped) + "`"]
    out = run_node(f"const sources = {json.dumps(sources)};\n"
                   "process.stdout.write(JSON.stringify(sources.map((s) => eval(s))));")
    assert json.loads(out) == [text for text in ALL for _ in range(2)]


@pytest.mark.parametrize("text", ALL)
def test_template_literal_text_has_nothing_live_for_js_html_or_jinja(text):
    escaped = escaping.js_template_literal(text)
    assert "{" not in escaped and "}" not in escaped and "<" not in escaped
    assert re.search(r"(?<!\\)(?:\\\\)*[`$]", escaped) is None  # every ` and $ escaped
    assert escape_backticks(escaped) == escaped  # folium's own pass finds nothing left to do


def test_the_payload_of_the_issue_breaks_out_of_folium_escaping_but_not_of_ours():
    # Why folium's escape_backticks is not enough: a backtick after a backslash closes the literal.
    payload = "\\\\`+(globalThis.flag=1)//"
    for escape, flag in ((escape_backticks, "1"), (escaping.js_template_literal, "undefined")):
        source = "`" + escape(payload) + "`"
        assert run_node(f"eval({json.dumps(source)});\nprocess.stdout.write(String(globalThis.flag))") == flag


@pytest.mark.parametrize("text", ALL)
def test_leaflet_html_survives_jinja_and_shows_the_text(text):
    escaped = escaping.leaflet_html(text)
    # branca compiles the rendered script as a Jinja template: the text must come out of it unchanged.
    assert jinja2.Template(escaped).render() == escaped
    assert "<" not in escaped and "{" not in escaped


def test_leaflet_html_reads_back_through_javascript_then_html():
    sources = ["`" + escaping.leaflet_html(text) + "`" for text in ALL]
    out = run_node(f"process.stdout.write(JSON.stringify({json.dumps(sources)}.map((s) => eval(s))))")
    assert [html.unescape(shown) for shown in json.loads(out)] == ALL


def test_js_json_is_valid_javascript_inert_in_html_and_jinja():
    value = [ALL, [1, 2.5, None], "</script><script>x()</script>"]
    written = escaping.js_json(value)
    assert not set(written) & set("<>&{}\u2028\u2029")
    assert jinja2.Template(written).render() == written
    assert json.loads(run_node(f"process.stdout.write(JSON.stringify({written}))")) == value
    with pytest.raises(TypeError):
        escaping.js_json({"a": 1})  # type: ignore[arg-type]


# --- Markdown ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ALL)
def test_markdown_text_escapes_every_punctuation_and_reads_back_on_one_line(text):
    escaped = escaping.markdown_text(text)
    bare, i = [], 0
    while i < len(escaped):  # every ASCII punctuation character comes after a backslash, which escapes it
        if escaped[i] == "\\":
            assert escaped[i + 1] in string.punctuation
            i += 2
            continue
        if escaped[i] in string.punctuation:
            bare.append(escaped[i])
        i += 1
    assert bare == []
    assert "\n" not in escaped and "\r" not in escaped
    assert shown(escaped) == re.sub(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]", " ", text)


@pytest.mark.parametrize("text", [":smile: :streamlit: :material_home: :+1:",
                                  "a -> b <- c <-> d -- e >= f <= g ~= h", "->", "-- x --",
                                  "https://evil.example/a HTTP://EVIL.EXAMPLE www.evil.example WWW.x.y",
                                  "![x](https://evil.example/t.png) a@evil.example <b@c.d>"])
def test_markdown_text_keeps_what_streamlit_rewrites_after_parsing(text):
    # Streamlit turns addresses into links, shortcodes into emoji, icons or its logo, and arrows into
    # glyphs, in the parsed text where backslashes are gone: an invisible word joiner keeps them as
    # written. The patterns are Streamlit's own (StreamlitMarkdown: GFM autolink literals, remark-emoji,
    # its logo, icon and typography plugins).
    escaped = escaping.markdown_text(text)
    parsed = re.sub(r"\\(.)", r"\1", escaped)  # the text node Streamlit's plugins see
    for regex in [r"(?i)(https?://|www(?=\.))[-.\w]+", r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", r":[\w+-]+:",
                  r":material_\w+:", r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"]:
        assert re.search(regex, parsed, flags=re.ASCII) is None, regex
    assert shown(escaped) == text


def test_markdown_text_leaves_plain_words_alone():
    assert escaping.markdown_text("Stage concertation à Lyon") == "Stage concertation à Lyon"
    assert escaping.markdown_text("Paris 12:30") == "Paris 12\\:30"  # no joiner where no shortcode
    assert set(string.punctuation) <= set(escaping.markdown_text(string.punctuation)[1::2])


# --- Plotly ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ALL)
def test_plotly_text_has_no_tag_and_keeps_entities_as_written(text):
    escaped = escaping.plotly_text(text)
    assert "<" not in escaped and ">" not in escaped
    assert re.search(r"&(?!amp;|lt;|gt;)", escaped) is None  # Plotly decodes entities: each & is one
    assert html.unescape(escaped) == text
