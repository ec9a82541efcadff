"""Light and dark colours, following the system's colour scheme (Qt 6.5+ `colorScheme()`).

Every colour the app draws itself (the stylesheet of the main window, the chart, messages) comes
from one `Theme`, and a Fusion palette is built from it, so a dark system gets a dark window
everywhere, the chart included. Text colours are chosen for WCAG AA contrast (4.5:1) on their
background in both schemes; tests/ui/test_window_standard.py computes every pair.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Theme:
    name: str
    window: str  # the window's background
    base: str  # cards, tables, fields
    text: str
    muted: str  # hints, card details, disabled-looking but readable text
    border: str
    grid: str
    header_bg: str
    header_text: str
    value: str  # the cards' big figures
    loading: str  # a figure being replaced (not read: it is greyed on purpose)
    accent: str
    error: str
    error_bg: str
    error_border: str
    ok: str
    warning: str
    highlight: str
    highlight_text: str
    # The outline of check boxes and radio buttons: Fusion's own is a shade of the window's
    # colour, which in the dark scheme all but vanishes. 3:1 against window and fields.
    indicator: str = "#7a8394"

    def contrast_pairs(self) -> dict[str, tuple[str, str]]:
        """Text on its background, for the contrast check."""
        return {
            "text on base": (self.text, self.base),
            "text on window": (self.text, self.window),
            "hint on base": (self.muted, self.base),
            "hint on window": (self.muted, self.window),
            "header": (self.header_text, self.header_bg),
            "card value": (self.value, self.base),
            "error on window": (self.error, self.window),
            "error in banner": (self.error, self.error_bg),
            "success on window": (self.ok, self.window),
            "warning on window": (self.warning, self.window),
            "selection": (self.highlight_text, self.highlight),
        }


LIGHT = Theme(
    name="light", window="#eef1f5", base="#ffffff", text="#1c2433", muted="#5b6577",
    border="#d5dae3", grid="#e3e7ee", header_bg="#f4f6f9", header_text="#3b4557",
    value="#1c2433", loading="#9aa3b2", accent="#2f6fd6", error="#b00020", error_bg="#fdecea",
    error_border="#f1b0aa", ok="#1b6e35", warning="#855400", highlight="#2f6fd6",
    highlight_text="#ffffff",
)  # fmt: skip
DARK = Theme(
    name="dark", window="#1e2127", base="#272b33", text="#e6e9ef", muted="#a9b1be",
    border="#3b414d", grid="#343a45", header_bg="#2f343e", header_text="#d5dae3",
    value="#f1f3f7", loading="#6d7584", accent="#6ea1f2", error="#ff8a80", error_bg="#3a2326",
    error_border="#6b3a3f", ok="#7bd88f", warning="#f0c36b", highlight="#3d6fc4",
    highlight_text="#ffffff", indicator="#8b94a3",
)  # fmt: skip


ENV_SCHEME = "BILLING_DESKTOP_COLOR_SCHEME"  # "dark" or "light": where the desktop tells Qt nothing


def current() -> Theme:
    """The theme of the system's colour scheme now (light when it says nothing), unless
    BILLING_DESKTOP_COLOR_SCHEME chooses one (a desktop without a colour-scheme portal)."""
    chosen = os.environ.get(ENV_SCHEME, "").strip().lower()
    if chosen in ("dark", "light"):
        return DARK if chosen == "dark" else LIGHT
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    c = QColor
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, theme.window), (roles.WindowText, theme.text), (roles.Base, theme.base),
        (roles.AlternateBase, theme.header_bg), (roles.Text, theme.text),
        (roles.Button, theme.base), (roles.ButtonText, theme.text),
        (roles.ToolTipBase, theme.base), (roles.ToolTipText, theme.text),
        (roles.PlaceholderText, theme.muted), (roles.Highlight, theme.highlight),
        (roles.HighlightedText, theme.highlight_text), (roles.Link, theme.accent),
        (roles.Mid, theme.muted), (roles.Dark, theme.border), (roles.Light, theme.base),
    ):  # fmt: skip
        p.setColor(role, c(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, c(theme.loading))
    return p


def error_style() -> str:
    return f"color: {current().error};"


def ok_style() -> str:
    return f"color: {current().ok};"


def warning_style() -> str:
    return f"color: {current().warning};"


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
