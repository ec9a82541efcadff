"""Saved export options (issue 12 §2): one store for the window and the command line.

A preset is a name and the options of an export as the user chose them: format, scope,
granularity, a period (kept relative: "last-month" stays last month) or fixed dates, filters,
zone, CSV options, split, manifest. It lives in `presets.json` in the user config folder,
written atomically so that a crash or a concurrent save never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from billing_desktop import config
from billing_desktop.errors import InvalidInput
from billing_desktop.export.request import JSON_KEYS

# The options a preset may hold: an export request's JSON keys. Anything else in the file
# (from a newer version) is kept on disk but not used.
OPTION_NAMES = JSON_KEYS


def presets_path() -> Path:
    return config.config_dir() / "presets.json"


class PresetStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or presets_path()

    def names(self) -> list[str]:
        return sorted(self._load(), key=str.casefold)

    def get(self, name: str) -> dict[str, Any]:
        presets = self._load()
        if name not in presets:
            known = ", ".join(sorted(presets, key=str.casefold)) or "none saved yet"
            raise InvalidInput(f"No preset named '{name}' (presets: {known})")
        return {k: v for k, v in presets[name].items() if k in OPTION_NAMES}

    def save(self, name: str, options: dict[str, Any]) -> None:
        name = name.strip()
        if not name:
            raise InvalidInput("A preset needs a name")
        unknown = set(options) - set(OPTION_NAMES)
        if unknown:
            raise ValueError(f"not preset options: {sorted(unknown)}")
        presets = self._load()
        presets[name] = {k: v for k, v in options.items() if v is not None}
        self._store(presets)

    def delete(self, name: str) -> None:
        presets = self._load()
        if name not in presets:
            raise InvalidInput(f"No preset named '{name}'")
        del presets[name]
        self._store(presets)

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"The presets file {self.path} cannot be read: {exc}") from None
        presets = data.get("presets") if isinstance(data, dict) else None
        if not isinstance(presets, dict):
            raise InvalidInput(f"The presets file {self.path} is not a presets file")
        return {str(k): dict(v) for k, v in presets.items() if isinstance(v, dict)}

    def _store(self, presets: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "presets": presets}, indent=2, ensure_ascii=False)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".presets-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
