"""Hostile texts, one per trick, shared by the escaping unit tests and the browser tests.

Each payload is what an offer's text, a file name, a URL parameter or a paste could hold. The ones that
would run script set a flag named ``__xss...`` on ``top`` or ``window`` (or ``document.title``) and open a
dialog; the ones that would fetch or link aim at ``evil.example``. Every payload fits in 60 characters,
the shortest text column of the data contract (``region``), so one offer can hold it in every text column.
"""

from __future__ import annotations

import csv
import io

FLAG_PREFIX = "__xss"
EVIL_HOST = "evil.example"
PWNED_TITLE = "PWNED"

# (name, text): the name says which context the payload attacks.
PAYLOADS: list[tuple[str, str]] = [
    ("js-backtick", "Stage `+(top.__xss1=1,alert(1))+`"),
    ("js-backslash-backtick", "\\`+(top.__xss2=1,alert(2))//"),
    ("js-double-backslash-backtick", "\\\\`+(top.__xss3=1,alert(3))//"),
    ("js-template-expression", "${top.__xss4=1,document.title='PWNED'}"),
    ("js-script-close", "</script><script>top.__xss5=1;alert(5)</script>"),
    ("jinja", "{{ 7*7 }} {% if 1 %}jinja{% endif %} {# c #}"),
    ("html-onerror", "<img src=x onerror=\"top.__xss6=1;alert(6)\">"),
    ("html-attribute", "\"'><svg onload=top.__xss7=1>"),
    ("html-remote-image", "<img src=\"https://evil.example/h.png\">"),
    ("html-link", "<a href=\"https://evil.example/a\">lien</a>"),
    ("markdown-image", "![x](https://evil.example/t.png)"),
    ("markdown-link", "[Postuler ici](https://evil.example/phish)"),
    ("markdown-autolink", "https://evil.example/auto www.evil.example"),
    ("markdown-directives", ":red[rouge] :material/home: :smile: :streamlit:"),
    ("markdown-latex", "$x^2$ et $$\\frac{a}{b}$$"),
    ("markdown-structure", "# Titre * puce | a | b | ~~barré~~ **gras** _x_"),
    ("markdown-typography", "a -> b <- c -- d >= e <= f ~= g <-> h"),
    ("entities", "&lt;b&gt; &amp; &#96; &#36;&#123;"),
]

TEXT_COLUMNS = ("title", "organisation", "address", "city", "region", "source", "notes")


def payload_offers_csv(header: list[str], base: dict[str, str]) -> bytes:
    """A data file with one offer per payload, the payload in every free-text column.

    Offers are placed on a grid over France (coordinates given, so no text needs to be a real place),
    2° of longitude and 1.5° of latitude apart: at the map's zoom, no two circles cluster. Stipends and
    durations differ, so each offer is its own point on the charts.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for i, (_name, text) in enumerate(PAYLOADS):
        row = {**base, "offer_id": f"payload-{i + 1:02d}", "country": "FR", "postcode": "", "department_code": "",
               "latitude": f"{42.8 + 1.5 * (i // 5):.5f}", "longitude": f"{-1.5 + 2.0 * (i % 5):.5f}",
               "geo_precision": "commune", "stipend_basis": "explicit", "stipend_amount_eur": str(700 + 25 * i),
               "stipend_period": "month", "duration_min_months": str(1 + i % 6),
               "duration_max_months": str(1 + i % 6), "url": ""}
        row.update({column: text for column in TEXT_COLUMNS})
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")
