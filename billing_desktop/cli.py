"""The `billing-desktop` command (PRODUCT.md §4). Imports no Qt unless the window is asked for.

Exit codes: 0 success, 2 invalid input, 1 runtime failure, 130 interrupted. Expected failures
print one line on standard error; only a bug shows a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import billing_desktop
from billing_desktop import config, formatting
from billing_desktop.errors import (
    BillingError,
    ExportCancelled,
    InvalidInput,
    OutputError,
    TargetExists,
)
from billing_desktop.export.params import (
    FORMATS,
    SCOPES,
    ExportParams,
    default_filename,
    parse_date,
)
from billing_desktop.export.params import default_range as default_export_range

PROG = "billing-desktop"
SIGPIPE_NUMBER = 13  # POSIX; signal.SIGPIPE does not exist on Windows


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage errors end like every other invalid input: one line, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


class _ShowVersion(argparse.Action):
    """`--version`, with the version looked up only when asked for (it costs ~40 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="show the version")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{PROG} {billing_desktop.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Billing Desktop: LLM usage and cost from the billing database. "
        "Without a command it opens the desktop app.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument("--database-url", metavar="URL", help=_URL_HELP)
    parser.add_argument(
        "--self-test", action="store_true", help="run the window's self-test and exit"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    export = sub.add_parser("export", help="export usage and cost to CSV or JSON")
    export.add_argument("--database-url", metavar="URL", help=_URL_HELP, dest="sub_database_url")
    export.add_argument("--format", default="csv", metavar="csv|json")
    export.add_argument("--start", metavar="YYYY-MM-DD", help="first day (default: 1st of month)")
    export.add_argument("--end", metavar="YYYY-MM-DD", help="last day, inclusive (default: today)")
    export.add_argument("--scope", default="all", metavar="all|by_tenant|by_model")
    export.add_argument("--tenant", action="append", default=[], metavar="NAME")
    export.add_argument("--model", action="append", default=[], metavar="NAME")
    export.add_argument("--timezone", default="UTC", metavar="ZONE", help="IANA zone (UTC)")
    export.add_argument("--output", "-o", metavar="PATH", help="file, or - for standard output")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument("--bom", action="store_true", help="UTF-8 byte-order mark (CSV)")
    export.add_argument(
        "--no-formula-guard", action="store_true", help="do not prefix = + - @ cells with '"
    )
    export.add_argument("--quiet", "-q", action="store_true", help="no progress, no summary")

    demo = sub.add_parser("demo-data", help="create the schema and add deterministic events")
    demo.add_argument("--database-url", metavar="URL", help=_URL_HELP, dest="sub_database_url")
    demo.add_argument("--events", type=_non_negative_int, default=100_000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="N")

    from billing_desktop import cli_records  # verify, history, presets

    cli_records.add_subcommands(sub, _URL_HELP)
    return parser


_URL_HELP = (
    "postgresql://user@host:5432/billing or sqlite:///path/file.db "
    f"(default: ${config.ENV_DATABASE_URL}, then saved settings, then the embedded demo database)"
)


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = getattr(args, "sub_database_url", None) or args.database_url
    try:
        if args.command == "export":
            return _export(args, url)
        if args.command == "demo-data":
            return _demo_data(args, url)
        if args.command in ("verify", "history", "presets"):
            return _records_command(args, url)
        return _gui(url, self_test=args.self_test)
    except BillingError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("Interrupted.")
        return 130


def _records_command(args: argparse.Namespace, url: str | None) -> int:
    from billing_desktop import cli_records

    if args.command == "verify":
        return cli_records.run_verify(args, url, open_database)
    if args.command == "history":
        return cli_records.run_history(args)
    return cli_records.run_presets(args)


def gui_main() -> int:
    """Entry point of the windowed launcher (no console window on Windows)."""
    return main()


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def open_database(url: str | None, *, create: bool = False):  # -> Database
    """The database of §2; the embedded demo database is created on first use."""
    from billing_desktop.db.connection import Database

    choice = config.choose_database(url)
    if choice.url is None:
        path = config.embedded_database_path()
        if not path.exists():  # imported only then: building it needs SQLAlchemy
            from billing_desktop.db.demo import ensure_embedded_database

            ensure_embedded_database(path)
        return Database(f"sqlite:///{path}")
    return Database(choice.url, create=create)


# -- export -------------------------------------------------------------------------------------


def _export_params(args: argparse.Namespace) -> ExportParams:
    if args.format not in FORMATS:
        raise InvalidInput(f"Unknown format '{args.format}': choose csv or json")
    if args.scope not in SCOPES:
        raise InvalidInput(f"Unknown scope '{args.scope}': choose all, by_tenant or by_model")
    from billing_desktop.timezones import zone

    zone(args.timezone)
    for what, names in (("tenant", args.tenant), ("model", args.model)):
        _check_utf8(names, what)
    first, today = default_export_range(args.timezone)
    start = parse_date(args.start, "start date") if args.start else first
    end = parse_date(args.end, "end date") if args.end else today
    if args.start and not args.end and start > end:
        end = start  # a start date in the future alone: export that day, not an error
    return ExportParams(
        start=start,
        end=end,
        format=args.format,
        scope=args.scope,
        tenants=tuple(args.tenant),
        models=tuple(args.model),
        timezone=args.timezone,
        bom=args.bom,
        formula_guard=not args.no_formula_guard,
    )


def _check_utf8(names: list[str], what: str) -> None:
    """Names stored in the database are UTF-8; an argument that is not (bytes Python kept as
    surrogates in sys.argv) can match nothing and cannot even be sent as a parameter."""
    for name in names:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"The {what} name given is not valid UTF-8 text.") from None


def _export(args: argparse.Namespace, url: str | None) -> int:
    from billing_desktop.export.atomic import check_target

    params = _export_params(args)
    to_stdout = args.output == "-"
    target = None if to_stdout else Path(args.output or default_filename(params.format))
    try:
        if target is not None:  # fail before connecting when the file can never be written
            check_target(target, overwrite=args.force)
        return _run_export(args, url, params, target)
    except TargetExists:
        raise OutputError(f"{target} already exists; use --force to replace it.") from None


def _run_export(
    args: argparse.Namespace, url: str | None, params: ExportParams, target: Path | None
) -> int:
    from billing_desktop.export.runner import run_export

    to_stdout = target is None
    db = open_database(url)
    show_progress = not args.quiet and sys.stderr.isatty()
    bar = _ProgressBar(sys.stderr) if show_progress else None
    cancel = threading.Event()
    previous = _install_sigint(cancel)
    try:
        result = run_export(
            db,
            params,
            sys.stdout.buffer if to_stdout else target,  # type: ignore[arg-type]
            overwrite=args.force,
            progress=bar.update if bar else None,
            cancel=cancel,
        )
    except ExportCancelled:
        if bar:
            bar.clear()
        _error("Interrupted; no file was written." if target else "Interrupted.")
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (`export -o - | head`): end quietly, as Unix tools do,
        # with the SIGPIPE status; stdout goes to devnull so the exit flush cannot complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 128 + SIGPIPE_NUMBER
    except BillingError:
        if bar:
            bar.clear()
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        db.dispose()
    if bar:
        bar.clear()
    if not args.quiet:
        where = "standard output" if to_stdout else str(target)
        print(
            f"Exported {formatting.count(result.rows)} rows "
            f"({formatting.size(result.bytes_written)}) to {where} in "
            f"{formatting.duration(result.seconds)}; total cost "
            f"{formatting.dollars(result.totals.cost_cents)}",
            file=sys.stderr,
        )
    return 0


def _install_sigint(cancel: threading.Event):
    """First Ctrl-C cancels the export cleanly; a second one interrupts at once."""

    def handler(signum, frame):
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    try:
        return signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread (tests calling main() from a worker)
        return signal.getsignal(signal.SIGINT)


class _ProgressBar:
    """A one-line bar on a terminal, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last_draw = 0.0

    def update(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if total is None:  # connected; the totals query or the aggregation is running
            self.stream.write("\rReading totals… ")
            self.stream.flush()
            return
        if now - self.last_draw < 0.1 and done < total:
            return
        self.last_draw = now
        fraction = done / total if total else 1.0
        filled = int(fraction * self.WIDTH)
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%} "
            f"{formatting.count(done)}/{formatting.count(total)} rows "
            f"{formatting.count(int(rate))} rows/s "
        )
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


# -- demo data ----------------------------------------------------------------------------------


def _demo_data(args: argparse.Namespace, url: str | None) -> int:
    from billing_desktop.db.connection import Database
    from billing_desktop.db.demo import add_demo_events

    choice = config.choose_database(url)
    target = choice.url or f"sqlite:///{config.embedded_database_path()}"
    db = Database(target, create=True)
    if db.backend == "sqlite":
        db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        added = add_demo_events(db, args.events, seed=args.seed)
    finally:
        db.dispose()
    print(
        f"Added {formatting.count(added)} demo events to {db.describe()} in "
        f"{formatting.duration(time.monotonic() - started)}",
        file=sys.stderr,
    )
    return 0


# -- desktop app --------------------------------------------------------------------------------


def _display_available() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _gui(url: str | None, *, self_test: bool = False) -> int:
    if not self_test and not _display_available():
        _error(
            "No display is available, so the desktop app cannot open. "
            f"Use '{PROG} export --help' to export from the command line."
        )
        return 1
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from billing_desktop.ui.app import run_app

    return run_app(url, self_test=self_test)
