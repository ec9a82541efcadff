"""Running one export from a dialog: the job, its progress panel with Cancel, and the
outcome, wired once for the Export dialog and the history's Re-run."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from billing_desktop.clock import Clock
from billing_desktop.db.connection import Database
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.runner import ExportResult
from billing_desktop.ui.export_progress import ExportProgressPanel
from billing_desktop.workers.export_worker import ExportJob


class ExportRun(QObject):
    """`start(request)` shows the progress panel and runs the export; then exactly one of
    finished(result, notices) / failed(message) / cancelled() / crashed(exception), with the
    panel already hidden, and ended()."""

    finished = Signal(object, object)  # ExportResult, list of notices
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal(object)
    ended = Signal()

    def __init__(
        self,
        db: Database,
        panel: ExportProgressPanel,
        *,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.panel = panel
        self.clock = clock
        self.job: ExportJob | None = None
        panel.hide()
        panel.cancel_requested.connect(self.cancel)

    def start(self, request: ExportRequest) -> ExportJob:
        job = ExportJob(self.db, request, clock=self.clock)
        job.progress.connect(self.panel.update_progress)
        job.notice.connect(self.panel.show_notice)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        job.crashed.connect(self._on_crashed)
        job.ended.connect(self.ended)
        self.job = job
        self.panel.start()
        self.panel.show()
        # The main window stops running exports when it closes.
        dialog = self.parent()
        window = dialog.parent() if dialog is not None else None
        register = getattr(window, "register_export_job", None)
        if callable(register):
            register(job)
        job.start()
        return job

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    @Slot()
    def cancel(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()

    def cancel_and_wait(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel_and_wait()

    @Slot(object)
    def _on_finished(self, result: ExportResult) -> None:
        self.panel.update_progress(result.rows, result.rows)
        self.panel.hide()
        self.finished.emit(result, self.job.notices if self.job is not None else [])

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.panel.hide()
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.panel.hide()
        self.cancelled.emit()

    @Slot(object)
    def _on_crashed(self, exc: BaseException) -> None:
        self.panel.hide()
        self.crashed.emit(exc)
