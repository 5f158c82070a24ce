"""Plotly figures of the overview, read as objects: trace data, colours, symbols, legal minimum."""

import html
import re

import pytest

from lib import categories as cat
from lib import charts

NICAYA = "nicaya-consultant-concertation-2023"
TACT = "agence-tact-concertation-2023"
VOX = "vox-operatio-democratie-participative-2023"
MEDIATION = "mediation-environnement-concertation-2023"


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
    # 27 offers, 7 with no stipend stated, and Décider ensemble with no duration.
    assert len(plotted) == 19
    assert "decider-ensemble-stagiaire-2023" not in plotted
    assert "make-org-chef-projet-junior-2023" not in plotted
    # Nicaya: 6 months, « 1 300 € brut mensuel ».
    assert (plotted[NICAYA]["x"], plotted[NICAYA]["y"]) == (6.0, 1300.0)
    # Médiation & Environnement: « 3 à 6 mois » is a bar from 3 to 6 around 4,5; « 800€ brut ».
    mediation = plotted[MEDIATION]
    assert (mediation["x"], mediation["y"]) == (4.5, 800.0)
    error = mediation["trace"].error_x
    assert error.arrayminus[mediation["i"]] == pytest.approx(1.5)
    assert error.array[mediation["i"]] == pytest.approx(1.5)
    # TACT, « selon le minimum légal en vigueur (35h/semaine) », 2023: 4,05 € × 35 h × 52/12.
    assert plotted[TACT]["y"] == pytest.approx(4.05 * 35 * 52 / 12) == pytest.approx(614.25)


def test_colours_come_from_the_organisation_types(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    for offer_id, point in points(fig).items():
        org_type = prepared_offers.set_index("offer_id").loc[offer_id, "org_type"]
        assert point["group"] == org_type
        assert point["colour"] == cat.ORG_TYPE_COLOURS[org_type]
    # One legend entry per type present, with a solid marker, named in French.
    legend = [t for t in fig.data if t.showlegend is not False]
    plotted_types = {p["group"] for p in points(fig).values()}
    assert "company" not in plotted_types  # Make.org, the only company, states no stipend
    assert [t.name for t in legend] == [cat.label(cat.ORG_TYPES, c) for c in cat.ORG_TYPE_COLOURS
                                        if c in plotted_types]
    assert all(t.marker.symbol == "circle" for t in legend)


def test_symbols_by_stipend_status(prepared_offers):
    plotted = points(charts.stipend_vs_duration(prepared_offers))
    assert plotted[NICAYA]["symbol"] == "circle"  # stated
    assert plotted[TACT]["symbol"] == "circle-open"  # estimated at the legal minimum
    assert plotted[VOX]["symbol"] == "triangle-up-open"  # « supérieure au minimum légal »
    statuses = prepared_offers.set_index("offer_id")["stipend_status"]
    for offer_id, point in plotted.items():
        assert point["symbol"] == charts.STATUS_SYMBOLS[statuses[offer_id]]


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
    label = fig.layout.annotations[0].text
    assert label.startswith("Minimum légal (35 h)")
    assert "2023 : 614\u00a0€" in label


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


def test_titles_and_axes_in_french_with_units(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers)
    assert fig.layout.title.text == "Gratification mensuelle selon la durée du stage"
    assert fig.layout.xaxis.title.text.startswith("Durée (mois)")
    assert fig.layout.yaxis.title.text == "Gratification mensuelle brute (€)"
    assert fig.layout.yaxis.ticksuffix == " €"
    assert fig.layout.separators == ", "  # decimal comma, space for thousands
    assert fig.layout.legend.title.text == "Type de structure"


def test_titles_in_english(prepared_offers):
    fig = charts.stipend_vs_duration(prepared_offers, "en")
    assert fig.layout.title.text == "Monthly stipend by internship duration"
    assert fig.layout.yaxis.title.text == "Gross monthly stipend (€)"
    assert fig.layout.separators == ".,"
    assert fig.layout.annotations[0].text.startswith("Legal minimum (35 h)")


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
    ticks = list(fig.data[0].y)
    assert all("<" not in tick for tick in ticks)
    assert sorted(html.unescape(tick) for tick in ticks) == sorted(text for _name, text in PAYLOADS)


def test_many_points_use_webgl(prepared_offers, monkeypatch):
    monkeypatch.setattr(charts, "WEBGL_THRESHOLD", 5)
    fig = charts.stipend_vs_duration(prepared_offers)
    assert {t.type for t in fig.data} == {"scattergl"}
    assert len(points(fig)) == 19


def test_stipend_by_org_type(prepared_offers):
    fig = charts.stipend_by_org_type(prepared_offers)
    boxes = {t.name: t for t in fig.data}
    scop = boxes["SCOP / coopérative"]
    assert sorted(scop.x) == [770.0, 800.0]
    assert scop.marker.color == cat.ORG_TYPE_COLOURS["scop"]
    assert sum(len(t.x) for t in fig.data) == 20  # every known stipend, even without a duration
    assert fig.layout.title.text == "Gratification mensuelle par type de structure"
    assert fig.layout.xaxis.title.text == "Gratification mensuelle brute (€)"


def test_offers_by_region(prepared_offers):
    fig = charts.offers_by_region(prepared_offers)
    counts = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert counts == {"Île-de-France": 9, "Nouvelle-Aquitaine": 8, "Provence-Alpes-Côte d'Azur": 3,
                      "Auvergne-Rhône-Alpes": 2, "Pays de la Loire": 2, "Bretagne": 2, "Étranger": 1}
    assert list(fig.data[0].y)[-1] == "Île-de-France"  # largest at the top of a horizontal bar chart
    assert fig.layout.xaxis.title.text == "Nombre d'offres"


def test_start_months_stacked_by_contract(prepared_offers):
    fig = charts.start_months(prepared_offers)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"Stage", "Service civique"}
    assert sum(by_name["Service civique"].y) == 2  # the designer offer has no start
    assert sum(by_name["Stage"].y) == 27 - 3 - 3  # three civic services, three internships with no start
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
