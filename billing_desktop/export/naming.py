"""Where an export goes: its default name and the path its request names (no Qt).

The window and the command line name files the same way: a file `billing-export-DATE.EXT`,
or for statements (a split) a folder without an extension, where DATE is today on the user's
own clock; a path the user gives keeps its folder and is used as given.
"""

from __future__ import annotations

from pathlib import Path

from billing_desktop.clock import Clock, local_today
from billing_desktop.export.formats import FORMATS, format_named
from billing_desktop.export.request import ExportRequest

KNOWN_SUFFIXES = frozenset("." + cls.extension for cls in FORMATS.values())


def default_name(request: ExportRequest, clock: Clock | None = None) -> str:
    """billing-export-YYYY-MM-DD.<ext>, or for a split the folder billing-export-YYYY-MM-DD."""
    stem = f"billing-export-{local_today(clock).isoformat()}"
    if request.split_by is not None:
        return stem
    return f"{stem}.{format_named(request.format).extension}"


def target_path(request: ExportRequest, clock: Clock | None = None) -> Path | None:
    """The file or folder the request writes (relative to the current folder when the
    request names none); None for standard output."""
    if request.to_stdout:
        return None
    return Path(request.output or default_name(request, clock))


def extension_fix(target: Path, format_name: str) -> Path | None:
    """The path with the format's extension where `target` has none or another format's
    (corrected without asking); None when it ends in something else, which the user is
    asked about."""
    wanted = "." + format_named(format_name).extension
    suffix = target.suffix.lower()
    if suffix == wanted:
        return target
    if suffix in KNOWN_SUFFIXES or not suffix:
        return target.with_suffix(wanted)
    return None
