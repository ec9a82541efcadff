"""`billing-desktop verify FILE`: is this file still what was exported, and does the
database still hold the same rows?

Re-read a file this app wrote, recompute its rows and totals, and compare them with what the
file says about itself (JSON metadata, the XLSX Summary), with its manifest (size, SHA-256,
rows, totals), and, given a database, with the database now: the totals and a digest of the
rows (export/digest.py), read in one snapshot, each statement of a folder against its own
tenant's rows. The window and the command line show the same checks and the same verdict.
"""

from __future__ import annotations

import dataclasses
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats import ReadBack, format_named, formats_with_extension
from billing_desktop.export.formats.base import strict_json
from billing_desktop.export.manifest import manifest_path, pending_manifest_path
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.totals import ExportTotals as Totals
from billing_desktop.formatting import dollars

# What operating systems and file managers put into any folder they show; never ours, never
# a change to an export.
OS_FILES = frozenset({".DS_Store", "desktop.ini", "Desktop.ini", "Thumbs.db", ".directory"})
# What a check is about: the file itself, the database now, or what could not be compared.
FILE, DATA, UNCOMPARED = "file", "data", "uncompared"


class NotAnExport(InvalidInput):
    """The file does not exist or is not an export of this app (exit 2)."""


@dataclass
class Check:
    ok: bool
    text: str
    about: str = FILE

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.text}"


@dataclass
class Report:
    path: Path
    checks: list[Check] = field(default_factory=list)
    manifest: bool = False  # a manifest was there to compare with
    compared: bool = False  # the database was compared with
    changes: list[str] = field(default_factory=list)  # the data's changes, in words

    def add(self, ok: bool, text: str, about: str = FILE) -> None:
        self.checks.append(Check(ok, text, about))

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    @property
    def verdict(self) -> str:
        """One sentence for both faces, whole: what was proven, or what differs."""
        broken = [c.text for c in self.checks if not c.ok and c.about == FILE]
        if broken:
            return f"DOES NOT MATCH: the file is not what was exported ({broken[0]})."
        if any(not c.ok for c in self.checks if c.about == UNCOMPARED):
            return (
                "NOT VERIFIED: the file reads as an export, but no manifest says which data it"
                " holds, so it cannot be compared with the database."
            )
        if any(not c.ok for c in self.checks):
            return (
                "The file is intact, but the data changed since the export: "
                + ("; ".join(self.changes) or "see the checks above")
                + "."
            )
        if self.compared:
            return "Verified: the file is intact and the database still holds the same rows."
        if self.manifest:
            return "Verified: the file is intact (no database was given to compare with)."
        return "Reads as an export; nothing to compare it with (no manifest, no database)."


# --- reading files -------------------------------------------------------------------------


def read_export(path: Path) -> ReadBack:
    """The file's rows and totals, recomputed by the format its name says; NotAnExport when
    it is none of ours (damaged files included: a reader's own error types are caught)."""
    if not path.is_file():
        raise NotAnExport(f"No such file: {path}")
    candidates = formats_with_extension(path.suffix) or [format_named("csv")]
    problem: Exception | None = None
    for fmt in candidates:
        try:
            return fmt.read_back(path)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # every reader's own error for a file that is not its own
            problem = problem or exc
    raise NotAnExport(f"{path.name} is not an export of Billing Desktop ({problem})")


def _described(totals: Totals) -> str:
    return (
        f"{totals.rows:,} rows, {totals.input_tokens:,} input and {totals.output_tokens:,}"
        f" output tokens, {dollars(totals.cost_cents)}"
    )


def _change(then: Totals, now: Totals) -> str:
    """What differs between the totals then and now, costs in dollars and cents."""
    parts = []
    if then.rows != now.rows:
        parts.append(f"{then.rows:,} rows then, {now.rows:,} now")
    if then.cost_cents != now.cost_cents:
        parts.append(f"cost {dollars(then.cost_cents)} then, {dollars(now.cost_cents)} now")
    for name, label in (("input_tokens", "input tokens"), ("output_tokens", "output tokens")):
        if getattr(then, name) != getattr(now, name):
            parts.append(f"{getattr(then, name):,} {label} then, {getattr(now, name):,} now")
    return ", ".join(parts) or "the same totals, but rows changed (moved between tenants or events)"


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


def _checked_manifest(document: Any) -> dict[str, Any]:
    """The manifest when every field verify relies on has its type; ValueError otherwise."""
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    Totals.from_json(document["rows"], document["totals"])
    if type(document["bytes"]) is not int:
        raise ValueError("'bytes' is not a whole number")
    if not isinstance(document.get("parameters"), dict):
        raise ValueError("'parameters' is not an object")
    digest = document.get("rowsDigest")
    if digest is not None and not isinstance(digest, str):
        raise ValueError("'rowsDigest' is not text")
    files = document.get("files")
    if files is None:
        if not isinstance(document.get("sha256"), str):
            raise ValueError("'sha256' is missing")
        return document
    if not isinstance(files, list):
        raise ValueError("'files' is not a list")
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ValueError("a file entry has no name")
        if not isinstance(entry.get("sha256"), str) or type(entry.get("bytes")) is not int:
            raise ValueError(f"the entry of {entry['file']} has no size or SHA-256")
        if not isinstance(entry.get("tenant"), str):
            raise ValueError(f"the entry of {entry['file']} names no tenant")
        Totals.from_json(entry["rows"], entry["totals"])
    return document


def _read_manifest(place: Path) -> dict[str, Any]:
    try:
        return _checked_manifest(strict_json(place.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, OSError) as exc:
        raise NotAnExport(f"{place.name} is not a manifest of Billing Desktop ({exc})") from None


def load_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a file or folder, or None. An export stopped between publishing its
    file and renaming its manifest into place leaves the manifest pending beside it: when
    that one describes what is there, it is the manifest (never a false alarm)."""
    pending = pending_manifest_path(path)
    if pending.is_file():
        candidate = _read_manifest(pending)
        if describes(candidate, path):
            return candidate
    place = manifest_path(path)
    if not place.is_file():
        return None
    return _read_manifest(place)


def describes(manifest: dict[str, Any], path: Path) -> bool:
    """Whether a manifest's sizes and SHA-256 are those of what is at `path` now."""
    if path.is_file():
        return file_digest(path) == (manifest["bytes"], manifest.get("sha256"))
    if not path.is_dir() or not isinstance(manifest.get("files"), list):
        return False
    for entry in manifest["files"]:
        file = path / entry["file"]
        if not file.is_file() or file_digest(file) != (entry["bytes"], entry["sha256"]):
            return False
    return True


def verify_file(path: Path, manifest: dict[str, Any] | None) -> tuple[Report, ReadBack | None]:
    """Every check that needs no database. A file that no longer parses while a manifest says
    what it was is a mismatch (exit 1), not "not an export" (exit 2)."""
    report = Report(path, manifest=manifest is not None)
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
        report.add(True, f"reads as {contents.kind}: {_described(contents.totals)}")
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
        return report, contents
    assert size_and_sha256 is not None
    size, sha256 = size_and_sha256
    same_size = size == manifest["bytes"]
    report.add(
        same_size,
        f"size {size:,} bytes as in the manifest"
        if same_size
        else f"size {size:,} bytes, the manifest says {manifest['bytes']:,}",
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
    rows, totals), no file missing or added, and the entries adding up to the whole. Files
    the operating system puts into folders it shows (.DS_Store, desktop.ini, Thumbs.db) are
    not the export's and are left out; anything else added is reported, folders too."""
    report = Report(path, manifest=True)
    if manifest is None or not isinstance(manifest.get("files"), list):
        raise NotAnExport(
            f"{path} is a folder without the manifest of a split export"
            f" ({manifest_path(path).name})"
        )
    entries = {str(entry["file"]): entry for entry in manifest["files"]}
    present = {p.name: p for p in path.iterdir() if p.name not in OS_FILES}
    for name in sorted(set(present) - set(entries)):
        what = "folder" if present[name].is_dir() else "file"
        report.add(False, f"{name}: a {what} not in the manifest (added after the export)")
    for name, entry in entries.items():
        file = path / name
        if name not in present or not file.is_file():
            report.add(False, f"{name}: missing")
            continue
        report.add(*_entry_check(file, entry))
    whole = Totals.from_json(manifest["rows"], manifest["totals"])
    summed = Totals.sum(Totals.from_json(e["rows"], e["totals"]) for e in entries.values())
    report.add(
        summed == whole,
        f"{len(entries)} files add up to the whole: {_described(whole)}"
        if summed == whole
        else f"the files do not add up to the manifest's totals: {whole.differences(summed)}",
    )
    return report


def _entry_check(file: Path, entry: dict[str, Any]) -> tuple[bool, str]:
    size, sha256 = file_digest(file)
    expected = Totals.from_json(entry["rows"], entry["totals"])
    try:
        found = read_export(file).totals
    except NotAnExport as exc:
        return False, f"{file.name}: no longer reads as an export ({exc})"
    problems = []
    if size != entry["bytes"]:
        problems.append(f"size {size:,} bytes, the manifest says {entry['bytes']:,}")
    if sha256 != entry["sha256"]:
        problems.append("SHA-256 differs from the manifest")
    if expected != found:
        problems.append(f"rows and totals differ: {expected.differences(found)}")
    return not problems, f"{file.name}: " + ("; ".join(problems) or _described(found))


# --- the database now -----------------------------------------------------------------------


def check_database(report: Report, manifest: dict[str, Any], db: Any) -> None:
    """The manifest's rows against the database now, in one snapshot: the totals and the
    rows' digest, and for a folder each statement against its own tenant's rows."""
    from billing_desktop.export.digest import rows_digest
    from billing_desktop.export.queries import split_tenants, totals
    from billing_desktop.export.snapshot import open_snapshot

    params = ExportRequest.recorded_params(manifest["parameters"])
    report.compared = True
    with open_snapshot(db) as snap:
        if not isinstance(manifest.get("files"), list):
            now = Totals.from_row(snap.all(totals(snap.backend, params))[0])
            digest = rows_digest(snap, params) if manifest.get("rowsDigest") else None
            _compare(report, "database", manifest, now, digest)
            return
        current = {row[0]: Totals.from_row(tuple(row[1:])) for row in snap.all(
            split_tenants(snap.backend, params))}  # fmt: skip
        for entry in manifest["files"]:
            tenant = entry["tenant"]
            one = dataclasses.replace(params, tenants=(tenant,))
            now = current.pop(tenant, Totals(0, 0, 0, 0))
            digest = rows_digest(snap, one) if entry.get("rowsDigest") else None
            _compare(report, f"{entry['file']} ({tenant}) in the database", entry, now, digest)
        for tenant, now in current.items():
            report.add(False, f"database: {tenant} now has a statement too ({_described(now)})",
                       DATA)  # fmt: skip
            report.changes.append(f"{tenant} now has {_described(now)} in this period")


def _compare(report: Report, what: str, recorded: dict[str, Any], now: Totals,
             digest: str | None) -> None:  # fmt: skip
    then = Totals.from_json(recorded["rows"], recorded["totals"])
    same = then == now and (digest is None or digest == recorded.get("rowsDigest"))
    if same:
        checked = "the same rows" if digest is not None else "the same totals"
        report.add(True, f"{what}: {checked} ({_described(now)})", DATA)
        return
    change = _change(then, now)
    report.add(False, f"{what}: changed since the export: {change}", DATA)
    name = what.removesuffix(" in the database")
    report.changes.append(change if name == "database" else f"{name}: {change}")


def verify_export(path: Path, db: Any | None = None) -> Report:
    """Every check on an export file or statements folder, and with `db` (a Database) the
    database now. Raises NotAnExport for anything this app did not write."""
    manifest = load_manifest(path)
    report = verify_folder(path, manifest) if path.is_dir() else verify_file(path, manifest)[0]
    if db is not None:
        if manifest is None:
            report.add(False, "no manifest: nothing says which data to compare with", UNCOMPARED)
        else:
            try:
                check_database(report, manifest, db)
            except InvalidInput as exc:
                report.add(False, f"database: {exc}", DATA)
                report.changes.append(str(exc))
    return report
