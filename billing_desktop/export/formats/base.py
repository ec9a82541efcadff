"""The one interface every export file format implements (issue 11, Design).

The runner calls `begin` once with the totals it announces, then `write_rows` for each batch of
row tuples (date, tenant_name, model_used, input_tokens, output_tokens, cost_cents), then `end`.
A format whose rows the database can build as text (`database_text`) also takes them that way,
which is how the PostgreSQL COPY and SQLite fast paths keep Python out of the per-row work:
`write_copy_chunks` (COPY's rows, each ending in LF) and `write_text_lines` (SQLite's, without).
Adding a format is adding one module here and one line in `formats/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

if TYPE_CHECKING:
    from billing_desktop.export.params import ExportParams
    from billing_desktop.export.totals import ExportTotals

Row = Sequence[object]
TextKind = Literal["csv", "json"]


class Output(Protocol):
    """Where a writer's bytes go: the runner's counting sink in front of the file."""

    def write(self, data: bytes | memoryview) -> int | None: ...

    def flush(self) -> None: ...

    def tell(self) -> int: ...


@dataclass(frozen=True)
class FileContext:
    """What a file says about itself beyond its parameters (JSON metadata, XLSX Summary)."""

    exported_at: datetime
    period: str | None = None
    database: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class FormatWriter:
    """Base class of the formats: holds the output, the parameters and the context."""

    # Rows the database can build as text for this format: CSV lines (in params.delimiter)
    # or JSON objects (json_format.json_row's layout); None: rows always come as tuples.
    database_text: ClassVar[TextKind | None] = None

    def __init__(self, out: Output, params: ExportParams, context: FileContext) -> None:
        self.out = out
        self.params = params
        self.context = context

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

    def write_continued(self, block: bytes) -> None:
        """A block of what a `continue_rows` writer wrote, in order: after the rows so far."""
        self.out.write(block)

    def end(self, rows: int) -> None:
        """Everything after the last row (`rows` written in all)."""

    def abort(self) -> None:
        """The export failed or was cancelled: release what the writer holds besides the
        output (the runner removes the output itself)."""
