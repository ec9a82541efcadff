"""How the caller steers a running export: progress, notices and cancel, in one object.

The engine reports progress through `progress(rows done, rows in all)`: `(0, None)` as soon as
the database answers ("working; the total is not known yet"), then `(0, total)` once the
totals are read, then once per batch. `notify` hears a sentence when the export changes course
(a hot standby made it start again). Setting `cancel` (from any thread) stops it between
batches, or interrupts the running query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

# (rows written, rows in all); the total is None until the totals query (or, for a grouped
# scope, the whole aggregation) is done, which grows with the data.
ProgressCallback = Callable[[int, int | None], None]
Notify = Callable[[str], None]


@dataclass
class ExportControl:
    progress: ProgressCallback | None = None
    notify: Notify | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def tell(self, message: str) -> None:
        if self.notify is not None:
            self.notify(message)
