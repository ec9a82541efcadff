"""The `billing-desktop` command. Imports no Qt unless the window is asked for.

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
from typing import Any, TextIO

import billing_desktop
from billing_desktop import config, formatting
from billing_desktop.errors import (
    BillingError,
    ExportCancelled,
    InvalidInput,
)
from billing_desktop.export.command_line import add_export_flags, given_flags
from billing_desktop.export.formats import FORMATS
from billing_desktop.export.request import ExportRequest

PROG = "billing-desktop"
CLI_LOG_FILE = "cli.log"
SIGPIPE_NUMBER = 13  # POSIX; signal.SIGPIPE does not exist on Windows


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage errors end like every other invalid input: one line, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


class _ShowVersion(argparse.Action):
    """`--version`, with the version looked up only when asked for: reading the installed
    metadata slows the start of every other command."""

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

    formats = ", ".join(cls.label for cls in FORMATS.values())
    export = sub.add_parser("export", help=f"export usage and cost to a file ({formats})")
    export.add_argument("--database-url", metavar="URL", help=_URL_HELP, dest="sub_database_url")
    add_export_flags(export)
    export.add_argument("--preset", metavar="NAME", help="start from the options saved as NAME")
    export.add_argument("--save-preset", metavar="NAME", help="save these options as NAME")
    export.add_argument("--quiet", "-q", action="store_true", help="no progress, no summary")

    demo = sub.add_parser(
        "demo-data",
        help="create the schema and add deterministic events",
        description="Create the billing tables where missing and add N realistic demo events "
        "over the last 120 days, ending today. Events already there are kept: running it "
        "again adds N more (it says how many the database holds before and after).",
    )
    demo.add_argument("--database-url", metavar="URL", help=_URL_HELP, dest="sub_database_url")
    demo.add_argument(
        "--events",
        type=_demo_event_count,
        default=100_000,
        metavar="N",
        help="how many events to add, at most 100,000,000 (default: 100,000)",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="the same seed on the same day gives the same events (default: 1)",
    )

    from billing_desktop import cli_records  # verify, history, presets

    cli_records.add_subcommands(sub, _URL_HELP)
    from billing_desktop import cli_schedules  # schedule, mail, profile

    cli_schedules.add_subcommands(sub)
    return parser


_URL_HELP = (
    "postgresql://user@host:5432/billing or sqlite:///path/file.db "
    f"(default: ${config.ENV_DATABASE_URL}, then saved settings, then the embedded demo database)"
)


def _demo_event_count(text: str) -> int:
    from billing_desktop.db.demo import check_event_count

    value = _non_negative_int(text)
    try:
        return check_event_count(value)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Every command ends quietly, with the SIGPIPE status, when the reader of its output goes
    away (`history --json | head`), as Unix tools do."""
    try:
        code = _run_command(argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe would print a traceback
        return code
    except BrokenPipeError:
        _discard_stdout()
        return 128 + SIGPIPE_NUMBER


def _discard_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _run_command(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    url = getattr(args, "sub_database_url", None) or args.database_url
    try:
        if args.command == "export":
            return _export(args, url)
        if args.command == "demo-data":
            return _demo_data(args, url)
        if args.command in ("verify", "history", "presets"):
            return _records_command(args, url)
        if args.command in ("schedule", "mail", "profile"):
            from billing_desktop import cli_schedules

            _log_to_file()
            return cli_schedules.run(args, open_database)
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


def open_database(url: str | None, *, create: bool = False, profile: str | None = None):
    """The database `config.choose_database` picks (flag, environment, the named or saved
    connection, else the embedded demo database, which is created on first use); returns a
    Database."""
    from billing_desktop.db.connection import Database

    choice = config.choose_database(url, profile=profile)
    if choice.url is None:
        path = config.embedded_database_path()
        if not path.exists():  # imported only then: building it needs SQLAlchemy
            from billing_desktop.db.demo import ensure_embedded_database

            ensure_embedded_database(path)
        return Database(f"sqlite:///{path}")
    return Database(choice.url, create=create)


# -- export -------------------------------------------------------------------------------------


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

    _log_to_file()
    request = _export_request(args, url)
    db = open_database(url, profile=request.profile)
    try:
        return _run_export(args, db, request)
    finally:
        db.dispose()


def _export_request(args: argparse.Namespace, url: str | None) -> ExportRequest:
    """Defaults, then the --preset, then the flags given; --save-preset stores the result.
    A refusal is recorded in the history like any failed export."""
    from billing_desktop import exporting
    from billing_desktop.presets import PresetStore

    given = given_flags(args)
    try:
        for what, names in (("tenant", given["tenants"]), ("model", given["models"])):
            _check_utf8(names or [], what)
        preset = PresetStore().get(args.preset) if args.preset is not None else {}
        request = ExportRequest.layered(preset, given, what="The export's options")
        if args.save_preset is not None:
            PresetStore().save(args.save_preset, request.to_json())
    except BillingError as exc:
        parameters = {k: v for k, v in given.items() if v is not None and k != "overwrite"}
        if args.preset is not None:
            parameters["preset"] = args.preset
        exporting.record_refused(
            face=exporting.CLI, parameters=parameters, database=_described(url, given),
            message=str(exc),
        )  # fmt: skip
        raise
    return request


def _described(url: str | None, given: dict[str, Any]) -> str:
    """The database a refused export would have read, for its record (never a password)."""
    try:
        db = open_database(url, profile=given.get("profile"))
    except BillingError:
        return "(the database could not be opened)"
    try:
        return db.describe()
    finally:
        db.dispose()


def _run_export(args: argparse.Namespace, db: Any, request: ExportRequest) -> int:
    from billing_desktop import exporting
    from billing_desktop.export.control import ExportControl

    show_progress = not args.quiet and sys.stderr.isatty()
    bar = _ProgressBar(sys.stderr) if show_progress else None
    control = ExportControl(
        progress=bar.update if bar else None,
        notify=lambda message: _note(message, bar, args.quiet),
    )
    previous = _install_sigint(control.cancel)
    try:
        completed = exporting.run(
            db, request, control, face=exporting.CLI, stream=sys.stdout.buffer
        )
    except ExportCancelled:
        if bar:
            bar.clear()
        _error("Interrupted." if request.to_stdout else "Interrupted; no file was written.")
        return 130
    except BrokenPipeError:
        return _reader_left()
    except BillingError:
        if bar:
            bar.clear()
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if bar:
        bar.clear()
    for notice in completed.notices:
        print(f"{PROG}: note: {notice}", file=sys.stderr)
    if not args.quiet:
        print(_summary(completed.result, request), file=sys.stderr)
    return 0


def _summary(result: Any, request: ExportRequest) -> str:
    where = "standard output" if result.path is None else str(result.path)
    if result.files:
        where = f"{len(result.files)} files in {result.path}"
    return (
        f"Exported {formatting.counted(result.rows, 'row')} "
        f"({formatting.size(result.bytes_written)}) to {where} in "
        f"{formatting.duration(result.seconds)}; total cost "
        f"{formatting.dollars(result.totals.cost_cents)}"
    )


def _reader_left() -> int:
    """The reader closed the pipe (`export -o - | head`): end quietly, as Unix tools do, with
    the SIGPIPE status; stdout goes to devnull so the exit flush cannot complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + SIGPIPE_NUMBER


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
    from billing_desktop.db.demo import add_demo_events, count_events

    choice = config.choose_database(url)
    target = choice.url or f"sqlite:///{config.embedded_database_path()}"
    db = Database(target, create=True)
    if db.dialect.is_file:
        db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        before = count_events(db)
        added = add_demo_events(db, args.events, seed=args.seed)
        after = count_events(db)
    finally:
        db.dispose()
    print(
        f"Added {formatting.count(added)} demo events to {db.describe()} in "
        f"{formatting.duration(time.monotonic() - started)}; it held "
        f"{formatting.counted(before, 'event')} before and holds {formatting.count(after)} now",
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
