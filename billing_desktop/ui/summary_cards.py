"""The row of summary cards: total cost, input tokens, output tokens, events, active tenants."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from billing_desktop.db.dashboard import DashboardData
from billing_desktop.ui import i18n
from billing_desktop.ui.locale_format import count, money

# (key, title, objectName of the value label)
CARDS = (
    ("cost", QT_TRANSLATE_NOOP("SummaryCards", "Total cost"), "totalCostValue"),
    ("input", QT_TRANSLATE_NOOP("SummaryCards", "Input tokens"), "totalInputTokensValue"),
    ("output", QT_TRANSLATE_NOOP("SummaryCards", "Output tokens"), "totalOutputTokensValue"),
    ("events", QT_TRANSLATE_NOOP("SummaryCards", "Events"), "totalEventsValue"),
    ("tenants", QT_TRANSLATE_NOOP("SummaryCards", "Active tenants"), "activeTenantsValue"),
)


class Card(QFrame):
    def __init__(self, title: str, value_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(2)
        self.title = QLabel(title.upper(), self)
        self.title.setObjectName("cardTitle")
        self.value = QLabel("—", self)
        self.value.setObjectName(value_name)
        self.value.setProperty("cardValue", True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Assistive technology reads the figure as the value's name and its title through the
        # "labelled by" relation; a name of its own would hide the figure from a screen reader.
        self.title.setBuddy(self.value)
        self.title.setAccessibleName(title)  # as written, not in the capitals shown
        self.detail = QLabel(" ", self)
        self.detail.setObjectName("cardDetail")
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)


class SummaryCards(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.cards: dict[str, Card] = {}
        for key, title, name in CARDS:
            card = Card(QCoreApplication.translate("SummaryCards", str(title)), name, self)
            self.cards[key] = card
            layout.addWidget(card)

    def value_text(self, key: str) -> str:
        return self.cards[key].value.text()

    def show_data(self, data: DashboardData) -> None:
        days = len(data.daily) or 1
        values = {
            "cost": (
                money(data.cost_cents),
                i18n.arg(self.tr("≈ %1 per day"), money(round(data.cost_cents / days))),
            ),
            "input": (count(data.input_tokens), self.tr("tokens sent to models")),
            "output": (count(data.output_tokens), self.tr("tokens generated")),
            "events": (count(data.events), self.tr("over %Ln day(s)", "", days)),
            "tenants": (
                count(data.active_tenants),
                self.tr("%Ln model(s) used", "", len(data.by_model)),
            ),
        }
        for key, (value, detail) in values.items():
            self.cards[key].value.setText(value)
            self.cards[key].detail.setText(detail)

    def clear(self) -> None:
        for card in self.cards.values():
            card.value.setText("—")
            card.detail.setText(" ")

    def set_loading(self, loading: bool) -> None:
        # Values dim while a newer answer is on its way; re-polish so the style sheet sees it.
        for card in self.cards.values():
            card.value.setProperty("loading", loading)
            card.value.style().unpolish(card.value)
            card.value.style().polish(card.value)
