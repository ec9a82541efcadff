"""XLSX: typed cells for Excel, written by XlsxWriter in constant memory (a short statement
in memory).

`Usage` holds the rows (continued on `Usage (2)`, ... past Excel's 1,048,576 rows a sheet), with a
bold, frozen, filtered header and a `cost_usd` currency column; `Summary` the parameters and
totals. Names are always string cells: Excel never evaluates them, so no apostrophe is added.
No value is ever changed on its way into a cell: a figure Excel cannot hold exactly is written
as text (and the Summary says so); a name longer than a cell holds is refused.
XlsxWriter was chosen over openpyxl's write-only mode for its `constant_memory` mode, which
streams each row to disk, and because it is about twice as fast.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any

import billing_desktop
from billing_desktop.errors import InvalidInput
from billing_desktop.export.atomic import PARTIAL_SUFFIX, create_exclusive, temp_prefix
from billing_desktop.export.choices import COLUMNS as CSV_HEADER
from billing_desktop.export.choices import GRANULARITY_LABELS, SCOPE_LABELS
from billing_desktop.export.formats.base import FormatWriter, ReadBack, Row, integer_value
from billing_desktop.export.formats.xlsx_statement import (
    STATEMENT_SHEET,
    StatementSheet,
    read_statement,
)
from billing_desktop.export.totals import ExportTotals

EXCEL_MAX_ROWS = 1_048_576  # rows in a sheet, the header included
USAGE_SHEET = "Usage"
SUMMARY_SHEET = "Summary"
COLUMNS = (*CSV_HEADER, "cost_usd")
USD_FORMAT = "$#,##0.00"
INTEGER_FORMAT = "#,##0"  # the value stays the exact integer; only its display is grouped
DATE_FORMAT = "yyyy-mm-dd"
# Widths in characters: wide enough for the usual names; a longer name still shows in full
# in the cell's edit line and widens its column up to NAME_WIDTH_MAX.
_WIDTHS = {"date": 12, "tenant_name": 24, "model_used": 28, "cost_usd": 14}
_NUMBER_WIDTH = 14
NAME_WIDTH_MAX = 60
# Excel keeps 15 significant digits of a number: from 10**15 on, a figure is written as text.
EXACT_LIMIT = 10**15
# A statement of at most this many lines is built in memory (about 1.3 kB a line at its peak).
IN_MEMORY_MAX_ROWS = 10_000
CELL_MAX_CHARS = 32_767  # what one Excel cell holds; XlsxWriter would cut a longer text
TEXT_FIGURES_NOTE = (
    "Figures of 16 digits or more are text cells, written exactly: Excel keeps only 15 digits"
    " of a number."
)


class XlsxWriter(FormatWriter):
    name = "xlsx"
    label = "Excel workbook"
    mnemonic_label = "E&xcel workbook"
    extension = "xlsx"
    file_filter = "Excel workbooks (*.xlsx)"
    description = (
        "An Excel workbook: dates, numbers and a dollar column as typed cells, with a"
        " Summary sheet of the parameters and totals."
    )
    rows_per_sheet = EXCEL_MAX_ROWS - 1  # a class attribute so a test can make sheets small
    book: Any = None  # the xlsxwriter.Workbook, from begin() on

    def begin(self, totals: ExportTotals) -> None:
        import xlsxwriter  # only here: the other formats do not pay for importing it

        self.totals = totals
        self.text_figures = False  # whether a figure had to be written as text
        self.scratch: Path | None = None
        self.book = xlsxwriter.Workbook(self.out, self._workbook_options(totals))
        if self.context.statement_for is not None:  # a document for a tenant: no generator
            self.book.set_properties({"title": "Statement", "author": self.context.issuer})
        else:
            self.book.set_properties(
                {"title": "Billing Desktop export", "comments": billing_desktop.__version__}
            )
        self.bold = self.book.add_format({"bold": True})
        self.bold_right = self.book.add_format({"bold": True, "align": "right"})
        self.usd = self.book.add_format({"num_format": USD_FORMAT})
        self.integer = self.book.add_format({"num_format": INTEGER_FORMAT})
        self.day = self.book.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.text_right = self.book.add_format({"align": "right"})
        # Dates are date cells where the column holds days (scope all, granularity day);
        # months (YYYY-MM) and ranges stay text, which Excel shows as written.
        self.dated = self.params.granularity == "day"
        self.sheets = 0
        self.widths: list[int] = []
        self.statement: StatementSheet | None = None
        if self.context.statement_for is not None:
            self.statement = StatementSheet(self)
        else:
            self._new_sheet()

    def _workbook_options(self, totals: ExportTotals) -> dict[str, object]:
        """The workbook writes its zip into the runner's sink (the atomic temporary file).
        A statement of a few lines is built in memory: a split writes one workbook per tenant,
        and the scratch files of constant_memory (one per sheet and one per part of the zip,
        each created, written, read and removed) would cost a short one more than its lines.
        Anything larger keeps only the current row in memory (constant_memory), the rest in
        scratch files that go into a folder beside the output (the same disk, and removed
        with it)."""
        options: dict[str, object] = {"use_zip64": True, "strings_to_numbers": False}
        if self.context.statement_for is not None and totals.rows <= IN_MEMORY_MAX_ROWS:
            options["in_memory"] = True
            return options
        options["constant_memory"] = True
        self.scratch = _scratch_folder(self.out)
        if self.scratch is not None:
            options["tmpdir"] = str(self.scratch)
        return options

    def _new_sheet(self) -> None:
        if self.sheets:
            self._finish_sheet()
        self.sheets += 1
        name = USAGE_SHEET if self.sheets == 1 else f"{USAGE_SHEET} ({self.sheets})"
        self.sheet = self.book.add_worksheet(name)
        self.widths = [max(len(c) + 3, _WIDTHS.get(c, _NUMBER_WIDTH)) for c in COLUMNS]
        for col, title in enumerate(COLUMNS):
            # Figures' headers stand right, above their right-aligned numbers.
            self.sheet.write_string(0, col, title, self.bold_right if col >= 3 else self.bold)
        self.sheet.freeze_panes(1, 0)
        # Printed, as accountants do: landscape, all columns on the page's width, the header
        # on every page.
        self.sheet.set_landscape()
        self.sheet.fit_to_pages(1, 0)
        self.sheet.repeat_rows(0)
        self.row = 0  # the last row written in this sheet (0: the header)

    def _finish_sheet(self) -> None:
        self.sheet.autofilter(0, 0, self.row, len(COLUMNS) - 1)
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, min(width, NAME_WIDTH_MAX))

    def write_rows(self, batch: Sequence[Row]) -> None:
        if self.statement is not None:
            self.statement.write_rows(batch)
            return
        sheet, widths = self.sheet, self.widths
        string, number = sheet.write_string, sheet.write_number
        usd, day, dated, integer = self.usd, self.day, self.dated, self.integer
        for when, tenant, model, tokens_in, tokens_out, cents in batch:
            if self.row == self.rows_per_sheet:
                self._new_sheet()
                sheet, widths = self.sheet, self.widths
                string, number = sheet.write_string, sheet.write_number
            self.row += 1
            r = self.row
            if dated:
                sheet.write_datetime(r, 0, date.fromisoformat(when), day)  # type: ignore[arg-type]
            else:
                string(r, 0, when)  # type: ignore[arg-type]
            for col, name in ((1, tenant), (2, model)):
                if name is not None:  # the rolled-up column of a grouped scope stays empty
                    if len(name) > widths[col]:  # type: ignore[arg-type]
                        _check_fits(name, COLUMNS[col])  # type: ignore[arg-type]
                        widths[col] = len(name) + 2  # type: ignore[arg-type]
                    string(r, col, name)  # type: ignore[arg-type]
            low = min(tokens_in, tokens_out, cents)  # type: ignore[call-overload]
            high = max(tokens_in, tokens_out, cents)  # type: ignore[call-overload]
            if low > -EXACT_LIMIT and high < EXACT_LIMIT:  # type: ignore[operator]
                number(r, 3, tokens_in, integer)  # type: ignore[arg-type]
                number(r, 4, tokens_out, integer)  # type: ignore[arg-type]
                number(r, 5, cents, integer)  # type: ignore[arg-type]
                number(r, 6, cents / 100, usd)  # type: ignore[operator]
            else:
                self._write_figures(r, (tokens_in, tokens_out, cents))  # type: ignore[arg-type]

    def _write_figures(self, r: int, figures: tuple[int, int, int]) -> None:
        """Tokens, cents and dollars, each as a number where Excel holds it exactly, as text
        where it does not."""
        for col, value in enumerate((*figures, figures[2]), start=3):
            self._write_figure(self.sheet, r, col, value, dollars=col == 6)

    def _write_figure(self, sheet: Any, r: int, col: int, cents_or_count: int, *, dollars: bool):
        if -EXACT_LIMIT < cents_or_count < EXACT_LIMIT:
            if dollars:
                sheet.write_number(r, col, cents_or_count / 100, self.usd)
            else:
                sheet.write_number(r, col, cents_or_count, self.integer)
            return
        self.text_figures = True
        text = _dollars(cents_or_count) if dollars else str(cents_or_count)
        sheet.write_string(r, col, text, self.text_right)

    def end(self, rows: int) -> None:
        if self.statement is not None:
            self.statement.finish()
        else:
            self._finish_sheet()
            self._summary()
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.book.close()
        except FileCreateError as exc:  # XlsxWriter wraps the OSError (a full disk ...)
            cause = exc.args[0] if exc.args else exc
            raise (cause if isinstance(cause, OSError) else OSError(str(cause))) from None
        finally:
            self._remove_scratch()

    def abort(self) -> None:
        """XlsxWriter keeps each sheet's rows in a named temporary file until close(): a failed
        export closes and removes them, leaving nothing in the temporary folder."""
        if self.book is None:
            return
        for sheet in self.book.worksheets():
            if sheet.row_data_fh is None:  # not a constant-memory sheet: nothing on disk
                continue
            with contextlib.suppress(OSError):
                sheet.row_data_fh.close()
                os.unlink(sheet.row_data_filename)
        self._remove_scratch()

    def _remove_scratch(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def _summary(self) -> None:
        p, t, ctx = self.params, self.totals, self.context
        sheet = self.book.add_worksheet(SUMMARY_SHEET)
        sheet.set_column(0, 0, 16, self.bold)
        sheet.set_column(1, 1, 44)
        when = ctx.exported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        lines: list[tuple[str, Any]] = [
            ("Billing Desktop export", ""),
            ("Range", f"{p.start.isoformat()} to {p.end.isoformat()} (inclusive)"),
            ("Period", ctx.period or "fixed dates"),
            ("Scope", SCOPE_LABELS[p.scope]),
            ("Granularity", GRANULARITY_LABELS[p.granularity] if p.grouped else "each event"),
            ("Time zone", p.timezone),
            ("Tenants", ", ".join(p.tenants) or "all"),
            ("Models", ", ".join(p.models) or "all"),
            ("Exported at", when),
            ("Database", ctx.database),
            ("Generator", f"billing-desktop {billing_desktop.__version__}"),
            ("", ""),
            ("Rows", t.rows),
            ("Input tokens", t.input_tokens),
            ("Output tokens", t.output_tokens),
            ("Cost cents", t.cost_cents),
            ("Cost USD", t.cost_cents),
        ]
        for r, (label, value) in enumerate(lines):
            if label:
                sheet.write_string(r, 0, label)
            if isinstance(value, str):
                if value:
                    sheet.write_string(r, 1, _fitted(value))
            else:
                self._write_figure(sheet, r, 1, value, dollars=label == "Cost USD")
        notes = [f"The rows continue over {self.sheets} Usage sheets."] if self.sheets > 1 else []
        notes += [TEXT_FIGURES_NOTE] if self.text_figures else []
        for r, note in enumerate(notes, start=len(lines) + 1):
            sheet.write_string(r, 0, note)

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        from python_calamine import CalamineWorkbook  # only here: verify of an XLSX is rarer

        try:
            book = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise ValueError(f"not a readable XLSX file: {exc}") from None
        names = book.sheet_names
        if any(n.startswith(STATEMENT_SHEET) for n in names):
            return read_statement(book, names)
        usage = [n for n in names if n == USAGE_SHEET or n.startswith(USAGE_SHEET + " (")]
        if not usage or SUMMARY_SHEET not in names:
            raise ValueError(f"no '{USAGE_SHEET}' and '{SUMMARY_SHEET}' sheets")

        def numbers() -> Iterator[tuple[int, int, int]]:
            for name in usage:
                rows = iter(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                header = [str(cell) for cell in next(rows)]
                if tuple(header[: len(CSV_HEADER)]) != CSV_HEADER:
                    raise ValueError(f"sheet '{name}' does not start with the export's header")
                for row in rows:
                    yield integer_value(row[3]), integer_value(row[4]), integer_value(row[5])

        recomputed = ExportTotals.of(numbers())
        summary = {
            str(row[0]).strip().lower(): row[1]
            for row in book.get_sheet_by_name(SUMMARY_SHEET).to_python()
            if len(row) >= 2 and row[0]
        }
        labels = ("rows", "input tokens", "output tokens", "cost cents")
        declared = ExportTotals(*(integer_value(summary[label]) for label in labels))
        return ReadBack("XLSX", recomputed, declared, "its Summary sheet")


def _dollars(cents: int) -> str:
    """Cents as exact dollars: -12345 is "-123.45"."""
    sign, whole = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}{whole // 100}.{whole % 100:02d}"


def _check_fits(name: str, column: str) -> None:
    if len(name) > CELL_MAX_CHARS:
        raise InvalidInput(
            f"A {column} of {len(name):,} characters (starting {name[:40]!r}) is longer than"
            f" the {CELL_MAX_CHARS:,} an Excel cell holds; export as CSV or JSON instead."
        )


def _fitted(text: str) -> str:
    """A Summary line (a list of filters) as a cell holds it; never cut without saying so."""
    if len(text) <= CELL_MAX_CHARS:
        return text
    cut = " … (the list goes on beyond what an Excel cell holds)"
    return text[: CELL_MAX_CHARS - len(cut)] + cut


def _scratch_folder(out: object) -> Path | None:
    """A new folder beside the file the workbook ends up in (the atomic temporary file), named
    so that clean_stale_partials removes it if the process is killed; None when the output is
    no file of ours (a stream)."""
    name = getattr(getattr(out, "out", out), "name", None)
    if not isinstance(name, str) or not os.path.isfile(name):
        return None
    path = Path(name)
    return create_exclusive(path.parent, temp_prefix(path), PARTIAL_SUFFIX, os.mkdir)[0]
