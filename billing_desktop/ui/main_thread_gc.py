"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate past its threshold. When that is a
worker thread (an export, a row count, a dashboard refresh), it can free Qt objects of the GUI
thread that sit in reference cycles (a closed dialog and its slots) from the wrong thread, and
the process crashes. This was seen here: segmentation faults "Garbage-collecting" inside an
export worker, about one GUI test run in four. Automatic collection is therefore switched off
while the window runs, and a timer on the GUI thread collects instead, generation by
generation, with the collector's own thresholds. Reference counting, which frees almost
everything, is unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 250


class MainThreadGarbageCollector(QObject):
    """Collects cycles on the thread that created it (the GUI thread), for the app's lifetime."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count is past its threshold, as the automatic
        collector would (a young collection costs microseconds; a full one is rare)."""
        counts = gc.get_count()
        due = [g for g in range(3) if self._thresholds[g] and counts[g] > self._thresholds[g]]
        if not due:
            return 0
        return gc.collect(max(due))


def install(app: QObject) -> MainThreadGarbageCollector:
    """Once per application; the collector is a child of `app` and lives as long."""
    existing = app.findChild(MainThreadGarbageCollector)
    return existing if existing is not None else MainThreadGarbageCollector(app)
