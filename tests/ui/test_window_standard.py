"""The window fits small screens, works from the keyboard and never jumps. Driven
through the real widgets (pytest-qt, offscreen: an 800x800 screen, smaller than any here)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QTableView
from test_export_dialog import export, make_dialog

from billing_desktop.config import Settings
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui.export_dialog import ExportDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

FLT = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "Europe/Berlin")


def test_the_main_window_works_from_1024_wide(qtbot, make_window, small_demo_db):
    window = make_window(None)
    assert window.minimumSizeHint().width() <= 1024 - 16  # room for a frame
    window.resize(1000, 660)
    qtbot.waitUntil(lambda: window.width() == 1000)
    bar = window.filter_bar
    for widget in (bar.refresh_button, window.export_button, window.cards):
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        assert right <= window.width(), widget.objectName()
    # it wrapped: Export… sits below the dates, not beside them
    assert (
        window.export_button.mapTo(window, QPoint(0, 0)).y()
        > bar.start_edit.mapTo(window, QPoint(0, 0)).y()
    )


def test_the_default_window_fits_the_screen_with_its_frame(qtbot, make_window, small_demo_db):
    window = make_window(None)
    window.fit_to_screen()
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry()), (
        window.frameGeometry().getRect(),
        available.getRect(),
    )


def test_ctrl_e_opens_export_from_a_focused_date_field(qtbot, make_window, small_demo_db,
                                                       monkeypatch):  # fmt: skip
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window = make_window(None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    edit = window.filter_bar.start_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    # On X11 a date field also claims Ctrl+E as "end of line", which offscreen does not
    # know: tests/ui/test_real_display.py checks that on Xvfb.


def test_tab_leaves_a_table(qtbot, make_window, small_demo_db):
    window = make_window(None)
    window.activateWindow()
    table: QTableView = window.tenant_table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the arrows still move inside it
    assert table.currentIndex().row() == 1


def test_the_filter_pop_up_from_the_keyboard(qtbot, make_window, small_demo_db):
    window = make_window(None)
    picker = window.filter_bar.tenant_filter
    picker.showMenu = lambda: None  # type: ignore[method-assign]  (no modal menu loop)
    qtbot.keyClicks(picker.search, "acm")
    visible = [picker.list.item(i) for i in range(picker.list.count())]
    visible = [item for item in visible if not item.isHidden()]
    assert [item.text() for item in visible] == ["Acme Corp"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.list.currentItem() is visible[0]
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.selected() == ("Acme Corp",)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.selected() == ()
    qtbot.keyClick(picker.list, Qt.Key.Key_G)  # typing goes on searching
    assert picker.search.text() == "acmg"


def test_a_message_moves_no_button(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    qtbot.waitUntil(lambda: dlg.start_button.isVisible())

    def where() -> tuple[int, int, int, int]:
        top_left = dlg.start_button.mapTo(dlg, QPoint(0, 0))
        return top_left.x(), top_left.y(), dlg.start_button.width(), dlg.height()

    qtbot.wait(50)  # fitted to the screen once shown
    before = where()
    dlg.form.path_edit.setText("relative.csv")  # a message appears
    QApplication.processEvents()
    assert dlg.message_label.text() and where() == before
    dlg.form.path_edit.setText(str(out / "nowhere" / "deep" / "x.csv"))
    QApplication.processEvents()
    assert where() == before
    dlg.form.path_edit.setText(str(out / "fine.csv"))
    QApplication.processEvents()
    assert dlg.message_label.text() == "" and where() == before


def test_after_an_export_the_dialog_and_its_buttons_stay_on_screen(qtbot, seeded, out,
                                                                   no_dialogs):  # fmt: skip
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "fits.csv")
    assert dlg.export_result is not None
    qtbot.waitUntil(lambda: dlg.summary_panel.isVisible())
    available = dlg.screen().availableGeometry()
    assert available.contains(dlg.frameGeometry())
    for button in (dlg.start_button, dlg.close_button):
        corner = button.mapToGlobal(QPoint(button.width(), button.height()))
        assert available.contains(corner), button.objectName()


def _controls(top):
    """The controls a user reaches from the keyboard, as a screen reader lists them."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(top):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QComboBox | QAbstractSpinBox
        ):
            continue  # the inner field of a combo or date box: the box itself is the control
        yield widget


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


@pytest.fixture
def every_window(qtbot, make_window, small_demo_db, seeded, out):
    from billing_desktop.ui.connection_dialog import ConnectionDialog
    from billing_desktop.ui.history_dialog import HistoryDialog

    done = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    export(qtbot, done, out / "done.csv")  # its result panel and buttons shown too
    tops = [
        make_window(None),
        done,
        HistoryDialog(seeded),
        ConnectionDialog(Settings()),
    ]
    for top in tops[2:]:
        qtbot.addWidget(top)
        top.show()
    return tops


def test_every_control_has_an_accessible_name_and_description(every_window):
    from PySide6.QtGui import QAccessible

    missing = []
    for top in every_window:
        for widget in _controls(top):
            face = QAccessible.queryAccessibleInterface(widget)
            name = face.text(QAccessible.Text.Name)
            description = face.text(QAccessible.Text.Description)
            if not name.strip() or not description.strip():
                missing.append((type(top).__name__, widget.objectName(), name, description))
    assert not missing


def test_every_dialog_control_has_its_own_mnemonic(every_window):
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

    from billing_desktop.ui.filter_bar import MultiSelect

    for top in every_window[1:]:  # the dialogs; the main window is checked below
        letters: dict[str, str] = {}
        for widget in top.findChildren(QWidget):
            if not widget.isVisibleTo(top):
                continue
            if isinstance(widget, MultiSelect):
                continue  # its text is its value ("2 tenants"); its label has the mnemonic
            if isinstance(widget, QAbstractButton) and widget.text():
                text = widget.text()
                assert _mnemonic(text), f"{type(top).__name__}: {text!r} has no mnemonic"
            elif isinstance(widget, QLabel) and widget.buddy() is not None:
                text = widget.text()
            elif isinstance(widget, QGroupBox) and "&" in widget.title():
                text = widget.title()
            else:
                continue
            letter = _mnemonic(text)
            if letter is None:
                continue
            assert letter not in letters, f"{type(top).__name__}: {text!r} and {letters[letter]!r}"
            letters[letter] = text


def test_the_main_windows_mnemonics_do_not_clash_with_its_menus(every_window):
    from PySide6.QtWidgets import QLabel

    window = every_window[0]
    menus = {_mnemonic(action.text()) for action in window.menuBar().actions()}
    bar = window.filter_bar
    texts = [bar.refresh_button.text(), window.export_button.text()]
    texts += [label.text() for label in bar.findChildren(QLabel) if label.buddy() is not None]
    letters = [_mnemonic(text) for text in texts]
    assert None not in letters, texts
    assert len(set(letters)) == len(letters) and not set(letters) & menus, (texts, menus)


def test_plurals_agree_with_their_numbers(qtbot, make_window, small_demo_db):
    from conftest import wait_idle

    from billing_desktop.formatting import counted

    assert [counted(n, "row") for n in (0, 1, 2, 1234)] == ["0 rows", "1 row", "2 rows",
                                                            "1,234 rows"]  # fmt: skip
    window = make_window(None)
    picker = window.filter_bar.model_filter
    picker.set_selected([picker.names()[0]])
    wait_idle(qtbot, window)
    assert window.cards.cards["tenants"].detail.text() == "1 model used"
    start = window.filter_bar.start_edit
    window.filter_bar.end_edit.setDate(start.date())
    wait_idle(qtbot, window)
    assert window.cards.cards["events"].detail.text() == "over 1 day"


def test_no_figure_of_an_earlier_export_stays_beside_another_choice(qtbot, seeded, out,
                                                                     no_dialogs):  # fmt: skip
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "first.csv")
    assert "written (total cost" in dlg.count_label.text()
    dlg.form.path_edit.setText(str(out / "second.csv"))  # another file: that figure is not its own
    qtbot.waitUntil(lambda: "will be written" in dlg.count_label.text(), timeout=20_000)
    dlg.form.path_edit.setText(str(out / "first.csv"))
    QApplication.processEvents()
    assert "will be written" in dlg.count_label.text()


def test_open_file_without_a_program_says_so_and_offers_the_path(qtbot, seeded, out,
                                                                 monkeypatch):  # fmt: skip
    from billing_desktop.ui import msgbox

    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "opened.csv")
    asked, copied = [], []
    monkeypatch.setattr(msgbox, "open_path", lambda path: False)  # no handler installed
    monkeypatch.setattr(msgbox, "question", lambda p, title, text: asked.append(text) or True)
    monkeypatch.setattr(msgbox, "copy_to_clipboard", copied.append)
    dlg.summary_panel.open_button.click()
    assert asked and "No program is set up to open opened.csv" in asked[0]
    assert copied == [str(dlg.export_result.path)]


def test_sort_arrows_point_up_for_ascending(qtbot):
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QStyleFactory

    from billing_desktop.ui.sort_arrows import use_platform_sort_arrows

    def header_image(order: Qt.SortOrder, ours: bool):
        model = QStandardItemModel(2, 2)
        model.setHorizontalHeaderLabels(["Name", "Cost"])
        view = QTableView()
        qtbot.addWidget(view)
        view.setStyle(QStyleFactory.create("Fusion"))
        view.setModel(model)
        header = view.horizontalHeader()
        if ours:
            use_platform_sort_arrows(header)
        else:
            header.setStyle(QStyleFactory.create("Fusion"))
        view.resize(300, 120)
        view.setSortingEnabled(True)
        view.sortByColumn(1, order)
        view.show()
        qtbot.waitExposed(view)
        return header.grab().toImage()

    # Ours ascending is what Qt draws for descending (an up arrow), and the other way round.
    up = Qt.SortOrder.AscendingOrder
    down = Qt.SortOrder.DescendingOrder
    assert header_image(up, ours=True) == header_image(down, ours=False)
    assert header_image(down, ours=True) == header_image(up, ours=False)
    assert header_image(up, ours=True) != header_image(down, ours=True)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 30), 2, ["Nov 30, 2026", "Dec 1, 2026"]),
        (date(2026, 12, 1), 1, ["Dec 1, 2026"]),
        (date(2026, 12, 1), 10, ["Dec 1", "Dec 3", "Dec 5", "Dec 7", "Dec 9"]),
        (
            date(2026, 1, 1),
            365,
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        ),
        (
            date(2025, 12, 20),
            20,
            [
                "Dec 20, 2025",
                "Dec 23, 2025",
                "Dec 26, 2025",
                "Dec 29, 2025",
                "Jan 1, 2026",
                "Jan 4, 2026",
                "Jan 7, 2026",
            ],
        ),
    ],
)
def test_the_chart_labels_days_of_the_range_only(start, days, expected):
    from datetime import timedelta

    from billing_desktop.ui.cost_chart import day_labels

    span = [start + timedelta(days=i) for i in range(days)]
    labels = day_labels(span)
    assert [text for _, text in labels] == expected
    assert all(span[0] <= day <= span[-1] for day, _ in labels) and len(labels) <= 12


@pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")  # offscreen
def test_hovering_the_chart_shows_the_days_figures(qtbot, make_window, small_demo_db):
    from conftest import wait_idle

    from billing_desktop.ui import locale_format

    window = make_window(None)
    bar = window.filter_bar
    bar.end_edit.setDate(bar.start_edit.date().addDays(1))  # a two-day range
    wait_idle(qtbot, window)
    chart = window.chart
    axis_labels = chart.x_axis.categoriesLabels()
    assert len(axis_labels) == 2 and all(", " in label for label in axis_labels)
    plot = chart._chart.plotArea()
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    point = chart.mapFromScene(QPointF(plot.left() + 2, plot.center().y()))
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(chart.mapToGlobal(point)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    chart.mouseMoveEvent(move)
    first = chart._days[0]
    assert locale_format.money(first.cost_cents) in chart._chart.title()
    assert locale_format.short_date(first.day) in chart._chart.title() and chart.marker.count() == 1
    chart.show_hover(None)
    assert chart._chart.title().startswith("Daily cost")


def test_tenants_models_and_zone_change_inside_the_export_dialog(qtbot, seeded, out,
                                                                 no_dialogs):  # fmt: skip
    from seed import MODELS, TENANTS, expected_rows

    from billing_desktop.formatting import counted
    from billing_desktop.ui.export_dialog import ExportDialog

    march = EventFilter(date(2026, 3, 1), date(2026, 3, 31), "UTC")
    dlg = ExportDialog(seeded, march, Settings(last_folder=str(out)), tenant_names=TENANTS,
                       model_names=MODELS)  # fmt: skip
    qtbot.addWidget(dlg)
    dlg.show()

    def count_says(rows: list) -> None:
        want = f"{counted(len(rows), 'row')} will be written"
        qtbot.waitUntil(lambda: dlg.count_label.text().startswith(want), timeout=20_000)

    count_says(expected_rows(march.start, march.end))
    assert sorted(dlg.form.tenant_picker.names()) == sorted(TENANTS)
    dlg.form.tenant_picker.set_selected(["Acme Corp"])
    count_says(expected_rows(march.start, march.end, tenants_=("Acme Corp",)))
    dlg.form.zone_combo.setCurrentText("America/New_York")
    rows = expected_rows(march.start, march.end, zone="America/New_York", tenants_=("Acme Corp",))
    count_says(rows)
    dlg.form.zone_combo.setCurrentText("Mars/Olympus")
    assert "Unknown time zone" in dlg.message_label.text() and not dlg.start_button.isEnabled()
    dlg.form.zone_combo.setCurrentText("America/New_York")
    dlg.form.format_radios["json"].setChecked(True)
    export(qtbot, dlg, out / "acme-ny.json")
    assert dlg.export_result is not None and dlg.export_result.params.tenants == ("Acme Corp",)
    assert (
        dlg.export_result.params.timezone == "America/New_York"
        and dlg.export_result.rows == len(rows)
    )


def test_the_help_menu_opens_the_shipped_pages(qtbot, make_window, small_demo_db, monkeypatch):
    from billing_desktop.ui.help_dialog import HelpDialog

    shown: list[HelpDialog] = []
    monkeypatch.setattr(HelpDialog, "exec", lambda self: shown.append(self) or 0)
    window = make_window(None)
    titles = {}
    for page, action in window.help_actions.items():
        action.trigger()
        browser = shown[-1].browser
        text = browser.toPlainText()
        assert len(text) > 500, page  # the page itself, not an empty browser
        titles[page] = browser.documentTitle()
    assert titles == {"guide": "Billing Desktop — User guide",
                      "shortcuts": "Billing Desktop — Keyboard shortcuts",
                      "troubleshooting": "Billing Desktop — Troubleshooting"}  # fmt: skip
    assert "Excel" in shown[-1].browser.toPlainText()
    # the pages link to each other, inside the app
    shown[-1].browser.setSource(shown[-1].browser.source().resolved("shortcuts.html"))
    assert shown[-1].browser.documentTitle().endswith("Keyboard shortcuts")
    assert window.help_actions["guide"].shortcut().toString() == "F1"


def test_the_shortcuts_page_lists_every_shortcut_of_the_window(make_window, small_demo_db):
    from PySide6.QtGui import QAction

    from billing_desktop.resources import resource_path

    page = resource_path("help/shortcuts.html").read_text(encoding="utf-8")
    window = make_window(None)
    keys = {
        a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()
    }
    assert keys >= {"Ctrl+E", "F5", "Ctrl+Q", "F1"}
    for key in keys:
        assert f"<b>{key}</b>" in page, key


@pytest.mark.parametrize("name", ["light", "dark"])
def test_text_colours_meet_wcag_aa_in_both_schemes(name):
    from billing_desktop.ui import theme

    t = theme.LIGHT if name == "light" else theme.DARK
    low = {pair: round(theme.contrast(fg, bg), 2) for pair, (fg, bg) in t.contrast_pairs().items()
           if theme.contrast(fg, bg) < 4.5}  # fmt: skip
    assert not low


def test_the_dark_scheme_darkens_the_window_and_the_chart(qtbot, make_window, small_demo_db,
                                                          monkeypatch):  # fmt: skip
    from PySide6.QtGui import QGuiApplication, QPalette

    from billing_desktop.ui import theme

    window = make_window(None)
    assert window.theme is theme.LIGHT  # offscreen reports no scheme: light
    # The system switches to dark: offscreen cannot be switched (setColorScheme is the
    # platform's to honour), so the scheme is what theme.current() reads and the system's
    # own signal is sent.
    monkeypatch.setattr(theme, "current", lambda: theme.DARK)
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    try:
        assert window.theme is theme.DARK
        app_palette = QApplication.instance().palette()
        assert app_palette.color(QPalette.ColorRole.Window).name() == theme.DARK.window
        assert app_palette.color(QPalette.ColorRole.Base).name() == theme.DARK.base
        assert (
            theme.DARK.base in window.styleSheet() and theme.LIGHT.base not in window.styleSheet()
        )
        assert window.chart._chart.backgroundBrush().color().name() == theme.DARK.base
        assert window.chart.x_axis.labelsColor().name() == theme.DARK.muted
    finally:
        monkeypatch.setattr(theme, "current", lambda: theme.LIGHT)
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.chart._chart.backgroundBrush().color().name() == theme.LIGHT.base


def test_the_theme_follows_the_scheme_qt_reports(monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from billing_desktop.ui import theme

    class Hints:
        def __init__(self, scheme):
            self.scheme = scheme

        def colorScheme(self):
            return self.scheme

    for scheme, expected in ((Qt.ColorScheme.Dark, theme.DARK), (Qt.ColorScheme.Light, theme.LIGHT),
                             (Qt.ColorScheme.Unknown, theme.LIGHT)):  # fmt: skip
        monkeypatch.setattr(QGuiApplication, "styleHints", staticmethod(lambda s=scheme: Hints(s)))
        assert theme.current() is expected


def test_tab_goes_down_the_export_dialog_as_it_reads(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    qtbot.wait(50)
    order = []
    widget = dlg.form.preset_bar.combo
    for _ in range(60):
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is dlg.form.preset_bar.combo:
            break
    tops = [w.mapTo(dlg, QPoint(0, 0)).y() for w in order]
    rows = [top // 12 for top in tops]  # the same line within a few pixels
    named = " ".join(
        f"{w.objectName() or type(w).__name__}@{t}" for w, t in zip(order, tops, strict=True)
    )
    assert rows == sorted(rows), named
    assert order[-3:] == [dlg.copy_command_button, dlg.start_button, dlg.close_button]


def test_enter_exports_and_escape_asks_while_an_export_runs(qtbot, tmp_path, out, monkeypatch):
    import bulk

    from billing_desktop.db.connection import Database
    from billing_desktop.ui import msgbox

    db = Database(f"sqlite:///{tmp_path / 'big.sqlite3'}", create=True)
    bulk.fill(db, 300_000)
    dlg = make_dialog(qtbot, db, FLT, Settings(last_folder=str(out)))
    dlg.form.path_edit.setText(str(out / "enter.csv"))
    dlg.form.path_edit.setFocus()
    qtbot.keyClick(dlg.form.path_edit, Qt.Key.Key_Return)
    assert dlg.job is not None and dlg.job.is_running()
    # the progress and its Cancel are in sight, not scrolled away below the options
    panel = dlg.progress_panel
    qtbot.waitUntil(panel.isVisible)
    assert panel.visibleRegion().boundingRect().size() == panel.size()
    assert dlg.rect().contains(panel.geometry())
    asked = []
    monkeypatch.setattr(msgbox, "question", lambda p, title, text: asked.append(title) or False)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert asked == ["Cancel the export?"] and dlg.isVisible()  # "No": it goes on
    dlg.cancel_export()
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=30_000)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible() and asked == ["Cancel the export?"]  # nothing to ask now
    db.dispose()


def test_typing_in_the_connection_dialog_moves_nothing(qtbot, no_dialogs):
    from billing_desktop.ui.connection_dialog import ConnectionDialog

    dlg = ConnectionDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.postgres_radio.setChecked(True)
    qtbot.wait(20)
    watched = (dlg.user_edit, dlg.password_edit, dlg.ok_button, dlg.test_button)

    def where():
        return [w.mapTo(dlg, QPoint(0, 0)).toTuple() for w in watched] + [dlg.size().toTuple()]

    before = where()
    for text in ("b", "", "billing"):  # a problem appears ("no database") and goes
        dlg.database_edit.setText(text)
        QApplication.processEvents()
        assert where() == before, text
    assert dlg.password_edit.echoMode() == dlg.password_edit.EchoMode.Password
    dlg.show_password.setChecked(True)
    assert dlg.password_edit.echoMode() == dlg.password_edit.EchoMode.Normal
    assert "e.g." in dlg.host_edit.placeholderText()  # a hint, never a value-like word


def test_a_cancelled_export_shows_no_figure_of_the_one_before(qtbot, tmp_path, out, monkeypatch):
    import bulk

    from billing_desktop.db.connection import Database
    from billing_desktop.ui import msgbox

    db = Database(f"sqlite:///{tmp_path / 'big.sqlite3'}", create=True)
    bulk.fill(db, 400_000)
    monkeypatch.setattr(msgbox, "question", lambda *a: True)  # replace the first file: yes
    dlg = make_dialog(qtbot, db, FLT, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "big.csv")
    assert "written (total cost" in dlg.count_label.text()
    dlg.start_button.click()
    qtbot.waitUntil(lambda: dlg.progress_panel.bar.value() > 0, timeout=30_000)
    dlg.cancel_export()
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=30_000)
    assert dlg.message_label.text() == "Export cancelled; no file was written."
    assert "rows written" not in dlg.count_label.text() and not dlg.summary_panel.isVisible()
    db.dispose()
