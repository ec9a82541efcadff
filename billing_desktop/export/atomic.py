"""Atomic output: rows go to a temporary file beside the target, which replaces the target only
once the export has succeeded. On any failure or cancel the temporary file is removed and an
existing target is untouched.

Temporary names are `.<target>.<pid>~<host hash>-<random>.billing-partial`, created exclusively
with the mode a normal save gets (the system applies the umask; the process's umask is never
changed). A process killed outright (SIGKILL, power loss) can leave one behind; the pid in the
name lets `clean_stale_partials` remove exactly those whose process is gone, on POSIX and Windows.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from billing_desktop.errors import OutputError, TargetExists
from billing_desktop.export.liveness import pid_alive

PARTIAL_SUFFIX = ".billing-partial"
_PARTIAL_RE = re.compile(
    r"^\..+\.(\d+)(?:~([0-9a-f]{8}))?-[A-Za-z0-9_]+" + re.escape(PARTIAL_SUFFIX) + "$"
)
# A process id means something only on the machine that wrote it: on a network share the
# names carry a short hash of the host, and another machine's (or an untagged, older) temp
# file is removed only once it is older than a day.
HOST_TAG = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
FOREIGN_STALE_AFTER_S = 24 * 3600
_BUFFER = 1 << 20

_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def describe_os_error(exc: OSError, path: Path, *, windows: bool = os.name == "nt") -> str:
    """One sentence for an OSError met while writing `path`."""
    if exc.errno in _DISK_FULL:
        return f"The disk is full (or the file size limit was reached) while writing {path}."
    if isinstance(exc, PermissionError) and windows and path.is_file():
        # Windows refuses to replace (or open) a file another program holds open, as Excel
        # does with every workbook it shows.
        return in_use_message(path)
    if isinstance(exc, PermissionError):
        return f"Permission denied: cannot write {path}."
    reason = exc.strerror or str(exc)
    return f"Cannot write {path}: {reason}."


def check_target(target: Path, *, overwrite: bool) -> None:
    """Fail early, before any database work, when the target can never be written."""
    folder = target.parent
    if not folder.exists():
        raise OutputError(f"The folder {folder} does not exist.")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder.")
    if target.is_dir():
        raise OutputError(f"{target} is a folder; choose a file name.")
    if target.exists():
        if not overwrite:
            raise TargetExists(f"{target} already exists.")
        if not os.access(target, os.W_OK):
            raise OutputError(f"{target} is read-only; it was left as it is.")
        if os.name == "nt":
            _check_not_in_use(target)


def in_use_message(path: Path) -> str:
    return f"{path} is open in another program; close it and export again."


def _check_not_in_use(target: Path) -> None:
    """Windows only: opening a file for append fails while another program holds it open
    (a sharing violation), so the user hears it before the export, not after."""
    try:
        with open(target, "ab"):
            pass
    except PermissionError:
        raise OutputError(in_use_message(target)) from None
    except OSError:
        pass  # anything else shows when the file is written


_RANDOM_CHARS = 8  # what create_exclusive adds between prefix and suffix


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf: NTFS allows 255
        return 255


def temp_prefix(target: Path) -> str:
    """`.<target>.<pid>-`, with the target's name shortened (and a hash of it added) when the
    temporary name would exceed the file system's limit: a valid 238-byte name must work."""
    pid = f".{os.getpid()}~{HOST_TAG}-"
    room = _name_max(target.parent) - 1 - len(pid) - _RANDOM_CHARS - len(PARTIAL_SUFFIX)
    name = target.name
    if len(os.fsencode(name)) > room:
        digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
        while name and len(os.fsencode(name)) > room - len(digest) - 1:
            name = name[:-1]
        name = f"{name}~{digest}"
    return f".{name}{pid}"


def create_exclusive(
    folder: Path, prefix: str, suffix: str, make: Callable[[str], int | None]
) -> tuple[Path, int | None]:
    """A new entry `folder/<prefix><random><suffix>` made by `make(path)`, which must fail with
    FileExistsError when the name is taken (O_EXCL, mkdir)."""
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(_RANDOM_CHARS // 2)}{suffix}"
        try:
            return path, make(str(path))
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No free temporary name", str(folder))


def _new_file(path: str) -> int:
    # 0o666: the system takes the umask off, as for any file a program saves.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o666)


def _new_folder(path: str) -> None:
    os.mkdir(path, 0o777)  # the umask applies, as for any folder a program makes


class _DiscardUnlessCommitted:
    """Leaving the `with` block before commit() (failure, cancel or Ctrl-C) discards."""

    temp_path: Path | None

    def discard(self) -> None:
        raise NotImplementedError

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.temp_path is not None:
            self.discard()


class AtomicOutput(_DiscardUnlessCommitted):
    """`with AtomicOutput(path) as f:` write to f; call commit() to publish the file."""

    def __init__(self, target: Path, *, overwrite: bool = False) -> None:
        self.target = Path(target)
        self.overwrite = overwrite
        self.temp_path: Path | None = None
        self.file: BinaryIO | None = None
        check_target(self.target, overwrite=overwrite)

    def __enter__(self) -> BinaryIO:
        clean_stale_partials(self.target.parent)
        prefix = temp_prefix(self.target)
        try:
            path, fd = create_exclusive(self.target.parent, prefix, PARTIAL_SUFFIX, _new_file)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.target)) from None
        assert fd is not None
        self.temp_path = path
        self._keep_old_mode(fd)
        # The file object carries the temporary file's path as its name, so that a writer
        # can keep its own scratch files beside it (the XLSX format does).
        self.file = open(path, "wb", buffering=_BUFFER, opener=lambda _path, _flags: fd)
        return self.file

    def _keep_old_mode(self, fd: int) -> None:
        """A replaced file keeps its mode; a new one has what the umask gave it."""
        if not hasattr(os, "fchmod"):
            return
        with contextlib.suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(self.target.stat().st_mode))

    def commit(self) -> None:
        assert self.file is not None and self.temp_path is not None
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            self._publish(self.temp_path)
        except OSError as exc:
            self.discard()
            raise OutputError(describe_os_error(exc, self.target)) from None
        except BaseException:
            self.discard()
            raise
        self.temp_path = None
        fsync_folder(self.target.parent)

    def _publish(self, temp: Path) -> None:
        if self.overwrite:
            os.replace(temp, self.target)
            return
        # Without overwrite, link() refuses an existing target atomically, so an export that
        # raced us to the same name is never clobbered.
        try:
            os.link(temp, self.target)
        except FileExistsError:
            raise TargetExists(f"{self.target} already exists.") from None
        except OSError:  # a file system without hard links (exFAT, some SMB shares)
            publish_without_link(temp, self.target)
            return
        temp.unlink()

    def discard(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.close()
        if self.temp_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.temp_path.unlink()
            self.temp_path = None


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fsync_files(folder: Path) -> None:
    """The data of every file in `folder` on the disk: renamed into place after a crash, the
    folder must not show files whose data was still only in memory. One pass over the
    finished folder, not one per file as it is written: writing back is under way for the
    earlier files by then, and a split's many small files wait less in all."""
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False):
            continue
        if os.name != "nt":
            fd = os.open(entry.path, os.O_RDONLY)  # a read-only copy (delivery) is synced too
        else:
            # Windows flushes a file's buffers only through a handle that may write to it; a
            # file marked read-only (a delivered copy of one) is left to the system.
            try:
                fd = os.open(entry.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except PermissionError:
                continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish_without_link(temp: Path, target: Path) -> None:
    """Move `temp` to a `target` that must not exist yet, without hard links: the name is
    claimed first by an exclusive create, which only one of two racing exports can win, and
    the finished file then takes the claimed name's place."""
    if os.name == "nt":
        try:
            os.rename(temp, target)  # Windows' rename never replaces an existing file
        except FileExistsError:
            raise TargetExists(f"{target} already exists.") from None
        return
    try:
        os.close(_new_file(str(target)))
    except FileExistsError:
        raise TargetExists(f"{target} already exists.") from None
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()  # the empty file that claimed the name, and nothing else
        raise


def clean_stale_partials(folder: Path) -> list[Path]:
    """Remove temporary files left by exports whose process no longer runs."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PARTIAL_RE.match(entry.name)
        is_folder = entry.is_dir(follow_symlinks=False)  # a split's folder (AtomicFolder)
        if not match or not (is_folder or entry.is_file(follow_symlinks=False)):
            continue
        if match.group(2) == HOST_TAG:
            if pid_alive(int(match.group(1))):
                continue
        elif not _older_than(entry, FOREIGN_STALE_AFTER_S):
            continue  # another machine's export may still be writing it
        with contextlib.suppress(OSError):
            if is_folder:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _older_than(entry: os.DirEntry[str], seconds: float) -> bool:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > seconds
    except OSError:
        return False


def check_folder_target(target: Path, *, overwrite: bool) -> None:
    """check_target for a split's folder."""
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"The folder {folder} does not exist.")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file; a split by tenant writes a folder.")
    if target.exists() and not overwrite:
        raise TargetExists(f"{target} already exists.")


# The previous folder that --force replaces waits under this suffix until the new one is in
# place. clean_stale_partials never matches it: whatever stops the export (a kill between the
# two renames, a failed restore) leaves the previous statements where the user can find them.
PREVIOUS_SUFFIX = ".billing-previous"


class AtomicFolder(_DiscardUnlessCommitted):
    """`with AtomicFolder(path) as temp:` write files into temp; commit() publishes the folder
    whole: it is built under a temporary name beside the target and renamed at the end. An
    existing folder (replaced only with overwrite) is moved aside first and removed only once
    the new one is in place; put back if the new one cannot take its place."""

    def __init__(self, target: Path, *, overwrite: bool = False) -> None:
        self.target = Path(target)
        self.overwrite = overwrite
        self.temp_path: Path | None = None
        check_folder_target(self.target, overwrite=overwrite)

    def _new_folder_beside(self, suffix: str) -> Path:
        prefix = temp_prefix(self.target)
        return create_exclusive(self.target.parent, prefix, suffix, _new_folder)[0]

    def __enter__(self) -> Path:
        clean_stale_partials(self.target.parent)
        try:
            # Named so that clean_stale_partials recognises it once its process is gone.
            self.temp_path = self._new_folder_beside(PARTIAL_SUFFIX)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.target)) from None
        return self.temp_path

    def commit(self) -> None:
        assert self.temp_path is not None
        try:
            fsync_files(self.temp_path)
            fsync_folder(self.temp_path)
            if self.target.exists():
                if not self.overwrite:
                    raise TargetExists(f"{self.target} already exists.")
                self._replace_previous(self.temp_path)
            else:
                os.rename(self.temp_path, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(describe_os_error(exc, self.target)) from None
        except BaseException:
            self.discard()
            raise
        self.temp_path = None
        fsync_folder(self.target.parent)

    def _replace_previous(self, new: Path) -> None:
        """Move the existing folder aside, the new one into place, then remove the old. The old
        is removed only after the new is in place, and kept whenever it cannot be put back."""
        aside = self._new_folder_beside(PREVIOUS_SUFFIX)
        old = aside / self.target.name
        try:
            os.rename(self.target, old)
        except OSError:
            aside.rmdir()
            raise
        try:
            os.rename(new, self.target)
        except OSError as exc:
            try:
                os.rename(old, self.target)
            except OSError:
                raise OutputError(
                    f"{describe_os_error(exc, self.target)} The previous folder could not be"
                    f" put back and is kept, whole, at {old}."
                ) from None
            aside.rmdir()
            raise
        shutil.rmtree(aside, ignore_errors=True)

    def discard(self) -> None:
        if self.temp_path is not None:
            shutil.rmtree(self.temp_path, ignore_errors=True)
            self.temp_path = None
