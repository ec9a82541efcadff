"""Start-up of the desktop app: QApplication, style, icon, crash handler, the main window."""

from __future__ import annotations

import logging
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyleFactory

from billing_desktop import APP_ID, APP_NAME, __version__, config
from billing_desktop.resources import resource_path
from billing_desktop.ui import crash, i18n, msgbox, theme
from billing_desktop.ui.indicator_style import IndicatorOutlines

log = logging.getLogger(__name__)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path(f"icons/billing-desktop-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    if icon.isNull():
        svg = resource_path("billing-desktop.svg")
        if svg.exists():
            icon.addFile(str(svg))
    return icon


def create_application() -> QApplication:
    """The one QApplication of the process (reused when one exists, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)  # Wayland/X11 match the window to the .desktop entry
    if "fusion" in (k.lower() for k in QStyleFactory.keys()):  # noqa: SIM118
        app.setStyle(IndicatorOutlines("Fusion"))
    app.setPalette(theme.palette(theme.current()))  # light or dark, as the system is
    app.setWindowIcon(app_icon())
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app


def run_app(url: str | None, self_test: bool = False) -> int:
    """Open the main window on the chosen database (the command line's, the environment's,
    the saved one, or the embedded demo) and run until it closes."""
    started = time.monotonic()
    app = create_application()
    crash.install()
    settings = config.load_settings()
    locale = i18n.install(settings.language)  # before any window: every text follows it
    log.info("language %s", locale.name())
    if self_test:
        from billing_desktop.ui.selftest import run_self_test

        return int(run_self_test(app))

    from billing_desktop.ui.main_window import MainWindow

    choice = config.choose_database(url, settings)
    log.info("database from %s", choice.source)
    profile = settings.profile if choice.source == "saved settings" else ""
    window = MainWindow(settings, choice.url, profile=profile)
    window.show()
    log.info("window shown after %.2f s", time.monotonic() - started)
    if settings.load_warning:
        msgbox.warning(window, APP_NAME, settings.load_warning)
    window.first_start_offer()
    return int(app.exec())
