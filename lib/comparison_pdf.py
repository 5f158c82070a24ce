"""The comparison as a one-page A4 PDF for an appointment: the offers side by side (the compare
page's rows and highlights), their stipend/duration chart, the date, the filters in force, the link
that reopens the view, and each offer's source line.

Pure Python (fpdf2) with DejaVu Sans embedded (lib/fonts, Bitstream Vera licence), so that accents
and « € » render on any machine, Streamlit Community Cloud included; the chart is drawn with
fpdf2's own lines and shapes, no browser. Offer texts are written as plain text (no markup is
read), their control characters dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from lib import categories as cat
from lib import compare, rates
from lib import formatting as fmt
from lib.filters import OfferFilters
from lib.i18n import colon, t, tn

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
BEST_FILL = (216, 240, 228)  # the compare page's highlight, #d8f0e4
HEADER_FILL = (236, 239, 243)
MARGIN_MM = 10
FONT_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5)  # tried in turn until the page holds everything
MAX_SOURCE_CHARS = 260
OFFER_LETTERS = "ABCD"


@dataclass
class PdfContext:
    """What the page knows beyond the offers: when, which filters, the link, and rows to add
    (the student's budget, only when they asked for it)."""

    today: date
    link: str
    filters: list[str] = field(default_factory=list)
    extra_rows: list[tuple[str, list[str], list[bool]]] = field(default_factory=list)  # label, texts, best
    notes: list[str] = field(default_factory=list)


def describe_filters(filters: OfferFilters, lang: str = "fr") -> list[str]:
    """The filters in force, one line each (« Type de structure : SCOP, Association »); nothing
    when no filter is set."""
    def codes(values: tuple[str, ...], labels: cat.Labels) -> str:
        return ", ".join(cat.label(labels, v, lang) for v in values)

    def bounds(pair, write) -> str:
        low, high = pair
        if low is not None and high is not None:
            return f"{write(low)} – {write(high)}"
        if low is not None:
            return t("pdf_from", lang) + " " + write(low)
        return t("pdf_up_to", lang) + " " + write(high)

    lines: list[tuple[str, str]] = []
    for key, values, labels in (("org_type", filters.org_types, cat.ORG_TYPES),
                                ("contract", filters.contracts, cat.CONTRACTS),
                                ("stipend_level", filters.stipend_levels, cat.STIPEND_LEVELS),
                                ("level", filters.levels, cat.LEVELS), ("remote", filters.remote, cat.REMOTE),
                                ("driving_licence", filters.driving_licence, cat.DRIVING_LICENCE),
                                ("themes", filters.themes, cat.THEMES)):
        if values:
            lines.append((t(key, lang), codes(values, labels)))
    if filters.regions:
        lines.append((t("region", lang), ", ".join(cat.region_label(r, lang) for r in filters.regions)))
    if filters.departments:
        lines.append((t("department", lang), ", ".join(filters.departments)))
    if filters.stipend_range:
        lines.append((t("stipend_range", lang), bounds(filters.stipend_range, lambda v: fmt.euros(v, lang))))
    if filters.duration_range:
        lines.append((t("duration_range", lang),
                      bounds(filters.duration_range, lambda v: fmt.months_range(v, v, lang))))
    if filters.start_range:
        lines.append((t("start_range", lang), bounds(filters.start_range, lambda m: fmt.month(m, lang))))
    if filters.max_distance_km is not None and filters.near:
        lines.append((t("pdf_distance", lang), t("near_filter", lang, km=fmt.number(filters.max_distance_km, lang),
                                                  place=filters.near)))
    if filters.search.strip():
        lines.append((t("search", lang), f"« {filters.search.strip()} »"))
    if filters.open_only:
        lines.append((t("open_only", lang), t("pdf_yes", lang)))
    return [f"{name}{colon(lang)}{value}" for name, value in lines]


def comparison_pdf(offers: pd.DataFrame, context: PdfContext, lang: str = "fr",
                   origin: compare.Origin | None = None) -> bytes:
    """The PDF's bytes: one A4 page (the font shrinks until everything fits; beyond the smallest
    size, source lines are cut first)."""
    offers = offers.head(compare.MAX_COMPARED).reset_index(drop=True)
    table, best = compare.comparison_table(offers, lang, origin)
    table, best = with_rows(table, best, context.extra_rows)
    # A render takes about half a second: the first one's overflow tells how much smaller the text
    # must be (the height grows about as the square of the size), so that two or three renders do.
    size = FONT_SIZES[0]
    while True:
        pdf = _render(offers, table, best, context, lang, size)
        smaller = [s for s in FONT_SIZES if s < size]
        if pdf.page_no() == 1 or not smaller:
            return bytes(pdf.output())
        page_height = pdf.h - pdf.t_margin - pdf.b_margin
        used = (pdf.page_no() - 1) * page_height + pdf.get_y() - pdf.t_margin
        guess = size * (page_height / used) ** 0.5
        fitting = [s for s in smaller if s <= guess]
        size = max(fitting) if fitting else smaller[-1]


def with_rows(table: pd.DataFrame, best: pd.DataFrame,
              rows: list[tuple[str, list[str], list[bool]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The comparison with more rows at its end (the student's budget), highlights included."""
    if not rows:
        return table, best
    names = [name for name, _values, _flags in rows]
    more = pd.DataFrame([values for _name, values, _flags in rows], index=names, columns=table.columns)
    flags = pd.DataFrame([list(f) for _name, _values, f in rows], index=names, columns=table.columns)
    return pd.concat([table, more]), pd.concat([best, flags])


def _render(offers: pd.DataFrame, table: pd.DataFrame, best: pd.DataFrame, context: PdfContext, lang: str,
            size: float) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_plain(t("pdf_title", lang)))
    pdf.set_creator("Stages en participation citoyenne")
    pdf.set_lang("fr-FR" if lang == "fr" else "en-GB")
    pdf.add_page()
    width = pdf.epw
    line = size * 0.45

    pdf.set_font(FONT, "B", size + 5)
    pdf.multi_cell(width, (size + 5) * 0.45, _plain(t("pdf_title", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(width, line, _plain(t("pdf_printed_on", lang, date=fmt.day(context.today.isoformat(), lang))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    filters = "; ".join(context.filters) if context.filters else t("pdf_no_filter", lang)
    pdf.multi_cell(width, line, _plain(t("pdf_filters", lang) + colon(lang) + filters), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    pdf.set_text_color(0, 70, 140)
    pdf.multi_cell(width, line, _plain(t("pdf_link", lang) + colon(lang) + context.link), new_x="LMARGIN",
                   new_y="NEXT", link=context.link, align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)

    headers = [f"{OFFER_LETTERS[i]}. {name}" for i, name in enumerate(table.columns)]
    label_width = 34
    column_width = (width - label_width) / max(len(headers), 1)
    pdf.set_font(FONT, "", size)
    pdf.set_draw_color(190, 196, 204)
    with pdf.table(col_widths=(label_width, *[column_width] * len(headers)), line_height=line + 0.4,
                   text_align="LEFT", first_row_as_headings=True, cell_fill_mode=TableCellFillMode.NONE,
                   headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL), padding=0.8) as grid:
        row = grid.row()
        row.cell(_plain(t("compare_condition", lang)))
        for header in headers:
            row.cell(_plain(header))
        for name in table.index:
            row = grid.row()
            row.cell(_plain(name), style=FontFace(emphasis="BOLD"))
            for column in table.columns:
                flagged = bool(best.loc[name, column])
                row.cell(_plain(table.loc[name, column]),
                         style=FontFace(emphasis="BOLD", fill_color=BEST_FILL) if flagged else None)
    pdf.set_font(FONT, "", size - 0.5)
    pdf.multi_cell(width, line, _plain(t("pdf_best_legend", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    for note in context.notes:
        pdf.multi_cell(width, line, _plain(note), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1.5)

    _chart(pdf, offers, lang, size, height=58)
    pdf.ln(1.5)

    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(width, line, _plain(t("pdf_sources", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", size - 0.5)
    for i, offer in offers.iterrows():
        source = _plain(offer.get("source"))
        if len(source) > MAX_SOURCE_CHARS:
            source = source[:MAX_SOURCE_CHARS - 1] + "…"
        url = "" if pd.isna(offer.get("url")) else _plain(offer.get("url"))
        pdf.multi_cell(width, line, f"{OFFER_LETTERS[i]}. {source}" + (f" — {url}" if url else ""),
                       new_x="LMARGIN", new_y="NEXT", align="L")
    return pdf


def _chart(pdf: FPDF, offers: pd.DataFrame, lang: str, size: float, height: float) -> None:
    """Monthly stipend (y) against duration (x): a bar from the shortest to the longest duration,
    a dot at its middle (hollow when the amount is estimated at the legal minimum), each offer's
    letter beside it, and the legal minimum of the offers' latest year as a dashed line."""
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(pdf.epw, size * 0.45, _plain(t("chart_stipend_duration_title", lang)), new_x="LMARGIN",
                   new_y="NEXT")
    left, top = pdf.l_margin + 16, pdf.get_y() + 5
    plot_w, plot_h = pdf.epw - 22, height - 14
    known = offers[offers["stipend_monthly_eur"].notna() & offers["duration_low"].notna()]
    years = [int(y) for y in offers["year"].dropna()] if "year" in offers.columns else []
    minimum = rates.legal_minimum_monthly(max(years)) if years else None
    amounts = [float(v) for v in known["stipend_monthly_eur"]] + ([minimum] if minimum else [])
    high_x = max([float(v) for v in known["duration_high"]] + [6.0])
    top_y = max([*amounts, 100.0]) * 1.15
    x_max = float(int(high_x) + 1)

    def x(months: float) -> float:
        return left + plot_w * months / x_max

    def y(amount: float) -> float:
        return top + plot_h * (1 - amount / top_y)

    pdf.set_draw_color(120, 126, 134)
    pdf.set_line_width(0.2)
    pdf.line(left, top, left, top + plot_h)
    pdf.line(left, top + plot_h, left + plot_w, top + plot_h)
    pdf.set_font(FONT, "", size - 1)
    step = _nice_step(top_y)
    amount = 0.0
    while amount <= top_y:
        pdf.set_draw_color(225, 228, 232)
        pdf.line(left, y(amount), left + plot_w, y(amount))
        label = fmt.euros(amount, lang)
        pdf.text(left - 1.5 - pdf.get_string_width(label), y(amount) + 1, label)
        amount += step
    for month in range(0, int(x_max) + 1):
        label = str(month)
        pdf.text(x(month) - pdf.get_string_width(label) / 2, top + plot_h + 3.5, label)
    pdf.text(left + plot_w / 2 - 20, top + plot_h + 7.5, _plain(t("axis_duration_months", lang)))
    pdf.text(pdf.l_margin, top - 2.5, _plain(t("axis_stipend_short", lang)))
    if minimum:
        pdf.set_draw_color(150, 40, 40)
        pdf.set_dash_pattern(dash=1.2, gap=1)
        pdf.line(left, y(minimum), left + plot_w, y(minimum))
        pdf.set_dash_pattern()
        pdf.set_text_color(150, 40, 40)
        label = t("pdf_minimum_line", lang, year=max(years), amount=fmt.monthly_euros(minimum, lang))
        pdf.text(left + 1, y(minimum) - 1, _plain(label))
        pdf.set_text_color(0, 0, 0)
    for i, offer in offers.iterrows():
        if pd.isna(offer["stipend_monthly_eur"]) or pd.isna(offer["duration_low"]):
            continue
        colour = _rgb(cat.ORG_TYPE_COLOURS.get(offer["org_type"], "#777777"))
        amount, low, mid, high = (float(offer["stipend_monthly_eur"]), float(offer["duration_low"]),
                                  float(offer["duration_mid"]), float(offer["duration_high"]))
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.9)
        pdf.line(x(low), y(amount), x(high), y(amount))
        pdf.set_line_width(0.3)
        pdf.set_draw_color(31, 41, 51)
        pdf.set_fill_color(*colour)
        hollow = offer.get("stipend_status") == "estimated"
        pdf.ellipse(x(mid) - 1.4, y(amount) - 1.4, 2.8, 2.8, style="D" if hollow else "DF")
        pdf.set_font(FONT, "B", size)
        pdf.text(x(mid) + 2 + (i % 2) * 0.5, y(amount) - 1.8 - (i % 2) * 2.2, OFFER_LETTERS[i])
        pdf.set_font(FONT, "", size - 1)
    pdf.set_line_width(0.2)
    pdf.set_y(top + plot_h + 9)
    missing = len(offers) - len(known)
    if missing:
        pdf.multi_cell(pdf.epw, size * 0.45, _plain(tn("not_plotted", missing, lang)), new_x="LMARGIN",
                       new_y="NEXT")


def _nice_step(top: float) -> float:
    for step in (100, 200, 250, 500, 1000, 2000):
        if top / step <= 6:
            return float(step)
    return 5000.0


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(value) -> str:
    """An offer's text for the PDF: plain text, its control characters dropped, « — » when unknown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return _CONTROL.sub("", str(value))
