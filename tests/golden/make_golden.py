"""The SHA-256 of every export file of the seed data: each format, scope, granularity and CSV
option, in two zones, written with a fixed context. Run on one version of the app, its output
is what tests/test_golden_files.py holds every later version to, byte for byte.

    python tests/golden/make_golden.py OUT.json   (from the repository's root)
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import FIXED_CONTEXT
from seed import seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.export import ExportParams, run_export
from billing_desktop.export.runner import WriteOptions

FORMATS = ("csv", "json", "jsonl", "xlsx")
SHAPES = [("all", "day")] + [
    (scope, granularity)
    for scope in ("by_tenant", "by_model", "by_tenant_model")
    for granularity in ("day", "month", "total")
]
CSV_VARIANTS = [
    {"delimiter": ";"},
    {"delimiter": "\t"},
    {"bom": True},
    {"formula_guard": False},
]
ZONES = ("UTC", "Europe/Berlin")


def combinations() -> list[tuple[str, dict]]:
    found = []
    for zone in ZONES:
        for fmt in FORMATS:
            for scope, granularity in SHAPES:
                key = f"{zone}/{fmt}/{scope}/{granularity}"
                found.append((key, {"format": fmt, "scope": scope, "granularity": granularity,
                                    "timezone": zone}))  # fmt: skip
        for variant in CSV_VARIANTS:
            name = ",".join(f"{k}={v!r}" for k, v in variant.items())
            found.append((f"{zone}/csv/all/day/{name}", {"format": "csv", "timezone": zone,
                                                         **variant}))  # fmt: skip
    return found


def file_sha256(path: Path) -> str:
    """The file's SHA-256; of a workbook, its parts' but the creation time XlsxWriter
    stamps on it (docProps/core.xml), which is the clock's, not the export's."""
    if path.suffix != ".xlsx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as book:
        for name in sorted(book.namelist()):
            if name != "docProps/core.xml":
                digest.update(name.encode() + b"\0" + book.read(name))
    return digest.hexdigest()


def digests(url: str, folder: Path) -> dict[str, str]:
    db = Database(url)
    out: dict[str, str] = {}
    try:
        for n, (key, options) in enumerate(combinations()):
            params = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31), **options)
            target = folder / f"{n}.{options['format']}"
            run_export(db, params, target, WriteOptions(context=FIXED_CONTEXT))
            out[key] = file_sha256(target)
    finally:
        db.dispose()
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/seed.sqlite3"
        db = Database(url, create=True)
        seed_rows(db)
        db.dispose()
        result = digests(url, Path(tmp))
    Path(sys.argv[1]).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
