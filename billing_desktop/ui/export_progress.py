"""The lower half of the export dialog: a running export's progress, then its outcome.

`ExportProgressPanel` shows rows written of the total, percent, speed and time left, and holds
the Cancel button. `ExportSummaryPanel` shows what was written and sets the file's totals beside
the dashboard's, so an accountant sees at a glance that every cent is there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from billing_desktop.export import ExportResult
from billing_desktop.ui import i18n
from billing_desktop.ui.locale_format import count, duration, money, size
from billing_desktop.ui.styles import error_style, ok_style

_SCALE = 1000  # the bar counts per mille: row counts may exceed a 32-bit int
MISMATCH_STYLE = error_style() + " font-weight: 600;"
MATCH_STYLE = ok_style()
# The figures' English names, as `mismatches` lists them (tests and logs read these).
FIGURE_NAMES = {
    "rows": "rows",
    "input_tokens": "input tokens",
    "output_tokens": "output tokens",
    "cost_cents": "total cost",
}


class ExportProgressPanel(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportProgressPanel")
        self.bar = QProgressBar(objectName="exportProgressBar")
        self.bar.setRange(0, _SCALE)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p%")
        self.detail = QLabel(objectName="exportProgressLabel")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(self.tr("&Cancel export"), objectName="cancelExportButton")
        self.cancel_button.setToolTip(self.tr("Stop the export; the target file is left untouched"))
        self.cancel_button.clicked.connect(self._cancel_clicked)

        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        self._started = 0.0
        self._first: tuple[float, int] | None = None  # when rows started flowing
        self.done = 0
        self.total: int | None = None
        self._notice = ""  # the engine's word on a change of course (a restart on a standby)

    def start(self) -> None:
        self._started = time.monotonic()
        self._first = None
        self._notice = ""
        self.detail.setToolTip("")
        self.done, self.total = 0, None
        self.bar.setRange(0, 0)  # busy until the total is known
        self.detail.setText(self.tr("Preparing the export (reading totals)…"))
        self.cancel_button.setEnabled(True)

    def show_notice(self, message: str) -> None:
        """Say why the export starts again; its progress then begins anew."""
        self._notice = message
        self._first = None
        self.bar.setRange(0, 0)
        self.detail.setText(message)
        self.detail.setToolTip(message)

    def update_progress(self, done: int, total: int | None) -> None:
        if total is None:  # connected; totals not known yet: the busy bar stays
            if not self._notice:  # a notice stays in sight until rows flow again
                self.detail.setText(self.tr("Connected; reading totals…"))
            return
        now = time.monotonic()
        self.done, self.total = done, total
        if self._first is None:
            self._first = (now, done)
        self.bar.setRange(0, _SCALE)
        self.bar.setValue(_SCALE if total <= 0 else min(_SCALE, done * _SCALE // total))
        since, rows_then = self._first
        elapsed = now - since
        if done > rows_then and elapsed > 0.05:
            rate = (done - rows_then) / elapsed
            if done < total:
                text = i18n.arg(
                    self.tr("%1 of %Ln row(s)  ·  %2 rows/s  ·  about %3 left", "", total),
                    count(done), count(int(rate)), duration((total - done) / rate),
                )  # fmt: skip
            else:
                text = i18n.arg(self.tr("%1 of %Ln row(s)  ·  %2 rows/s", "", total),
                                count(done), count(int(rate)))  # fmt: skip
        else:
            text = i18n.arg(self.tr("%1 of %Ln row(s)", "", total), count(done))
        if self._notice:  # one more item of the list, not part of a sentence
            text = "  ·  ".join((text, self.tr("started again (see tooltip)")))
        self.detail.setText(text)

    def _cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.detail.setText("  ·  ".join((self.detail.text(), self.tr("cancelling…"))))
        self.cancel_requested.emit()


@dataclass(frozen=True)
class Figures:
    """The four figures compared: rows (or events), input and output tokens, cost in cents."""

    rows: int
    input_tokens: int
    output_tokens: int
    cost_cents: int


class ExportSummaryPanel(QFrame):
    """What the finished export wrote, and its totals against the dashboard's."""

    open_file = Signal(Path)
    show_in_folder = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportSummary")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = QLabel(objectName="exportSummaryHeadline")
        self.headline.setStyleSheet("font-weight: 600;")
        self.headline.setWordWrap(True)
        self.path_label = QLabel(objectName="exportSummaryPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.verdict = QLabel(objectName="totalsVerdictLabel")
        self.verdict.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open &file"), objectName="openFileButton")
        self.open_button.setToolTip(self.tr("Open the file with its usual program"))
        self.folder_button = QPushButton(
            self.tr("S&how in folder"), objectName="showInFolderButton"
        )
        self.folder_button.setToolTip(self.tr("Show the file in the file manager"))
        self.open_button.clicked.connect(self._open_file)
        self.folder_button.clicked.connect(self._show_in_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.path_label)
        layout.addLayout(self.grid)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        self._path: Path | None = None
        self.mismatches: list[str] = []
        self.values: dict[str, QLabel] = {}

    def show_result(
        self, result: ExportResult, dashboard: Figures | None, why_not_compared: str = ""
    ) -> None:
        self._path = result.path
        self.headline.setText(
            i18n.arg(self.tr("Exported %Ln row(s) (%1) in %2.", "", result.rows),
                     size(result.bytes_written), duration(result.seconds))
        )  # fmt: skip
        self.path_label.setText(str(result.path))
        t = result.totals
        mine = Figures(t.rows, t.input_tokens, t.output_tokens, t.cost_cents)
        self._fill_grid(mine, dashboard, rows_comparable=result.params.scope == "all")
        if dashboard is None:
            self.verdict.setText(why_not_compared)
            self.verdict.setStyleSheet("")
        elif self.mismatches:
            self.verdict.setText(i18n.arg(self.tr(
                "The file's totals differ from the dashboard's (%1). The data may have changed"
                " since the dashboard was refreshed: refresh it and compare again."
            ), ", ".join(self._mismatch_words)))  # fmt: skip
            self.verdict.setStyleSheet(MISMATCH_STYLE)
        else:
            self.verdict.setText(self.tr("✓ The file's totals match the dashboard's."))
            self.verdict.setStyleSheet(MATCH_STYLE)
        self.verdict.setVisible(bool(self.verdict.text()))

    def _open_file(self) -> None:
        if self._path is not None:
            self.open_file.emit(self._path)

    def _show_in_folder(self) -> None:
        if self._path is not None:
            self.show_in_folder.emit(self._path)

    def _fill_grid(self, mine: Figures, dashboard: Figures | None, rows_comparable: bool) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.mismatches, self.values = [], {}
        self._mismatch_words: list[str] = []
        header = ["", self.tr("In the file")] + ([self.tr("On the dashboard")] if dashboard else [])
        for col, text in enumerate(header):
            label = QLabel(text)
            label.setStyleSheet("color: palette(mid); font-weight: 600;")
            label.setAlignment(Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(label, 0, col)
        # key, title, the same mid-sentence (for the verdict), format
        rows: list[tuple[str, str, str, Callable[[int], str]]] = [
            ("rows", self.tr("Rows") if not rows_comparable else self.tr("Rows (events)"),
             self.tr("rows"), count),
            ("input_tokens", self.tr("Input tokens"), self.tr("input tokens"), count),
            ("output_tokens", self.tr("Output tokens"), self.tr("output tokens"), count),
            ("cost_cents", self.tr("Total cost"), self.tr("total cost"), money),
        ]  # fmt: skip
        for r, (key, title, word, fmt) in enumerate(rows, start=1):
            self.grid.addWidget(QLabel(title), r, 0)
            value = QLabel(fmt(getattr(mine, key)), objectName=f"file_{key}_value")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(value, r, 1)
            self.values[f"file_{key}"] = value
            if dashboard is None:
                continue
            theirs = getattr(dashboard, key)
            if key != "rows" or rows_comparable:
                shown = fmt(theirs)
            else:
                shown = i18n.arg(self.tr("%1 events"), fmt(theirs))
            other = QLabel(shown, objectName=f"dashboard_{key}_value")
            other.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(other, r, 2)
            self.values[f"dashboard_{key}"] = other
            if (key != "rows" or rows_comparable) and theirs != getattr(mine, key):
                self.mismatches.append(FIGURE_NAMES[key])
                self._mismatch_words.append(word)
                value.setStyleSheet(MISMATCH_STYLE)
                other.setStyleSheet(MISMATCH_STYLE)
        self.grid.setColumnStretch(3, 1)
