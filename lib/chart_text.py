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
TOP_MONTHS = 3  # months tied for the most offers named in the sentence; beyond, counted


def _offers(n: int, lang: str) -> str:
    return f"{fmt.number(n, lang)} {t('offer_one' if n == 1 else 'offer_many', lang)}"


def stipend_vs_duration(offers: pd.DataFrame, lang: str = "fr") -> str:
    """« 19 offres : de 591 € à 1 300 € par mois (médiane 614 €), de 2 à 9 mois. »; a value all the
    offers share said once (« toutes à 614 € par mois », not « de 614 € à 614 € »)."""
    shown = offers.loc[plottable(offers), ["stipend_monthly_eur", "duration_low", "duration_high"]]
    if shown.empty:
        return t("summary_nothing", lang)
    amounts = shown["stipend_monthly_eur"].astype(float)
    durations = pd.concat([shown["duration_low"], shown["duration_high"]]).astype(float)
    low, high = round(amounts.min()), round(amounts.max())  # the euros written: 614,25 and 614,4 are one
    one = len(shown) == 1
    if low != high:
        amount_text = t("summary_amount_range", lang, low=fmt.euros(low, lang), high=fmt.euros(high, lang),
                        median=fmt.euros(round(amounts.median()), lang))
    else:
        amount_text = t("summary_amount_one" if one else "summary_amount_same", lang, amount=fmt.euros(low, lang))
    shortest, longest = float(durations.min()), float(durations.max())
    if shortest != longest:
        duration_text = t("summary_duration_range", lang, shortest=fmt.number(shortest, lang),
                          longest=fmt.number(longest, lang))
    else:
        duration_text = t("summary_duration_one" if one else "summary_duration_same", lang,
                          months=fmt.months_range(shortest, shortest, lang))
    return t("summary_stipend_duration", lang, offers=_offers(len(shown), lang), amounts=amount_text,
             durations=duration_text)


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
    """« Débuts de janvier 2022 à février 2025 ; le mois le plus chargé est mars 2023 (5 offres). », each
    offer once. Months tied for the most offers are all named (« janvier, février et mars 2023 (5 offres
    chacun) »), or counted beyond ``TOP_MONTHS``; a single month is said once."""
    dated = distinct_offers(offers, ["start_month"])["start_month"].dropna()
    if dated.empty:
        return t("summary_nothing", lang)
    counts = dated.value_counts()
    counts.index = counts.index.strftime("%Y-%m")  # the few months written, not every offer's date (70 ms)
    total = _offers(len(dated), lang)
    if len(counts) == 1:
        return t("summary_start_one" if len(dated) == 1 else "summary_start_same", lang, offers=total,
                 month=fmt.month(counts.index[0], lang))
    most = int(counts.iloc[0])
    busiest = sorted(counts.index[counts.to_numpy() == most])
    n = _offers(most, lang)
    if len(busiest) == 1:
        busiest_text = t("summary_busiest_one", lang, month=fmt.month(busiest[0], lang), n=n)
    elif len(busiest) <= TOP_MONTHS:
        busiest_text = t("summary_busiest_tied", lang, months=month_list(busiest, lang), n=n)
    else:
        busiest_text = t("summary_busiest_many", lang, k=fmt.number(len(busiest), lang), n=n)
    return t("summary_start", lang, offers=total, first=fmt.month(counts.index.min(), lang),
             last=fmt.month(counts.index.max(), lang), busiest=busiest_text)


def month_list(months: list[str], lang: str = "fr") -> str:
    """« décembre 2022, janvier et février 2023 » from ``["2022-12", "2023-01", "2023-02"]`` (in order):
    each year written once, after its last month."""
    names = []
    for i, month in enumerate(months):
        written = fmt.month(month, lang)
        last_of_year = i + 1 == len(months) or months[i + 1][:4] != month[:4]
        names.append(written if last_of_year else written.rsplit(" ", 1)[0])
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + t("list_and", lang) + names[-1]
