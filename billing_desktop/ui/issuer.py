"""The issuer's name on the statements: asked for once, the first time statements are
exported from the window while it is still the default, and kept with the other settings
(Connection settings edit it afterwards)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from billing_desktop import config
from billing_desktop.ui import msgbox


def ask_issuer_once(parent: QWidget, settings: config.Settings) -> None:
    """Ask for the issuer's name unless it is set or was asked for; saved before the export
    starts, since the export reads it from the settings file."""
    if settings.issuer_asked or settings.issuer_name != config.DEFAULT_ISSUER:
        return
    settings.issuer_asked = True
    name = msgbox.text(
        parent,
        QCoreApplication.translate("Issuer", "Your company's name"),
        QCoreApplication.translate(
            "Issuer", "The statements are issued by (your company's name, in their header):"
        ),
        "",
    )
    if name and name.strip():
        settings.issuer_name = name.strip()
    config.save_settings(settings)
