"""The one interface every export file format implements.

A format is one class: it declares its name, label, file extension and file-dialog filter,
whether the CSV options apply to it, how it writes rows, and how `verify` reads a file of it
back. The window, the command line and verify ask the class; none of them compares a format's
name. Adding a format is adding one module here and one line in `formats/__init__.py`.

The runner calls `begin` once with the totals it announces, then `write_rows` for each batch of
row tuples (date, tenant_name, model_used, input_tokens, output_tokens, cost_cents), then `end`.
A format whose rows the database can build as text (`database_text`) also takes them that way,
which is how the PostgreSQL COPY and SQLite fast paths keep Python out of the per-row work:
`write_copy_chunks` (COPY's rows, each ending in LF) and `write_text_lines` (SQLite's, without).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from billing_desktop.export.totals import ExportTotals

if TYPE_CHECKING:
    from billing_desktop.export.params import ExportParams
    from billing_desktop.export.snapshot import Snapshot

Row = Sequence[object]
TextKind = Literal["csv", "json"]


class Output(Protocol):
    """Where a writer's bytes go: the runner's counting sink in front of the file."""

    def write(self, data: bytes | memoryview) -> int | None: ...

    def flush(self) -> None: ...

    def tell(self) -> int: ...


@dataclass(frozen=True)
class FileContext:
    """What a file says about itself beyond its parameters (JSON metadata, XLSX Summary).
    `statement_for` names the tenant when the file is that tenant's statement (a split): the
    formats that make documents (XLSX, PDF) then write one addressed to them, from `issuer`,
    with nothing of the sender's internals in it."""

    exported_at: datetime
    period: str | None = None
    database: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    statement_for: str | None = None
    issuer: str = "Your company"


@dataclass(frozen=True)
class ReadBack:
    """What `verify` finds in a file: its rows and totals recomputed, and where the file says
    what it holds (JSON metadata, the XLSX Summary sheet) what it says."""

    kind: str  # "CSV (comma-separated)", "JSON", "JSON Lines", "XLSX"
    totals: ExportTotals
    declared: ExportTotals | None = None
    declared_where: str = "its metadata"


def strict_json(text: str) -> Any:
    """json.loads without NaN and Infinity, which no export of ours holds."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def integer_value(value: object) -> int:
    """A token or cent figure read back: an integer, never a float with decimals, a bool or
    text with decimals."""
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():  # XLSX stores every number as a double
        return int(value)
    if isinstance(value, str) and (value.isdigit() or (value[:1] == "-" and value[1:].isdigit())):
        return int(value)
    raise ValueError(f"not an integer: {value!r}")


class FormatWriter:
    """Base class of the formats: holds the output, the parameters and the context."""

    name: ClassVar[str]  # as the command line and saved options spell it: "csv"
    label: ClassVar[str]  # as people read it: "Excel workbook"
    mnemonic_label: ClassVar[str]  # the window's choice, with its Alt+letter: "E&xcel workbook"
    extension: ClassVar[str]  # without the dot
    file_filter: ClassVar[str]  # the file dialog's filter: "CSV files (*.csv)"
    description: ClassVar[str]  # one sentence: what the format is for
    csv_options: ClassVar[bool] = False  # delimiter, BOM and formula guard apply
    # The scope a format always takes (FOCUS rows are per tenant and model); None: any.
    fixed_scope: ClassVar[str | None] = None

    # Rows the database can build as text for this format: CSV lines (in params.delimiter)
    # or JSON objects (json_format.json_row's layout); None: rows always come as tuples.
    database_text: ClassVar[TextKind | None] = None

    def __init__(self, out: Output, params: ExportParams, context: FileContext) -> None:
        self.out = out
        self.params = params
        self.context = context

    @classmethod
    def check_params(cls, scope: str, granularity: str) -> None:
        """InvalidInput for a scope or granularity this format cannot write."""

    @classmethod
    def prepared_context(cls, snap: Snapshot, context: FileContext) -> FileContext:
        """The context with what this format reads from the export's snapshot besides the
        rows (FOCUS: the tenants' ids); unchanged for most formats."""
        return context

    @classmethod
    def companion(cls, target: Path) -> tuple[Path, Callable[[datetime], bytes]] | None:
        """A file published beside the export with it (FOCUS's metadata): its path and its
        content for the export's time; None for most formats."""
        return None

    def begin(self, totals: ExportTotals) -> None:
        """Everything before the first row."""

    def write_rows(self, batch: Sequence[Row]) -> None:
        raise NotImplementedError

    def write_copy_chunks(self, chunks: list[bytes]) -> None:
        """Rows COPY built (database_text), each ending in LF."""
        raise NotImplementedError(f"{type(self).__name__} takes no database-built rows")

    def write_text_lines(self, lines: list[str]) -> None:
        """Rows SQLite built (database_text), without line ends."""
        raise NotImplementedError(f"{type(self).__name__} takes no database-built rows")

    # The texts the database puts before and after each JSON object it builds (database_text
    # "json"), so that its rows need no work in Python.
    database_around: ClassVar[tuple[str, str]] = ("", "")

    def continue_rows(self) -> None:
        """Write database-built rows as they come, for `write_continued` of another writer to
        put into the file: a later slice of a parallel export, spooled."""

    def continued_into(self, out: Output) -> FormatWriter:
        """A copy of this writer that writes its rows into `out` (a spool) the way
        `continue_rows` says, for this writer's `write_continued` to append later."""
        spooled = copy.copy(self)
        spooled.out = out
        spooled.continue_rows()
        return spooled

    def write_continued(self, block: bytes) -> None:
        """A block of what a `continue_rows` writer wrote, in order: after the rows so far."""
        self.out.write(block)

    def end(self, rows: int) -> None:
        """Everything after the last row (`rows` written in all)."""

    def abort(self) -> None:
        """The export failed or was cancelled: release what the writer holds besides the
        output (the runner removes the output itself)."""

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        """The rows and totals of a file of this format, recomputed. ValueError (or another
        parse error) when the file is not one of ours in this format."""
        raise NotImplementedError
