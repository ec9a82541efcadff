"""The record-keeping subcommands of `billing-desktop`: `verify`, `history` and `presets`.
cli.py registers and dispatches them; the work is in verify.py, history.py and presets.py,
which the window uses as well."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from billing_desktop import formatting

OpenDatabase = Callable[[str | None], Any]


def add_subcommands(commands: Any, url_help: str) -> None:
    verify = commands.add_parser(
        "verify",
        help="check an exported file against its manifest and the database",
        description="Re-read FILE, recompute its rows and totals, and compare them with the "
        "file's manifest and, with --database-url, with the database now. Exit 0 when every "
        "check matches, 1 on any mismatch, 2 when FILE is not an export of this app.",
    )
    verify.add_argument("file", metavar="FILE")
    verify.add_argument("--database-url", metavar="URL", help=url_help, dest="sub_database_url")

    history = commands.add_parser("history", help="list past exports, newest first")
    history.add_argument("--limit", type=_positive_int, default=20, metavar="N")
    history.add_argument("--json", action="store_true", help="as a JSON array")

    presets = commands.add_parser("presets", help="list, show or delete saved export options")
    presets.add_argument("action", nargs="?", default="list", choices=("list", "show", "delete"))
    presets.add_argument("name", nargs="?", metavar="NAME")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


# -- verify -----------------------------------------------------------------------------------


def run_verify(args: argparse.Namespace, url: str | None, open_database: OpenDatabase) -> int:
    from billing_desktop.export.formats import csv_sums as verify_csv
    from billing_desktop.verify import verify_export

    verify_csv.SECOND_PROCESS = True  # this command's main module is the app's own
    path = Path(args.file)
    db = open_database(url) if url is not None or _configured_database() else None
    try:
        report = verify_export(path, db)
    finally:
        if db is not None:
            db.dispose()
    for check in report.checks:
        print(check.line())
    print(f"{path}: {report.verdict}")
    return report.exit_code


def _configured_database() -> bool:
    """`verify` compares with a database only when one is named: on the command line, in the
    environment or in the settings (never the embedded demo database by surprise)."""
    from billing_desktop import config

    return config.choose_database(None).url is not None


# -- history ----------------------------------------------------------------------------------


def run_history(args: argparse.Namespace) -> int:
    from billing_desktop.history import History

    history = History()
    records = history.recent(args.limit)
    if history.notice:
        print(f"billing-desktop: warning: {history.notice}", file=sys.stderr)
    if args.json:
        json.dump([r.to_json() for r in records], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not records:
        print("No exports yet.")
        return 0
    rows = [("When (UTC)", "From", "Outcome", "Rows", "Cost", "Target / message")]
    for r in records:
        cost = formatting.dollars(r.cost_cents) if r.cost_cents is not None else ""
        rows_text = formatting.count(r.rows) if r.rows is not None else ""
        where = r.target or "(standard output)"
        detail = where if r.outcome == "succeeded" else f"{where}: {r.message}"
        when = r.finished_at.replace("T", " ").removesuffix("+00:00")
        rows.append((when, r.face, r.outcome, rows_text, cost, detail))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [
            row[i].rjust(widths[i]) if i in (3, 4) else row[i].ljust(widths[i]) for i in range(5)
        ]
        print("  ".join([*cells, row[5]]).rstrip())
    return 0


# -- presets ----------------------------------------------------------------------------------


def run_presets(args: argparse.Namespace) -> int:
    from billing_desktop.errors import InvalidInput
    from billing_desktop.presets import PresetStore

    store = PresetStore()
    if args.action == "list":
        names = store.names()
        print("\n".join(names) if names else "No presets saved yet.")
        return 0
    if not args.name:
        raise InvalidInput(f"presets {args.action} needs the preset's NAME")
    if args.action == "show":
        print(json.dumps(store.get(args.name), indent=2, ensure_ascii=False))
        return 0
    store.delete(args.name)
    print(f"Deleted preset '{args.name}'.")
    return 0
