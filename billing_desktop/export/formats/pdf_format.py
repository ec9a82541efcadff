"""PDF: a document for people. With a split, each tenant's statement (the XLSX statement's
header, lines and Total); for a whole export, a usage report: the totals, every tenant and
every model with its cost, and the daily cost chart.

Written with ReportLab rather than Qt's QPdfWriter: the command line (and a scheduled job on a
server) then needs no Qt at all, no display and no platform plugin, and ReportLab embeds real,
extractable text in TrueType subsets. It has no font fallback of its own, so pdf_fonts picks a
system font per character.

Rows are summed as they stream in and never all kept: a statement keeps its lines up to
MAX_LINES, and beyond that groups them by day and model (then month, then year) and says so;
a report keeps one figure per tenant, per model and per day. Memory stays flat whatever the
number of events.

`verify` cannot recompute a PDF's lines; it reads the totals the PDF states (its Keywords,
written with the figures it prints) and checks those against the manifest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from billing_desktop.export.formats.base import FormatWriter, ReadBack, Row
from billing_desktop.export.totals import ExportTotals

# Lines a statement lists one by one; beyond, it groups them and says so.
MAX_LINES = 5_000
# Bars of the report's cost chart; beyond, the chart shows months.
MAX_BARS = 400
_LEVELS = ((10, "day"), (7, "month"), (4, "year"))  # date text cut to YYYY-MM-DD, YYYY-MM, YYYY
_STATED = re.compile(
    rb"/Keywords \(rows=(\d+); input_tokens=(\d+); output_tokens=(\d+); cost_cents=(-?\d+)\)"
)
_MAGIC = b"%PDF-"


class StatementLines:
    """A tenant's lines as they stream in: listed as given up to MAX_LINES, then summed by
    (day, model), by (month, model) or by (year, model), whichever stays within the limit."""

    def __init__(self) -> None:
        self.listed: list[tuple[str, str | None, int, int, int]] | None = []
        self.groups: dict[tuple[str, str | None], list[int]] = {}
        self.level = 0  # index into _LEVELS once grouped

    @property
    def grouped_by(self) -> str | None:
        return None if self.listed is not None else _LEVELS[self.level][1]

    def add(self, when: str, model: str | None, tokens_in: int, tokens_out: int, cents: int):
        if self.listed is not None:
            self.listed.append((when, model, tokens_in, tokens_out, cents))
            if len(self.listed) <= MAX_LINES:
                return
            listed, self.listed = self.listed, None
            for line in listed:
                self._group(*line)
            return
        self._group(when, model, tokens_in, tokens_out, cents)

    def _group(self, when: str, model: str | None, tokens_in: int, tokens_out: int, cents: int):
        key = (when[: _LEVELS[self.level][0]], model)
        figures = self.groups.get(key)
        if figures is None:
            figures = self.groups[key] = [0, 0, 0]
            if len(self.groups) > MAX_LINES and self.level + 1 < len(_LEVELS):
                self._coarser()
                figures = self.groups[(when[: _LEVELS[self.level][0]], model)]
        figures[0] += tokens_in
        figures[1] += tokens_out
        figures[2] += cents

    def _coarser(self) -> None:
        self.level += 1
        cut = _LEVELS[self.level][0]
        old, self.groups = self.groups, {}
        for (when, model), (i, o, c) in old.items():
            figures = self.groups.setdefault((when[:cut], model), [0, 0, 0])
            figures[0] += i
            figures[1] += o
            figures[2] += c

    def lines(self) -> list[tuple[str, str | None, int, int, int]]:
        if self.listed is not None:
            return self.listed
        ordered = sorted(self.groups.items(), key=_line_order)
        return [(w, m, f[0], f[1], f[2]) for (w, m), f in ordered]


def _line_order(item: tuple[tuple[str, str | None], list[int]]) -> tuple[str, str]:
    (when, model), _ = item
    return when, model or ""


class UsageSums:
    """A whole export's figures by tenant, by model and by date, summed as rows stream in."""

    def __init__(self) -> None:
        self.by_tenant: dict[str | None, list[int]] = {}
        self.by_model: dict[str | None, list[int]] = {}
        self.by_date: dict[str, int] = {}

    def add_batch(self, batch: Sequence[Row]) -> None:
        tenants, models, dates = self.by_tenant, self.by_model, self.by_date
        for when, tenant, model, tokens_in, tokens_out, cents in batch:
            for table, key in ((tenants, tenant), (models, model)):
                figures = table.get(key)  # type: ignore[call-overload]
                if figures is None:
                    figures = table[key] = [0, 0, 0]  # type: ignore[index]
                figures[0] += tokens_in
                figures[1] += tokens_out
                figures[2] += cents
            dates[when] = dates.get(when, 0) + cents  # type: ignore[call-overload,index,operator]

    def chart_points(self) -> tuple[list[tuple[str, int]], str]:
        """(date, cents) in date order, by day, or by month when the days are too many."""
        points = sorted(self.by_date.items())
        if len(points) <= MAX_BARS:
            return points, "day"
        months: dict[str, int] = {}
        for when, cents in points:
            months[when[:7]] = months.get(when[:7], 0) + cents
        return sorted(months.items()), "month"


class PdfWriter(FormatWriter):
    name = "pdf"
    label = "PDF document"
    mnemonic_label = "PDF doc&ument"
    extension = "pdf"
    file_filter = "PDF documents (*.pdf)"
    description = (
        "A document to read and send: each tenant's statement with a split, else a usage"
        " report with the totals, every tenant and model, and the daily cost chart."
    )

    def begin(self, totals: ExportTotals) -> None:
        self.totals = totals
        self.statement = self.context.statement_for is not None
        self.lines = StatementLines()
        self.sums = UsageSums()

    def write_rows(self, batch: Sequence[Row]) -> None:
        if not self.statement:
            self.sums.add_batch(batch)
            return
        add = self.lines.add
        for when, _tenant, model, tokens_in, tokens_out, cents in batch:
            add(when, model, tokens_in, tokens_out, cents)  # type: ignore[arg-type]

    def end(self, rows: int) -> None:
        from billing_desktop.export.formats import pdf_layout

        stated = ExportTotals(rows, self.totals.input_tokens, self.totals.output_tokens,
                              self.totals.cost_cents)  # fmt: skip
        if self.statement:
            pdf_layout.write_statement(self.out, self.params, self.context, self.lines, stated)
        else:
            pdf_layout.write_report(self.out, self.params, self.context, self.sums, stated)

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        with path.open("rb") as f:
            if f.read(len(_MAGIC)) != _MAGIC:
                raise ValueError("not a PDF file")
            f.seek(0)
            found = _STATED.search(f.read())
        if found is None:
            raise ValueError("a PDF that states no totals of an export")
        stated = ExportTotals(*(int(v) for v in found.groups()))
        return ReadBack("PDF (the totals it states; a PDF's lines are not read back)", stated)


def stated_keywords(totals: ExportTotals) -> str:
    """The document's Keywords: the totals it prints, for verify to read back."""
    return (
        f"rows={totals.rows}; input_tokens={totals.input_tokens};"
        f" output_tokens={totals.output_tokens}; cost_cents={totals.cost_cents}"
    )
