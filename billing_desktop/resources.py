"""One way to find the app's files (icons, desktop entry, help pages), installed or frozen.

They are package data in `billing_desktop/assets`, so a source tree, an editable install and a
plain `pip install .` all find them beside this module; inside a PyInstaller build they are
unpacked under `sys._MEIPASS/resources` (the spec file adds them there).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_ASSETS = Path(__file__).resolve().parent / "assets"


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return _PACKAGE_ASSETS


def resource_path(name: str) -> Path:
    """The path of a resource, e.g. `resource_path("icons/billing-desktop-256.png")`."""
    return resources_dir() / name
