"""One sentence per chart saying what it shows, for readers who cannot see the chart (screen
readers, the chart's ``alt``) and for a phone where the chart is small."""

from __future__ import annotations

import pandas as pd

from lib import categories as cat
from lib import formatting as fmt
from lib.charts import paid_internships, plottable, region_counts
from lib.i18n import t
from lib.republication import distinct_offers

TOP_REGIONS = 4  # regions named in the sentence; the others are counted


def _offers(n: int, lang: str) -> str:
    return f"{fmt.number(n, lang)} {t('offer_one' if n == 1 else 'offer_many', lang)}"


def stipend_vs_duration(offers: pd.DataFrame, lang: str = "fr") -> str:
    """« 19 offres : de 591 € à 1 300 € par mois (médiane 614 €), de 2 à 9 mois. »"""
    shown = offers.loc[plottable(offers), ["stipend_monthly_eur", "duration_low", "duration_high"]]
    if shown.empty:
        return t("summary_nothing", lang)
    amounts = shown["stipend_monthly_eur"].astype(float)
    durations = pd.concat([shown["duration_low"], shown["duration_high"]]).astype(float)
    return t("summary_stipend_duration", lang, offers=_offers(len(shown), lang),
             low=fmt.euros(round(amounts.min()), lang), high=fmt.euros(round(amounts.max()), lang),
             median=fmt.euros(round(amounts.median()), lang),
             shortest=fmt.number(durations.min(), lang), longest=fmt.number(durations.max(), lang))


def stipend_by_org_type(offers: pd.DataFrame, lang: str = "fr") -> str:
    """« Gratification médiane par type : Cabinet de conseil 900 € (4 offres) ; … », highest first: the
    internships the chart draws, each offer once."""
    offers = distinct_offers(offers, ["stipend_monthly_eur", "contract", "org_type"])
    known = offers[paid_internships(offers)]
    if known.empty:
        return t("summary_nothing", lang)
    groups = known.groupby("org_type", observed=True)["stipend_monthly_eur"].agg(["median", "size"])
    groups = groups.sort_values("median", ascending=False)
    parts = [f"{cat.label(cat.ORG_TYPES, code, lang)} {fmt.euros(round(float(row['median'])), lang)} "
             f"({_offers(int(row['size']), lang)})" for code, row in groups.iterrows()]
    return t("summary_by_type", lang, parts=" ; ".join(parts) if lang == "fr" else "; ".join(parts))


def offers_by_region(offers: pd.DataFrame, lang: str = "fr") -> str:
    """« Île-de-France 9 offres, Nouvelle-Aquitaine 8, … et 3 autres régions. », each offer once."""
    counts = region_counts(offers)
    if counts.empty:
        return t("summary_nothing", lang)
    colon = " : " if lang == "fr" else ": "
    named = [f"{region}{colon}{_offers(int(n), lang)}" for region, n in counts.head(TOP_REGIONS).items()]
    rest = len(counts) - TOP_REGIONS
    text = ", ".join(named)
    if rest > 0:
        text += t("summary_other_region" if rest == 1 else "summary_other_regions", lang,
                  n=fmt.number(rest, lang), offers=_offers(int(counts.iloc[TOP_REGIONS:].sum()), lang))
    return t("summary_regions", lang, parts=text)


def start_months(offers: pd.DataFrame, lang: str = "fr") -> str:
    """« Débuts de janvier 2022 à février 2025 ; le plus d'offres en mars 2023 (5). », each offer once."""
    dated = distinct_offers(offers, ["start_month"])["start_month"].dropna()
    if dated.empty:
        return t("summary_nothing", lang)
    counts = dated.value_counts()
    counts.index = counts.index.strftime("%Y-%m")  # the few months written, not every offer's date (70 ms)
    busiest = counts.index[0]
    return t("summary_start", lang, offers=_offers(len(dated), lang), first=fmt.month(counts.index.min(), lang),
             last=fmt.month(counts.index.max(), lang), busiest=fmt.month(busiest, lang),
             n=_offers(int(counts.iloc[0]), lang))
