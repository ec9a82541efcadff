"""The export file formats, one module each (issue 11): pick a writer by the format's name."""

from __future__ import annotations

from billing_desktop.export.formats.base import FileContext, FormatWriter, Output, Row
from billing_desktop.export.formats.csv_format import CsvWriter
from billing_desktop.export.formats.json_format import JsonWriter
from billing_desktop.export.formats.jsonl_format import JsonLinesWriter
from billing_desktop.export.formats.xlsx_format import XlsxWriter

WRITERS: dict[str, type[FormatWriter]] = {
    "csv": CsvWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "xlsx": XlsxWriter,
}

__all__ = ["WRITERS", "FileContext", "FormatWriter", "Output", "Row"]
