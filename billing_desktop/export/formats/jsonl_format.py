"""JSON Lines: exactly JSON's `data` objects, one per line, nothing else; its
parameters and totals live in the manifest. Loads in pandas `read_json(lines=True)` and DuckDB,
which refuse one huge JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from billing_desktop.export.formats.base import FormatWriter, ReadBack, Row, strict_json
from billing_desktop.export.formats.json_format import json_row, row_numbers
from billing_desktop.export.totals import ExportTotals


class JsonLinesWriter(FormatWriter):
    name = "jsonl"
    label = "JSON Lines"
    mnemonic_label = "JSON &Lines"
    extension = "jsonl"
    file_filter = "JSON Lines files (*.jsonl)"
    description = "One JSON object per line: for pandas, DuckDB and warehouse loaders."
    database_text = "json"

    def write_rows(self, batch: Sequence[Row]) -> None:
        self.write_text_lines([json_row(r) for r in batch])

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        self.out.write(b"".join(chunks))  # each already ends in LF

    def write_text_lines(self, lines: list[str]) -> None:
        if lines:
            lines.append("")
            self.out.write("\n".join(lines).encode("utf-8"))

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        text = path.read_bytes().decode("utf-8")
        if text and not text.endswith("\n"):
            raise ValueError("the last line does not end with a line feed")
        lines = text.split("\n")[:-1]
        totals = ExportTotals.of(row_numbers(strict_json(line)) for line in lines)
        return ReadBack("JSON Lines", totals)
