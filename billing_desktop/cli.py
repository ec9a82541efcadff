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
from billing_desktop.export import options as export_options
from billing_desktop.export.params import ExportParams, default_filename
from billing_desktop.periods import PERIODS

PROG = "billing-desktop"
CLI_LOG_FILE = "cli.log"
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
    # Defaults are None ("not given") so that a --preset's options can fill them; the real
    # defaults are export/options.DEFAULTS.
    export.add_argument("--format", metavar="csv|json|jsonl|xlsx", help="file format (csv)")
    export.add_argument("--start", metavar="YYYY-MM-DD", help="first day (default: 1st of month)")
    export.add_argument("--end", metavar="YYYY-MM-DD", help="last day, inclusive (default: today)")
    export.add_argument(
        "--period", metavar="NAME", help="instead of --start/--end: " + ", ".join(PERIODS)
    )
    export.add_argument(
        "--scope", metavar="all|by_tenant|by_model|by_tenant_model", help="rows (all)"
    )
    export.add_argument(
        "--granularity", metavar="day|month|total", help="periods of a grouped scope (day)"
    )
    export.add_argument(
        "--delimiter", metavar="','|';'|tab", type=_delimiter, help="CSV field separator (,)"
    )
    export.add_argument("--tenant", action="append", metavar="NAME", help="only this tenant")
    export.add_argument("--model", action="append", metavar="NAME", help="only this model")
    export.add_argument("--timezone", metavar="ZONE", help="IANA zone (UTC)")
    export.add_argument("--output", "-o", metavar="PATH", help="file, or - for standard output")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument(
        "--split-by",
        metavar="tenant",
        help="one file per tenant, into the folder given by --output (statements)",
    )
    flag = argparse.BooleanOptionalAction
    export.add_argument("--bom", action=flag, help="UTF-8 byte-order mark for Excel (CSV)")
    export.add_argument(
        "--formula-guard", action=flag, help="prefix = + - @ cells with ' (CSV; on by default)"
    )
    export.add_argument(
        "--manifest", action=flag, help="publish FILE.manifest.json (size, SHA-256, totals)"
    )
    export.add_argument("--preset", metavar="NAME", help="start from the options saved as NAME")
    export.add_argument("--save-preset", metavar="NAME", help="save these options as NAME")
    export.add_argument(
        "--jobs",
        metavar="N|auto",
        type=_jobs,
        default=None,
        help="PostgreSQL: connections reading the rows, sharing one snapshot (auto: up to 4)",
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


def _given_options(args: argparse.Namespace) -> dict[str, object]:
    """The export options given as flags; None where a flag was not given."""
    for what, names in (("tenant", args.tenant), ("model", args.model)):
        _check_utf8(names or [], what)
    return {
        "format": args.format,
        "scope": args.scope,
        "granularity": args.granularity,
        "delimiter": args.delimiter,
        "period": args.period,
        "start": args.start,
        "end": args.end,
        "tenants": args.tenant,
        "models": args.model,
        "timezone": args.timezone,
        "bom": args.bom,
        "formula_guard": args.formula_guard,
        "manifest": args.manifest,
        "split_by": args.split_by,
    }


def _export_options(args: argparse.Namespace) -> dict[str, object]:
    """Defaults, then the --preset, then the flags given; --save-preset stores the result."""
    from billing_desktop.presets import PresetStore

    preset = PresetStore().get(args.preset) if args.preset else {}
    return export_options.merge(preset, _given_options(args))


def _jobs(text: str) -> int | None:
    """`auto` (None) or a number of connections from 1 to 16."""
    if text.lower() == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number '{text}' (a number, or auto)") from None
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"takes 1 to {MAX_JOBS} connections, or auto")
    return value


MAX_JOBS = 16


def _delimiter(text: str) -> str:
    """`,` `;` or a tab, given as itself or by name (a tab is awkward to type in a shell)."""
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}
    return named.get(text.lower(), text)  # anything else: ExportParams says what to choose


def _check_utf8(names: list[str], what: str) -> None:
    """Names stored in the database are UTF-8; an argument that is not (bytes Python kept as
    surrogates in sys.argv) can match nothing and cannot even be sent as a parameter."""
    for name in names:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"The {what} name given is not valid UTF-8 text.") from None


def _log_to_file() -> None:
    """Exports from the command line (cron, timers) leave a line in the user log folder, as
    the window's do; a log that cannot be opened costs nothing but the line."""
    import logging
    from logging.handlers import RotatingFileHandler

    logger = logging.getLogger("billing_desktop.export")
    folder = config.log_dir()
    path = str(folder / CLI_LOG_FILE)
    if any(getattr(h, "baseFilename", None) == path for h in logger.handlers):
        return  # main() called again in one process
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / CLI_LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _export(args: argparse.Namespace, url: str | None) -> int:
    from billing_desktop.export.atomic import check_folder_target, check_target
    from billing_desktop.export.statements import SPLITS

    _log_to_file()
    options = _export_options(args)
    params = export_options.to_params(options)
    if args.save_preset:
        from billing_desktop.presets import OPTION_NAMES, PresetStore

        PresetStore().save(args.save_preset, {k: options.get(k) for k in OPTION_NAMES})
    to_stdout = args.output == "-"
    split_by = options.get("split_by")
    if split_by is not None and split_by not in SPLITS:
        raise InvalidInput(f"Unknown split '{split_by}': the files can be split by tenant")
    if split_by is not None and to_stdout:
        raise InvalidInput("A split by tenant writes a folder; name it with --output, not -")
    default = default_filename(params.format)
    if split_by is not None:
        default = default.removesuffix("." + params.format)  # a folder: no extension
    target = None if to_stdout else Path(args.output or default)
    try:
        # Fail before connecting when the file or folder can never be written.
        if target is not None and split_by is not None:
            check_folder_target(target, overwrite=args.force)
        elif target is not None:
            check_target(target, overwrite=args.force)
    except (TargetExists, OutputError) as exc:
        assert target is not None
        message = (
            f"{target} already exists; use --force to replace it."
            if isinstance(exc, TargetExists)
            else str(exc)
        )
        _record_refused(url, params, target, message, options)
        raise OutputError(message) from None
    return _run_export(args, url, params, target, options)


def _record_refused(
    url: str | None, params: ExportParams, target: Path, message: str, options: dict
) -> None:
    from billing_desktop.export.audit import CLI, record_refused

    try:
        db = open_database(url)
        database = db.describe()
        db.dispose()
    except BillingError:
        database = "(the database could not be opened)"
    record_refused(
        face=CLI,
        params=params,
        target=target,
        database=database,
        message=message,
        period=options.get("period"),  # type: ignore[arg-type]
        split_by=options.get("split_by"),  # type: ignore[arg-type]
        manifest=bool(options.get("manifest")),
    )


def _run_export(
    args: argparse.Namespace,
    url: str | None,
    params: ExportParams,
    target: Path | None,
    options: dict[str, object],
) -> int:
    from billing_desktop.export.audit import CLI, run_audited_export

    to_stdout = target is None
    db = open_database(url)
    show_progress = not args.quiet and sys.stderr.isatty()
    bar = _ProgressBar(sys.stderr) if show_progress else None
    cancel = threading.Event()
    previous = _install_sigint(cancel)
    try:
        audited = run_audited_export(
            db,
            params,
            sys.stdout.buffer if to_stdout else target,  # type: ignore[arg-type]
            face=CLI,
            period=options.get("period"),  # type: ignore[arg-type]
            manifest=bool(options.get("manifest")),
            split_by=options.get("split_by"),  # type: ignore[arg-type]
            overwrite=args.force,
            progress=bar.update if bar else None,
            cancel=cancel,
            jobs=args.jobs,
            notify=lambda message: _note(message, bar, args.quiet),
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
    for notice in audited.notices:
        print(f"{PROG}: note: {notice}", file=sys.stderr)
    result = audited.result
    if not args.quiet:
        where = "standard output" if to_stdout else str(target)
        if result.files:
            where = f"{len(result.files)} files in {target}"
        print(
            f"Exported {formatting.counted(result.rows, 'row')} "
            f"({formatting.size(result.bytes_written)}) to {where} in "
            f"{formatting.duration(result.seconds)}; total cost "
            f"{formatting.dollars(result.totals.cost_cents)}",
            file=sys.stderr,
        )
    return 0


def _note(message: str, bar: _ProgressBar | None, quiet: bool) -> None:
    """Said while the export runs (a restart on a standby): on its own line, above the bar."""
    if quiet:
        return
    if bar:
        bar.clear()
    print(f"{PROG}: note: {message}", file=sys.stderr, flush=True)


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
        self.drawn = 0  # characters on the line, which clear() blanks

    def _draw(self, line: str) -> None:
        self.stream.write("\r" + line)
        self.stream.flush()
        self.drawn = max(self.drawn, len(line))

    def update(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if total is None:  # connected; the totals query or the aggregation is running
            self._draw("Reading totals… ")
            return
        if now - self.last_draw < 0.1 and done < total:
            return
        self.last_draw = now
        fraction = done / total if total else 1.0
        filled = int(fraction * self.WIDTH)
        rate = done / max(now - self.started, 1e-6)
        self._draw(
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%} "
            f"{formatting.count(done)}/{formatting.count(total)} rows "
            f"{formatting.count(int(rate))} rows/s "
        )

    def clear(self) -> None:
        """Blank the line with spaces: a Windows console without VT processing prints an
        ANSI erase sequence as text."""
        self.stream.write("\r" + " " * self.drawn + "\r")
        self.stream.flush()
        self.drawn = 0


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
