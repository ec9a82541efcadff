"""The `billing-desktop export` flags, defined once: the parser reads them from here, and a
request becomes the command line that writes the same file ("Copy command line").

The command is quoted for the user's shell (POSIX sh, or PowerShell on Windows) so that every
argument reaches the program unchanged, and it never holds a password: the command finds it
where the window does (keyring, PGPASSWORD or ~/.pgpass), or asks the user to provide it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass
from typing import Any, Literal

from billing_desktop.clock import Clock
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats import FORMATS
from billing_desktop.export.naming import as_template
from billing_desktop.export.request import MAX_JOBS, ExportRequest
from billing_desktop.periods import PERIODS

Shell = Literal["posix", "powershell"]

COMMAND = "billing-desktop"
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}


def _delimiter(text: str) -> str:
    """`,` `;` or a tab, given as itself or by name (a tab is awkward to type in a shell)."""
    return _DELIMITER_NAMES.get(text.lower(), text)  # anything else: the request says what


def _jobs(text: str) -> int | None:
    """`auto` (None) or a number of connections."""
    if text.lower() == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number '{text}' (a number, or auto)") from None
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"takes 1 to {MAX_JOBS} connections, or auto")
    return value


@dataclass(frozen=True)
class Flag:
    """One flag of `export`: the request field it sets and how argparse reads it."""

    field: str
    names: tuple[str, ...]
    help: str
    metavar: str | None = None
    kind: Literal["value", "names", "switch", "flag"] = "value"
    type: Any = None


_FORMATS = "|".join(FORMATS)
FLAGS = (
    Flag("format", ("--format",), "file format (csv)", _FORMATS),
    Flag("start", ("--start",), "first day (default: 1st of month)", "YYYY-MM-DD"),
    Flag("end", ("--end",), "last day, inclusive (default: today)", "YYYY-MM-DD"),
    Flag("period", ("--period",), "instead of --start/--end: " + ", ".join(PERIODS), "NAME"),
    Flag("scope", ("--scope",), "rows (all)", "all|by_tenant|by_model|by_tenant_model"),
    Flag("granularity", ("--granularity",), "periods of a grouped scope (day)", "day|month|total"),
    Flag("delimiter", ("--delimiter",), "CSV field separator (,)", "','|';'|tab", type=_delimiter),
    Flag("tenants", ("--tenant",), "only this tenant (repeat for several)", "NAME", "names"),
    Flag("models", ("--model",), "only this model (repeat for several)", "NAME", "names"),
    Flag("timezone", ("--timezone",), "IANA zone of the days (UTC)", "ZONE"),
    Flag(
        "output",
        ("--output", "-o"),
        "file or folder, or - for standard output; may hold {period} {start} {end} {format}",
        "PATH",
    ),
    Flag("overwrite", ("--force",), "replace an existing file or folder", kind="flag"),
    Flag("profile", ("--profile",), "read the connection profile NAME", "NAME"),
    Flag("split_by", ("--split-by",), "one file per tenant, into the folder --output", "tenant"),
    Flag("bom", ("--bom",), "UTF-8 byte-order mark for Excel (CSV)", kind="switch"),
    Flag(
        "formula_guard",
        ("--formula-guard",),
        "prefix = + - @ cells with ' (CSV; on)",
        kind="switch",
    ),
    Flag(
        "manifest",
        ("--manifest",),
        "publish FILE.manifest.json (size, SHA-256, totals)",
        kind="switch",
    ),
    Flag(
        "jobs",
        ("--jobs",),
        f"PostgreSQL: connections reading the rows (auto: up to 4, at most {MAX_JOBS})",
        "N|auto",
        type=_jobs,
    ),
)


def add_export_flags(parser: argparse.ArgumentParser) -> None:
    """Every flag of FLAGS, with None as "not given" so that a preset can fill it."""
    for flag in FLAGS:
        if flag.kind == "switch":
            parser.add_argument(*flag.names, dest=flag.field, help=flag.help,
                                action=argparse.BooleanOptionalAction)  # fmt: skip
        elif flag.kind == "flag":
            parser.add_argument(*flag.names, dest=flag.field, help=flag.help,
                                action="store_const", const=True)  # fmt: skip
        else:
            parser.add_argument(
                *flag.names, dest=flag.field, help=flag.help, metavar=flag.metavar,
                type=flag.type, action="append" if flag.kind == "names" else "store",
            )  # fmt: skip


def given_flags(args: argparse.Namespace) -> dict[str, Any]:
    """The request fields given as flags; None where a flag was not given."""
    return {flag.field: getattr(args, flag.field) for flag in FLAGS}


def user_shell() -> Shell:
    return "powershell" if sys.platform == "win32" else "posix"


def export_arguments(
    request: ExportRequest, database_url: str | None = None, clock: Clock | None = None
) -> list[str]:
    """The arguments after `billing-desktop` that run the same request; `database_url` None
    means the one the command finds by itself. With a relative period the output is written
    as a template, so that the command names each run for the range it resolves then."""
    args = ["export"]
    if database_url is not None:
        args += ["--database-url", DatabaseUrl.parse(database_url).without_password().render()]
    args += ["--format", request.format, "--scope", request.scope]
    if request.scope != "all":
        args += ["--granularity", request.granularity]
    if request.period:
        args += ["--period", request.period]
    elif request.start is not None and request.end is not None:
        args += ["--start", request.start.isoformat(), "--end", request.end.isoformat()]
    for tenant in request.tenants:
        args += ["--tenant", tenant]
    for model in request.models:
        args += ["--model", model]
    args += ["--timezone", request.timezone]
    if request.uses_csv_options:
        if request.delimiter != ",":
            args += ["--delimiter", "tab" if request.delimiter == "\t" else request.delimiter]
        if request.bom:
            args.append("--bom")
        if not request.formula_guard:
            args.append("--no-formula-guard")
    if request.split_by:
        args += ["--split-by", request.split_by]
    if request.manifest:
        args.append("--manifest")
    if request.profile is not None and database_url is None:
        args += ["--profile", request.profile]
    output = as_template(request, clock)
    if output is not None:
        args += ["--output", output]
    if request.overwrite:
        args.append("--force")
    if any("\0" in arg for arg in args):
        raise InvalidInput(
            "A tenant or model name holds a NUL character, which no command line can pass;"
            " export it from the window"
        )
    return args


def quote(args: list[str], shell: Shell) -> str:
    """One line to paste into the shell; every argument reaches the program unchanged."""
    if shell == "posix":
        return " ".join([COMMAND, *(shlex.quote(arg) for arg in args)])
    return " ".join([COMMAND, *(_powershell_quote(arg) for arg in args)])


def _powershell_quote(arg: str) -> str:
    # A single-quoted PowerShell string is literal except for the quote itself, written twice
    # (PowerShell also takes the typographic quotes as quotes, so they are doubled too).
    # Bare words only where nothing can be read as an operator: a comma makes an array, a
    # leading @ or - would be splatting or a parameter of a cmdlet.
    if arg and all(c.isalnum() or c in "-_./:\\" for c in arg) and arg[0] not in "-@":
        return arg
    if arg.startswith("--") and all(c.isalnum() or c == "-" for c in arg):
        return arg
    escaped = "".join(c * 2 if c in "'\u2018\u2019\u201a\u201b" else c for c in arg)
    return f"'{escaped}'"


def export_command(
    request: ExportRequest,
    database_url: str | None = None,
    shell: Shell | None = None,
    clock: Clock | None = None,
) -> str:
    return quote(export_arguments(request, database_url, clock), shell or user_shell())
