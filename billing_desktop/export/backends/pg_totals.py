"""The totals of every event read beside the rows, on a second connection in the same snapshot.

A file whose beginning does not depend on its totals (a CSV header, JSON Lines' nothing) need
not wait for them: the export's transaction exports its snapshot (`pg_export_snapshot`), a
second connection reads the totals in it while the first streams the rows, and the progress
starts from the planner's estimate of the rows. Where the second connection cannot join (a full
pool, a server that refuses), the totals are read after the rows on the export's own
connection: the same snapshot, only not at the same time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from typing import Any

from billing_desktop import side_thread
from billing_desktop.db.sql import Sql
from billing_desktop.errors import ExportCancelled
from billing_desktop.export import queries
from billing_desktop.export.backends.pg_snapshot import PgSnapshot, begin_snapshot_transaction
from billing_desktop.export.params import ExportParams
from billing_desktop.export.totals import ExportTotals

log = logging.getLogger("billing_desktop.export")

JOIN_TIMEOUT_S = 5.0  # the helper not connected by the time the rows are done: no waiting longer


BESIDE_MIN_ROWS = 100_000  # fewer estimated rows: the totals first, as a second connection's
# start would cost about what reading them beside the rows saves


def estimate_rows(snap: PgSnapshot, params: ExportParams) -> int | None:
    """The planner's estimate of the export's rows (None if it gives none)."""
    with contextlib.suppress(Exception), snap.conn.transaction():
        query = queries.event_rows(snap.backend, params)
        plan = snap.all(Sql("EXPLAIN (FORMAT JSON) ", query))[0][0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])
    return None


class TotalsBeside:
    """event_totals of `params` on a connection of its own, in `snap`'s snapshot."""

    def __init__(self, snap: PgSnapshot, params: ExportParams) -> None:
        self.snap = snap
        self.params = params
        self.totals: ExportTotals | None = None
        self.error: BaseException | None = None
        self.helper: Any = None
        self.joined = threading.Event()  # in the snapshot, or failed to join
        self.done = threading.Event()
        self.stopping = threading.Event()
        snapshot_id = snap.all(Sql("SELECT pg_export_snapshot()"))[0][0]
        side_thread.start(self._run, snapshot_id)

    def result(self, cancel: threading.Event) -> ExportTotals:
        """The totals: the helper's, or read now on the export's own connection."""
        if self.joined.wait(JOIN_TIMEOUT_S):
            while not self.done.wait(0.05):
                if cancel.is_set():
                    raise ExportCancelled()
        if self.totals is not None:
            return self.totals
        self.stop()
        log.info(
            "totals read after the rows: the snapshot could not be shared (%s)",
            " ".join(str(self.error or "no connection in time").split()),
        )
        query = queries.event_totals(self.snap.backend, self.params)
        return ExportTotals.from_row(self.snap.all(query)[0])

    def stop(self) -> None:
        """End the helper's query and connection (a fault or cancel of the export)."""
        self.stopping.set()
        helper = self.helper
        if helper is not None and not self.done.is_set():
            with contextlib.suppress(Exception):
                helper.cancel_safe(timeout=5)

    def _run(self, snapshot_id: str) -> None:
        conn = None
        try:
            conn = self.snap.db.psycopg_connection(same_server_as=self.snap.conn)
            self.helper = conn
            if self.stopping.is_set():
                return
            begin_snapshot_transaction(conn, snapshot_id)
            self.joined.set()
            with conn.cursor() as cur:
                cur.execute(*queries.event_totals(self.snap.backend, self.params).format())
                row = cur.fetchone()
            assert row is not None  # an aggregate without GROUP BY: always one row
            self.totals = ExportTotals.from_row(tuple(row))
        except BaseException as exc:  # the export's thread reads the totals itself then
            self.error = exc
        finally:
            self.joined.set()
            self.done.set()
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
