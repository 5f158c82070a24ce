"""Texts from data, file names, URLs and pastes, escaped for each place the app shows them.

Escaping for one output context does not protect another, so each has its own function; a caller names
the context its text lands in, innermost first (``js_template_literal(html_text(title))`` is HTML inside
a JavaScript template literal):

- ``html_text``: HTML element text and quoted attribute values.
- ``js_template_literal``: JavaScript source between backticks, where `` ` ``, ``\\`` and ``${`` are live
  (folium writes tooltips and popups there; its own ``escape_backticks`` skips a backtick after a
  backslash). ``leaflet_html`` is the two together, for the text of a folium tooltip or popup.
- ``js_json``: a JSON array or value written into an inline ``<script>``.
- ``markdown_text``: Streamlit's Markdown (``st.markdown``, headings, alerts, captions, widget labels and
  help), where ``![x](url)`` fetches, ``[t](url)`` and a bare ``https://…`` link, ``:red[x]`` colours,
  ``$x$`` is a formula and ``:smile:`` an emoji.
- ``plotly_text``: Plotly's pseudo-HTML (titles, tick labels, legend names, hovers, annotations), which
  makes ``<a href>``, ``<b>``, ``<br>`` and ``<span style>`` live.

Folium and branca also compile every script they render as a Jinja template on the server, so the
JavaScript contexts never emit ``{`` or ``}``: a title holding ``{{ … }}`` would otherwise be evaluated.
Where no formatting is needed, a text-only element (``st.text``, ``st.code``, a dataframe cell) is simpler
than any of these.
"""

from __future__ import annotations

import html
import json
import math
import re
import string

import pandas as pd

# In a template literal: the delimiter, the escape character and the start of ${…} are live; < is
# escaped so that </script> or <!-- cannot end or hide the inline script; braces for Jinja (above);
# line breaks, which a literal would keep but Jinja and folium rewrite.
_JS_TEMPLATE = str.maketrans({"\\": "\\\\", "`": "\\`", "$": "\\$", "{": "\\x7b", "}": "\\x7d", "<": "\\x3c",
                              "\r": "\\r", "\n": "\\n"})
# In JSON inside an inline script: <, > and & for the HTML parser, braces for Jinja, and the two line
# separators older JavaScript engines refuse in string literals. Only strings hold these characters
# once ``json.dumps`` has run on arrays, strings and numbers.
_JS_JSON_CHARS = tuple((c, f"\\u{ord(c):04x}") for c in "<>&{}\u2028\u2029")
# Markdown: every ASCII punctuation character may be backslash-escaped (CommonMark), and each one
# starts something in Markdown, GFM, LaTeX or Streamlit's directives (:red[…], :material/…:).
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})
# Streamlit rewrites some texts after parsing, where escapes no longer count: web addresses and e-mail
# addresses become links (GFM's autolink literals: https://…, www.…, a@b.c), shortcodes become emoji,
# icons or its logo (:smile:, :material_home:, :streamlit:), arrows and dashes between spaces become
# glyphs (->, <-, <->, --, >=, <=, ~=). An invisible WORD JOINER inside each keeps it as written.
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)https?:(?=//)|www(?=\.)|@(?=[-\w])")
_SHORTCODE_START = re.compile(r":(?=[\w+-]+:)")
_TYPOGRAPHY = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def _text(value: object) -> str:
    """A cell, a name or an exception as text: empty for a missing value (None, NaN, NA, NaT)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def html_text(value: object) -> str:
    """Text shown literally in HTML, between tags or in a quoted attribute value."""
    return html.escape(_text(value), quote=True)


def js_template_literal(value: object) -> str:
    """Source for a JavaScript template literal (between backticks) that evaluates to the text itself."""
    return _text(value).translate(_JS_TEMPLATE)


def leaflet_html(value: object) -> str:
    """Text shown literally in a folium tooltip or popup: HTML inside a JavaScript template literal."""
    return js_template_literal(html_text(value))


def js_json(value: list | str | float | int | None) -> str:
    """A JSON array (of arrays, strings and numbers), string or number, safe inside an inline script.
    Objects are not accepted: their braces would be escaped too."""
    if isinstance(value, dict):
        raise TypeError("js_json writes arrays, strings and numbers, not objects")
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # One replace per character, not str.translate: the text is megabytes on a large map, and
    # translate looks up every character (30 ms for 24,000 place names).
    for char, escaped in _JS_JSON_CHARS:
        if char in text:
            text = text.replace(char, escaped)
    return text


def markdown_text(value: object) -> str:
    """Text shown literally wherever Streamlit reads Markdown, on one line (a line break would end a
    heading or a list item)."""
    text = _LINE_BREAKS.sub(" ", _text(value))
    text = _AUTOLINK.sub(lambda m: m.group(0) + _WORD_JOINER, text)
    text = _SHORTCODE_START.sub(":" + _WORD_JOINER, text)
    text = _TYPOGRAPHY.sub(lambda m: m.group(1)[0] + _WORD_JOINER + m.group(1)[1:], text)
    return text.translate(_MARKDOWN_ESCAPES)


def plotly_text(value: object) -> str:
    """Text shown literally by Plotly: no tag, and entities (&amp;, &#36;) kept as written."""
    return html.escape(_text(value), quote=False)
