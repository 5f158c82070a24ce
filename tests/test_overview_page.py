"""The overview page with a filter that keeps few distinct values: what a user reads under the charts
and on their axes (AppTest, as tests/test_app_pages.py runs the pages)."""

from __future__ import annotations

import json

from tests.conftest import open_page, shown

BY_TYPE = "Gratification mensuelle des stages par type de structure"


def chart_specs(at) -> dict[str, dict]:
    """Each chart's Plotly spec and text alternative, by its heading."""
    headings = [h.value for h in at.main.header]
    return {heading: {**json.loads(chart.proto.spec), "alt": chart.proto.alt}
            for heading, chart in zip(headings, at.get("plotly_chart"), strict=True)}


def linear_tick_labels(axis: dict) -> list[str]:
    """What Plotly writes on an axis of fixed range and step, in whole numbers (``tickformat ,.0f``)."""
    low, high = sorted(axis["range"])
    step, first = axis["dtick"], axis["tick0"]
    ticks = [first + k * step for k in range(int((low - first) // step), int((high - first) // step) + 2)]
    return [f"{tick:.0f}" for tick in ticks if low <= tick <= high]


def test_overview_of_one_amount_says_it_once_and_its_axis_ticks_are_distinct():
    at = open_page(query_params={"org": ["association"]})
    assert not at.exception
    charts = chart_specs(at)
    stipend = charts["Gratification mensuelle selon la durée du stage"]["alt"]
    assert stipend == "En résumé : 2 offres, toutes à 614\u00a0€ par mois, toutes d'une durée de 6 mois."
    assert "de 614\u00a0€ à 614\u00a0€" not in stipend
    # The type chart's axis: « 614 €, 614 €, 615 € » before; now whole euros 20 apart around 614 €.
    axis = charts[BY_TYPE]["layout"]["xaxis"]
    assert axis["tickformat"] == ",.0f" and axis["tickmode"] == "linear"
    labels = linear_tick_labels(axis)
    assert labels == ["580", "600", "620", "640", "660"]
    assert [shown(c.value) for c in at.caption].count(stipend) == 1  # the same sentence visible under the chart

    at.toggle(key="en").set_value(True).run()
    english = chart_specs(at)
    assert english["Monthly stipend by internship duration"]["alt"] == (
        "In short: 2 offers, all at €614 a month, all lasting 6 months.")


def test_overview_names_every_busiest_start_month():
    at = open_page()
    start = chart_specs(at)["Mois de début au plus tôt"]["alt"]
    assert start.endswith("les mois les plus chargés sont janvier, février et mars 2023 (5 offres chacun).")
    at.toggle(key="en").set_value(True).run()
    assert chart_specs(at)["Month of earliest start"]["alt"].endswith(
        "the busiest months are January, February and March 2023 (5 offers each).")
