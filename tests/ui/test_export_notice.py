"""The progress panel says so when the engine starts an export again (a hot standby's conflict
with recovery), and keeps saying it once rows flow again."""

from __future__ import annotations

from billing_desktop.ui.export_progress import ExportProgressPanel

RESTART = (
    "The standby cancelled the export to apply changes from the primary; starting again"
    " (attempt 2 of 4)."
)


def test_a_restart_is_said_and_stays_in_sight(qtbot):
    panel = ExportProgressPanel()
    qtbot.addWidget(panel)
    panel.start()
    panel.update_progress(0, None)
    panel.update_progress(0, 1000)
    panel.update_progress(400, 1000)
    assert panel.bar.value() == 400
    panel.show_notice(RESTART)
    assert panel.detail.text() == RESTART
    assert panel.bar.maximum() == 0  # busy again: the rows start over
    panel.update_progress(0, None)  # the engine reconnected: the notice is not overwritten
    assert panel.detail.text() == RESTART
    panel.update_progress(100, 1000)
    assert panel.bar.value() == 100
    assert "started again" in panel.detail.text()
    assert panel.detail.toolTip() == RESTART
    panel.start()  # the next export starts clean
    assert "started again" not in panel.detail.text() and panel.detail.toolTip() == ""
