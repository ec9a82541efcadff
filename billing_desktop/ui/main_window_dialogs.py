"""What the main window opens: the Export dialog (on the filter in force, or on some of its
rows), the recent and scheduled exports, the connection settings and profiles, the password
question, help, About, the language, and the notices said once at start.

Functions of the window. Texts keep the window's translation context ("MainWindow").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from billing_desktop import APP_NAME, __version__, config, secrets
from billing_desktop.clock import system_clock
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import BillingError
from billing_desktop.scheduling.running import failed_scheduled_runs_since
from billing_desktop.ui import crash, i18n, msgbox
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.ui.help_dialog import HelpDialog
from billing_desktop.ui.history_dialog import HistoryDialog
from billing_desktop.ui.schedules_dialog import SchedulesDialog

if TYPE_CHECKING:
    from billing_desktop.ui.main_window import MainWindow


def export_rows(
    window: MainWindow, *, tenants: list[str] | None = None, models: list[str] | None = None
) -> None:
    """Export these rows…: the Export dialog on the filter in force, narrowed to them."""
    flt = window.current_filter()
    if tenants:
        flt = replace(flt, tenants=tuple(tenants))
    if models:
        flt = replace(flt, models=tuple(models))
    open_export_dialog(window, flt)


def open_export_dialog(window: MainWindow, flt: EventFilter | None = None) -> None:
    zone_error = window.filter_bar.zone_error()
    if zone_error:
        msgbox.warning(window, QCoreApplication.translate("MainWindow", "Export"), zone_error)
        window.filter_bar.zone_combo.setFocus()
        return
    if window.db is None:
        msgbox.warning(
            window,
            QCoreApplication.translate("MainWindow", "Export"),
            QCoreApplication.translate(
                "MainWindow",
                "No database is connected. Choose one under File → Connection settings… first.",
            ),
        )
        return
    flt = flt or window.current_filter()
    data = window.last_dashboard_data
    # Totals to compare the file with, only when they are the figures of this very filter.
    totals = data if data is not None and data.filter == flt else None
    dlg = ExportDialog(
        window.db,
        flt,
        window.settings,
        dashboard_totals=totals,
        clock=window.clock,
        period=window.filter_bar.current_period(),
        tenant_names=window.filter_bar.tenant_filter.names(),
        model_names=window.filter_bar.model_filter.names(),
        parent=window,
    )
    dlg.ask_issuer = True
    dlg.exec()
    dlg.deleteLater()  # its worker threads have ended when exec() returns


def open_history_dialog(window: MainWindow) -> None:
    dlg = HistoryDialog(window.db, clock=window.clock, parent=window)
    dlg.exec()
    dlg.deleteLater()


def open_schedules_dialog(window: MainWindow) -> None:
    dlg = SchedulesDialog(window.schedules, parent=window)
    dlg.exec()
    dlg.deleteLater()


def open_help(window: MainWindow, page: str) -> None:
    dlg = HelpDialog(page, parent=window)
    dlg.exec()
    dlg.deleteLater()


def open_connection_dialog(window: MainWindow) -> None:
    dlg = ConnectionDialog(window.settings, parent=window)
    accepted = dlg.exec()
    url = dlg.database_url()
    profile = dlg.profile_name()
    dlg.deleteLater()
    if accepted:
        window.profile = profile
        window.set_database(url)


def switch_profile(window: MainWindow, name: str) -> None:
    """Show the figures of profile `name` ("": the demo database), and use it from now on."""
    url = None
    if name:
        try:
            connection = config.profile_connection(window.settings, name)
        except BillingError as exc:
            title = QCoreApplication.translate("MainWindow", "Connection profile")
            msgbox.warning(window, title, str(exc))
            return
        url = config.connection_url(connection, secrets.get_password(connection))
        window.settings.connection = dict(window.settings.profiles[name])
        window.settings.profile = name
    else:
        window.settings.connection = {"kind": "embedded"}
    config.save_settings(window.settings)
    window.profile = name
    window.set_database(url)


def ask_password(window: MainWindow, message: str) -> None:
    """The server wants a password and none is saved (no keyring, say): ask for it, and
    connect again with it."""
    assert window.db is not None
    window.refresh_label.setText(QCoreApplication.translate("MainWindow", "Password needed"))
    window.show_error(
        i18n.arg(
            QCoreApplication.translate(
                "MainWindow", "%1 Enter it, or set it under File → Connection settings…."
            ),
            message,
        )
    )
    url = window.db.url
    where = window.db.describe()
    if url.username:
        ask = QCoreApplication.translate("MainWindow", "Password for %1 on %2:")
        ask = i18n.arg(ask, url.username, where)
    else:
        ask = i18n.arg(QCoreApplication.translate("MainWindow", "Password for %1:"), where)
    title = QCoreApplication.translate("MainWindow", "Password needed")
    password = msgbox.password(window, title, ask)
    if password:
        crash.register_secret(password)
        window.set_database(url.with_defaults(password=password).render(hide_password=False))
    else:
        window.dashboardFailed.emit(message)


def say_failed_scheduled_runs(window: MainWindow) -> None:
    """At start: the scheduled runs that failed since the window last started, at once,
    above the figures; and this start remembered for the next one."""
    now = (window.clock or system_clock()).now()
    last = window.settings.last_started
    window.settings.last_started = now.astimezone(UTC).isoformat(timespec="seconds")
    config.save_settings(window.settings)
    if not last:
        return
    try:
        since = datetime.fromisoformat(last)
    except ValueError:
        return
    failures = failed_scheduled_runs_since(since, window.history)
    window.failed_runs_banner.show_failures(failures, since)


def first_start_offer(window: MainWindow) -> None:
    """The first start on the demo database offers, once, to connect one's own."""
    if window.settings.demo_offered or window.demo_banner.isHidden():
        return
    window.settings.demo_offered = True
    config.save_settings(window.settings)
    if msgbox.question(
        window,
        QCoreApplication.translate("MainWindow", "Demo data"),
        QCoreApplication.translate(
            "MainWindow",
            "Billing Desktop shows demo data until it is connected to your billing"
            " database. Connect to your database now?",
        ),
    ):
        window.open_connection_dialog()


def show_about(window: MainWindow) -> None:
    text = QCoreApplication.translate(
        "MainWindow",
        "%1 %2\n\nLLM usage and cost per tenant, model and day, and exports you"
        " can trust to the cent.\n\nSettings: %3\nLogs: %4",
    )
    msgbox.information(
        window,
        i18n.arg(QCoreApplication.translate("MainWindow", "About %1"), APP_NAME),
        i18n.arg(text, APP_NAME, __version__, config.settings_path(), config.log_dir()),
    )


def choose_language(window: MainWindow) -> None:
    """The window's language, kept in the settings; the next start speaks it."""
    codes = ["", *i18n.LANGUAGE_NAMES]
    names = [
        QCoreApplication.translate("MainWindow", "The system's language"),
        *i18n.LANGUAGE_NAMES.values(),
    ]
    current = codes.index(window.settings.language) if window.settings.language in codes else 0
    chosen = msgbox.choose(
        window,
        QCoreApplication.translate("MainWindow", "Language"),
        QCoreApplication.translate(
            "MainWindow", "The window's language. It changes when Billing Desktop next starts."
        ),
        names,
        current,
    )
    if chosen is not None and codes[chosen] != window.settings.language:
        window.settings.language = codes[chosen]
        config.save_settings(window.settings)
