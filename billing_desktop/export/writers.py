"""CSV and JSON encodings (PRODUCT.md §3), batch by batch.

Rows arrive as tuples (date, tenant_name, model_used, input_tokens, output_tokens, cost_cents)
with the formula guard already applied by SQL, or (SQLite, scope `all`) as ready-made lines
that SQLite built (`joined_lines`). Encoding a whole batch at once keeps the per-row Python
work small; nothing here ever holds more than one batch.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import billing_desktop
from billing_desktop.clock import system_clock
from billing_desktop.export.params import ExportParams
from billing_desktop.export.queries import CSV_HEADER

BOM = b"\xef\xbb\xbf"
CSV_HEADER_LINE = (",".join(CSV_HEADER) + "\n").encode()

Row = Sequence[object]


def csv_rows(rows: Sequence[Row]) -> bytes:
    """RFC 4180 quoting, LF line ends, as PostgreSQL's COPY writes them (NULL -> empty)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    if "\r" in text or any("" in row for row in rows):
        # Python's csv quotes only the characters of its line terminator, so a lone CR inside
        # a name would go out unquoted, and it writes '' like NULL where COPY writes "":
        # redo this (rare) batch field by field with COPY's rules.
        text = "".join(",".join(map(_copy_csv_field, row)) + "\n" for row in rows)
    return text.encode("utf-8")


def _copy_csv_field(value: object) -> str:
    """One field as COPY (FORMAT csv) writes it; queries.sqlite_text_field is its SQL twin."""
    if value is None:
        return ""
    text = str(value)
    if text == "" or any(c in text for c in _CSV_SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


_CSV_SPECIAL = ',"\n\r'


def joined_lines(batch: Sequence[tuple[str]], fmt: str, first: bool) -> bytes:
    """A batch of ready-made rows (one text value each, see queries.sqlite_event_lines): CSV
    lines ended by LF, or `data` elements as json_rows lays them out."""
    lines = [row[0] for row in batch]
    if not lines:
        return b""
    if fmt == "csv":
        lines.append("")  # the last line's LF, without copying the joined text again
        return "\n".join(lines).encode("utf-8")
    return _json_elements(lines, first)


def encoded_rows(batch: Sequence[Row], fmt: str, first: bool) -> bytes:
    """A batch of row tuples in the file's format (joined_lines' counterpart)."""
    return csv_rows(batch) if fmt == "csv" else json_rows(batch, first)


def _json_text(value: object) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


_JSON_ROW = (
    '{"date":"%s","tenantName":%s,"modelUsed":%s,"inputTokens":%d,"outputTokens":%d,"costCents":%d}'
)


def json_row(row: Row) -> str:
    """One `data` element; PostgreSQL's `queries.event_json_lines` builds the same text."""
    return _JSON_ROW % (row[0], _json_text(row[1]), _json_text(row[2]), row[3], row[4], row[5])


def json_rows(rows: Iterable[Row], first: bool) -> bytes:
    """A batch of `data` elements, each on its own line, comma-separated across batches."""
    return _json_elements([json_row(r) for r in rows], first)


def _json_elements(lines: list[str], first: bool) -> bytes:
    if not lines:
        return b""
    lead = "\n    " if first else ",\n    "
    return (lead + ",\n    ".join(lines)).encode("utf-8")


def json_head(params: ExportParams, totals: object, exported_at: datetime | None = None) -> bytes:
    """Everything up to and including `"data": [`."""
    when = (exported_at or system_clock().now()).astimezone(UTC).replace(microsecond=0)
    metadata = {
        "exportedAt": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dateRange": {"start": params.start.isoformat(), "end": params.end.isoformat()},
        "totalRecords": totals.rows,  # type: ignore[attr-defined]
        "scope": params.scope,
        "timezone": params.timezone,
        "filters": {"tenants": list(params.tenants), "models": list(params.models)},
        "totals": {
            "inputTokens": totals.input_tokens,  # type: ignore[attr-defined]
            "outputTokens": totals.output_tokens,  # type: ignore[attr-defined]
            "costCents": totals.cost_cents,  # type: ignore[attr-defined]
        },
        "generator": f"billing-desktop {billing_desktop.__version__}",
    }
    body = json.dumps(metadata, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return ('{\n  "metadata": ' + body + ',\n  "data": [').encode("utf-8")


def json_tail(rows: int) -> bytes:
    return b"\n  ]\n}\n" if rows else b"]\n}\n"
