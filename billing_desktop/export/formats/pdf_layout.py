"""How the PDF statement and usage report look: A4 pages, the header block, the tables with
their column header repeated on every page, the Total row, and the report's cost chart."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from billing_desktop.export.choices import SCOPE_LABELS
from billing_desktop.export.formats import pdf_format
from billing_desktop.export.formats.base import FileContext, Output
from billing_desktop.export.formats.pdf_fonts import FontSet, system_fonts
from billing_desktop.export.formats.pdf_format import (
    StatementLines,
    UsageSums,
    stated_keywords,
)
from billing_desktop.export.formats.xlsx_statement import (
    ALL_MODELS,
    CURRENCY,
    STATEMENT_COLUMNS,
    TOTAL_LABEL,
    statement_header,
)
from billing_desktop.export.params import ExportParams
from billing_desktop.export.period_names import day_words, period_words
from billing_desktop.export.totals import ExportTotals

_MARGIN = 16 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_GREY = colors.HexColor("#555555")
_RULE = colors.HexColor("#999999")
_BAR = colors.HexColor("#3A6EA5")
ALL_TENANTS = "All tenants"


def dollars(cents: int) -> str:
    """$1,234.56, exact: from the integer cents, never through a float."""
    sign, whole = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}${whole // 100:,}.{whole % 100:02d}"


# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def right_to_left(text: str) -> bool:
    return _RTL.search(text) is not None


def visual(text: str) -> str:
    """Text as the page draws it. PDF places glyphs left to right, one after another, so a
    right-to-left name is written in its visual order (the Unicode bidi algorithm) with the
    joined letter forms Arabic shows (the reshaper's presentation forms); the page's text
    layer maps those forms back to their letters, so the name can still be found and copied."""
    if not right_to_left(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


class _Text:
    """Paragraphs and cells in the system's fonts, with a fallback font per character."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11.5)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, textColor=_GREY)
        self.title = ParagraphStyle("title", parent=self.body, fontName=fonts.bold,
                                    fontSize=17, leading=21)  # fmt: skip
        self.heading = ParagraphStyle(
            "heading", parent=self.body, fontName=fonts.bold, fontSize=11.5, leading=15,
            spaceBefore=8, spaceAfter=4,
        )  # fmt: skip

    def para(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Any:
        style = style or self.body
        pieces = []
        for font, piece in self.fonts.runs(visual(text), bold=bold):
            pieces.append(f'<font face="{font}">{escape(piece)}</font>')
        return Paragraph("".join(pieces), style)

    def cell(self, text: str, bold: bool = False) -> Any:
        """A table cell: plain text where the base font draws it all (fast), else a
        paragraph with its fallback fonts."""
        if self.fonts.plain(text) and not right_to_left(text):
            return text
        return self.para(text, bold=bold)


def _document(out: Output, title: str, context: FileContext, totals: ExportTotals,
              footer: str, fonts: FontSet) -> SimpleDocTemplate:  # fmt: skip
    def page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(_GREY)
        canvas.drawString(_MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
        bottomMargin=18 * mm, title=title, author=context.issuer, subject=title,
        keywords=stated_keywords(totals), creator=context.issuer,
        # Pages start in the embedded base font: ReportLab's default, Helvetica, would be
        # named in the PDF without being embedded.
        initialFontName=fonts.regular,
    )  # fmt: skip
    doc._page_footer = page  # type: ignore[attr-defined]
    return doc


def _build(doc: SimpleDocTemplate, story: list[Any]) -> None:
    footer = doc._page_footer  # type: ignore[attr-defined]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _header_table(rows: list[tuple[str, str]], text: _Text) -> Table:
    cells = [[text.para(label, bold=True), text.para(value)] for label, value in rows]
    table = Table(cells, colWidths=[32 * mm, _WIDTH - 32 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), text.fonts.regular),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))  # fmt: skip
    return table


def _figures_table(head: list[str], body: list[list[Any]], total: list[Any] | None,
                   widths: list[float], fonts: FontSet) -> Table:  # fmt: skip
    """A table whose first column is text and the others right-aligned figures; the header
    repeats on every page; `total` is the last, bold row."""
    rows = [head, *body, *([total] if total else [])]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.5),
        ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ALIGN", (-3, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2 if total else -1), [None, colors.HexColor("#F2F2F2")]),
    ]
    if total:
        style += [("FONTNAME", (0, -1), (-1, -1), fonts.bold),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]  # fmt: skip
    table.setStyle(TableStyle(style))
    return table


def write_statement(out: Output, params: ExportParams, context: FileContext,
                    lines: StatementLines, totals: ExportTotals) -> None:  # fmt: skip
    """One tenant's statement."""
    fonts = system_fonts()
    text = _Text(fonts)
    tenant = context.statement_for or ""
    period = period_words(params.start, params.end)
    made = context.exported_at.date()
    story: list[Any] = [
        text.para(context.issuer, text.title, bold=True),
        text.para("Statement of usage and cost", text.heading, bold=True),
        _header_table(statement_header(tenant, params.start, params.end, made), text),
        Spacer(1, 6 * mm),
    ]
    if lines.grouped_by is not None:
        story.append(text.para(
            f"This period has more than {pdf_format.MAX_LINES:,} lines: they are grouped by"
            f" {lines.grouped_by} and model.", text.small))  # fmt: skip
        story.append(Spacer(1, 2 * mm))
    body = [
        [_date_text(when), text.cell(model if model is not None else ALL_MODELS),
         f"{i:,}", f"{o:,}", dollars(c)]
        for when, model, i, o, c in lines.lines()
    ]  # fmt: skip
    total = [TOTAL_LABEL, "", f"{totals.input_tokens:,}", f"{totals.output_tokens:,}",
             dollars(totals.cost_cents)]  # fmt: skip
    widths = [24 * mm, _WIDTH - 24 * mm - 3 * 30 * mm, 30 * mm, 30 * mm, 30 * mm]
    story.append(_figures_table(list(STATEMENT_COLUMNS), body, total, widths, fonts))
    story.append(Spacer(1, 4 * mm))
    story.append(text.para(f"Amounts in {CURRENCY}.", text.small))
    footer_text = f"{period} \u00b7 Statement"
    title = f"Statement \u2013 {tenant} \u2013 {period}"
    doc = _document(out, title, context, totals, footer_text, fonts)
    _build(doc, story)


def write_report(out: Output, params: ExportParams, context: FileContext, sums: UsageSums,
                 totals: ExportTotals) -> None:  # fmt: skip
    """A whole export's usage report."""
    fonts = system_fonts()
    text = _Text(fonts)
    period = period_words(params.start, params.end)
    header = [
        ("Period", period),
        ("Currency", CURRENCY),
        ("Issued", day_words(context.exported_at.date())),
        ("Contents", f"{SCOPE_LABELS[params.scope]}, time zone {params.timezone}"),
    ]
    if params.tenants:
        header.append(("Tenants", ", ".join(params.tenants)))
    if params.models:
        header.append(("Models", ", ".join(params.models)))
    story: list[Any] = [
        text.para(context.issuer, text.title, bold=True),
        text.para("Usage report", text.heading, bold=True),
        _header_table(header, text),
        text.para("Totals", text.heading, bold=True),
        _totals_table(totals, fonts),
    ]
    points, unit = sums.chart_points()
    story += [text.para(f"Cost by {unit}", text.heading, bold=True), _chart(points, unit, fonts)]
    for title, table, empty in (("Cost by tenant", sums.by_tenant, ALL_TENANTS),
                                ("Cost by model", sums.by_model, ALL_MODELS)):  # fmt: skip
        story.append(text.para(title, text.heading, bold=True))
        story += _ranked(table, empty, title.split()[-1].capitalize(), text, fonts)
    doc = _document(out, f"Usage report \u2013 {period}", context, totals,
                    f"{period} \u00b7 Usage report", fonts)  # fmt: skip
    _build(doc, story)


def _totals_table(totals: ExportTotals, fonts: FontSet) -> Table:
    head = ["", "Rows", "Input tokens", "Output tokens", "Cost (USD)"]
    row = [TOTAL_LABEL, f"{totals.rows:,}", f"{totals.input_tokens:,}",
           f"{totals.output_tokens:,}", dollars(totals.cost_cents)]  # fmt: skip
    widths = [_WIDTH - 4 * 32 * mm, 32 * mm, 32 * mm, 32 * mm, 32 * mm]
    table = _figures_table(head, [], row, widths, fonts)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return table


def _ranked(table: dict[str | None, list[int]], empty: str, what: str, text: _Text,
            fonts: FontSet) -> list[Any]:  # fmt: skip
    """Every name with its figures, costliest first; past MAX_LINES the rest in one line."""
    ranked = sorted(table.items(), key=lambda item: (-item[1][2], item[0] or ""))
    limit = pdf_format.MAX_LINES
    shown, rest = ranked[:limit], ranked[limit:]
    body = [[text.cell(name if name is not None else empty), f"{i:,}", f"{o:,}", dollars(c)]
            for name, (i, o, c) in shown]  # fmt: skip
    if rest:
        i, o, c = (sum(figures[k] for _, figures in rest) for k in range(3))
        body.append([f"{len(rest):,} more", f"{i:,}", f"{o:,}", dollars(c)])
    widths = [_WIDTH - 3 * 32 * mm, 32 * mm, 32 * mm, 32 * mm]
    return [_figures_table([what, "Input tokens", "Output tokens", "Cost (USD)"], body, None,
                           widths, fonts)]  # fmt: skip


def _chart(points: list[tuple[str, int]], unit: str, fonts: FontSet) -> Drawing:
    height = 62 * mm
    # A drawing starts in ReportLab's default font, which the PDF would name unembedded.
    STATE_DEFAULTS["fontName"] = fonts.regular
    drawing = Drawing(_WIDTH, height)
    if not points:
        drawing.add(String(0, height / 2, "No cost in this period.", fontName=fonts.regular))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 10 * mm
    chart.width, chart.height = _WIDTH - 18 * mm, height - 14 * mm
    chart.data = [[cents / 100 for _, cents in points]]
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 0.5
    labels = [_short_date(when, unit) for when, _ in points]
    step = max(1, -(-len(labels) // 8))  # at most 8 labels, so none overlaps
    chart.categoryAxis.categoryNames = [lab if i % step == 0 else "" for i, lab in
                                        enumerate(labels)]  # fmt: skip
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.tickDown = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: f"${v:,.0f}" if v >= 10 else f"${v:,.2f}"
    chart.barLabels.fontName = fonts.regular
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.valueAxis.visibleGrid = True
    drawing.add(chart)
    return drawing


def _short_date(when: str, unit: str) -> str:
    try:
        day = date.fromisoformat(when[:10])
    except ValueError:
        return when[:7]
    return day.strftime("%d %b") if unit == "day" else day.strftime("%b %Y")


def _date_text(when: str) -> str:
    return when.replace("/", " \u2013 ")
