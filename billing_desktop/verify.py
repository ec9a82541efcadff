"""`billing-desktop verify FILE` (issue 12 §5, PRODUCT.md §3 Manifest and verification).

Re-read a file this app wrote (CSV in any of its delimiters, JSON, JSON Lines, XLSX), recompute
its rows and totals, and compare them with what the file says about itself (JSON metadata, the
XLSX Summary), with its manifest (size, SHA-256, rows, totals), and, given a database, with the
totals the manifest's parameters give there now. One line per check.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from billing_desktop.errors import InvalidInput
from billing_desktop.export.manifest import manifest_path
from billing_desktop.formatting import counted
from billing_desktop.verify_csv import csv_sums

CSV_COLUMNS = ("date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents")
JSON_KEYS = ("date", "tenantName", "modelUsed", "inputTokens", "outputTokens", "costCents")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


class NotAnExport(InvalidInput):
    """The file does not exist or is not an export of this app (exit 2)."""


@dataclass(frozen=True)
class Totals:
    rows: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_cents: int = 0

    @classmethod
    def of(cls, numbers: Iterable[tuple[int, int, int]]) -> Totals:
        rows = inp = out = cost = 0
        for i, o, c in numbers:
            rows, inp, out, cost = rows + 1, inp + i, out + o, cost + c
        return cls(rows, inp, out, cost)

    @classmethod
    def from_json(cls, rows: int, totals: dict[str, Any]) -> Totals:
        return cls(rows, totals["inputTokens"], totals["outputTokens"], totals["costCents"])

    def describe(self) -> str:
        return (
            f"{counted(self.rows, 'row')}, {self.input_tokens:,} input and"
            f" {self.output_tokens:,} output tokens, {counted(self.cost_cents, 'cent')}"
        )

    def differences(self, other: Totals) -> str:
        """'rows 10 -> 11, cost_cents 500 -> 520' for the fields that differ."""
        names = ("rows", "input_tokens", "output_tokens", "cost_cents")
        return ", ".join(
            f"{name} {getattr(self, name):,} -> {getattr(other, name):,}"
            for name in names
            if getattr(self, name) != getattr(other, name)
        )


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


@dataclass
class FileContents:
    kind: str  # "CSV (comma)", "JSON", "JSON Lines", "XLSX"
    totals: Totals
    # What the file says about itself (JSON metadata totals, XLSX Summary), where it does.
    declared: Totals | None = None


# --- reading files -------------------------------------------------------------------------


def read_export(path: Path) -> FileContents:
    """The file's rows and totals, recomputed; NotAnExport when it is none of ours."""
    if not path.is_file():
        raise NotAnExport(f"No such file: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path)
        if suffix == ".jsonl":
            return _read_jsonl(path.read_bytes())
        if suffix == ".json":
            return _read_json(path.read_bytes())
        return _read_csv(path)
    except NotAnExport:
        raise
    except (ValueError, KeyError, TypeError, IndexError, csv.Error, UnicodeDecodeError) as exc:
        raise NotAnExport(f"{path.name} is not an export of Billing Desktop ({exc})") from None


def _integer(value: object) -> int:
    """A token or cent figure: an integer, never a float, a bool or text with decimals."""
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():  # XLSX stores every number as a double
        return int(value)
    if isinstance(value, str) and (value.isdigit() or (value[:1] == "-" and value[1:].isdigit())):
        return int(value)
    raise ValueError(f"not an integer: {value!r}")


def _read_csv(path: Path) -> FileContents:
    with path.open("rb") as f:
        first = f.readline()
    # With or without a BOM; LF as written, CRLF if a spreadsheet saved it again.
    header_line = first.decode("utf-8").removeprefix("\ufeff").removesuffix("\n")
    header_line = header_line.removesuffix("\r")
    delimiter = next((d for d in DELIMITERS if header_line == d.join(CSV_COLUMNS)), None)
    if delimiter is None:
        raise ValueError("the first line is not the export's header")
    totals = Totals(*csv_sums(path, len(first), delimiter))
    return FileContents(f"CSV ({DELIMITERS[delimiter]}-separated)", totals)


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _object_numbers(obj: Any) -> tuple[int, int, int]:
    if not isinstance(obj, dict) or tuple(obj) != JSON_KEYS:
        raise ValueError("a data element is not an export row")
    return _integer(obj["inputTokens"]), _integer(obj["outputTokens"]), _integer(obj["costCents"])


def _read_json(data: bytes) -> FileContents:
    document = _strict_json(data.decode("utf-8"))
    metadata, rows = document["metadata"], document["data"]
    if not isinstance(rows, list):
        raise ValueError("'data' is not a list")
    declared = Totals.from_json(metadata["totalRecords"], metadata["totals"])
    return FileContents("JSON", Totals.of(map(_object_numbers, rows)), declared)


def _read_jsonl(data: bytes) -> FileContents:
    text = data.decode("utf-8")
    if text and not text.endswith("\n"):
        raise ValueError("the last line does not end with a line feed")
    lines = text.split("\n")[:-1]
    return FileContents("JSON Lines", Totals.of(_object_numbers(_strict_json(ln)) for ln in lines))


def _read_xlsx(path: Path) -> FileContents:
    from python_calamine import CalamineWorkbook  # only here: verify of an XLSX is rarer

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ValueError(f"not a readable XLSX file: {exc}") from None
    usage = [name for name in book.sheet_names if name == "Usage" or name.startswith("Usage (")]
    if not usage or "Summary" not in book.sheet_names:
        raise ValueError("no 'Usage' and 'Summary' sheets")

    def numbers() -> Iterator[tuple[int, int, int]]:
        for name in usage:
            rows = iter(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            header = [str(cell) for cell in next(rows)]
            if tuple(header[: len(CSV_COLUMNS)]) != CSV_COLUMNS:
                raise ValueError(f"sheet '{name}' does not start with the export's header")
            for row in rows:
                yield _integer(row[3]), _integer(row[4]), _integer(row[5])

    recomputed = Totals.of(numbers())
    summary = _summary_figures(book.get_sheet_by_name("Summary").to_python())
    declared = Totals(
        _integer(summary["rows"]),
        _integer(summary["input tokens"]),
        _integer(summary["output tokens"]),
        _integer(summary["cost cents"]),
    )
    return FileContents("XLSX", recomputed, declared)


def _summary_figures(rows: Sequence[Sequence[object]]) -> dict[str, object]:
    """The Summary sheet's label -> value pairs, labels lower-cased ("Cost cents")."""
    return {str(row[0]).strip().lower(): row[1] for row in rows if len(row) >= 2 and row[0]}


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
        manifest = _strict_json(place.read_text(encoding="utf-8"))
        Totals.from_json(manifest["rows"], manifest["totals"])
        return dict(manifest)
    except (ValueError, KeyError, TypeError) as exc:
        raise NotAnExport(f"{place.name} is not a manifest of Billing Desktop ({exc})") from None


def verify_file(path: Path, manifest: dict[str, Any] | None) -> tuple[Report, FileContents | None]:
    """Every check that needs no database. A file that no longer parses while a manifest says
    what it was is a mismatch (exit 1), not "not an export" (exit 2)."""
    report = Report(path)
    contents: FileContents | None = None
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
            what = "its Summary sheet" if contents.kind == "XLSX" else "its metadata"
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
    parts = [Totals.from_json(e["rows"], e["totals"]) for e in entries.values()]
    summed = Totals(*(sum(getattr(t, f) for t in parts) for f in Totals.__dataclass_fields__))
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
    from billing_desktop.export.manifest import params_from_json
    from billing_desktop.export.runner import count_rows
    from billing_desktop.export.statements import count_split

    params = params_from_json(manifest["parameters"])
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
