"""The export file formats, one class each: look a format up by its name or extension."""

from __future__ import annotations

from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats.base import FileContext, FormatWriter, Output, ReadBack, Row
from billing_desktop.export.formats.csv_format import CsvWriter
from billing_desktop.export.formats.focus_format import FocusWriter
from billing_desktop.export.formats.json_format import JsonWriter
from billing_desktop.export.formats.jsonl_format import JsonLinesWriter
from billing_desktop.export.formats.pdf_format import PdfWriter
from billing_desktop.export.formats.xlsx_format import XlsxWriter

# In the order the window offers them; the first is the default.
FORMATS: dict[str, type[FormatWriter]] = {
    cls.name: cls
    for cls in (CsvWriter, JsonWriter, JsonLinesWriter, XlsxWriter, PdfWriter, FocusWriter)
}


def format_named(name: str) -> type[FormatWriter]:
    """The format called `name`, or InvalidInput that lists the ones there are."""
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        names = list(FORMATS)
        listed = ", ".join(names[:-1]) + " or " + names[-1]
        raise InvalidInput(f"Unknown format '{name}': choose {listed}") from None


def formats_with_extension(extension: str) -> list[type[FormatWriter]]:
    """The formats whose files end in `.extension` (case-insensitive), in registry order."""
    wanted = extension.lower().lstrip(".")
    return [cls for cls in FORMATS.values() if cls.extension == wanted]


__all__ = [
    "FORMATS",
    "FileContext",
    "FormatWriter",
    "Output",
    "ReadBack",
    "Row",
    "format_named",
    "formats_with_extension",
]
