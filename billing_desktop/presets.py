"""Saved export options: one store for the window and the command line.

A preset is a name and the options of an export as the user chose them: format, scope,
granularity, a period (kept relative: "last-month" stays last month) or fixed dates, filters,
zone, CSV options, split, manifest. It lives in `presets.json` in the user config folder,
written atomically so that a crash never leaves half a file, and changed under a lock so that
two processes saving at once (ten cron jobs) each keep the other's preset.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from billing_desktop import config
from billing_desktop.errors import InvalidInput
from billing_desktop.export.option_types import check_options
from billing_desktop.export.request import JSON_KEYS

# How long a save waits for another process's save before giving up with one sentence.
_LOCK_TIMEOUT_S = 30.0

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
        with self._locked():
            presets = self._load()
            presets[name] = kept
            self._store(presets)

    def delete(self, name: str) -> None:
        with self._locked():
            presets = self._load()
            if name not in presets:
                raise InvalidInput(f"No preset named '{name}'")
            del presets[name]
            self._store(presets)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold `presets.json.lock` while the file is read, changed and replaced. The lock
        file stays: removing it would let a third process lock a file no one else sees."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise InvalidInput(f"The presets file {self.path} cannot be locked: {exc}") from None
        try:
            _lock(fd, lock_path)
            yield
        finally:
            os.close(fd)  # closing releases the lock on every system

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


def _lock(fd: int, lock_path: Path) -> None:
    deadline = time.monotonic() + _LOCK_TIMEOUT_S
    while True:
        try:
            _try_lock(fd)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise InvalidInput(
                    f"The presets file is in use by another process ({lock_path}); try again."
                ) from None
            time.sleep(0.01)


def _try_lock(fd: int) -> None:
    """Lock without waiting; OSError when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
