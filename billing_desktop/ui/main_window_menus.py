"""The main window's menus and actions: File (export, recent and scheduled exports, connection
settings and profiles, quit), View (refresh, language) and Help.

Functions of the window: the actions are kept as its attributes (declared on `MainWindow`)
and trigger its methods. Texts keep the window's translation context ("MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from billing_desktop import APP_NAME
from billing_desktop.ui import i18n
from billing_desktop.ui.shortcut_guard import ShortcutGuard

if TYPE_CHECKING:
    from billing_desktop.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File, View and Help, with their shortcuts; the actions are kept on `window`."""
    _build_file_menu(window)
    _build_view_menu(window)
    _build_help_menu(window)


def _action(
    window: MainWindow, text: str, slot: Callable[[], object], name: str = "", keys: str = ""
) -> QAction:
    """An action of the window that runs `slot`; `name` is its object name for tests and
    assistive tools, `keys` its shortcut."""
    action = QAction(text, window)
    if name:
        action.setObjectName(name)
    if keys:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _build_file_menu(window: MainWindow) -> None:
    file_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
    window.export_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Export…"),
        window.open_export_dialog,
        keys="Ctrl+E",
    )
    window.addAction(window.export_action)  # live even where the menu bar is hidden
    window.shortcut_guard = ShortcutGuard([window.export_action.shortcut()], window)
    bar = window.filter_bar
    zone_text = bar.zone_combo.lineEdit()  # the zone box is editable: it has one
    assert zone_text is not None
    window.shortcut_guard.watch(bar.start_edit, bar.end_edit, bar.zone_combo, zone_text)
    window.connection_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Connection settings…"),
        window.open_connection_dialog,
    )
    # Ctrl+Q given here: the platform theme may have none.
    quit_action = _action(
        window, QCoreApplication.translate("MainWindow", "&Quit"), window.close, keys="Ctrl+Q"
    )
    window.history_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Recent exports…"),
        window.open_history_dialog,
        name="recentExportsAction",
    )
    window.schedules_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Scheduled exports…"),
        window.open_schedules_dialog,
        name="scheduledExportsAction",
    )
    for action in (window.export_action, window.history_action, window.schedules_action,
                   window.connection_action):  # fmt: skip
        file_menu.addAction(action)
    window.profile_menu = file_menu.addMenu(
        QCoreApplication.translate("MainWindow", "Connection &profile")
    )
    window.profile_menu.setObjectName("profileMenu")
    window.profile_menu.aboutToShow.connect(window._fill_profile_menu)
    fill_profile_menu(window)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)


def _build_view_menu(window: MainWindow) -> None:
    view_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
    window.refresh_action = _action(
        window, QCoreApplication.translate("MainWindow", "&Refresh"), window._refresh_now, keys="F5"
    )
    window.language_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Language…"),
        window.choose_language,
        name="languageAction",
    )
    view_menu.addAction(window.refresh_action)
    view_menu.addAction(window.language_action)


def _build_help_menu(window: MainWindow) -> None:
    help_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    window.help_actions = {}
    pages = (
        ("guide", QCoreApplication.translate("MainWindow", "&User guide")),
        ("shortcuts", QCoreApplication.translate("MainWindow", "&Keyboard shortcuts")),
        ("troubleshooting", QCoreApplication.translate("MainWindow", "&Troubleshooting")),
    )
    for page, text in pages:
        action = QAction(text, window)
        action.setObjectName(f"help_{page}Action")
        action.triggered.connect(lambda _checked=False, p=page: window.open_help(p))
        help_menu.addAction(action)
        window.help_actions[page] = action
    window.help_actions["guide"].setShortcut(QKeySequence.StandardKey.HelpContents)
    help_menu.addSeparator()
    about = QAction(
        i18n.arg(QCoreApplication.translate("MainWindow", "&About %1"), APP_NAME), window
    )
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)


def fill_profile_menu(window: MainWindow) -> None:
    """The demo database and every saved profile, the one shown checked."""
    window.profile_menu.clear()
    group = QActionGroup(window.profile_menu)
    window.profile_actions = {}
    choices = [("", QCoreApplication.translate("MainWindow", "Demo database"))]
    choices += [(name, name) for name in sorted(window.settings.profiles, key=str.casefold)]
    for name, text in choices:
        action = QAction(text, window.profile_menu, checkable=True)
        action.setObjectName(f"profileAction:{name}")
        action.setChecked(name == window.profile if name else on_demo(window))
        action.triggered.connect(lambda _checked=False, n=name: window.switch_profile(n))
        group.addAction(action)
        window.profile_menu.addAction(action)
        window.profile_actions[name] = action


def on_demo(window: MainWindow) -> bool:
    return window.db is not None and not window.demo_banner.isHidden()  # shown for the demo only
