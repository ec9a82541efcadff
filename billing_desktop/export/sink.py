"""Where one file's rows go: the output, its byte count, progress and the cancel check.

Shared by the runner, the backends that hand out rows and the parallel slices, so that none
of them needs another's module.
"""

from __future__ import annotations

import copy
import io
import threading
from collections.abc import Iterator
from typing import Any, BinaryIO

from billing_desktop.errors import ExportCancelled
from billing_desktop.export.control import ProgressCallback
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.totals import ExportTotals


class Sink:
    """Counts bytes and reports progress per batch; raises ExportCancelled between batches."""

    def __init__(
        self, out: BinaryIO, cancel: threading.Event, progress: ProgressCallback | None
    ) -> None:
        self.out = out
        self.cancel = cancel
        self.progress = progress
        self.bytes = 0
        self.total: int | None = None

    def write(self, data: bytes | memoryview) -> None:
        self.out.write(data)
        self.bytes += len(data)

    def flush(self) -> None:
        self.out.flush()

    def tell(self) -> int:
        # The bytes written so far, seekable or not: XlsxWriter's zip then streams (no seek).
        return self.bytes

    def report(self, done: int) -> None:
        if self.cancel.is_set():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(done, self.total)


def begin_file(sink: Sink, writer: FormatWriter, totals: ExportTotals) -> None:
    """Announce the total, then what precedes the rows (a BOM, the header, JSON metadata)."""
    sink.total = totals.rows
    sink.report(0)
    writer.begin(totals)


def begin_needs_totals(writer: FormatWriter) -> bool:
    """Whether what precedes the rows depends on the totals (JSON's metadata does, a CSV
    header does not): the beginning written for two different totals into memory, compared."""
    written = []
    for totals in (ExportTotals(0, 0, 0, 0), ExportTotals(1, 2, 3, 4)):
        probe = copy.copy(writer)
        probe.out = io.BytesIO()
        probe.begin(totals)
        written.append(probe.out.getvalue())  # type: ignore[attr-defined]
    return written[0] != written[1]


def begin_without_totals(sink: Sink, writer: FormatWriter, estimate: int | None) -> None:
    """Begin a file whose beginning needs no totals (begin_needs_totals) before they are
    known; the progress counts towards `estimate` until `sink.total` is set."""
    sink.total = estimate
    sink.report(0)
    writer.begin(ExportTotals(0, 0, 0, 0))


def stream_rows(batches: Iterator[list[Any]], writer: FormatWriter, sink: Sink) -> int:
    """Row tuples, one write and one progress report per batch."""
    rows = 0
    for batch in batches:
        writer.write_rows(batch)
        rows += len(batch)
        sink.report(rows)
    return rows


def stream_lines(batches: Iterator[list[Any]], writer: FormatWriter, sink: Sink) -> int:
    """Lines the database built (one text value a row), one write and report per batch."""
    rows = 0
    for batch in batches:
        writer.write_text_lines([row[0] for row in batch])
        rows += len(batch)
        sink.report(rows)
    return rows
