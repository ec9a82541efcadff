"""File → Recent exports…: every export from the window and the
command line, newest first, with Re-run (the same parameters on today's data), Open file,
Show in folder and Verify (the file against its manifest and the database now)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import periods
from billing_desktop.clock import Clock
from billing_desktop.db.connection import Database
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportResult
from billing_desktop.export.choices import GRANULARITY_LABELS, SCOPE_LABELS
from billing_desktop.export.period_names import period_words
from billing_desktop.export.request import ExportRequest
from billing_desktop.history import SUCCEEDED, History, HistoryRecord
from billing_desktop.ui import i18n, msgbox, theme
from billing_desktop.ui.engine_labels import label
from billing_desktop.ui.export_progress import ExportProgressPanel
from billing_desktop.ui.export_run import ExportRun
from billing_desktop.ui.locale_format import count, date_time, money, short_date
from billing_desktop.ui.styles import error_style
from billing_desktop.verify import Report
from billing_desktop.workers.export_worker import ExportJob
from billing_desktop.workers.job import BackgroundJob
from billing_desktop.workers.verify_worker import verify_job

# The columns' English titles; the header shows them in the window's language.
COLUMNS = (
    QT_TRANSLATE_NOOP("HistoryDialog", "Finished"),
    QT_TRANSLATE_NOOP("HistoryDialog", "From"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Outcome"),
    QT_TRANSLATE_NOOP("HistoryDialog", "What"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Period"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Rows"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Cost"),
    QT_TRANSLATE_NOOP("HistoryDialog", "File / message"),
)
_RIGHT = {5, 6}
_RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def describe_parameters(parameters: dict[str, Any]) -> str:
    """'XLSX, By tenant and model, Per month, Last month, One file per tenant' for the table's
    What column: a list of the choices, each in the window's language."""
    fmt = str(parameters.get("format", "")).upper()
    scope = str(parameters.get("scope", "all"))
    parts = [fmt, label(SCOPE_LABELS.get(scope, scope))]
    if scope != "all":
        granularity = str(parameters.get("granularity", "day"))
        parts.append(label(GRANULARITY_LABELS.get(granularity, granularity)))
    period = parameters.get("period")
    if period in periods.PERIODS:
        parts.append(label(periods.period_label(str(period))))
    else:
        parts.append(
            i18n.arg(
                QCoreApplication.translate("HistoryDialog", "%1 to %2"),
                _day(parameters.get("start")),
                _day(parameters.get("end")),
            )
        )
    if parameters.get("split_by"):
        parts.append(QCoreApplication.translate("HistoryDialog", "One file per tenant"))
    return ", ".join(parts)


def _day(value: Any) -> str:
    try:
        return short_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def record_period(parameters: dict[str, Any]) -> str:
    """The file's period in words ("November 2026") from the dates a record's run resolved
    to; empty when it holds none (an export refused before it had any)."""
    try:
        return period_words(date.fromisoformat(str(parameters.get("start"))),
                            date.fromisoformat(str(parameters.get("end"))))  # fmt: skip
    except ValueError:
        return ""


def local_time(finished_at: str) -> str:
    try:
        return date_time(datetime.fromisoformat(finished_at).astimezone())
    except ValueError:
        return finished_at


class HistoryDialog(QDialog):
    def __init__(
        self,
        db: Database | None,
        *,
        history: History | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Recent exports"))
        self.db = db
        self.history = history or History()
        self.clock = clock
        self.records: list[HistoryRecord] = []
        self.verify_job: BackgroundJob | None = None
        self.last_report: Report | None = None
        self._build()
        self.reload()

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS), objectName="historyTable")
        self.table.setHorizontalHeaderLabels([self.tr(str(title)) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The two long texts share what is left; their full text is in the tooltip.
        for column in (3, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Recent exports"))
        self.table.setToolTip(
            self.tr("Every export from the window and the command line, newest first")
        )
        self.notice_label = QLabel(objectName="historyNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.status_label = QLabel(objectName="historyStatusLabel", wordWrap=True)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # One line per check: a statements folder has one per file, so it scrolls.
        self.report_view = QPlainTextEdit(objectName="verifyReportView")
        self.report_view.setReadOnly(True)
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_view.setAccessibleName(self.tr("Verification report"))
        self.report_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.report_view.hide()
        self.progress_panel = ExportProgressPanel()
        self.run: ExportRun | None = None
        if self.db is not None:
            self.run = ExportRun(self.db, self.progress_panel, clock=self.clock, parent=self)
            self.run.finished.connect(self._on_rerun_finished)
            self.run.failed.connect(
                lambda message: self._say(
                    i18n.arg(self.tr("The export failed: %1"), message), error=True
                )
            )
            self.run.cancelled.connect(
                lambda: self._say(self.tr("Re-run cancelled; the file is as it was."))
            )
            self.run.crashed.connect(self._on_crashed)
            self.run.ended.connect(self._on_rerun_ended)
        self.progress_panel.hide()

        self.rerun_button = QPushButton(self.tr("&Re-run"), objectName="rerunButton")
        self.rerun_button.setToolTip(self.tr(
            "Export again with the same parameters on today's data, to the same file. A period"
            " such as Last month is resolved again today."
        ))  # fmt: skip
        self.open_button = QPushButton(self.tr("&Open file"), objectName="openFileButton")
        self.open_button.setToolTip(self.tr("Open the file with its usual application"))
        self.folder_button = QPushButton(
            self.tr("Show in &folder"), objectName="showInFolderButton"
        )
        self.folder_button.setToolTip(self.tr("Show the file or folder in the file manager"))
        self.verify_button = QPushButton(self.tr("&Verify"), objectName="verifyButton")
        self.verify_button.setToolTip(self.tr(
            "Re-read the file, check it against its manifest (size, SHA-256, rows, totals) and"
            " recompute its totals in the database: did anything change since?"
        ))  # fmt: skip
        self.close_button = QPushButton(self.tr("&Close"), objectName="closeHistoryButton")
        self.close_button.setToolTip(self.tr("Close (Esc); asks first while a re-run is running"))
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.rerun_button, self.open_button, self.folder_button,
                       self.verify_button):  # fmt: skip
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress_panel)
        layout.addWidget(self.status_label)
        layout.addWidget(self.report_view)
        layout.addLayout(buttons)
        self.resize(980, 460)

        self.table.itemSelectionChanged.connect(self._on_selected)
        self.rerun_button.clicked.connect(self.rerun)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.verify_button.clicked.connect(self.verify)
        self.close_button.clicked.connect(self.reject)

    # -- the table ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.records = self.history.recent(200)
        if self.history.notice:
            self.notice_label.setText(self.history.notice)
            self.notice_label.show()
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            cells = (
                local_time(record.finished_at),
                self.tr("Window") if record.face == "window" else self.tr("Command line"),
                label(record.outcome.capitalize()),
                describe_parameters(record.parameters),
                record_period(record.parameters),
                count(record.rows) if record.rows is not None else "",
                money(record.cost_cents) if record.cost_cents is not None else "",
                self._where(record),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column in (3, 7) else "")
                if column in _RIGHT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 2 and record.outcome != SUCCEEDED:
                    item.setForeground(QColor(theme.current().error))
                self.table.setItem(row, column, item)
        if not self.records:
            self.status_label.setText(self.tr("No exports yet. Every export, from here or the"
                                              " command line, will be listed here."))  # fmt: skip
        if self.records:
            self.table.selectRow(0)
        self._update_buttons()

    def _where(self, record: HistoryRecord) -> str:
        where = record.target or self.tr("(standard output)")
        if record.outcome == SUCCEEDED:
            return where
        return i18n.arg(self.tr("%1: %2"), where, record.message)

    def selected(self) -> HistoryRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _on_selected(self) -> None:
        """A failed or cancelled export's whole message below the table (the cell cuts it)."""
        record = self.selected()
        if not self._busy():
            self.report_view.hide()
            if record is not None and record.outcome != SUCCEEDED:
                self._say(i18n.arg(self.tr("%1: %2"), label(record.outcome.capitalize()),
                                   record.message), error=True)  # fmt: skip
            else:
                self._say("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.selected()
        busy = self._busy()
        target = Path(record.target) if record is not None and record.target else None
        exists = target is not None and target.exists()
        self.rerun_button.setEnabled(record is not None and target is not None and not busy)
        self.open_button.setEnabled(exists and target is not None and target.is_file())
        self.folder_button.setEnabled(exists)
        done = record is not None and record.outcome == SUCCEEDED
        self.verify_button.setEnabled(exists and done and not busy)

    def _busy(self) -> bool:
        return any(j is not None and j.is_running() for j in (self.job, self.verify_job))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(error_style() if error else "")

    # -- actions --------------------------------------------------------------------------------

    def open_file(self) -> None:
        record = self.selected()
        if record is not None and record.target:
            msgbox.hand_off(self, Path(record.target))

    def show_in_folder(self) -> None:
        record = self.selected()
        if record is not None and record.target:
            msgbox.hand_off(self, Path(record.target), show_folder=True)

    def rerun(self) -> None:
        record = self.selected()
        if record is None or not record.target or self.db is None:
            return
        try:
            request = ExportRequest.from_json(record.parameters, "The recorded options").replace(
                output=record.target, overwrite=True
            )
            params = request.params(self.clock)
        except InvalidInput as exc:
            self._say(i18n.arg(self.tr("This export cannot be run again: %1."), exc), error=True)
            return
        target = Path(record.target)
        database = self.db.describe()
        if record.database != database and not msgbox.question(
            self, self.tr("Another database"), i18n.arg(self.tr(
                "This export read %1.\nThe window is connected to %2.\n\nRe-run it on %2?"
            ), record.database, database)
        ):  # fmt: skip
            return
        if target.exists() and not msgbox.question(
            self,
            self.tr("Re-run the export?"),
            i18n.arg(
                self.tr(
                    "%1 will be written again from today's data (%2 to %3), replacing"
                    " the one in %4."
                ),
                target.name,
                short_date(params.start),
                short_date(params.end),
                target.parent,
            ),
        ):
            return
        self._say("")
        assert self.run is not None  # made with the database
        self.run.start(request)
        self._update_buttons()

    @property
    def job(self) -> ExportJob | None:
        return self.run.job if self.run is not None else None

    def _on_rerun_finished(self, result: ExportResult, _notices: list[str]) -> None:
        self._say(i18n.arg(self.tr("Written again: %Ln row(s), total cost %1.", "", result.rows),
                           money(result.totals.cost_cents)))  # fmt: skip

    def _on_rerun_ended(self) -> None:
        status = self.status_label.text(), self.status_label.styleSheet()
        self.reload()
        self.status_label.setText(status[0])
        self.status_label.setStyleSheet(status[1])

    def verify(self) -> None:
        record = self.selected()
        if record is None or not record.target or record.outcome != SUCCEEDED:
            return
        self.report_view.hide()
        same_database = self.db is not None and record.database == self.db.describe()
        job = verify_job(Path(record.target), self.db if same_database else None, self)
        job.finished.connect(lambda report: self._on_verified(report, same_database))
        job.failed.connect(self._on_verify_failed)
        job.crashed.connect(self._on_crashed)
        self.verify_job = job
        self._say(i18n.arg(self.tr("Verifying %1…"), record.target))
        job.start()
        self._update_buttons()

    def _on_verify_failed(self, message: str) -> None:
        self.verify_job = None
        self._say(i18n.arg(self.tr("Not verified: %1."), message), error=True)
        self._update_buttons()

    def _on_verified(self, report: Report, compared: bool) -> None:
        self.verify_job = None  # its thread is ending; the keeper holds it until then
        self.last_report = report
        lines = [check.line() for check in report.checks]
        if not compared:
            lines.append(
                self.tr("database: not compared (this window is connected to another one)")
            )
        failed = [line for line in lines if not line.startswith("ok")]
        # The command line's verdict, word for word; the whole sentence also heads the report
        # below, where it wraps instead of being cut off.
        self._say(report.verdict, error=not report.ok)
        record = self.selected()
        period = record_period(record.parameters) if record is not None else ""
        named = [self.tr("Period: {period}").format(period=period)] if period else []
        # The failed checks first: with a folder of 40 files they are what matters.
        passed = [ln for ln in lines if ln not in failed]
        self.report_view.setPlainText("\n".join([report.verdict, *named, "", *failed, *passed]))
        self.report_view.show()
        self._update_buttons()

    def _on_crashed(self, exc: BaseException) -> None:
        self._say(
            self.tr("An unexpected error stopped the work; see the error report."), error=True
        )
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def done(self, result: int) -> None:
        if self.run is not None and self.run.is_running():
            if not msgbox.question(
                self,
                self.tr("Cancel the export?"),
                self.tr("The re-run is still running. Cancel it and close?"),
            ):
                return
            self.run.cancel_and_wait()
        if self.verify_job is not None:
            self.verify_job.wait()
        super().done(result)
