"""Plotly figures of the overview, read as objects: trace data, colours, symbols, legal minimum."""

import html
import itertools
import re

import pandas as pd
import pytest

from lib import categories as cat
from lib import charts
from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.conftest import VALID_ROW, offers_csv_bytes

NICAYA = "nicaya-consultant-concertation-2023"
TACT = "agence-tact-concertation-2023"
VOX = "vox-operatio-democratie-participative-2023"
MEDIATION = "mediation-environnement-concertation-2023"
DEMOCRATIE_OUVERTE = "democratie-ouverte-communication-2023"
LA_MONTAGNE = "la-montagne-democratie-locale-2023"
PARIS_11 = "paris-11-communication-service-civique-2023"
ARLES_FIRST = "petr-arles-conseil-developpement-2023"
ARLES_AGAIN = "petr-arles-participation-communication-2023"


def point_traces(fig) -> list:
    return [t for t in fig.data if t.customdata is not None]


def points(fig) -> dict[str, dict]:
    """offer_id -> x, y, symbol, colour of its marker on the stipend/duration chart."""
    out = {}
    for trace in point_traces(fig):
        for i, row in enumerate(trace.customdata):
            out[row[0]] = {"x": trace.x[i], "y": trace.y[i], "symbol": trace.marker.symbol[i],
                           "colour": trace.marker.color, "group": trace.legendgroup, "trace": trace, "i": i}
    return out


def test_stipend_vs_duration_plots_every_offer_with_stipend_and_duration(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    plotted = points(fig)
    # 27 postings, 7 with no stipend stated, 2 with no year to value theirs at (Agence TACT, Vox
    # Operatio: their text carries no date), and Décider ensemble with no duration. Each posting
    # of the Arles pair is a point: a selection lists both in the table.
    assert len(plotted) == 17
    assert "decider-ensemble-stagiaire-2023" not in plotted
    assert "make-org-chef-projet-junior-2023" not in plotted
    assert TACT not in plotted and VOX not in plotted
    assert {ARLES_FIRST, ARLES_AGAIN} <= set(plotted)
    # Nicaya: 6 months, « 1 300 € brut mensuel » (alone there: drawn at its own duration).
    assert (plotted[NICAYA]["x"], plotted[NICAYA]["y"]) == (6.0, 1300.0)
    # Médiation & Environnement: « 3 à 6 mois » is a bar from 3 to 6 around 4,5; « 800€ brut ».
    mediation = plotted[MEDIATION]
    assert (mediation["x"], mediation["y"]) == (4.5, 800.0)
    error = mediation["trace"].error_x
    assert error.arrayminus[mediation["i"]] == pytest.approx(1.5)
    assert error.array[mediation["i"]] == pytest.approx(1.5)
    # Démocratie Ouverte, « Rémunération légale », 2023, no hours stated: 4,05 € × 35 h × 52/12.
    assert plotted[DEMOCRATIE_OUVERTE]["y"] == pytest.approx(4.05 * 35 * 52 / 12) == pytest.approx(614.25)


def test_colours_come_from_the_organisation_types(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    for offer_id, point in points(fig).items():
        org_type = prepared_offers.set_index("offer_id").loc[offer_id, "org_type"]
        assert point["group"] == org_type
        assert point["colour"] == cat.ORG_TYPE_COLOURS[org_type]
    # One legend entry per type present, with a solid marker, named in French; then one saying what
    # a diamond is (the civic services of Paris 11e are plotted).
    legend = [t for t in fig.data if t.showlegend is not False and t.legendgroup != "legal_minimum"]
    plotted_types = {p["group"] for p in points(fig).values()}
    assert "company" not in plotted_types  # Make.org, the only company, states no stipend
    assert [t.name for t in legend[:-1]] == [cat.label(cat.ORG_TYPES, c) for c in cat.ORG_TYPE_COLOURS
                                             if c in plotted_types]
    assert all(t.marker.symbol == "circle" for t in legend[:-1])
    assert legend[-1].name == "Service civique : indemnité nette" and legend[-1].marker.symbol == "diamond"


def test_symbols_by_stipend_status(prepared_offers):
    plotted = points(charts.stipend_vs_duration(prepared_offers))
    assert plotted[NICAYA]["symbol"] == "circle"  # stated
    assert plotted[DEMOCRATIE_OUVERTE]["symbol"] == "circle-open"  # estimated at the legal minimum
    # « Indemnité de stage. » (paid_unstated) is drawn like « supérieure au minimum légal »: a lower bound.
    assert plotted[LA_MONTAGNE]["symbol"] == "triangle-up-open"
    assert plotted[PARIS_11]["symbol"] == "diamond"  # a civic service's stated net allowance
    offers = prepared_offers.set_index("offer_id")
    for offer_id, point in plotted.items():
        symbols = charts.CIVIC_SERVICE_SYMBOLS if offers.at[offer_id, "contract"] == "civic_service" \
            else charts.STATUS_SYMBOLS
        assert point["symbol"] == symbols[offers.at[offer_id, "stipend_status"]]


def test_paid_with_no_amount_is_drawn_like_above_the_minimum():
    """« Indemnité de stage » and « supérieure au minimum légal »: the same lower bound, the same
    marker, through the whole preparation."""
    rows = [dict(VALID_ROW, offer_id=f"test-{basis.replace('_', '-')}", stipend_basis=basis, stipend_amount_eur="",
                 stipend_period="") for basis in ("paid_unstated", "above_legal_minimum")]
    offers = prepare_offers(load_offers(offers_csv_bytes(rows)).offers)
    plotted = points(charts.stipend_vs_duration(offers))
    assert plotted["test-paid-unstated"]["symbol"] == plotted["test-above-legal-minimum"]["symbol"] == \
        "triangle-up-open"
    assert plotted["test-paid-unstated"]["y"] == plotted["test-above-legal-minimum"]["y"] == pytest.approx(659.75)


def test_civic_services_are_marked_as_net_allowances(prepared_offers):
    plotted = points(charts.stipend_vs_duration(prepared_offers))
    hover = plotted[PARIS_11]["trace"].hovertext[plotted[PARIS_11]["i"]]
    assert "Service civique : indemnité nette (État et structure), pas une gratification" in hover
    assert (plotted[PARIS_11]["x"], plotted[PARIS_11]["y"]) == (7.5, 600.0)
    fig = charts.stipend_vs_duration(prepared_offers)
    assert fig.layout.yaxis.title.text == "Montant mensuel (€) : brut, ◆ net"


def test_an_hourly_rate_is_a_filled_marker(prepared_offers):
    # Décider ensemble's « 4,05€ de l'heure » is computed, not estimated; give it a duration to plot it.
    offers = prepared_offers.copy()
    decider = offers["offer_id"] == "decider-ensemble-stagiaire-2023"
    offers.loc[decider, ["duration_low", "duration_high", "duration_mid"]] = 6.0
    point = points(charts.stipend_vs_duration(offers))["decider-ensemble-stagiaire-2023"]
    assert point["symbol"] == "circle"
    assert point["y"] == pytest.approx(614.25)


def test_legal_minimum_line_for_2023(prepared_offers):
    offers = prepared_offers
    internships_2023 = offers[(offers["year"] == 2023) & (offers["contract"] == "internship")]
    fig = charts.stipend_vs_duration(internships_2023)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1
    assert lines[0].y0 == lines[0].y1 == pytest.approx(4.05 * 35 * 52 / 12)
    assert lines[0].y0 == pytest.approx(614.25)
    label = legal_minimum_entry(fig).name
    assert label.startswith("Minimum légal des stages (35 h)")
    assert "614\u00a0€ (2023)" in label


def test_legal_minimum_lines_of_every_year_plotted(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    # ANCT 2022 (3,90 €), 2023 (4,05 €), PQN-A 2025 (4,35 €), × 35 h × 52/12.
    assert sorted(round(s.y0, 2) for s in fig.layout.shapes) == [591.5, 614.25, 659.75]
    assert charts.legal_minimums(prepared_offers) == {2022: 591.5, 2023: 614.25, 2025: 659.75}


def test_civic_services_draw_no_legal_minimum(prepared_offers):
    civic = prepared_offers[prepared_offers["contract"] == "civic_service"]
    fig = charts.stipend_vs_duration(civic)
    assert len(points(fig)) == 2  # 600 and 601 € stated
    assert not fig.layout.shapes and not fig.layout.annotations
    assert not [t for t in fig.data if t.legendgroup == "legal_minimum"]


def legal_minimum_entry(fig):
    entries = [t for t in fig.data if t.legendgroup == "legal_minimum"]
    assert len(entries) == 1
    return entries[0]


def test_titles_and_axes_in_french_with_units(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers[prepared_offers["contract"] == "internship"])
    # The page's heading is the title (it wraps on a phone; Plotly's toolbar covered a figure title).
    assert not fig.layout.title.text
    assert fig.layout.xaxis.title.text == "Durée (mois)"
    assert fig.layout.yaxis.title.text == "Gratification brute (€/mois)"
    assert fig.layout.yaxis.ticksuffix == "\u00a0€"
    assert fig.layout.separators == ",\u202f"  # decimal comma, narrow no-break space for thousands, as babel
    assert fig.layout.legend.title.text == "Type de structure"


def test_titles_in_english(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers, "en")
    assert fig.layout.yaxis.title.text == "Monthly amount (€): gross, ◆ net"
    assert fig.layout.separators == ".,"
    assert legal_minimum_entry(fig).name.startswith("Internships' legal minimum (35 h)")
    assert [t.name for t in fig.data if t.showlegend is not False and t.legendgroup != "legal_minimum"][-1] == (
        "Civic service: net allowance")


def test_hover_text_is_escaped(prepared_offers):
    offers = prepared_offers[prepared_offers["offer_id"] == NICAYA].copy()
    offers["title"] = "<img src=x onerror=alert(1)>"
    trace = point_traces(charts.stipend_vs_duration(offers))[0]
    assert "<img" not in trace.hovertext[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in trace.hovertext[0]
    assert "1\u202f300\u00a0€ par mois" in trace.hovertext[0]


def _strings(value) -> list[str]:
    """Every string of a figure's JSON, wherever Plotly would read it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "tolist"):
        return _strings(value.tolist())
    return []


@pytest.fixture
def payload_offers():
    from lib.offers import prepare_offers
    from lib.validation import load_offers
    from tests.conftest import HEADER, VALID_ROW
    from tests.payloads import payload_offers_csv

    return prepare_offers(load_offers(payload_offers_csv(HEADER, VALID_ROW)).offers, "uploaded")


@pytest.mark.parametrize("chart", [charts.stipend_vs_duration, charts.stipend_by_org_type, charts.offers_by_region,
                                   charts.start_months])
def test_texts_of_the_offers_reach_plotly_without_a_tag(payload_offers, chart):
    # Plotly reads titles, ticks, legends and hovers as pseudo-HTML, where <a href> is a live link: the only
    # tags are the charts' own.
    for text in _strings(chart(payload_offers).to_plotly_json()):
        assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", text)) <= {"b", "br", "extra", "i"}, text


def test_regions_read_as_written_on_the_region_chart(payload_offers):
    from tests.payloads import PAYLOADS

    fig = charts.offers_by_region(payload_offers)
    # Long names wrap over lines (<br>, Plotly's only markup here); nothing else is markup.
    lines = [tick.split("<br>") for tick in fig.data[0].y]
    assert all("<" not in line for tick in lines for line in tick)
    def letters(text: str) -> str:  # wrapping may cut a long word: compare without the spaces
        return "".join(text.split())

    assert (sorted(letters("".join(html.unescape(line) for line in tick)) for tick in lines)
            == sorted(letters(text) for _name, text in PAYLOADS))


def test_up_to_the_threshold_every_offer_is_a_point_with_its_own_hover(prepared_offers, monkeypatch):
    # 17 plottable offers: at a threshold of 17 each is an SVG point with its text; at 16 they are stacks.
    monkeypatch.setattr(charts, "COMPACT_THRESHOLD", 17)
    fig = charts.stipend_vs_duration(prepared_offers)
    assert len(points(fig)) == 17 and {t.type for t in fig.data} == {"scatter"}
    assert all(t.hovertext is not None for t in point_traces(fig))
    monkeypatch.setattr(charts, "COMPACT_THRESHOLD", 16)
    fig = charts.stipend_vs_duration(prepared_offers)
    stacks = [t for t in fig.data if t.customdata is not None]
    assert all(t.hovertext is None for t in stacks)
    assert sum(int(t.customdata[:, 1].sum()) for t in stacks) == 17


def unwrapped(label: str) -> str:
    """A category label as written, from its wrapped Plotly text."""
    return label.replace("-<br>", "-").replace("<br>", " ")


def test_stipend_by_org_type(prepared_offers):
    fig = charts.stipend_by_org_type(prepared_offers)
    boxes = {unwrapped(t.name): t for t in fig.data}
    scop = boxes["SCOP / coopérative"]
    assert sorted(scop.x) == [770.0, 800.0]
    assert scop.marker.color == cat.ORG_TYPE_COLOURS["scop"]
    # Every internship's known stipend, even without a duration (Décider ensemble), each offer once
    # (one dot for the Arles pair), no civic service (600 and 601 € are net allowances).
    assert sum(len(t.x) for t in fig.data) == 15
    local = boxes["Collectivité territoriale"]
    assert sorted(local.x) == [614.25, 614.25, 614.25]  # Arles (once), La Montagne, Rennes
    assert 600.0 not in local.x and 601.0 not in local.x
    assert fig.layout.xaxis.title.text == "Gratification brute (€/mois)"


def test_offers_by_region(prepared_offers):
    fig = charts.offers_by_region(prepared_offers)
    counts = dict(zip(map(unwrapped, fig.data[0].y), fig.data[0].x, strict=True))
    # 26 offers: the PETR d'Arles offer posted twice counts once in Provence-Alpes-Côte d'Azur.
    assert counts == {"Île-de-France": 9, "Nouvelle-Aquitaine": 8, "Provence-Alpes-Côte d'Azur": 2,
                      "Auvergne-Rhône-Alpes": 2, "Pays de la Loire": 2, "Bretagne": 2, "Étranger": 1}
    assert list(fig.data[0].y)[-1] == "Île-de-France"  # largest at the top of a horizontal bar chart
    assert fig.layout.xaxis.title.text == "Nombre d'offres"


def test_start_months_stacked_by_contract(prepared_offers):
    fig = charts.start_months(prepared_offers)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"Stage", "Service civique"}
    assert sum(by_name["Service civique"].y) == 2  # the designer offer has no start
    # 26 offers: three civic services, three internships with no start (Agence TACT, Décider
    # ensemble, Vox Operatio); the Arles pair counts once, in March (its first posting).
    assert sum(by_name["Stage"].y) == 26 - 3 - 3
    stage = dict(zip([str(x)[:7] for x in by_name["Stage"].x], by_name["Stage"].y, strict=True))
    assert stage["2023-04"] == 2  # Démocratie Ouverte, and Médiation & Environnement (before 2 May)
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "Nombre d'offres"


# --- reading a selection back ------------------------------------------------------------------

def test_selected_offer_ids_from_a_streamlit_selection():
    # The shape st.plotly_chart(on_select="rerun") returns.
    selection = {
        "selection": {
            "points": [
                {"curve_number": 1, "point_number": 0, "point_index": 0, "x": 6, "y": 1300, "customdata": [NICAYA]},
                {"curve_number": 3, "point_number": 1, "point_index": 1, "x": 4.5, "y": 800,
                 "customdata": [MEDIATION]},
                {"curve_number": 1, "point_number": 0, "point_index": 0, "x": 6, "y": 1300, "customdata": [NICAYA]},
            ],
            "point_indices": [0, 1, 0],
            "box": [{"xref": "x", "yref": "y", "x": [4, 7], "y": [700, 1400]}],
            "lasso": [],
        }
    }
    assert charts.selected_offer_ids(selection) == [NICAYA, MEDIATION]


@pytest.mark.parametrize(
    "selection, expected",
    [
        (None, []),
        ({}, []),
        ({"selection": {"points": [], "box": [], "lasso": [], "point_indices": []}}, []),
        ({"selection": None}, []),
        ({"selection": {"points": [{"x": 1, "y": 2}]}}, []),  # a point without customdata (legend trace)
        ({"selection": {"points": [{"customdata": TACT}]}}, [TACT]),  # a scalar customdata
        ({"selection": {"points": [{"customdata": []}, {"customdata": (VOX,)}]}}, [VOX]),
    ],
)
def test_selected_offer_ids_edge_cases(selection, expected):
    assert charts.selected_offer_ids(selection) == expected


def test_selection_round_trip_through_the_figure(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    trace = point_traces(fig)[0]
    selection = {"selection": {"points": [{"customdata": list(row)} for row in trace.customdata]}}
    selected = charts.selected_offer_ids(selection)
    assert selected == [row[0] for row in trace.customdata]
    chosen = prepared_offers[prepared_offers["offer_id"].isin(selected)]
    assert set(chosen["org_type"]) == {trace.legendgroup}


def test_no_offers_give_empty_figures(prepared_offers):
    empty = prepared_offers.iloc[0:0]
    for build in (charts.stipend_vs_duration, charts.stipend_by_org_type, charts.start_months):
        assert build(empty).data == ()
    assert len(charts.offers_by_region(empty).data[0].x) == 0


# --- small selections, drawn honestly (issue 11) ------------------------------------------------



def test_offers_at_the_same_duration_and_amount_are_drawn_side_by_side(prepared_offers):
    # Several offers at 6 months and 614 € (2023 legal minimum) were one visible point.
    plotted = points(charts.stipend_vs_duration(prepared_offers))
    by_id = prepared_offers.set_index("offer_id")
    stacks: dict[tuple, list[str]] = {}
    for offer_id in plotted:
        key = (float(by_id.loc[offer_id, "duration_mid"]), round(float(by_id.loc[offer_id, "stipend_monthly_eur"])))
        stacks.setdefault(key, []).append(offer_id)
    shared = {key: ids for key, ids in stacks.items() if len(ids) > 1}
    assert shared, "the bundled offers have identical points"
    for (duration, _amount), ids in shared.items():
        xs = sorted(plotted[i]["x"] for i in ids)
        assert len(set(xs)) == len(ids)  # no two drawn at the same place
        assert min(b - a for a, b in itertools.pairwise(xs)) >= charts.DODGE_MONTHS - 1e-9
        assert sum(xs) / len(xs) == pytest.approx(duration)  # centred on the true duration
        for i in ids:  # each bar still spans the offer's true range; a single duration has none
            point = plotted[i]
            error = point["trace"].error_x
            low, high = float(by_id.loc[i, "duration_low"]), float(by_id.loc[i, "duration_high"])
            if low == high:
                assert error.array[point["i"]] == error.arrayminus[point["i"]] == 0
            else:
                assert point["x"] + error.array[point["i"]] == pytest.approx(high)
                assert point["x"] - error.arrayminus[point["i"]] == pytest.approx(low)


def test_a_big_stack_of_identical_offers_stays_at_its_duration(prepared_offers):
    # 300 offers at 6 months and the same euro (a collection's many offers at the legal minimum): side by
    # side 0.2 month apart they ran from -24 to 36 months, and the axis with them.
    one = prepared_offers[prepared_offers["duration_mid"].eq(6) & prepared_offers["stipend_monthly_eur"].notna()]
    many = pd.concat([one.head(1)] * 300, ignore_index=True)
    many["offer_id"] = [f"same-{i}" for i in range(300)]
    xs = sorted(point["x"] for point in points(charts.stipend_vs_duration(many)).values())
    assert len(xs) == 300 and len(set(xs)) == 300
    half = charts.DODGE_SPAN_MONTHS / 2
    assert xs[0] == pytest.approx(6 - half) and xs[-1] == pytest.approx(6 + half)


def test_the_legal_minimum_is_a_legend_entry_not_a_label_over_the_points(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    assert not fig.layout.annotations  # the label hid the association at 660 € and ran over the y axis
    entry = legal_minimum_entry(fig)
    assert entry.line.dash == "dash"
    assert entry.name == "Minimum légal des stages (35 h)<br>592\u00a0€ (2022) · 614\u00a0€ (2023) · 660\u00a0€ (2025)"
    same = charts.legal_minimum_label({2023: 614.25, 2024: 614.25, 2025: 659.75})
    assert same.endswith("614\u00a0€ (2023–2024) · 660\u00a0€ (2025)")
    apart = charts.legal_minimum_label({2023: 614.25, 2024: 650.0, 2025: 614.25})
    assert apart.endswith("614\u00a0€ (2023, 2025) · 650\u00a0€ (2024)")


def test_legends_sit_below_the_plot(prepared_offers):
    for fig in (charts.stipend_vs_duration(prepared_offers), charts.start_months(prepared_offers)):
        assert fig.layout.legend.orientation == "h"
        assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"


@pytest.mark.parametrize("months, labels", [
    # Two offers two months apart: each bar under its own tick (they shared « 04/2023 »).
    (["2023-03", "2023-05"], ["mars<br>2023", "avr.<br>2023", "mai<br>2023"]),
    (["2023-03"], ["mars<br>2023"]),
    # 38 months: a tick a year, so that they fit a phone unrotated.
    (["2022-01", "2022-02", "2023-03", "2025-02"], ["janv.<br>2022", "janv.<br>2023", "janv.<br>2024",
                                                    "janv.<br>2025"]),
    (["2023-01", "2023-09"], ["janv.<br>2023", "mars<br>2023", "mai<br>2023", "juil.<br>2023", "sept.<br>2023"]),
])
def test_start_month_ticks(months, labels):
    ticks = charts.month_ticks(pd.Series(pd.to_datetime(months)))
    assert ticks["ticktext"] == labels
    assert len(ticks["ticktext"]) <= charts.MAX_MONTH_TICKS and ticks["tickangle"] == 0
    # Each tick stands in the middle of its month, where the bars are drawn.
    assert all(tick.day in (14, 15, 16) for tick in ticks["tickvals"])


def test_start_month_bars_fill_their_month(prepared_offers):
    two = prepared_offers[prepared_offers["offer_id"].isin([NICAYA, TACT])]
    fig = charts.start_months(two)
    assert all(trace.xperiod == "M1" and trace.xperiodalignment == "middle" for trace in fig.data)


def test_count_axes_show_whole_numbers(prepared_offers):
    one = prepared_offers[prepared_offers["offer_id"] == NICAYA]
    # One offer: the axes read 0, 1 — not 0, 0,5, 1.
    assert charts.offers_by_region(one).layout.xaxis.dtick == 1
    assert charts.start_months(one).layout.yaxis.dtick == 1
    assert charts.offers_by_region(prepared_offers).layout.xaxis.tickformat == ",d"


def test_box_plot_statistics_in_whole_euros(prepared_offers):
    # Two consultancies' median was shown « 769,5 € ».
    assert charts.stipend_by_org_type(prepared_offers).layout.xaxis.hoverformat == ",.0f"


def test_long_category_labels_wrap_and_stay_escaped():
    assert charts.wrap_label("Établissement ou service public") == "Établissement ou<br>service public"
    assert charts.wrap_label("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert all(len(line) <= charts.LABEL_WRAP for line in charts.wrap_label("Provence-Alpes-Côte d'Azur").split("<br>"))


def tick_labels(axis, lang: str = "fr") -> list[str]:
    """The labels Plotly writes on an axis of fixed range and step (``tickmode="linear"``): every
    ``tick0 + k × dtick`` within the range, with its ``tickformat`` (``,.0f``: whole numbers)."""
    assert axis.range is not None and axis.dtick is not None, "Plotly's own ticks"
    low, high = sorted(axis.range)
    first = axis.tick0 + axis.dtick * -(-(low - axis.tick0) // axis.dtick)
    ticks = [first + k * axis.dtick for k in range(int((high - first) // axis.dtick) + 1)]
    digits = 0 if axis.tickformat in (",.0f", ",d", None) else int(axis.tickformat.strip(",.f"))
    return [f"{axis.tickprefix or ''}{tick:,.{digits}f}{axis.ticksuffix or ''}" for tick in ticks]


def test_stipend_by_type_ticks_are_distinct_for_one_amount(prepared_offers):
    # The associations' internships are all paid 614,25 €: Plotly's ticks 614,2, 614,4… read
    # « 614 €, 614 €, 615 €, 615 € ». Now every 20 €, around the amount.
    associations = prepared_offers[prepared_offers["org_type"] == "association"]
    axis = charts.stipend_by_org_type(associations).layout.xaxis
    labels = tick_labels(axis)
    assert labels == ["580\u00a0€", "600\u00a0€", "620\u00a0€", "640\u00a0€", "660\u00a0€"]
    assert axis.range[0] < 614.25 < axis.range[1]
    assert tick_labels(charts.stipend_by_org_type(associations, "en").layout.xaxis)[0] == "€580"


def test_stipend_by_type_ticks_are_distinct_for_two_close_amounts(prepared_offers):
    associations = prepared_offers[prepared_offers["org_type"] == "association"].copy()
    associations.loc[associations.index[0], "stipend_monthly_eur"] = 615.0
    labels = tick_labels(charts.stipend_by_org_type(associations).layout.xaxis)
    assert len(labels) >= 3 and len(set(labels)) == len(labels)
    # Amounts far apart keep Plotly's own ticks (at least 50 € of axis: whole euros apart).
    assert charts.stipend_by_org_type(prepared_offers).layout.xaxis.range is None


def test_one_duration_has_a_tick_on_each_side(prepared_offers):
    # Both associations on the chart last 6 months: the axis read « 6 » alone.
    associations = prepared_offers[prepared_offers["org_type"] == "association"]
    axis = charts.stipend_vs_duration(associations).layout.xaxis
    assert tick_labels(axis) == ["5", "6", "7"]
    points = [x for trace in point_traces(charts.stipend_vs_duration(associations)) for x in trace.x]
    assert all(axis.range[0] < x < axis.range[1] for x in points)
    # Several durations keep a tick per month, over Plotly's own range.
    assert charts.stipend_vs_duration(prepared_offers).layout.xaxis.range is None


@pytest.mark.parametrize("org_type", ["association", "university", "local_authority"])
def test_numeric_axes_of_one_type_have_distinct_ticks(prepared_offers, org_type):
    # Each of these type filters keeps internships of one amount (614,25 €): each numeric axis is either
    # given its ticks (checked distinct) or left to Plotly over a range wide enough for whole-number ticks.
    kept = prepared_offers[prepared_offers["org_type"] == org_type]

    def values(fig, letter: str) -> list[float]:
        return [float(v) for trace in fig.data if trace[letter] is not None for v in trace[letter] if v is not None]

    by_type = charts.stipend_by_org_type(kept)
    if by_type.layout.xaxis.range is not None:
        labels = tick_labels(by_type.layout.xaxis)
        assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    else:
        assert max(values(by_type, "x")) - min(values(by_type, "x")) >= 50  # Plotly's ticks 5 € apart or more
    scatter = charts.stipend_vs_duration(kept)
    assert scatter.layout.xaxis.dtick == 1  # whole months
    if scatter.layout.xaxis.range is not None:
        assert len(set(tick_labels(scatter.layout.xaxis))) >= 3
    amounts = values(scatter, "y") + [shape.y0 for shape in scatter.layout.shapes]
    y_range = scatter.layout.yaxis.range
    assert (y_range[1] - y_range[0] if y_range else max(amounts) - min(amounts)) >= charts.MIN_STIPEND_SPAN_EUR
    for fig, axis_name in ((charts.offers_by_region(kept), "xaxis"), (charts.start_months(kept), "yaxis")):
        assert fig.layout[axis_name].dtick == 1 and fig.layout[axis_name].tickformat == ",d"


@pytest.mark.parametrize("lang, message", [("fr", "Aucune offre à montrer"), ("en", "No offer to show")])
@pytest.mark.parametrize("build", [charts.stipend_vs_duration, charts.stipend_by_org_type])
def test_a_stipend_chart_with_no_offer_shows_a_message_not_empty_axes(prepared_offers, build, lang, message):
    # The only company (Make.org) states no stipend: its filter left both charts as bare axes of −1 €, 0 €, 1 €.
    companies = prepared_offers[prepared_offers["org_type"].eq("company")]
    assert len(companies)
    for offers in (companies, prepared_offers.iloc[0:0]):
        fig = build(offers, lang)
        assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
        assert [note.text for note in fig.layout.annotations] == [message]
        assert fig.layout.height == charts.EMPTY_HEIGHT


@pytest.mark.parametrize("lang, message", [("fr", "Aucune date de début connue pour ces offres"),
                                           ("en", "No start date known for these offers")])
def test_the_start_chart_of_offers_with_no_start_says_so(prepared_offers, lang, message):
    undated = prepared_offers[prepared_offers["start_month"].isna()]  # Agence TACT, Décider ensemble…
    assert len(undated)
    fig = charts.start_months(undated, lang)
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert [note.text for note in fig.layout.annotations] == [message]
    assert fig.layout.height == charts.EMPTY_HEIGHT
    assert charts.start_months(prepared_offers, lang).layout.annotations == ()


def test_a_lone_month_bar_is_as_wide_as_its_month_not_a_hairline(prepared_offers):
    # The only company (Make.org, February 2023) drew bare axes: Plotly sized a lone date bar from
    # the gap to its neighbours, and it had none.
    company = prepared_offers[prepared_offers["org_type"].eq("company")]
    (bar,) = charts.start_months(company).data
    day = 86_400_000  # ms, the unit of a date axis
    assert list(bar.width) == [pytest.approx(0.8 * 28 * day)]  # February 2023: 28 days
    for trace in charts.start_months(prepared_offers).data:
        assert all(20 * day <= width <= 31 * day for width in trace.width)


def test_a_stipend_chart_with_offers_keeps_its_axes(prepared_offers):
    for build in (charts.stipend_vs_duration, charts.stipend_by_org_type):
        fig = build(prepared_offers)
        assert fig.layout.xaxis.visible is not False and fig.layout.yaxis.visible is not False
        assert "Aucune offre à montrer" not in [note.text for note in fig.layout.annotations]


def test_a_touch_on_the_box_plot_names_an_offer_not_seven_figures(prepared_offers):
    # On a phone a tap on a box laid « min », « limite basse », « 1er quartile »… over the whole chart.
    boxes = [trace for trace in charts.stipend_by_org_type(prepared_offers).data if trace.type == "box"]
    assert boxes and all(trace.hoveron == "points" for trace in boxes if trace.boxpoints == "all")


def test_a_hover_s_long_names_wrap_to_fit_a_phone(prepared_offers):
    # A 120-character title ran off both sides of the chart on a 390 px phone: Plotly does not wrap hovers.
    figure = charts.stipend_by_org_type(prepared_offers)
    hovers = [text for trace in figure.data if trace.type == "box" and trace.hovertext is not None
              for text in trace.hovertext]
    lines = [re.sub(r"</?b>", "", line) for text in hovers for line in text.split("<br>")]
    assert hovers and max(len(html.unescape(line)) for line in lines) <= charts.HOVER_WRAP
