"""The Export form's rules, without Qt: where a file may go, how its name follows the format
and the split, what a row count depends on, and whether the file's totals compare with the
dashboard's. The window asks these; they are tested without a display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from billing_desktop.export.formats import format_named
from billing_desktop.export.naming import KNOWN_SUFFIXES
from billing_desktop.export.params import ExportParams


@dataclass(frozen=True)
class Shown:
    """What the dashboard's figures are of: its filter (an EventFilter fits)."""

    start: date
    end: date
    timezone: str = "UTC"
    tenants: tuple[str, ...] = ()
    models: tuple[str, ...] = ()


def target_problem(target: Path | None, split: bool) -> str | None:
    """Why `target` cannot be exported to, in one sentence, or None. A split writes a folder
    (which must not be a file); anything else writes a file (which must not be a folder)."""
    if target is None:
        return "Choose a file to export to (Browse…)."
    if not target.is_absolute():
        return "Enter the full path of the file, or choose it with Browse…."
    if split and target.is_file():
        return f"{target} is a file; a split by tenant writes a folder."
    if not split and target.is_dir():
        return f"{target} is a folder; add a file name."
    if not target.parent.is_dir():
        return f"The folder {target.parent} does not exist."
    return None


def path_for_format(target: Path, format_name: str, split: bool) -> Path:
    """Another format chosen: a file named with a format's extension takes the new one; a
    folder (a split) and any other name stay as they are."""
    if split or target.suffix.lower() not in KNOWN_SUFFIXES:
        return target
    return target.with_suffix("." + format_named(format_name).extension)


def path_for_split(target: Path, format_name: str, split: bool) -> Path:
    """A split writes a folder: the name loses a format's extension, or gets it back."""
    if split and target.suffix.lower() in KNOWN_SUFFIXES:
        return target.with_suffix("")
    if not split and not target.suffix:
        return target.with_suffix("." + format_named(format_name).extension)
    return target


def count_key(params: ExportParams, split: bool) -> tuple[Any, ...]:
    """What the row count depends on: a change of any of these counts again. Statements
    write each tenant's rows apart, so a split counts rows per tenant."""
    return (params.start, params.end, params.scope, params.granularity, params.tenants,
            params.models, params.timezone, split)  # fmt: skip


def _names(chosen: tuple[str, ...], what: str) -> str:
    return ", ".join(chosen) if chosen else f"all {what}"


def why_not_compared(params: ExportParams, shown: Shown) -> str | None:
    """Why the file's totals cannot be set beside the dashboard's, or None when the file is
    of exactly the dashboard's filter. A refresh of the dashboard cannot help here: its
    figures are of another selection, so this says so instead of reporting a difference."""
    if (params.start, params.end) != (shown.start, shown.end):
        return (
            f"The dashboard shows {shown.start} to {shown.end}; this file covers "
            f"{params.start} to {params.end}, so their totals are not compared."
        )
    differences = []
    if sorted(params.tenants) != sorted(shown.tenants):
        differences.append(
            f"tenants: {_names(params.tenants, 'tenants')} (dashboard:"
            f" {_names(shown.tenants, 'tenants')})"
        )
    if sorted(params.models) != sorted(shown.models):
        differences.append(
            f"models: {_names(params.models, 'models')} (dashboard:"
            f" {_names(shown.models, 'models')})"
        )
    if params.timezone != shown.timezone:
        differences.append(f"time zone: {params.timezone} (dashboard: {shown.timezone})")
    if not differences:
        return None
    return (
        "This file is of another filter than the dashboard ("
        + "; ".join(differences)
        + "), so their totals are not compared."
    )
