"""`billing-desktop verify FILE` (issue 12 §5, PRODUCT.md §3 Manifest and verification).

Re-read a file this app wrote (CSV in any of its delimiters, JSON, JSON Lines, XLSX), recompute
its rows and totals, and compare them with what the file says about itself (JSON metadata, the
XLSX Summary), with its manifest (size, SHA-256, rows, totals), and, given a database, with the
totals the manifest's parameters give there now. One line per check.
"""

from __future__ import annotations

import csv
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats import ReadBack, format_named, formats_with_extension
from billing_desktop.export.formats.base import strict_json
from billing_desktop.export.manifest import manifest_path
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.totals import ExportTotals as Totals


class NotAnExport(InvalidInput):
    """The file does not exist or is not an export of this app (exit 2)."""


@dataclass
class Check:
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.text}"


@dataclass
class Report:
    path: Path
    checks: list[Check] = field(default_factory=list)

    def add(self, ok: bool, text: str) -> None:
        self.checks.append(Check(ok, text))

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


# --- reading files -------------------------------------------------------------------------


def read_export(path: Path) -> ReadBack:
    """The file's rows and totals, recomputed by the format its name says; NotAnExport when
    it is none of ours."""
    if not path.is_file():
        raise NotAnExport(f"No such file: {path}")
    candidates = formats_with_extension(path.suffix) or [format_named("csv")]
    problem: Exception | None = None
    for fmt in candidates:
        try:
            return fmt.read_back(path)
        except (ValueError, KeyError, TypeError, IndexError, csv.Error) as exc:
            problem = problem or exc
    raise NotAnExport(f"{path.name} is not an export of Billing Desktop ({problem})")


# --- checks ---------------------------------------------------------------------------------


def file_digest(path: Path) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex) of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def load_manifest(path: Path) -> dict[str, Any] | None:
    place = manifest_path(path)
    if not place.is_file():
        return None
    try:
        manifest = strict_json(place.read_text(encoding="utf-8"))
        Totals.from_json(manifest["rows"], manifest["totals"])
        return dict(manifest)
    except (ValueError, KeyError, TypeError) as exc:
        raise NotAnExport(f"{place.name} is not a manifest of Billing Desktop ({exc})") from None


def verify_file(path: Path, manifest: dict[str, Any] | None) -> tuple[Report, ReadBack | None]:
    """Every check that needs no database. A file that no longer parses while a manifest says
    what it was is a mismatch (exit 1), not "not an export" (exit 2)."""
    report = Report(path)
    contents: ReadBack | None = None
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Hashing releases the GIL: it runs on the other core while the file is parsed.
        digest = pool.submit(file_digest, path) if manifest is not None and path.is_file() else None
        try:
            contents = read_export(path)
        except NotAnExport as exc:
            if manifest is None or not path.is_file():
                raise
            report.add(False, f"the file no longer reads as an export: {exc}")
        size_and_sha256 = digest.result() if digest is not None else None
    if contents is not None:
        report.add(True, f"reads as {contents.kind}: {contents.totals.describe()}")
        if contents.declared is not None:
            differences = contents.declared.differences(contents.totals)
            what = contents.declared_where
            report.add(
                not differences,
                f"rows and totals equal {what}"
                if not differences
                else f"the data disagrees with {what}: {differences}",
            )
    if manifest is None:
        report.add(True, f"no manifest ({manifest_path(path).name}) to compare with")
        return report, contents
    assert size_and_sha256 is not None
    size, sha256 = size_and_sha256
    report.add(
        size == manifest["bytes"],
        f"size {size:,} bytes"
        + (
            " as in the manifest"
            if size == manifest["bytes"]
            else f", manifest: {manifest['bytes']:,}"
        ),
    )
    report.add(
        sha256 == manifest["sha256"],
        "SHA-256 as in the manifest"
        if sha256 == manifest["sha256"]
        else "SHA-256 differs from the manifest: the file was changed after the export",
    )
    if contents is not None:
        expected = Totals.from_json(manifest["rows"], manifest["totals"])
        differences = expected.differences(contents.totals)
        report.add(
            not differences,
            "rows and totals as in the manifest"
            if not differences
            else f"rows and totals differ from the manifest: {differences}",
        )
    return report, contents


def verify_folder(path: Path, manifest: dict[str, Any] | None) -> Report:
    """A split's folder: each file against its entry in the folder's manifest (size, SHA-256,
    rows, totals), no file missing or added, and the entries adding up to the whole."""
    report = Report(path)
    if manifest is None or not isinstance(manifest.get("files"), list):
        raise NotAnExport(
            f"{path} is a folder without the manifest of a split export"
            f" ({manifest_path(path).name})"
        )
    entries = {str(entry["file"]): entry for entry in manifest["files"]}
    present = {p.name for p in path.iterdir() if p.is_file()}
    for name in sorted(present - set(entries)):
        report.add(False, f"{name}: not in the manifest (added after the export)")
    for name, entry in entries.items():
        file = path / name
        if name not in present:
            report.add(False, f"{name}: missing")
            continue
        size, sha256 = file_digest(file)
        expected = Totals.from_json(entry["rows"], entry["totals"])
        try:
            found = read_export(file).totals
        except NotAnExport as exc:
            report.add(False, f"{name}: no longer reads as an export ({exc})")
            continue
        problems = []
        if size != entry["bytes"]:
            problems.append(f"size {size:,} bytes, manifest: {entry['bytes']:,}")
        if sha256 != entry["sha256"]:
            problems.append("SHA-256 differs from the manifest")
        if expected != found:
            problems.append(f"rows and totals differ: {expected.differences(found)}")
        report.add(not problems, f"{name}: " + ("; ".join(problems) or found.describe()))
    whole = Totals.from_json(manifest["rows"], manifest["totals"])
    summed = Totals.sum(Totals.from_json(e["rows"], e["totals"]) for e in entries.values())
    report.add(
        summed == whole,
        f"{len(entries)} files add up to the whole: {whole.describe()}"
        if summed == whole
        else f"the files do not add up to the manifest's totals: {whole.differences(summed)}",
    )
    return report


def compare_with_database(report: Report, manifest: dict[str, Any], now: Totals) -> None:
    """The manifest's totals against what its parameters give in the database today."""
    then = Totals.from_json(manifest["rows"], manifest["totals"])
    differences = then.differences(now)
    report.add(
        not differences,
        f"database: unchanged ({now.describe()})"
        if not differences
        else f"database: data changed since the export: {differences}",
    )


def check_database(report: Report, manifest: dict[str, Any], db: Any) -> None:
    """Recompute the manifest's parameters' totals in `db` (a Database) and compare."""
    from billing_desktop.export.runner import count_rows
    from billing_desktop.export.statements import count_split

    params = ExportRequest.recorded_params(manifest["parameters"])
    split = manifest["parameters"].get("split_by") is not None
    now = count_split(db, params) if split else count_rows(db, params)
    compare_with_database(
        report, manifest, Totals(now.rows, now.input_tokens, now.output_tokens, now.cost_cents)
    )


def verify_export(path: Path, db: Any | None = None) -> Report:
    """Every check on an export file or statements folder, and with `db` (a Database) the
    database's totals now. Raises NotAnExport for anything this app did not write."""
    manifest = load_manifest(path)
    report = verify_folder(path, manifest) if path.is_dir() else verify_file(path, manifest)[0]
    if db is not None:
        if manifest is None:
            report.add(False, "no manifest: nothing says which data to compare with")
        else:
            check_database(report, manifest, db)
    return report
