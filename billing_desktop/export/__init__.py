"""The export engine: parameters, SQL, writers, atomic files and the streaming runner (no Qt)."""

from billing_desktop.export.params import ExportParams, default_filename
from billing_desktop.export.runner import ExportResult, ExportTotals, count_rows, run_export

__all__ = [
    "ExportParams",
    "ExportResult",
    "ExportTotals",
    "count_rows",
    "default_filename",
    "run_export",
]
