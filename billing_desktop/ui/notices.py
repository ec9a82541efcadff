"""The banners above the figures: the demo database said as such, and the scheduled runs that
failed since the window last started, with their reason and Re-run.

Re-run starts what the operating system's scheduler starts (`billing-desktop schedule run
NAME`) as a separate process, as Run now does in Scheduled exports: the run, its delivery and
its history record are those of a scheduled one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)

from billing_desktop.history import HistoryRecord
from billing_desktop.scheduling.command import app_command
from billing_desktop.ui.locale_format import day_label


def _banner_layout(frame: QFrame) -> QHBoxLayout:
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(12, 4, 12, 4)
    return layout


class DemoBanner(QFrame):
    """Where the figures are: these are demo data, and the way to one's own database."""

    connectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.text = QLabel(
            self.tr("You are looking at demo data, not your own figures."),
            objectName="demoBannerText",
        )
        self.text.setWordWrap(True)
        self.text.setToolTip(
            self.tr(
                "Made-up tenants and models in a database on this computer. Connect to your"
                " billing database to see your own figures."
            )
        )
        self.connect_button = QPushButton(
            self.tr("&Connect to your database…"), objectName="connectDatabaseButton"
        )
        self.connect_button.setToolTip(
            self.tr("Open Connection settings and choose your PostgreSQL billing database")
        )
        self.connect_button.clicked.connect(self.connectRequested)
        layout = _banner_layout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.connect_button)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FailedRunsBanner", text)


def failed_runs_sentence(failures: list[HistoryRecord], since: datetime, parent: QWidget) -> str:
    """'2 scheduled exports failed since 1 December.' and the newest one's reason."""
    when = day_label(since.astimezone().date(), "d MMMM")  # "1 December", "1. Dezember"
    if len(failures) == 1:
        head = _tr("1 scheduled export failed since {day}.").format(day=when)
    else:
        head = _tr("{count} scheduled exports failed since {day}.").format(
            count=len(failures), day=when
        )
    newest = failures[0]
    reason = _tr("The last one, '{name}': {message}").format(
        name=newest.schedule or "", message=newest.message
    )
    return f"{head} {reason}"


class FailedRunsBanner(QFrame):
    """The failed scheduled runs since the last start, and Re-run for their schedules."""

    rerunFinished = Signal(int)  # the exit status of the last schedule re-run
    visibilityChanged = Signal()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        self.visibilityChanged.emit()

    def __init__(self, parent: QWidget | None = None, *, command: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failedRunsBanner")
        self.command = command or app_command()
        self.names: list[str] = []
        self.outcomes: list[str] = []
        self.process: QProcess | None = None
        self.text = QLabel(objectName="failedRunsText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rerun_button = QPushButton(self.tr("&Re-run"), objectName="rerunFailedButton")
        self.rerun_button.setToolTip(self.tr("Run the schedules that failed again, now"))
        self.rerun_button.clicked.connect(self.rerun)
        dismiss = QPushButton(self.tr("Dismiss"), objectName="dismissFailedButton")
        dismiss.clicked.connect(self.hide)
        layout = _banner_layout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.rerun_button)
        layout.addWidget(dismiss)
        self.hide()

    def show_failures(self, failures: list[HistoryRecord], since: datetime) -> None:
        if not failures:
            return
        self.names = list(dict.fromkeys(r.schedule for r in failures if r.schedule))
        self.text.setText(failed_runs_sentence(failures, since, self))
        self.text.setToolTip("\n".join(f"{r.schedule}: {r.message}" for r in failures))
        self.rerun_button.setEnabled(bool(self.names))
        self.show()
        self._notify(self.text.text())

    def _notify(self, text: str) -> None:
        """Where the desktop shows notifications, a failed run is one too: the window may
        start behind others, and the user should hear it at once."""
        if not (QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()):
            return
        self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
        self.tray.show()
        self.tray.showMessage(
            self.tr("Scheduled exports failed"), text, QSystemTrayIcon.MessageIcon.Warning
        )

    def rerun(self) -> None:
        if self.process is not None or not self.names:
            return
        self.outcomes = []
        self._start(0)

    def _start(self, index: int) -> None:
        name = self.names[index]
        self.rerun_button.setEnabled(False)
        self.text.setText(self.tr("Running '{name}' again…").format(name=name))
        process = QProcess(self)
        process.finished.connect(lambda code, status: self._done(index, code, status))
        self.process = process
        process.start(self.command[0], [*self.command[1:], "schedule", "run", name])

    def _done(self, index: int, code: int, _status: Any) -> None:
        assert self.process is not None
        said = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        self.process.deleteLater()
        self.process = None
        name = self.names[index]
        lines = [ln.removeprefix("billing-desktop: error: ") for ln in said.splitlines() if ln]
        if code == 0:
            self.outcomes.append(self.tr("'{name}' ran again and succeeded.").format(name=name))
        else:
            reason = lines[-1] if lines else self.tr("exit status {code}").format(code=code)
            self.outcomes.append(
                self.tr("'{name}' failed again: {reason}").format(name=name, reason=reason)
            )
        if index + 1 < len(self.names):
            self._start(index + 1)
            return
        self.text.setText(" ".join(self.outcomes))
        self.rerun_button.setEnabled(True)
        self.rerunFinished.emit(code)
