"""JSON Lines (PRODUCT.md §3): exactly JSON's `data` objects, one per line, nothing else; its
parameters and totals live in the manifest. Loads in pandas `read_json(lines=True)` and DuckDB,
which refuse one huge JSON document."""

from __future__ import annotations

from collections.abc import Sequence

from billing_desktop.export.formats.base import FormatWriter, Row
from billing_desktop.export.formats.json_format import json_row


class JsonLinesWriter(FormatWriter):
    database_text = "json"

    def write_rows(self, batch: Sequence[Row]) -> None:
        self.write_text_lines([json_row(r) for r in batch])

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        self.out.write(b"".join(chunks))  # each already ends in LF

    def write_text_lines(self, lines: list[str]) -> None:
        if lines:
            lines.append("")
            self.out.write("\n".join(lines).encode("utf-8"))
