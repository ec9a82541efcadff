"""The window's look and keyboard, with real widgets (offscreen) on real databases: what a
switch to a dead server leaves on screen, mnemonics, table columns, the Export dialog's size,
dark-mode indicators, window titles and the first geometry."""

from __future__ import annotations

import socket

import pytest
from conftest import LOAD_TIMEOUT_MS
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

pytestmark = pytest.mark.gui


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def shows_nothing(window) -> bool:
    cards = [window.cards.value_text(key) for key in window.cards.cards]
    return (
        cards == ["—"] * len(cards)
        and window.tenant_model.rowCount() == 0
        and window.model_model.rowCount() == 0
        and window.chart.line.count() == 0
        and window.last_dashboard_data is None
    )


def no_graphics_effects(window) -> bool:
    return all(w.graphicsEffect() is None for w in window.findChildren(QWidget))


# -- 1. a switch to a server that fails ----------------------------------------------------------


def test_a_closed_port_leaves_nothing_of_the_old_database(small_demo_db, make_window, qtbot):
    window = make_window(None)
    assert window.cards.value_text("cost") != "—"
    url = f"postgresql://billing:secret@127.0.0.1:{free_port()}/billing"
    with qtbot.waitSignal(window.dashboardFailed, timeout=LOAD_TIMEOUT_MS):
        window.set_database(url)
    assert "127.0.0.1" in window.db_label.text()
    assert window.error_text() != ""
    assert shows_nothing(window)
    assert "this database" in window.chart._chart.title()
    # One area and one marker series, one axis per side: nothing drawn twice.
    assert len(window.chart._chart.series()) == 2
    assert len(window.chart._chart.axes()) == 2
    # An opacity effect over the chart left stale copies of it and of the table titles on
    # screen when the error banner moved the layout.
    assert no_graphics_effects(window)


def test_a_server_that_never_answers_shows_nothing_of_the_old_one(
    small_demo_db, make_window, qtbot
):
    window = make_window(None)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts; nobody ever answers
        port = silent.getsockname()[1]
        window.set_database(
            f"postgresql://billing:secret@127.0.0.1:{port}/billing?connect_timeout=2"
        )
        assert window.is_loading()
        assert shows_nothing(window)
        assert no_graphics_effects(window)
        window.shutdown()


# -- 3. names get the room -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_model_and_tenant_names_fit_their_column(small_demo_db, make_window, qtbot, size):
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QHeaderView

    window = make_window(None)
    window.resize(*size)
    qtbot.wait(50)
    for view, model in ((window.model_table, window.model_model),
                        (window.tenant_table, window.tenant_model)):  # fmt: skip
        names = [row.name for row in model.rows()]
        assert names, "the demo database has names to show"
        metrics = QFontMetrics(view.font())
        longest = max(metrics.horizontalAdvance(name) for name in names)
        header = view.horizontalHeader()
        qtbot.waitUntil(lambda h=header, w=longest: h.sectionSize(0) >= w + 6, timeout=2_000)
        for col in range(1, header.count()):  # numbers are as wide as they need, no wider
            assert header.sectionResizeMode(col) == QHeaderView.ResizeMode.ResizeToContents
        first = view.model().index(0, 0)
        assert first.data(Qt.ItemDataRole.ToolTipRole) == first.data()
    assert "claude-sonnet-4-20250514" in [row.name for row in window.model_model.rows()]


# -- 7. the window fits its screen, frame included --------------------------------------------


def test_the_frame_of_a_1280x720_window_manager_fits_the_screen():
    from PySide6.QtCore import QMargins, QSize

    from billing_desktop.ui.window_geometry import fitted_geometry

    available = QRect(0, 0, 1280, 720)
    openbox = QMargins(1, 22, 1, 5)  # as measured under Xvfb with openbox
    first = QRect(9, 42, 1264, 680)  # where the first guess ended, frame 7 px below the screen
    fitted = fitted_geometry(first, openbox, available, QSize(400, 300))
    framed = fitted.marginsAdded(openbox)
    assert available.contains(framed), framed
    assert fitted.size() == first.size()  # it fits once moved: no smaller than it must be


def test_a_saved_geometry_bigger_than_the_screen_is_clamped(small_demo_db, qtbot, monkeypatch):
    from billing_desktop import config
    from billing_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(config, "save_settings", lambda settings: None)
    big = MainWindow(config.Settings(), None)
    qtbot.addWidget(big)
    available = big.screen().availableGeometry()
    big.setGeometry(QRect(available.topLeft() + QPoint(-300, 400), available.size() * 2))
    saved = bytes(big.saveGeometry().toBase64().data()).decode()
    big.shutdown()
    window = MainWindow(config.Settings(window={"geometry": saved}), None)
    qtbot.addWidget(window)
    assert available.contains(window.geometry()), (window.geometry(), available)
    window.show()
    qtbot.waitUntil(lambda: available.contains(window.frameGeometry()), timeout=2_000)
    window.shutdown()


# -- 2 and 4. the Export dialog --------------------------------------------------------------------


@pytest.fixture
def export_dialog(qtbot, seeded_sqlite, tmp_path):
    from datetime import date

    from billing_desktop.config import Settings
    from billing_desktop.db.connection import Database
    from billing_desktop.db.sql import EventFilter
    from billing_desktop.ui.export_dialog import ExportDialog

    db = Database(seeded_sqlite)
    flt = EventFilter(date(2026, 1, 1), date(2026, 12, 31))
    dlg = ExportDialog(db, flt, Settings(last_folder=str(tmp_path)))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=2_000)
    yield dlg
    dlg.done(0)
    db.dispose()


def mnemonic(text: str) -> str:
    return text[text.index("&") + 1].upper()


def field_mnemonics(dlg) -> dict[str, QWidget]:
    """Each Alt+letter of a label or a titled group, and the field it names."""
    from PySide6.QtWidgets import QLabel

    from billing_desktop.ui.form_widgets import BuddyGroupBox

    found: dict[str, QWidget] = {}
    for label in dlg.findChildren(QLabel):
        if label.buddy() is not None and "&" in label.text():
            found[mnemonic(label.text())] = label.buddy()
    found[mnemonic(dlg.form.path_edit.parentWidget().title())] = dlg.form.path_edit
    assert isinstance(dlg.form.path_edit.parentWidget(), BuddyGroupBox)
    return found


def press_alt(qtbot, dlg, letter: str) -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or dlg
    qtbot.keyClick(target, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
    return QApplication.focusWidget()


def has_focus_in(widget: QWidget, focus: QWidget | None) -> bool:
    """The focus is on `widget`, or in it (an editable combo's line, a picker's search field)."""
    while focus is not None and focus is not widget:
        focus = focus.parentWidget()
    return focus is widget


@pytest.mark.parametrize("split", [False, True])
def test_every_mnemonic_goes_to_the_field_its_label_names(qtbot, qtlog, export_dialog, split):
    # The offscreen plugin cannot raise or grab for a picker's pop-up list, and says so.
    with qtlog.disabled():
        check_mnemonics(qtbot, export_dialog, split)


def check_mnemonics(qtbot, export_dialog, split: bool) -> None:
    from PySide6.QtWidgets import QApplication

    dlg = export_dialog
    if split:
        assert has_focus_in(dlg.form.split_check, press_alt(qtbot, dlg, "W"))
        qtbot.waitUntil(dlg.form.split_check.isChecked, timeout=2_000)  # an animated click
    fields = field_mnemonics(dlg)
    assert fields["V"] is dlg.form.path_edit
    for letter, field in fields.items():
        focus = press_alt(qtbot, dlg, letter)
        assert has_focus_in(field, focus), (letter, field.objectName(), focus)
        if focus is not None and focus.window() is not dlg:  # a picker opened its list
            qtbot.keyClick(focus, Qt.Key.Key_Escape)
            qtbot.waitUntil(lambda: QApplication.focusWidget().window() is dlg, timeout=2_000)
    # The path typed after Alt+V is where the export goes.
    press_alt(qtbot, dlg, "V")
    dlg.form.path_edit.selectAll()
    qtbot.keyClicks(dlg.form.path_edit, "typed-here")
    assert dlg.form.path_edit.text() == "typed-here"
    assert dlg.form.split_check.isChecked() is split


def test_checkboxes_and_radios_take_the_focus_of_their_mnemonic(qtbot, export_dialog):
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    dlg = export_dialog
    for button in [*dlg.findChildren(QCheckBox), *dlg.findChildren(QRadioButton)]:
        if "&" not in button.text() or not button.isVisible():
            continue
        focus = press_alt(qtbot, dlg, mnemonic(button.text()))
        assert focus is button, (button.text(), focus)
        qtbot.wait(150)  # the animated click ends before the next key


def test_the_dialog_fits_its_content_and_keeps_its_size_after_an_export(
    qtbot, export_dialog, tmp_path
):
    dlg = export_dialog
    bar = dlg.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: dlg.height() >= dlg.sizeHint().height() or bar.maximum() == 0)
    room = dlg.screen().availableGeometry().height()
    if dlg.frameGeometry().height() < room:
        assert bar.maximum() == 0, "no scroll bar while the screen has room"
    size = dlg.size()
    dlg.form.path_edit.setText(str(tmp_path / "out.csv"))
    qtbot.waitUntil(lambda: not dlg._counter.is_pending(), timeout=LOAD_TIMEOUT_MS)
    dlg.start_button.click()
    qtbot.waitUntil(lambda: dlg.summary_panel.isVisible(), timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(100)
    assert dlg.size() == size
    dlg.form.bom_check.toggle()  # any option: the result was about the choices before
    assert dlg.summary_panel.isHidden()


# -- 5. dark-mode check boxes and radio buttons -------------------------------------------------


@pytest.mark.parametrize("name", ["light", "dark"])
def test_check_and_radio_indicators_stand_out(qtbot, monkeypatch, name):
    from PySide6.QtWidgets import QApplication, QCheckBox

    from billing_desktop.ui import theme
    from billing_desktop.ui.app import create_application

    monkeypatch.setenv(theme.ENV_SCHEME, name)
    chosen = theme.current()
    for background in (chosen.window, chosen.base):
        assert theme.contrast(chosen.indicator, background) >= 3
    create_application()
    QApplication.instance().setPalette(theme.palette(chosen))
    box = QCheckBox("Shown")
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    image = box.grab().toImage()
    wanted = qcolor(chosen.indicator)
    found = any(
        abs(image.pixelColor(x, y).red() - wanted.red()) < 12
        and abs(image.pixelColor(x, y).blue() - wanted.blue()) < 12
        for x in range(image.width() // 2)
        for y in range(image.height())
    )
    assert found, "the indicator is outlined in the theme's indicator colour"


def qcolor(value: str):
    from PySide6.QtGui import QColor

    return QColor(value)


# -- 6. titles -----------------------------------------------------------------------------------


def shown_title(title: str, app_name: str) -> str:
    """The title as the title bar shows it: the system adds the app's name unless it ends so."""
    return title if title.endswith(app_name) else f"{title} — {app_name}"


def test_no_title_says_the_app_name_twice(qtbot):
    from billing_desktop import APP_NAME
    from billing_desktop.ui.crash import CrashDialog
    from billing_desktop.ui.help_dialog import PAGES, HelpDialog

    titles = []
    for page in PAGES:
        dialog = HelpDialog(page)
        qtbot.addWidget(dialog)
        titles.append(dialog.windowTitle())
    crash = CrashDialog("details")
    qtbot.addWidget(crash)
    titles.append(crash.windowTitle())
    for title in titles:
        assert shown_title(title, APP_NAME).count(APP_NAME) == 1, title


def test_the_save_preset_box_shows_its_title_label_and_text_whole(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from billing_desktop import APP_NAME
    from billing_desktop.ui import msgbox

    seen = {}

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QInputDialog) and w.isVisible())  # fmt: skip
        metrics = dialog.fontMetrics()
        seen["title"] = dialog.width() > metrics.horizontalAdvance(
            shown_title(dialog.windowTitle(), APP_NAME)
        )
        seen["text"] = dialog.width() > metrics.horizontalAdvance(dialog.textValue())
        dialog.reject()

    QApplication.setApplicationDisplayName(APP_NAME)
    QTimer.singleShot(100, look)
    answer = msgbox.text(None, "Save preset", "Save these export options as:", "Monthly")
    assert answer is None
    assert seen == {"title": True, "text": True}
