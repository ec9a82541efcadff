"""A split's single pass: one stream of rows, tenant after tenant, cut into each tenant's file.

The totals query of the split (queries.split_tenants) says how many rows each tenant's file
holds, in the same snapshot and the same tenant order as the stream, so the stream is cut by
those counts: no per-row test of whose row it is, which COPY's rows could not even tell.
"""

from __future__ import annotations

import contextlib
from typing import Any

from billing_desktop.export import queries
from billing_desktop.export.backends import RowBatches, Snapshot
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink


def split_rows(snap: Snapshot, params: ExportParams, writer: type[FormatWriter]) -> RowBatches:
    """Every file's rows of the split in one query, tenant by tenant in name order."""
    if params.scope == "all":
        return snap.backend.split_events(snap, params, writer)
    return snap.batches(queries.grouped_rows_by_tenant(snap.backend, params)), "rows"


class TenantCutter:
    """Hands each file its count of rows from the one stream, a batch at a time."""

    def __init__(self, stream: RowBatches) -> None:
        self.batches, self.kind = stream
        self.batch: list[Any] = []
        self.at = 0

    def write(self, count: int, writer: FormatWriter, sink: Sink) -> int:
        """The next `count` rows into `writer`, reporting to `sink` after each part."""
        done = 0
        while done < count:
            if self.at == len(self.batch):
                self.batch, self.at = self._next(), 0
            part = self.batch[self.at : self.at + count - done]
            self.at += len(part)
            done += len(part)
            self._deliver(writer, part)
            sink.report(done)
        return done

    def finish(self) -> None:
        """Every row has gone into a file: anything left over is a fault, never shipped."""
        with contextlib.closing(self.batches):
            if self.at < len(self.batch) or next(self.batches, None):
                raise RuntimeError("the split's rows outnumber its announced totals")

    def close(self) -> None:
        self.batches.close()

    def _next(self) -> list[Any]:
        batch = next(self.batches, None)
        if not batch:
            raise RuntimeError("the split's rows fall short of its announced totals")
        return batch

    def _deliver(self, writer: FormatWriter, part: list[Any]) -> None:
        if self.kind == "copy":
            writer.write_copy_chunks(part)
        elif self.kind == "lines":
            writer.write_text_lines([row[0] for row in part])
        else:
            writer.write_rows(part)
