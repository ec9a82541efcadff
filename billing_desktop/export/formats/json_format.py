"""JSON: one document, `metadata` then `data`, rows one per line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

import billing_desktop
from billing_desktop.export.formats.base import (
    FormatWriter,
    ReadBack,
    Row,
    integer_value,
    strict_json,
)
from billing_desktop.export.totals import ExportTotals

_JSON_ROW = (
    '{"date":"%s","tenantName":%s,"modelUsed":%s,"inputTokens":%d,"outputTokens":%d,"costCents":%d}'
)


JSON_KEYS = ("date", "tenantName", "modelUsed", "inputTokens", "outputTokens", "costCents")


def row_numbers(obj: Any) -> tuple[int, int, int]:
    """A `data` element's (input tokens, output tokens, cost cents), read back strictly."""
    if not isinstance(obj, dict) or tuple(obj) != JSON_KEYS:
        raise ValueError("a data element is not an export row")
    return (
        integer_value(obj["inputTokens"]),
        integer_value(obj["outputTokens"]),
        integer_value(obj["costCents"]),
    )


def _json_text(value: object) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def json_row(row: Row) -> str:
    """One `data` element; PostgreSQL's `queries.event_json_lines` builds the same text."""
    return _JSON_ROW % (row[0], _json_text(row[1]), _json_text(row[2]), row[3], row[4], row[5])


class JsonWriter(FormatWriter):
    name = "json"
    label = "JSON"
    mnemonic_label = "&JSON"
    extension = "json"
    file_filter = "JSON files (*.json)"
    description = "One JSON document: the rows with the parameters and totals in its metadata."
    database_text = "json"

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        document = strict_json(path.read_bytes().decode("utf-8"))
        metadata, rows = document["metadata"], document["data"]
        if not isinstance(rows, list):
            raise ValueError("'data' is not a list")
        declared = ExportTotals.from_json(metadata["totalRecords"], metadata["totals"])
        return ReadBack("JSON", ExportTotals.of(map(row_numbers, rows)), declared)

    def begin(self, totals: ExportTotals) -> None:
        params = self.params
        when = self.context.exported_at.astimezone(UTC).replace(microsecond=0)
        metadata = {
            "exportedAt": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dateRange": {"start": params.start.isoformat(), "end": params.end.isoformat()},
            "totalRecords": totals.rows,
            "scope": params.scope,
            "granularity": params.granularity,
            "timezone": params.timezone,
            "filters": {"tenants": list(params.tenants), "models": list(params.models)},
            "totals": {
                "inputTokens": totals.input_tokens,
                "outputTokens": totals.output_tokens,
                "costCents": totals.cost_cents,
            },
            "generator": f"billing-desktop {billing_desktop.__version__}",
        }
        body = json.dumps(metadata, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        self.out.write(('{\n  "metadata": ' + body + ',\n  "data": [').encode("utf-8"))

    _started = False  # a first element has been written: the next ones need a comma
    # PostgreSQL builds each element as the file holds it, "    {...},\n" (COPY adds the LF):
    # Python then only joins a batch, which is much cheaper than cutting each row's LF and
    # joining with a comma (docs/performance.md). The last ",\n" written is held back
    # (_held) until more rows follow; the last row's becomes the LF before "]".
    database_around = ("    ", ",")
    _raw = False  # continue_rows: the rows go as they come, for another writer to append
    _held = b""

    def continue_rows(self) -> None:
        self._raw = True

    def _elements(self, lines: Sequence[str] | Sequence[bytes]) -> None:
        if not lines:
            return
        lead = ",\n    " if self._started else "\n    "
        self._started = True
        if isinstance(lines[0], str):
            self.out.write((lead + ",\n    ".join(lines)).encode("utf-8"))  # type: ignore[arg-type]
        else:
            self.out.write(lead.encode() + b",\n    ".join(lines))  # type: ignore[arg-type]

    def _emit(self, data: bytes) -> None:
        """Database-built elements (whole, or any cut of their bytes), holding back the last
        two bytes: the final element's ",\n" must become "\n"."""
        if not data:
            return
        if not self._started:
            self.out.write(b"\n")
            self._started = True
        if len(data) >= 2:
            self.out.write(self._held)
            view = memoryview(data)
            self.out.write(view[:-2])
            self._held = bytes(view[-2:])
        else:
            joined = self._held + bytes(data)
            self.out.write(joined[:-2])
            self._held = joined[-2:]

    def write_rows(self, batch: Sequence[Row]) -> None:
        self._elements([json_row(r) for r in batch])

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        data = b"".join(chunks)
        if self._raw:
            self.out.write(data)
        else:
            self._emit(data)

    def write_continued(self, block: bytes) -> None:
        self._emit(block)

    def write_text_lines(self, lines: list[str]) -> None:
        self._elements(lines)

    def end(self, rows: int) -> None:
        # Any held ",\n" is the last element's: it is left out for the LF below.
        self.out.write(b"\n  ]\n}\n" if rows else b"]\n}\n")
