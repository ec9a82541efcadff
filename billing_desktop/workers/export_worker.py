"""The export on a background job: `exporting.run` (the export, its manifest and its history
record, exactly as the command line runs it) off the GUI thread.

Progress comes once per batch from the engine and is throttled to a few signals a second: a
million-row export must not flood the GUI thread's event queue.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from billing_desktop import exporting
from billing_desktop.clock import Clock
from billing_desktop.db.connection import Database
from billing_desktop.export.control import ExportControl
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.runner import BATCH_ROWS, ExportResult
from billing_desktop.workers.job import BackgroundJob

PROGRESS_INTERVAL_S = 0.2  # at most ~5 progress signals a second


class ExportJob(BackgroundJob):
    """One export; `finished` carries its ExportResult, `notices` what the user should hear
    beside it (read after `finished`)."""

    def __init__(
        self,
        db: Database,
        request: ExportRequest,
        *,
        batch_rows: int = BATCH_ROWS,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        notices: list[str] = []  # written on the job's thread before it ends

        def work(control: ExportControl) -> ExportResult:
            audited = exporting.run(
                db, request, control, face=exporting.WINDOW, clock=clock, batch_rows=batch_rows
            )
            notices.extend(audited.notices)
            return audited.result

        super().__init__(work, name="export-worker", throttle_s=PROGRESS_INTERVAL_S, parent=parent)
        self.request = request
        self._notices = notices

    @property
    def notices(self) -> list[str]:
        return list(self._notices)
