"""Work beside the calling thread, for the engine (no Qt): a query's cancel watcher, a
connection attempt nobody waits for, a second connection's half of a read.

Every such thread starts here, with the low-level `_thread` rather than `threading.Thread`.
The window runs the engine on QThreads, and a `threading.Thread` started from one registers
that QThread with `threading` for good (a dummy thread object that outlives it); these threads
need none of what `threading` adds (names, joining, the interpreter waiting for them at exit).
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from typing import Any


def start(fn: Callable[..., Any], *args: Any) -> None:
    """Runs `fn(*args)` on a thread of its own and returns at once; nobody waits for it, so
    `fn` must catch and hand over its own errors."""
    _thread.start_new_thread(fn, args)


class Background:
    """`fn(*args)` on a thread of its own; `result()` waits for it and returns its value or
    raises its error in the waiting thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._outcome: tuple[bool, Any] = (False, None)
        _thread.start_new_thread(self._run, (fn, args))

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._outcome = (True, fn(*args))
        except BaseException as exc:  # handed to the waiting thread
            self._outcome = (False, exc)
        finally:
            self._done.release()

    def done(self) -> bool:
        """True once `fn` has returned or raised."""
        if self._done.acquire(blocking=False):
            self._done.release()
            return True
        return False

    def result(self) -> Any:
        with self._done:
            ok, value = self._outcome
        if not ok:
            raise value
        return value
