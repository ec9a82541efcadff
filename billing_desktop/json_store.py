"""A small JSON file that several processes change: read, change and replace under a lock.

Presets and schedules are each one JSON file in the user's config folder, written by the
window and by command lines run from a scheduler, maybe at the same moment. Each change holds
a lock file beside it (flock on POSIX, msvcrt.locking on Windows) while it reads the file,
changes it and replaces it whole through a temporary file, so no process's change is lost
and no reader ever sees half a file.
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

from billing_desktop.errors import InvalidInput

# How long a change waits for another process's change before giving up with one sentence.
LOCK_TIMEOUT_S = 30.0


@contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    """Hold `<path>.lock` while `path` is read, changed and replaced. The lock file stays:
    removing it would let a third process lock a file no one else sees. `what` names the
    file for the sentence ("presets file")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise InvalidInput(f"The {what} {path} cannot be locked: {exc}") from None
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                _try_lock(fd)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise InvalidInput(
                        f"The {what} is in use by another process ({lock_path}); try again."
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock on every system


def _try_lock(fd: int) -> None:
    """Lock without waiting; OSError when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def read(path: Path, what: str) -> Any:
    """The file's JSON, or None when there is no file; InvalidInput when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"The {what} {path} cannot be read: {exc}") from None


def replace(path: Path, document: Any) -> None:
    """Write `document` to `path` whole: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
