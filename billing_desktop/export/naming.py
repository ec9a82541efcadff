"""Where an export goes: its default name and the path its request names (no Qt).

The window and the command line name files the same way, for what the file holds: a file
`billing-export-PERIOD.EXT`, or for statements (a split) a folder `statements-PERIOD`, where
PERIOD is the range's token (`2026-11`, `2026-Q4`, `2026`, `2026-11-01_2026-11-15`). A path the
user gives keeps its folder and is used as given, its placeholders ({period}, {start}, {end},
{format}) filled in for the range the run resolves, so that a scheduled `--period last-month`
export writes a new name each month.
"""

from __future__ import annotations

from pathlib import Path

from billing_desktop.clock import Clock
from billing_desktop.export.formats import FORMATS, format_named
from billing_desktop.export.params import ExportParams
from billing_desktop.export.period_names import expand_template, is_template, period_token
from billing_desktop.export.request import ExportRequest

KNOWN_SUFFIXES = frozenset("." + cls.extension for cls in FORMATS.values())
FILE_TEMPLATE = "billing-export-{period}"
FOLDER_TEMPLATE = "statements-{period}"


def default_template(request: ExportRequest) -> str:
    """billing-export-{period}.<ext>, or for a split the folder statements-{period}."""
    if request.split_by is not None:
        return FOLDER_TEMPLATE
    return f"{FILE_TEMPLATE}.{format_named(request.format).extension}"


def default_name(request: ExportRequest, clock: Clock | None = None) -> str:
    """The default name for the range the request resolves to now (on `clock`)."""
    return output_name(default_template(request), request.params(clock))


def output_name(template: str, params: ExportParams) -> str:
    """A name or path with its placeholders filled in for these parameters."""
    return expand_template(template, params.start, params.end, params.format)


def target_path(request: ExportRequest, clock: Clock | None = None) -> Path | None:
    """The file or folder the request writes (relative to the current folder when the
    request names none); None for standard output."""
    if request.to_stdout:
        return None
    return Path(output_name(request.output or default_template(request), request.params(clock)))


def as_template(request: ExportRequest, clock: Clock | None = None) -> str | None:
    """The request's output with the range its relative period resolves to now written as
    `{period}`, so that a command made from it names each run's own range; the output as it
    is for fixed dates, a template already, or none."""
    output = request.output
    if output is None or request.period is None or request.to_stdout or is_template(output):
        return output
    path = Path(output)
    params = request.params(clock)
    token = period_token(params.start, params.end)
    if token not in path.name:
        return output

    def literal(text: str) -> str:
        return text.replace("{", "{{").replace("}", "}}")

    folder = output[: len(output) - len(path.name)] if output.endswith(path.name) else ""
    return literal(folder) + literal(path.name).replace(token, "{period}")


def extension_fix(target: Path, format_name: str) -> Path | None:
    """The path with the format's extension where `target` has none or another format's
    (corrected without asking); None when it ends in something else, which the user is
    asked about."""
    wanted = "." + format_named(format_name).extension
    suffix = target.suffix.lower()
    if suffix == wanted:
        return target
    if suffix in KNOWN_SUFFIXES or not suffix:
        return target.with_suffix(wanted)
    return None
