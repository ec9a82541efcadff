"""CSV: RFC 4180 quoting as PostgreSQL's COPY writes it, LF line ends, a header,
an optional BOM, and `,` `;` or tab between fields."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from billing_desktop.export.choices import COLUMNS as CSV_HEADER
from billing_desktop.export.choices import DELIMITERS as DELIMITER_NAMES
from billing_desktop.export.formats.base import FormatWriter, ReadBack, Row
from billing_desktop.export.formats.csv_sums import csv_sums
from billing_desktop.export.totals import ExportTotals

BOM = b"\xef\xbb\xbf"


def csv_rows(rows: Sequence[Row], delimiter: str = ",") -> bytes:
    """RFC 4180 quoting, LF line ends, as PostgreSQL's COPY writes them (NULL -> empty)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    if "\r" in text or any("" in row for row in rows):
        # Python's csv quotes only the characters of its line terminator, so a lone CR inside
        # a name would go out unquoted, and it writes '' like NULL where COPY writes "":
        # redo this (rare) batch field by field with COPY's rules.
        text = "".join(
            delimiter.join(_copy_csv_field(v, delimiter) for v in row) + "\n" for row in rows
        )
    return text.encode("utf-8")


def _copy_csv_field(value: object, delimiter: str) -> str:
    """One field as COPY (FORMAT csv) writes it; queries.sqlite_text_field is its SQL twin."""
    if value is None:
        return ""
    text = str(value)
    if text == "" or any(c in text for c in '"\n\r' + delimiter):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter(FormatWriter):
    name = "csv"
    label = "CSV"
    mnemonic_label = "&CSV"
    extension = "csv"
    file_filter = "CSV files (*.csv)"
    description = "Comma-separated text: one line per row, for Excel, databases and scripts."
    csv_options = True
    database_text = "csv"

    def begin(self, totals: ExportTotals) -> None:
        if self.params.bom:
            self.out.write(BOM)
        self.out.write((self.params.delimiter.join(CSV_HEADER) + "\n").encode())

    def write_rows(self, batch: Sequence[Row]) -> None:
        self.out.write(csv_rows(batch, self.params.delimiter))

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        self.out.write(b"".join(chunks))

    def write_text_lines(self, lines: list[str]) -> None:
        if lines:
            lines.append("")  # the last line's LF, without copying the joined text again
            self.out.write("\n".join(lines).encode("utf-8"))

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        with path.open("rb") as f:
            first = f.readline()
        # With or without a BOM; LF as written, CRLF if a spreadsheet saved it again.
        header = first.decode("utf-8").removeprefix("\ufeff").removesuffix("\n")
        header = header.removesuffix("\r")
        delimiter = next((d for d in DELIMITER_NAMES if header == d.join(CSV_HEADER)), None)
        if delimiter is None:
            raise ValueError("the first line is not the export's header")
        totals = ExportTotals(*csv_sums(path, len(first), delimiter))
        return ReadBack(f"CSV ({DELIMITER_NAMES[delimiter]}-separated)", totals)
