"""The exports started from the main window, so that closing it can stop them cleanly."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from billing_desktop.ui import msgbox


class StoppableExport(Protocol):
    """What the export side registers."""

    def is_running(self) -> bool: ...

    def cancel_and_wait(self) -> None: ...


class RunningExports:
    def __init__(self) -> None:
        self._jobs: list[StoppableExport] = []

    def register(self, job: StoppableExport) -> None:
        self._jobs = [j for j in self._jobs if j.is_running()]
        self._jobs.append(job)

    def confirm_stop(self, parent: QWidget) -> bool:
        """True when the window may close; a running export is cancelled after asking."""
        running = [job for job in self._jobs if job.is_running()]
        if not running:
            return True
        answer = msgbox.question_while(
            parent,
            QCoreApplication.translate("MainWindow", "Export running"),
            QCoreApplication.translate(
                "MainWindow",
                "An export is still running. Cancel it and quit? The target file stays untouched.",
            ),
            still_true=lambda: any(job.is_running() for job in running),
        )
        if answer is None:
            return True  # the export ended while the question was open: nothing to cancel
        if not answer:
            return False
        self.cancel_all()
        return True

    def cancel_all(self) -> None:
        for job in self._jobs:
            if job.is_running():
                job.cancel_and_wait()
        self._jobs = []
