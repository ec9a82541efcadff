"""The window's words for the engine's choices (formats, scopes, periods, outcomes).

The engine keeps its English labels, which the command line prints; the window shows them
through this catalogue, so they are translated like every other text of the window. Each label
is listed here once, for the translation tools to find.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "EngineLabels"

LABELS = (
    # Formats: the choice (with its Alt+letter), what it is for, the Save As filter.
    QT_TRANSLATE_NOOP("EngineLabels", "&CSV"),
    QT_TRANSLATE_NOOP("EngineLabels", "&JSON"),
    QT_TRANSLATE_NOOP("EngineLabels", "JSON &Lines"),
    QT_TRANSLATE_NOOP("EngineLabels", "E&xcel workbook"),
    QT_TRANSLATE_NOOP("EngineLabels", "PDF doc&ument"),
    QT_TRANSLATE_NOOP("EngineLabels", "FOCUS 1.&2 (FinOps)"),
    QT_TRANSLATE_NOOP("EngineLabels", "CSV"),
    QT_TRANSLATE_NOOP("EngineLabels", "JSON"),
    QT_TRANSLATE_NOOP("EngineLabels", "JSON Lines"),
    QT_TRANSLATE_NOOP("EngineLabels", "Excel workbook"),
    QT_TRANSLATE_NOOP("EngineLabels", "PDF document"),
    QT_TRANSLATE_NOOP("EngineLabels", "FOCUS 1.2 (FinOps)"),
    QT_TRANSLATE_NOOP(
        "EngineLabels",
        "Comma-separated text: one line per row, for Excel, databases and scripts.",
    ),
    QT_TRANSLATE_NOOP(
        "EngineLabels",
        "One JSON document: the rows with the parameters and totals in its metadata.",
    ),
    QT_TRANSLATE_NOOP(
        "EngineLabels", "One JSON object per line: for pandas, DuckDB and warehouse loaders."
    ),
    QT_TRANSLATE_NOOP(
        "EngineLabels",
        "An Excel workbook: dates, numbers and a dollar column as typed cells, with a Summary"
        " sheet of the parameters and totals.",
    ),
    QT_TRANSLATE_NOOP(
        "EngineLabels",
        "A document to read and send: each tenant's statement with a split, else a usage"
        " report with the totals, every tenant and model, and the daily cost chart.",
    ),
    QT_TRANSLATE_NOOP(
        "EngineLabels",
        "FinOps Open Cost and Usage Specification 1.2: cost and usage rows per day or month,"
        " tenant and model, for FinOps tools.",
    ),
    QT_TRANSLATE_NOOP("EngineLabels", "CSV files (*.csv)"),
    QT_TRANSLATE_NOOP("EngineLabels", "JSON files (*.json)"),
    QT_TRANSLATE_NOOP("EngineLabels", "JSON Lines files (*.jsonl)"),
    QT_TRANSLATE_NOOP("EngineLabels", "Excel workbooks (*.xlsx)"),
    QT_TRANSLATE_NOOP("EngineLabels", "PDF documents (*.pdf)"),
    QT_TRANSLATE_NOOP("EngineLabels", "FOCUS CSV (*.csv)"),
    # Scopes and granularities.
    QT_TRANSLATE_NOOP("EngineLabels", "All events"),
    QT_TRANSLATE_NOOP("EngineLabels", "By tenant"),
    QT_TRANSLATE_NOOP("EngineLabels", "By model"),
    QT_TRANSLATE_NOOP("EngineLabels", "By tenant and model"),
    QT_TRANSLATE_NOOP("EngineLabels", "Per day"),
    QT_TRANSLATE_NOOP("EngineLabels", "Per month"),
    QT_TRANSLATE_NOOP("EngineLabels", "Whole range"),
    # Periods.
    QT_TRANSLATE_NOOP("EngineLabels", "Today"),
    QT_TRANSLATE_NOOP("EngineLabels", "Yesterday"),
    QT_TRANSLATE_NOOP("EngineLabels", "This week"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last week"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last 7 days"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last 30 days"),
    QT_TRANSLATE_NOOP("EngineLabels", "This month"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last month"),
    QT_TRANSLATE_NOOP("EngineLabels", "This quarter"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last quarter"),
    QT_TRANSLATE_NOOP("EngineLabels", "This year"),
    QT_TRANSLATE_NOOP("EngineLabels", "Last year"),
    QT_TRANSLATE_NOOP("EngineLabels", "Year to date"),
    # The outcomes the history records.
    QT_TRANSLATE_NOOP("EngineLabels", "Succeeded"),
    QT_TRANSLATE_NOOP("EngineLabels", "Failed"),
    QT_TRANSLATE_NOOP("EngineLabels", "Cancelled"),
)


def label(text: str) -> str:
    """The engine's English label in the window's language."""
    return QCoreApplication.translate(CONTEXT, text)
