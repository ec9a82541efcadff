"""Saved export options: one store for the window and the command line.

A preset is a name and the options of an export as the user chose them: format, scope,
granularity, a period (kept relative: "last-month" stays last month) or fixed dates, filters,
zone, CSV options, split, manifest. It lives in `presets.json` in the user config folder,
written atomically so that a crash never leaves half a file, and changed under a lock so that
two processes saving at once (ten cron jobs) each keep the other's preset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from billing_desktop import config, json_store
from billing_desktop.errors import InvalidInput
from billing_desktop.export.option_types import check_options
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
        options = {k: v for k, v in presets[name].items() if k in OPTION_NAMES}
        return check_options(options, f"The preset '{name}' in {self.path}")

    def save(self, name: str, options: dict[str, Any]) -> None:
        name = name.strip()
        if not name:
            raise InvalidInput("A preset needs a name")
        unknown = set(options) - set(OPTION_NAMES)
        if unknown:
            raise ValueError(f"not preset options: {sorted(unknown)}")
        kept = check_options({k: v for k, v in options.items() if v is not None})
        with json_store.locked(self.path, "presets file"):
            presets = self._load()
            presets[name] = kept
            self._store(presets)

    def delete(self, name: str) -> None:
        with json_store.locked(self.path, "presets file"):
            presets = self._load()
            if name not in presets:
                raise InvalidInput(f"No preset named '{name}'")
            del presets[name]
            self._store(presets)

    def _load(self) -> dict[str, dict[str, Any]]:
        data = json_store.read(self.path, "presets file")
        if data is None:
            return {}
        presets = data.get("presets") if isinstance(data, dict) else None
        if not isinstance(presets, dict):
            raise InvalidInput(f"The presets file {self.path} is not a presets file")
        return {str(k): dict(v) for k, v in presets.items() if isinstance(v, dict)}

    def _store(self, presets: dict[str, dict[str, Any]]) -> None:
        json_store.replace(self.path, {"version": 1, "presets": presets})
