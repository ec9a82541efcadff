"""The dashboard as a spreadsheet and as an honest demo: rows copied with Ctrl+C as
tab-separated numbers, totals under each table equal to the cards and never sorted away, the
context menu's Export these rows…, and the demo database said above the figures, with its
first-start offer made once."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from seed import chosen_events
from test_main_window import show_filter

from billing_desktop import config
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import msgbox
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

YEAR = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "UTC")


def expected_by_tenant() -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for e in chosen_events(YEAR.start, YEAR.end, YEAR.timezone, (), ()):
        row = rows.setdefault(e.tenant, [0, 0, 0, 0])
        for i, value in enumerate((1, e.input_tokens, e.output_tokens, e.cost_cents)):
            row[i] += value
    return rows


def select_rows(view, rows: list[int]) -> None:
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(view.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip


def test_ctrl_c_copies_the_selected_rows_as_numbers_a_spreadsheet_reads(
    qtbot, make_window, seeded_sqlite
):
    window = make_window(seeded_sqlite)
    show_filter(qtbot, window, YEAR)
    view = window.tenant_table
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    select_rows(view, [0, 2])
    view.setFocus()
    QApplication.clipboard().clear()
    qtbot.keySequence(view, QKeySequence.StandardKey.Copy)
    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t") == ["Tenant", "Events", "Tokens in", "Tokens out",
                                    "Cost (USD)", "Share"]  # fmt: skip
    assert lines[-1] == "" and len(lines) == 4
    expected = expected_by_tenant()
    total = sum(v[3] for v in expected.values())
    ranked = sorted(expected, key=lambda n: -expected[n][3])
    for line, name in zip(lines[1:3], (ranked[0], ranked[2]), strict=True):
        cells = line.split("\t")
        events, tokens_in, tokens_out, cents = expected[name]
        assert cells[0] == " ".join(name.replace("\t", " ").splitlines())
        assert cells[1:4] == [str(events), str(tokens_in), str(tokens_out)]  # no separators
        assert round(float(cells[4]) * 100) == cents and "," not in cells[4]
        assert cells[4] == f"{cents // 100}.{cents % 100:02d}"
        assert cells[5] == f"{cents / total:.1%}"


def test_the_totals_rows_equal_the_cards_and_stay_at_the_foot_when_sorted(
    qtbot, make_window, seeded_sqlite
):
    window = make_window(seeded_sqlite)
    show_filter(qtbot, window, YEAR)
    cards = window.cards
    for totals in (window.findChild(QWidget, "tenantTableTotals"),
                   window.findChild(QWidget, "modelTableTotals")):  # fmt: skip
        assert totals.texts()[0] == "Total"
        exact = totals.texts(Qt.ItemDataRole.ToolTipRole)  # the row itself is compact
        assert exact[1] == cards.value_text("events")
        assert exact[2] == cards.value_text("input")
        assert exact[3] == cards.value_text("output")
        assert exact[4] == cards.value_text("cost")
    view = window.tenant_table
    for column, order in ((4, Qt.SortOrder.AscendingOrder), (0, Qt.SortOrder.DescendingOrder)):
        view.sortByColumn(column, order)
        shown = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
        assert "Total" not in shown  # the totals are no row the sort can move
        assert window.tenant_totals.texts(Qt.ItemDataRole.ToolTipRole)[4] == cards.value_text(
            "cost"
        )
    assert window.tenant_totals.columnWidth(0) == view.columnWidth(0)


def test_export_these_rows_opens_the_export_dialog_on_those_tenants(
    qtbot, make_window, seeded_sqlite, monkeypatch
):
    window = make_window(seeded_sqlite)
    show_filter(qtbot, window, YEAR)
    opened: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(ExportDialog, "deleteLater", lambda self: None)
    view = window.model_table
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    select_rows(view, [0, 1])
    names = [view.model().index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in (0, 1)]
    menu = window.model_sheet.menu()
    assert [a.text() for a in menu.actions()] == ["&Copy", "&Export these rows…"]
    menu.actions()[1].trigger()
    [dialog] = opened
    assert set(dialog.form.options()["models"]) == set(names)
    assert not dialog.form.options().get("tenants")


def test_the_demo_is_said_above_the_figures_and_offered_once(
    qtbot, make_window, small_demo_db, seeded_sqlite, monkeypatch
):
    window = make_window(None)
    banner = window.findChild(QWidget, "demoBanner")
    assert banner.isVisible() and "demo data" in window.demo_banner.text.text()
    layout = window.centralWidget().layout()
    assert layout.indexOf(banner) < layout.indexOf(window.cards)
    opened: list[str] = []
    monkeypatch.setattr(ConnectionDialog, "exec", lambda self: opened.append("dialog") or 0)
    qtbot.mouseClick(window.findChild(QWidget, "connectDatabaseButton"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert opened == ["dialog"]

    asked: list[str] = []
    monkeypatch.setattr(msgbox, "question", lambda _p, title, text: asked.append(text) or True)
    window.first_start_offer()
    assert len(asked) == 1 and opened == ["dialog", "dialog"]
    assert config.load_settings().demo_offered is True
    window.first_start_offer()  # the same window, or the next start: never again
    again = MainWindow(config.load_settings(), None)  # the next start
    qtbot.addWidget(again)
    again.first_start_offer()
    again.shutdown()
    assert len(asked) == 1

    window.set_database(seeded_sqlite)
    assert banner.isHidden()
