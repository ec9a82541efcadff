"""The cycle collector runs on the GUI thread only (billing_desktop.ui.main_thread_gc)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

pytestmark = pytest.mark.gui


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector can free it


def test_cycles_made_in_a_worker_are_collected_on_the_gui_thread(qtbot):
    assert not gc.isenabled()  # the app's (and this suite's) collector is installed
    collected_in: list[int] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collected_in.append(threading.get_ident())

    probe: list[weakref.ref] = []

    def worker() -> None:
        # Far past every threshold: the automatic collector would run here, in this thread.
        for _ in range(200_000):
            Node()
        node = Node()
        probe.append(weakref.ref(node))

    gc.callbacks.append(on_gc)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert collected_in == [] and probe[0]() is not None
        qtbot.waitUntil(lambda: probe[0]() is None, timeout=5_000)
    finally:
        gc.callbacks.remove(on_gc)
    assert set(collected_in) == {threading.get_ident()}
