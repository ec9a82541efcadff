"""The `billing-desktop export …` command for a set of export options (issue 12 §6).

The window's "Copy command line" turns the dialog's choices into the command that writes the
same file: the same options flag for flag, quoted for the user's shell (POSIX sh, or PowerShell
on Windows), and never a password: the command finds it where the window does (keyring,
PGPASSWORD or ~/.pgpass), or asks the user to provide it.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any, Literal

from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput

Shell = Literal["posix", "powershell"]

COMMAND = "billing-desktop"


def user_shell() -> Shell:
    return "powershell" if sys.platform == "win32" else "posix"


def export_arguments(
    options: dict[str, Any], output: Path, database_url: str | None = None
) -> list[str]:
    """The arguments after `billing-desktop`. Options are the preset store's keys
    (presets.OPTION_NAMES); `database_url` None means the one the command finds by itself."""
    args = ["export"]
    if database_url is not None:
        args += ["--database-url", DatabaseUrl.parse(database_url).without_password().render()]
    args += ["--format", str(options.get("format", "csv")), "--scope", str(options.get("scope"))]
    if options.get("scope", "all") != "all":
        args += ["--granularity", str(options.get("granularity") or "day")]
    if options.get("period"):
        args += ["--period", str(options["period"])]
    else:
        args += ["--start", str(options["start"]), "--end", str(options["end"])]
    for tenant in options.get("tenants") or ():
        args += ["--tenant", tenant]
    for model in options.get("models") or ():
        args += ["--model", model]
    args += ["--timezone", str(options.get("timezone") or "UTC")]
    if options.get("format", "csv") == "csv":
        delimiter = options.get("delimiter") or ","
        if delimiter != ",":
            args += ["--delimiter", "tab" if delimiter == "\t" else delimiter]
        if options.get("bom"):
            args.append("--bom")
        if options.get("formula_guard") is False:
            args.append("--no-formula-guard")
    if options.get("split_by"):
        args += ["--split-by", str(options["split_by"])]
    if options.get("manifest"):
        args.append("--manifest")
    args += ["--output", str(output)]
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
    options: dict[str, Any],
    output: Path,
    database_url: str | None = None,
    shell: Shell | None = None,
) -> str:
    return quote(export_arguments(options, output, database_url), shell or user_shell())
