"""Help → User guide, Keyboard shortcuts, Troubleshooting: pages shipped with the app
(billing_desktop/assets/help) and shown in the app, so they need no browser and no network."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from billing_desktop import APP_NAME
from billing_desktop.resources import resource_path
from billing_desktop.ui.i18n import help_file

PAGES = {
    "guide": "user-guide.html",
    "shortcuts": "shortcuts.html",
    "troubleshooting": "troubleshooting.html",
}


class HelpDialog(QDialog):
    def __init__(self, page: str = "guide", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.browser = QTextBrowser(objectName="helpBrowser")
        self.browser.setAccessibleName(self.tr("Help"))
        self.browser.setSearchPaths([str(resource_path("help"))])
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._outside_link)
        self.browser.sourceChanged.connect(self._show_title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("&Close"))
        close.setToolTip(self.tr("Close the help (Esc)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.show_page(page)

    def _show_title(self) -> None:
        # The system adds the application's name to every title; a page's own is dropped.
        title = self.browser.documentTitle().removeprefix(f"{APP_NAME} — ")
        self.setWindowTitle(title or self.tr("Help"))

    def show_page(self, page: str) -> None:
        self.browser.setSource(QUrl(help_file(PAGES[page])))

    def _outside_link(self, url: QUrl) -> None:
        # Pages of the guide open here; a web address goes to the browser.
        if url.scheme() in ("http", "https", "mailto"):
            self.browser.setSource(self.browser.source())  # stay on this page
            QDesktopServices.openUrl(url)
