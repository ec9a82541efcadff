"""The export engine: requests, SQL, formats, atomic files and the streaming runner (no Qt).

The names below are looked up on first use, so that importing a light module of the package
(the request, the command-line flags) does not load the database layer with it.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ExportParams": "billing_desktop.export.params",
    "ExportRequest": "billing_desktop.export.request",
    "ExportResult": "billing_desktop.export.runner",
    "ExportTotals": "billing_desktop.export.totals",
    "count_rows": "billing_desktop.export.runner",
    "run_export": "billing_desktop.export.runner",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
