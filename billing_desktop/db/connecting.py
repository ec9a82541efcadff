"""Connecting that a cancel can interrupt.

libpq waits up to connect_timeout for each host of a URL, and a server that accepts TCP but
never answers makes it wait that long every time. Cancel and closing a window must not wait
with it: the connection is made on a helper thread that nobody waits for, and the caller
watches its cancel event meanwhile. A connection that arrives after the caller gave up is
closed by the helper.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from billing_desktop import side_thread
from billing_desktop.errors import ExportCancelled

POLL_S = 0.1


class _Attempt:
    """One connection attempt's outcome, handed over under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.abandoned = False
        self.conn: Any = None
        self.error: BaseException | None = None

    def run(self, connect: Callable[[], Any]) -> None:
        conn, error = None, None
        try:
            conn = connect()
        except BaseException as exc:  # handed to the caller's thread, which raises it
            error = exc
        with self.lock:
            if not self.abandoned:
                self.conn, self.error = conn, error
                self.done.set()
                return
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def give_up(self) -> bool:
        """True if the caller may leave: no outcome was handed over yet."""
        with self.lock:
            if self.done.is_set():
                return False
            self.abandoned = True
            return True


def connect_unless_cancelled(connect: Callable[[], Any], cancel: threading.Event) -> Any:
    """`connect()`'s connection or error; ExportCancelled within POLL_S of `cancel` being set."""
    attempt = _Attempt()
    side_thread.start(attempt.run, connect)
    while not attempt.done.wait(POLL_S):
        if cancel.is_set() and attempt.give_up():
            raise ExportCancelled()
    if attempt.error is not None:
        raise attempt.error
    return attempt.conn
