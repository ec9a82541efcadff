"""The Export dialog: the form (what to export and where), a row count, the run (progress and
Cancel, on a worker thread), and what was written beside the dashboard's totals.

All database work (counting rows, the export itself) runs on worker threads; this module only
arranges widgets and reacts to signals. Expected failures (`BillingError`) become one sentence in
the dialog; anything else is a bug and goes to the crash path through `sys.excepthook`.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import config
from billing_desktop.clock import Clock
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportResult, ExportTotals
from billing_desktop.export.command_line import export_command
from billing_desktop.export.formats import format_named
from billing_desktop.export.naming import extension_fix
from billing_desktop.export_form_rules import Shown, count_key, why_not_compared
from billing_desktop.presets import PresetStore
from billing_desktop.ui import i18n, msgbox
from billing_desktop.ui.engine_labels import label
from billing_desktop.ui.export_form import ExportForm
from billing_desktop.ui.export_progress import ExportProgressPanel, ExportSummaryPanel, Figures
from billing_desktop.ui.export_run import ExportRun
from billing_desktop.ui.fitting_scroll import FittingScrollArea
from billing_desktop.ui.issuer import ask_issuer_once
from billing_desktop.ui.locale_format import money
from billing_desktop.ui.styles import error_style
from billing_desktop.workers.count_worker import RowCounter
from billing_desktop.workers.export_worker import ExportJob

if TYPE_CHECKING:  # importing db.sql before the export package is a circular import
    from billing_desktop.db.sql import EventFilter


def default_folder(settings: Settings) -> Path:
    """The last folder used, else the user's Documents, else home."""
    for candidate in (
        settings.last_folder,
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


class ExportDialog(QDialog):
    def __init__(
        self,
        db: Database,
        event_filter: EventFilter,
        settings: Settings,
        *,
        dashboard_totals: Any = None,
        clock: Clock | None = None,
        period: str | None = None,
        tenant_names: list[str] | None = None,
        model_names: list[str] | None = None,
        presets: PresetStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export billing data"))
        self.setModal(True)
        self.db = db
        self.settings = settings
        self.dashboard_totals = dashboard_totals
        self.shown = Shown(event_filter.start, event_filter.end, event_filter.timezone,
                           event_filter.tenants, event_filter.models)  # fmt: skip
        self.clock = clock
        self.export_result: ExportResult | None = None
        self._confirmed_path: Path | None = None  # chosen in Save As, which confirmed overwrite
        self._count_key: tuple[Any, ...] | None = None
        self._closed = False
        self._result_count_shown = False  # the count label shows what the last export wrote
        self._counter = RowCounter(db, self)
        self._counter.counted.connect(self._on_counted)
        self._counter.failed.connect(self._on_count_failed)
        self._counter.crashed.connect(self._on_crashed)
        self.form = ExportForm(event_filter, clock=clock, presets=presets,
                               tenant_names=tenant_names or [],
                               model_names=model_names or [])  # fmt: skip
        self.form.profile = settings.profile or None
        self._build()
        self.form.restore(settings.export, default_folder(settings), period)
        self._refresh()

    # -- building -------------------------------------------------------------------------------

    def _build_buttons(self) -> QHBoxLayout:
        self.count_label = QLabel(objectName="rowCountLabel")
        self.count_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("&Export"), objectName="startExportButton")
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("Write the file (Enter)"))
        self.close_button = QPushButton(self.tr("Cl&ose"), objectName="closeExportDialogButton")
        self.close_button.setAutoDefault(False)
        self.close_button.setToolTip(
            self.tr("Close the dialog (Esc); asks first while an export runs")
        )
        self.copy_command_button = QPushButton(
            self.tr("Cop&y command line"), objectName="copyCommandButton"
        )
        self.copy_command_button.setAutoDefault(False)
        self.copy_command_button.setToolTip(self.tr(
            "Put the billing-desktop export command that writes this same file on the"
            " clipboard, for a script, cron or Task Scheduler. It never holds a password."
        ))  # fmt: skip
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.copy_command_button)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        return buttons

    def _build_message_area(self) -> QScrollArea:
        self.message_label = QLabel(objectName="exportMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Three lines are kept for a message, shown or not, and a longer one scrolls: a message
        # appearing moves no button and squashes no field.
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        area = QScrollArea(objectName="exportMessageArea")
        area.setWidget(self.message_label)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFixedHeight(3 * self.fontMetrics().lineSpacing() + 4)
        return area

    def _build(self) -> None:
        self.progress_panel = ExportProgressPanel()
        self.run = ExportRun(self.db, self.progress_panel, clock=self.clock, parent=self)
        self.summary_panel = ExportSummaryPanel()
        self.summary_panel.hide()
        buttons = self._build_buttons()
        self.message_area = self._build_message_area()
        # The options, progress and result scroll; the message and the buttons stay put below
        # them, so Export and Close are on screen whatever the dialog shows.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.form)
        content_layout.addWidget(self.summary_panel)
        content_layout.addStretch(1)
        self.scroll_area = FittingScrollArea(content, objectName="exportDialogScroll")
        for area in (self.scroll_area, self.message_area):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stops at fields, not at frames
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.progress_panel)  # always in sight while an export runs
        layout.addWidget(self.message_area)
        layout.addLayout(buttons)
        self.setMinimumWidth(min(640, self._available().width()))
        self._set_tab_order()
        # The main window's dialog asks for the issuer's name before the first statements.
        self.ask_issuer = False
        self._connect()

    def _connect(self) -> None:
        self.form.changed.connect(self._refresh)
        self.form.split_check.toggled.connect(self._forget_confirmed_path)
        self.form.browse_button.clicked.connect(self.browse)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a method, so Qt drops it when the dialog goes
            app.focusChanged.connect(self._keep_focus_in_sight)
        self.copy_command_button.clicked.connect(self.copy_command)
        self.start_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.run.cancelled.connect(self._on_cancelled)
        self.run.crashed.connect(self._on_crashed)
        self.run.ended.connect(self._on_ended)
        self.summary_panel.open_file.connect(lambda path: msgbox.hand_off(self, path))
        self.summary_panel.show_in_folder.connect(
            lambda path: msgbox.hand_off(self, path, show_folder=True)
        )

    def _set_tab_order(self) -> None:
        """Tab goes down the dialog as it reads (some parts are made after others)."""
        chain: list[QWidget] = [
            *self.form.tab_chain(), self.progress_panel.cancel_button,
            self.summary_panel.open_button, self.summary_panel.folder_button,
            self.copy_command_button, self.start_button, self.close_button,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- state ----------------------------------------------------------------------------------

    @property
    def job(self) -> ExportJob | None:
        return self.run.job

    def problem(self) -> str | None:
        """Why Export cannot start now, in one sentence, or None."""
        return self.form.problem()

    def _forget_confirmed_path(self) -> None:
        self._confirmed_path = None

    def _refresh(self) -> None:
        """Re-check the choices; count the rows again when what they depend on changed."""
        result = self.export_result if self._result_count_shown else None
        if result is not None and self.form.target() != result.path:  # "N rows written": that file
            self._result_count_shown = False
            self._count_key = None
        running = self.run.is_running()
        if not running and not self.summary_panel.isHidden():
            self.summary_panel.hide()  # it was about the choices before this change
        problem = self.problem()
        self.start_button.setEnabled(problem is None and not running)
        if not running:
            self._set_message(problem or "", error=True)
        self._request_count()

    def _request_count(self) -> None:
        """Ask for a fresh row count when what it depends on changed."""
        try:
            request = self.form.request()
            params = request.params(self.clock)
        except InvalidInput:
            self._counter.invalidate()
            self._count_key = None
            self.count_label.setText("")
            return
        key = count_key(params, self.form.split)
        if key != self._count_key:
            self._count_key = key
            self.count_label.setStyleSheet("")
            self.count_label.setText(self.tr("Counting rows…"))
            self._counter.request(request)

    def _on_counted(self, totals: ExportTotals) -> None:
        self._show_count(totals, written=False)

    def _show_count(self, totals: ExportTotals, *, written: bool) -> None:
        self.count_label.setStyleSheet("")
        self.count_label.setToolTip("")
        if written:
            text = self.tr("%Ln row(s) written (total cost %1).", "", totals.rows)
        else:
            text = self.tr("%Ln row(s) will be written (total cost %1).", "", totals.rows)
        self.count_label.setText(i18n.arg(text, money(totals.cost_cents)))

    def _on_count_failed(self, message: str) -> None:
        # Short beside the buttons (the reason is most often the export's own, said above it);
        # the whole of it in the tooltip.
        self.count_label.setStyleSheet(error_style())
        self.count_label.setText(self.tr("Could not count the rows."))
        self.count_label.setToolTip(message)

    def _set_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(error_style() if error else "")

    # -- command line ---------------------------------------------------------------------------

    def copy_command(self) -> None:
        """The `billing-desktop export` line for these choices, on the clipboard."""
        target = self.form.target()
        try:
            if target is None:
                raise InvalidInput(self.tr("Choose where to save the file first"))
            command = export_command(self.form.request(target), self._database_for_command())
        except InvalidInput as exc:
            self._set_message(i18n.arg(self.tr("No command line: %1."), exc), error=True)
            return
        msgbox.copy_to_clipboard(command)
        self._set_message(self.tr(
            "Copied the command line to the clipboard. It reads the password where this window"
            " does (the keyring, PGPASSWORD or ~/.pgpass); add --force to replace the file."
        ), error=False)  # fmt: skip

    def _database_for_command(self) -> str | None:
        """None when the command, run by this user, finds this same database by itself."""
        choice = config.choose_database(None, self.settings)
        default = choice.url or f"sqlite:///{config.embedded_database_path()}"
        mine = self.db.url.without_password().render()
        if DatabaseUrl.parse(default).without_password().render() == mine:
            return None
        return mine

    # -- choosing the target --------------------------------------------------------------------

    def browse(self) -> None:
        if self.form.split:
            self._browse_folder()
            return
        current = self.form.target()
        proposed = (
            current
            if current is not None and current.parent.is_dir()
            else default_folder(self.settings) / self.form.default_name()
        )
        fmt = format_named(self.form.format)
        filters = ";;".join((label(fmt.file_filter), self.tr("All files (*)")))
        chosen = msgbox.save_file(self, self.tr("Export to"), str(proposed), filters)
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:  # some platforms' dialogs add no extension
            path = path.with_suffix("." + fmt.extension)
            self._confirmed_path = None  # the dialog confirmed another name
        else:
            self._confirmed_path = path
        self.form.path_edit.setText(str(path))
        self._remember_folder(path.parent)

    def _browse_folder(self) -> None:
        """A split: choose the folder in which the statements' folder is created."""
        current = self.form.target()
        name = current.name if current is not None and current.name else self.form.default_name()
        start = current.parent if current is not None and current.parent.is_dir() else None
        chosen = msgbox.choose_folder(
            self,
            self.tr("Create the statements folder in"),
            str(start or default_folder(self.settings)),
        )
        if not chosen:
            return
        self._confirmed_path = None
        self.form.path_edit.setText(str(Path(chosen) / name))
        self._remember_folder(Path(chosen))

    def _remember_folder(self, folder: Path) -> None:
        self.settings.last_folder = str(folder)
        config.save_settings(self.settings)

    def _extension_agrees(self, target: Path) -> Path:
        """The path to export to: a missing extension or another format's is corrected to
        the format's; any other extension is asked about, never silently kept."""
        fixed = extension_fix(target, self.form.format)
        if fixed is not None:
            return fixed
        fmt = format_named(self.form.format)
        wanted = "." + fmt.extension
        answer = msgbox.question(
            self,
            self.tr("Change the file name?"),
            i18n.arg(
                self.tr("%1 does not end in %2, the extension of the %3 format, so other"
                        " programs may not open it.\n\nSave it as %4 instead?"),
                target.name, wanted, label(fmt.label), target.with_suffix(wanted).name,
            ),
        )  # fmt: skip
        return target.with_suffix(wanted) if answer else target

    def _confirmed_target(self) -> tuple[Path, bool] | None:
        """The target and whether it may be replaced, after asking; None: the user declined."""
        chosen = self.form.target()
        assert chosen is not None
        split = self.form.split
        target = chosen if split else self._extension_agrees(chosen)
        if target != chosen:
            self.form.path_edit.setText(str(target))
        if not target.exists():
            return target, False
        title = self.tr("Replace the folder?") if split else self.tr("Replace the file?")
        overwrite = target == self._confirmed_path or msgbox.question(
            self,
            title,
            i18n.arg(self.tr("%1 already exists in %2.\nReplace it with this export?"),
                     target.name, target.parent),
        )  # fmt: skip
        return (target, True) if overwrite else None

    # -- running --------------------------------------------------------------------------------

    def start_export(self) -> None:
        problem = self.problem()
        if problem is not None:
            self._set_message(problem, error=True)
            return
        confirmed = self._confirmed_target()
        if confirmed is None:
            return
        target, overwrite = confirmed
        request = self.form.request(target, overwrite)
        if request.split_by is not None and self.ask_issuer:
            ask_issuer_once(self, self.settings)
        self.settings.export = self.form.remembered()
        self._remember_folder(target.parent)
        self._clear_count()
        self.export_result = None
        self.summary_panel.hide()
        self._set_message("", error=False)
        self.form.setEnabled(False)
        self.start_button.setEnabled(False)
        self.progress_panel.cancel_button.show()
        self.run.start(request)

    def _clear_count(self) -> None:
        """No figure stays beside a new export: a count running now would only compete with
        the export for the database (the export reads these totals itself), and "N rows
        written" of an earlier export next to "Export cancelled" misleads. The count comes
        back after the export."""
        if self._counter.is_pending() or self._result_count_shown:
            self._counter.invalidate()
            self._count_key = None
            self._result_count_shown = False
            self.count_label.setText("")

    def cancel_export(self) -> None:
        self.run.cancel()

    def _on_finished(self, result: ExportResult, notices: list[str]) -> None:
        self.export_result = result
        # What was written is the row count for these choices, from the export's own snapshot.
        self._count_key = count_key(result.params, bool(result.files))
        self._show_count(result.totals, written=True)
        self._result_count_shown = True
        dashboard, why = self._dashboard_figures(result)
        self.summary_panel.show_result(result, dashboard, why)
        self.summary_panel.show()
        # The dialog keeps its size (it jumped to the screen's height): the result scrolls in.
        QTimer.singleShot(0, self, self._show_result_in_sight)
        if notices:
            self._set_message(" ".join(notices), error=False)

    def _show_result_in_sight(self) -> None:
        self.scroll_area.ensureWidgetVisible(self.summary_panel)

    def _keep_focus_in_sight(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The field a mnemonic or Tab reaches is scrolled into view, never left below."""
        content = self.scroll_area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

    def _dashboard_figures(self, result: ExportResult) -> tuple[Figures | None, str]:
        """The dashboard's figures when they are of this file's filter, else why not."""
        data = self.dashboard_totals
        if data is None:
            return None, ""
        why = why_not_compared(result.params, self.shown)
        if why is not None:
            return None, why
        figures = Figures(
            rows=int(data.events),
            input_tokens=int(data.input_tokens),
            output_tokens=int(data.output_tokens),
            cost_cents=int(data.total_cost_cents),
        )
        return figures, ""

    def _on_failed(self, message: str) -> None:
        self._set_message(i18n.arg(self.tr("The export failed: %1"), message), error=True)

    def _on_cancelled(self) -> None:
        self._set_message(self.tr("Export cancelled; no file was written."), error=False)

    def _on_crashed(self, exc: BaseException) -> None:
        self._set_message(
            self.tr("An unexpected error stopped the work; see the error report."), error=True
        )
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def _on_ended(self) -> None:
        self.form.setEnabled(True)
        self.start_button.setEnabled(self.problem() is None)
        if not self._closed:  # count again, if a count was dropped for an unfinished export
            self._request_count()

    # -- size and closing -----------------------------------------------------------------------

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)

    def fit_to_screen(self) -> None:
        """As tall as the content wants, within the screen's available area, frame included;
        what does not fit scrolls. Called when shown."""
        content = self.scroll_area.widget()
        inner = content.layout() if content is not None else None
        if inner is not None:
            inner.activate()  # a panel just shown counts in the size hint
        self.scroll_area.updateGeometry()  # the dialog's layout caches the scroll area's hint
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        available = self._available()
        frame_w = max(0, self.frameGeometry().width() - self.width())
        frame_h = max(0, self.frameGeometry().height() - self.height())
        wanted = self.sizeHint()
        width = min(max(wanted.width(), self.width()), available.width() - frame_w)
        height = min(wanted.height(), available.height() - frame_h)
        self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_tries = 20
        QTimer.singleShot(0, self, self._fit_when_framed)  # once the frame is known; not if gone

    def _fit_when_framed(self) -> None:
        """Fit now, and again once the window manager has framed the dialog: fitted before,
        its frame pushed the bottom off the screen and the content scrolled."""
        self.fit_to_screen()
        self._fit_tries -= 1
        if self.frameGeometry() == self.geometry() and self._fit_tries > 0:
            QTimer.singleShot(50, self, self._fit_when_framed)

    def done(self, result: int) -> None:
        """Every way out (Close, Esc, the title bar) comes here: ask before abandoning an export,
        then make sure no worker thread outlives the dialog."""
        if self.run.is_running():
            if not msgbox.question(
                self,
                self.tr("Cancel the export?"),
                self.tr(
                    "An export is still running. Cancel it and close?\nNo file will be"
                    " written and an existing file is left as it was."
                ),
            ):
                return
            self.run.cancel_and_wait()
        self._closed = True  # the job's last signals may still arrive: start nothing new
        self._counter.stop()
        super().done(result)
