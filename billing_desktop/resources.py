"""One way to find the files of `resources/` (icons, desktop entry), from source or frozen.

From a source tree or an editable install they sit beside the package; inside a PyInstaller
build they are unpacked under `sys._MEIPASS/resources` (the spec file adds them there).
"""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return _SOURCE_ROOT / "resources"


def resource_path(name: str) -> Path:
    """The path of a resource, e.g. `resource_path("icons/billing-desktop-256.png")`."""
    return resources_dir() / name
