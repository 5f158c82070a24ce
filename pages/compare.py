"""Compare: two to four offers side by side, best value of each condition highlighted."""

import streamlit as st

from lib import compare, rates
from lib import formatting as fmt
from lib.budget import budget_rows
from lib.comparison_pdf import PdfContext, comparison_pdf, describe_filters, with_rows
from lib.escaping import markdown_text
from lib.geocode import online_geocoder
from lib.i18n import t
from shell import url_state
from shell.places import choose_commune
from shell.sidebar import setup_page
from shell.uploads import deferred_download
from shell.widgets import markdown_literal
from shell.workbench import budget_inputs, star_button

ONLINE_KEY = "compare_online_places"  # places looked up online at the visitor's request, by query


def look_up_online(query: str) -> None:
    """The button's callback: the only way this page asks an online geocoder (a link alone never does)."""
    online = online_geocoder(timeout=3)
    found = compare.resolve_city(query, online=online)
    st.session_state.setdefault(ONLINE_KEY, {})[query] = (found, bool(online.failures))


page = setup_page("page_compare")
lang, offers = page.lang, page.offers
st.caption(t("compare_intro", lang))

url_state.seed("cmp", url_state.parse_choices(url_state.ValuesOf(offers["offer_id"]), limit=compare.MAX_COMPARED))
url_state.seed("from", url_state.parse_text)
matching = page.filtered_columns(["offer_id", "organisation", "title"])
labels = compare.choices(offers, matching, st.session_state.get("cmp", []))
if len(matching) > compare.MAX_CHOICES:
    st.caption(t("compare_first_choices", lang, shown=fmt.number(compare.MAX_CHOICES, lang),
                 n=fmt.number(len(matching), lang)))
picked = st.multiselect(t("compare_pick", lang), list(labels), key="cmp", persist_state="session",
                        max_selections=compare.MAX_COMPARED, format_func=lambda i: labels.get(i, i),
                        placeholder=t("compare_pick", lang), filter_mode="contains", select_all=False)
city = st.text_input(t("compare_city", lang), key="from", persist_state="session", help=t("compare_city_help", lang))
# A name several communes share (Saint-Denis, Montreuil): the user picks one; the most populous of
# metropolitan France is the default (compare.city_candidates), and the page names the others.
choice, candidates = choose_commune(city, "from_commune", "compare_city_choose", lang)
url_state.write({"cmp": picked, "from": city, "from_commune": choice},
                {"cmp": [], "from": "", "from_commune": candidates[0].key if candidates else None})
if page.kept_count == 0:
    st.info(t("no_offers", lang))
    st.stop()
if len(picked) < 2:
    # Filters that keep a single offer leave nothing to compare it with: say where to widen them.
    st.info(t("compare_need_two", lang) + (" " + t("compare_widen", lang) if page.kept_count == 1 else ""))
    st.stop()

# Offline first (the gazetteer); online only once the visitor asked for this place with the button.
origin = compare.resolve_city(city, choice=choice) if city else None
asked = st.session_state.get(ONLINE_KEY, {}).get(city) if city and origin is None else None
if asked is not None:
    origin = asked[0]
if not city:  # no place of the page's own: the sidebar's distance filter's, if any
    origin = page.origin
# The city comes from the URL as often as from the keyboard: a crafted link must not show an image or a link.
if city and origin is None:
    st.warning(t("compare_city_unknown", lang, city=markdown_text(city)))
    if asked is None:
        st.button(t("compare_city_online", lang), key="compare_online", on_click=look_up_online, args=(city,))
    else:
        st.caption(t("compare_city_unreachable" if asked[1] else "compare_city_not_online", lang))
elif origin is not None:  # which commune distances are from, and its namesakes (the page's own place only)
    st.caption(compare.origin_caption(origin, candidates if city else [], lang))

chosen = offers.set_index("offer_id").loc[picked].reset_index()
budget, budget_in_pdf = budget_inputs(chosen, lang)
extra_rows = [] if budget.is_empty() else budget_rows(chosen, budget, lang)
table, best = with_rows(*compare.comparison_table(chosen, lang, origin), extra_rows)
# A static table, not a data grid: its columns share the page's width and its cells wrap, so that
# four offers and the row labels fit a phone; a real <table> with named headers for screen readers.
# st.table reads Markdown in its cells: every text is escaped (offers come from uploaded files).
table = table.map(markdown_literal)
table.index, table.columns = table.index.map(markdown_literal), table.columns.map(markdown_literal)
best.index, best.columns = table.index, table.columns
table.index.name = t("compare_condition", lang)
styled = table.style.apply(lambda column: ["background-color: #d8f0e4; font-weight: 700" if b else ""
                                           for b in best[column.name]], axis=0)
st.table(styled)
st.caption(t("best_legend", lang))
st.caption(t("compare_unknown_legend", lang))
budget_note = t("budget_note", lang, transport_source=rates.TRANSPORT_SHARE_SOURCE,
                exemption_source=rates.STIPEND_EXEMPTION_SOURCE)
if extra_rows:
    st.caption(markdown_text(budget_note))

# The PDF is written when the button is clicked, outside this run: what it needs is taken now.
pdf_context = PdfContext(today=page.today, link=url_state.current_link(), filters=describe_filters(page.filters, lang),
                         extra_rows=extra_rows if budget_in_pdf else [],
                         notes=[budget_note] if budget_in_pdf and extra_rows else [])
# The label says whether the student's budget is in the PDF: one sees what one downloads.
st.download_button(t("pdf_download_budget" if pdf_context.extra_rows else "pdf_download", lang), key="compare_pdf",
                   mime="application/pdf", on_click="ignore",
                   file_name="comparaison-stages.pdf" if lang == "fr" else "internship-comparison.pdf",
                   help=t("pdf_help", lang),
                   # Holds the offers through the session's store, let go when the session ends (shell/uploads.py).
                   data=deferred_download(lambda offers: comparison_pdf(offers, pdf_context, lang, origin), chosen,
                                          "compare_pdf"))

st.header(t("compare_star", lang), anchor=False)
for column, offer in zip(st.columns(len(chosen)), chosen.itertuples(index=False), strict=True):
    column.caption(markdown_text(offer.organisation))
    star_button(str(offer.offer_id), lang, key=f"compare_star_{offer.offer_id}", where=column)
