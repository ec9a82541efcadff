"""JSON (PRODUCT.md §3): one document, `metadata` then `data`, rows one per line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC

import billing_desktop
from billing_desktop.export.formats.base import FormatWriter, Row
from billing_desktop.export.totals import ExportTotals

_JSON_ROW = (
    '{"date":"%s","tenantName":%s,"modelUsed":%s,"inputTokens":%d,"outputTokens":%d,"costCents":%d}'
)


def _json_text(value: object) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def json_row(row: Row) -> str:
    """One `data` element; PostgreSQL's `queries.event_json_lines` builds the same text."""
    return _JSON_ROW % (row[0], _json_text(row[1]), _json_text(row[2]), row[3], row[4], row[5])


class JsonWriter(FormatWriter):
    database_text = "json"

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
    continued_lead = b","

    def continue_rows(self) -> None:
        self._started = True

    def _elements(self, lines: Sequence[str] | Sequence[bytes]) -> None:
        if not lines:
            return
        lead = ",\n    " if self._started else "\n    "
        self._started = True
        if isinstance(lines[0], str):
            self.out.write((lead + ",\n    ".join(lines)).encode("utf-8"))  # type: ignore[arg-type]
        else:
            self.out.write(lead.encode() + b",\n    ".join(lines))  # type: ignore[arg-type]

    def write_rows(self, batch: Sequence[Row]) -> None:
        self._elements([json_row(r) for r in batch])

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        self._elements([c[:-1] for c in chunks])  # drop COPY's LF

    def write_text_lines(self, lines: list[str]) -> None:
        self._elements(lines)

    def end(self, rows: int) -> None:
        self.out.write(b"\n  ]\n}\n" if rows else b"]\n}\n")
