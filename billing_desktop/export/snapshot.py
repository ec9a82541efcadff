"""One consistent, read-only view of the billing data per export, and its interruption.

Each backend opens its own kind (export/backends): PostgreSQL a `REPEATABLE READ, READ ONLY`
transaction, SQLite one read transaction on a `query_only` connection. Both can be interrupted
from another thread: that is how Cancel and Ctrl-C stop a long query at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from billing_desktop import side_thread
from billing_desktop.db.connection import Database
from billing_desktop.export.backends import Snapshot, backend_for

__all__ = ["Snapshot", "interrupt_on", "open_snapshot"]


def open_snapshot(
    db: Database, batch_rows: int = 20_000, cancel: threading.Event | None = None
) -> contextlib.AbstractContextManager[Snapshot]:
    """The export's snapshot on the database's backend; ended and closed on exit. `cancel`
    set while connecting raises ExportCancelled without waiting for the server."""
    return backend_for(db).open_snapshot(db, batch_rows, cancel)


@contextlib.contextmanager
def interrupt_on(cancel: threading.Event, interrupt: Callable[[], None]) -> Iterator[None]:
    """While the block runs, a watcher thread interrupts the query as soon as `cancel` is set,
    so a long aggregation or a slow network stops within a fraction of a second."""
    done = threading.Event()
    guard = threading.Lock()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(0.1):
                with guard:
                    if not done.is_set():
                        interrupt()
                return

    side_thread.start(watch)
    try:
        yield
    finally:
        # No join: it would wait for the watcher's next poll, on every export.
        # The lock makes sure no interrupt runs once the block has ended; the watcher sees
        # `done` at its next poll and ends by itself.
        with guard:
            done.set()
