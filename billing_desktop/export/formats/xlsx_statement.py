"""A tenant's statement as an XLSX sheet: a document to send, not a data dump.

A header (issuer, tenant, period in words, currency, the date it was made), the lines in plain
column names, and a "Total" row of stored values, exact to the cent. Nothing of the sender's
internals (database, host, role, path, generator) goes in: that stays in the manifest. Printed,
it fits one page's width, repeats the column header on every page and prints nothing beyond
its last column, so no page holds a stray fragment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from billing_desktop.export.formats.base import ReadBack, Row, integer_value
from billing_desktop.export.period_names import day_words, period_words
from billing_desktop.export.totals import ExportTotals

if TYPE_CHECKING:
    from billing_desktop.export.formats.xlsx_format import XlsxWriter

STATEMENT_SHEET = "Statement"
STATEMENT_COLUMNS = ("Date", "Model", "Input tokens", "Output tokens", "Cost (USD)")
TOTAL_LABEL = "Total"
ALL_MODELS = "All models"
CURRENCY = "USD"
_WIDTHS = (14, 34, 15, 15, 15)
_HEADER_ROWS = 6  # issuer, statement for, period, currency, produced, a blank line


def statement_header(tenant: str, start: date, end: date, made: date) -> list[tuple[str, str]]:
    """The statement's header lines as (label, value): also the PDF's."""
    return [
        ("Statement for", tenant),
        ("Period", period_words(start, end)),
        ("Currency", CURRENCY),
        ("Issued", day_words(made)),
    ]


class StatementSheet:
    """Writes one tenant's statement through the workbook of an XlsxWriter."""

    def __init__(self, writer: XlsxWriter) -> None:
        self.writer = writer
        book = writer.book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.label = book.add_format({"bold": True})
        self.head = book.add_format({"bold": True, "bottom": 1})
        self.head_right = book.add_format({"bold": True, "bottom": 1, "align": "right"})
        self.total_label = book.add_format({"bold": True, "top": 1})
        self.total_int = book.add_format({"bold": True, "top": 1, "num_format": "#,##0"})
        self.total_usd = book.add_format({"bold": True, "top": 1, "num_format": "$#,##0.00"})
        self.total_text = book.add_format({"bold": True, "top": 1, "align": "right"})
        self.sums = [0, 0, 0]
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        name = STATEMENT_SHEET if self.sheets == 1 else f"{STATEMENT_SHEET} ({self.sheets})"
        w = self.writer
        sheet = self.sheet = w.book.add_worksheet(name)
        ctx, p = w.context, w.params
        tenant = ctx.statement_for or ""
        row = 0
        if self.sheets == 1:
            sheet.write_string(0, 0, ctx.issuer, self.title)
            made = ctx.exported_at.date()
            for row, (label, value) in enumerate(
                statement_header(tenant, p.start, p.end, made), start=1
            ):
                sheet.write_string(row, 0, label, self.label)
                sheet.write_string(row, 1, value)
            row = _HEADER_ROWS
        for col, title in enumerate(STATEMENT_COLUMNS):
            sheet.write_string(row, col, title, self.head_right if col >= 2 else self.head)
        self.header_row = self.row = row
        sheet.freeze_panes(row + 1, 0)
        sheet.set_portrait()
        sheet.set_paper(9)  # A4; Letter printers scale it, and the width fits either way
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(row)
        sheet.set_header(_page_header(tenant, period_words(p.start, p.end)))
        sheet.set_footer("&CPage &P of &N")
        for col, width in enumerate(_WIDTHS):
            sheet.set_column(col, col, width)

    def write_rows(self, batch: Sequence[Row]) -> None:
        w = self.writer
        for when, _tenant, model, tokens_in, tokens_out, cents in batch:
            if self.row >= w.rows_per_sheet - 1:  # the last sheet keeps a row for the Total
                self._close_sheet()
                self._new_sheet()
            self.row += 1
            r, sheet = self.row, self.sheet
            if w.dated:
                sheet.write_datetime(r, 0, date.fromisoformat(when), w.day)  # type: ignore[arg-type]
            else:
                sheet.write_string(r, 0, when)  # type: ignore[arg-type]
            sheet.write_string(r, 1, model if model is not None else ALL_MODELS)  # type: ignore[arg-type]
            figures = (tokens_in, tokens_out, cents)
            for col, value in zip((2, 3, 4), figures, strict=True):
                w._write_figure(sheet, r, col, value, dollars=col == 4)  # type: ignore[arg-type]
            for i, value in enumerate(figures):
                self.sums[i] += value  # type: ignore[operator]

    def _close_sheet(self) -> None:
        self.sheet.print_area(0, 0, self.row, len(STATEMENT_COLUMNS) - 1)

    def finish(self) -> None:
        """The Total row, on the last sheet, right under the last line."""
        self.row += 1
        from billing_desktop.export.formats.xlsx_format import EXACT_LIMIT, _dollars

        r, sheet, w = self.row, self.sheet, self.writer
        sheet.write_string(r, 0, TOTAL_LABEL, self.total_label)
        sheet.write_blank(r, 1, None, self.total_label)
        for col, value in zip((2, 3, 4), self.sums, strict=True):
            dollars = col == 4
            if -EXACT_LIMIT < value < EXACT_LIMIT:
                number = value / 100 if dollars else value
                sheet.write_number(r, col, number, self.total_usd if dollars else self.total_int)
            else:
                w.text_figures = True
                text = _dollars(value) if dollars else str(value)
                sheet.write_string(r, col, text, self.total_text)
        self._close_sheet()


def _page_header(tenant: str, period: str) -> str:
    """The printed page's header: the tenant on the left, the period on the right, within
    the 255 characters Excel allows (a longer name is cut there, with an ellipsis; the
    statement's own header holds it whole)."""
    right = "&R" + period.replace("&", "&&")
    room = 255 - len(right) - len("&L")
    left = tenant.replace("&", "&&")
    if len(left) > room:
        left = left[: room - 1].removesuffix("&") + "…"
    return "&L" + left + right


def read_statement(book: Any, names: list[str]) -> ReadBack:
    """The lines and the Total row of a statement workbook, each summed again."""
    sheets = [n for n in names if n == STATEMENT_SHEET or n.startswith(STATEMENT_SHEET + " (")]
    declared: list[int] | None = None

    def lines() -> Iterator[tuple[int, int, int]]:
        nonlocal declared
        for name in sheets:
            rows = iter(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for row in rows:
                if tuple(str(c) for c in row[: len(STATEMENT_COLUMNS)]) == STATEMENT_COLUMNS:
                    break
            else:
                raise ValueError(f"sheet '{name}' has no statement lines")
            for row in rows:
                if row and row[0] == TOTAL_LABEL:
                    declared = [_figure(row[2]), _figure(row[3]), _cents(row[4])]
                    return
                yield _figure(row[2]), _figure(row[3]), _cents(row[4])

    recomputed = ExportTotals.of(lines())
    if declared is None:
        raise ValueError("the statement has no Total row")
    stated = ExportTotals(recomputed.rows, *declared)
    return ReadBack("XLSX statement", recomputed, stated, "its Total row")


def _figure(value: object) -> int:
    return integer_value(value)


def _cents(value: object) -> int:
    """Dollars read back as exact cents: a number cell, or the text of a figure too long for
    one ("-123.45")."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return round(value * 100)
    if isinstance(value, str):
        whole, _, part = value.strip().partition(".")
        if len(part) == 2 and part.isdigit():
            sign = -1 if whole.startswith("-") else 1
            return sign * (abs(integer_value(whole)) * 100 + int(part))
    raise ValueError(f"not an amount in dollars: {value!r}")
