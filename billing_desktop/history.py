"""The export history: one record per export, from the window or the command line, whatever
its outcome.

A SQLite file in the user data folder (stdlib sqlite3, WAL), so that the window and a CLI run by
cron can append at the same moment. The history is a convenience, never a reason for an export to
fail: every error here is logged and reported as a notice, and a damaged file is set aside (kept
for inspection, renamed) and replaced by a fresh one.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from billing_desktop import config
from billing_desktop.clock import system_clock

log = logging.getLogger(__name__)

SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"
OUTCOMES = (SUCCEEDED, FAILED, CANCELLED)

# Seconds a writer waits for another one (the window and a cron job) before giving up.
_BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exports (
    id            INTEGER PRIMARY KEY,
    finished_at   TEXT NOT NULL,      -- UTC, ISO 8601
    face          TEXT NOT NULL,      -- 'window' or 'cli'
    outcome       TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'cancelled')),
    message       TEXT NOT NULL,
    parameters    TEXT NOT NULL,      -- JSON: the export's options, period as given
    target        TEXT,               -- the file or folder; NULL for standard output
    database      TEXT NOT NULL,      -- described without password
    rows          INTEGER,
    bytes         INTEGER,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    cost_cents    INTEGER,
    seconds       REAL,
    sha256        TEXT,
    schedule      TEXT                -- the schedule that ran it; NULL when run by hand
);
CREATE INDEX IF NOT EXISTS exports_newest ON exports (finished_at DESC, id DESC);
"""

_COLUMNS = (
    "finished_at", "face", "outcome", "message", "parameters", "target", "database", "rows",
    "bytes", "input_tokens", "output_tokens", "cost_cents", "seconds", "sha256", "schedule",
)  # fmt: skip


@dataclass(frozen=True)
class HistoryRecord:
    face: str
    outcome: str
    message: str
    parameters: dict[str, Any]
    target: str | None
    database: str
    rows: int | None = None
    bytes: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_cents: int | None = None
    seconds: float | None = None
    sha256: str | None = None
    schedule: str | None = None
    finished_at: str = field(
        default_factory=lambda: system_clock().now().astimezone(UTC).isoformat(timespec="seconds")
    )
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Where records go instead of the user's history while `elsewhere` is in effect.
_redirected_to: Path | None = None


def history_path() -> Path:
    if _redirected_to is not None:
        return _redirected_to
    return config.data_dir() / "history.sqlite3"


@contextmanager
def elsewhere(path: Path) -> Iterator[None]:
    """Records made inside go to `path`, not to the user's history: the self-test's exports
    are no exports of the user's."""
    global _redirected_to
    previous, _redirected_to = _redirected_to, path
    try:
        yield
    finally:
        _redirected_to = previous


class History:
    """Append and read export records; `notice` holds what the user should be told, if anything
    went wrong with the history itself (a damaged file set aside, a full disk)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        self.notice: str | None = None

    def append(self, record: HistoryRecord) -> bool:
        """Store `record`; False (and a notice) when it could not be, never an exception."""
        values = _row(record)
        for attempt in (1, 2):
            try:
                with self._connection() as db, db:
                    db.execute(
                        f"INSERT INTO exports ({', '.join(_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                        values,
                    )
                return True
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and _is_damage(exc) and self._set_aside(exc):
                    continue
                self._tell(f"The export history could not be updated ({exc}).")
                return False
            except OSError as exc:
                self._tell(f"The export history could not be updated ({exc.strerror or exc}).")
                return False
        return False

    def recent(self, limit: int | None = 50) -> list[HistoryRecord]:
        """The newest `limit` records first (all with None); [] and a notice on a bad file."""
        return self._select("", (), limit)

    def scheduled(
        self, *, name: str | None = None, since: str | None = None, outcome: str | None = None,
        limit: int | None = None,
    ) -> list[HistoryRecord]:  # fmt: skip
        """Records of scheduled runs, newest first: of schedule `name`, finished at or after
        `since` (UTC, ISO 8601), with `outcome`, where given."""
        where, args = ["schedule IS NOT NULL"], []
        for condition, value in (("schedule = ?", name), ("finished_at >= ?", since),
                                 ("outcome = ?", outcome)):  # fmt: skip
            if value is not None:
                where.append(condition)
                args.append(value)
        return self._select("WHERE " + " AND ".join(where), tuple(args), limit)

    def _select(self, where: str, args: tuple[Any, ...], limit: int | None) -> list[HistoryRecord]:
        if not self.path.exists():
            return []
        sql = (
            f"SELECT id, {', '.join(_COLUMNS)} FROM exports {where} "
            "ORDER BY finished_at DESC, id DESC"
        )
        if limit is not None:
            sql, args = sql + " LIMIT ?", (*args, limit)
        try:
            with self._connection() as db:
                rows = db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                self._set_aside(exc)
            else:
                self._tell(f"The export history could not be read ({exc}).")
            return []
        return self._readable(rows)

    def _readable(self, rows: list[tuple[Any, ...]]) -> list[HistoryRecord]:
        """The records of `rows`, skipping (and counting in a notice) any that cannot be
        read, such as a hand-edited row whose parameters are not JSON: one bad row must not
        hide the others."""
        records = []
        for row in rows:
            try:
                records.append(_record(row))
            except (ValueError, TypeError) as exc:
                log.warning("skipped history record %s: %s", row[0], exc)
        skipped = len(rows) - len(records)
        if skipped:
            self._tell(
                f"{skipped} history record{'s' if skipped > 1 else ''} could not be read "
                f"and {'were' if skipped > 1 else 'was'} skipped."
            )
        return records

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000)) as db:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            _use_wal(db)
            db.executescript(_SCHEMA)
            _add_schedule_column(db)
            yield db

    def _set_aside(self, exc: Exception) -> bool:
        """Rename a damaged file (and its WAL) out of the way; a fresh one starts on next use."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as move_error:
            log.warning("could not set the damaged history %s aside: %s", self.path, move_error)
            return False
        self._tell(
            f"The export history was damaged ({exc}); it was set aside as {aside.name} "
            "and a new one started."
        )
        return True

    def _tell(self, message: str) -> None:
        log.warning("%s", message)
        self.notice = message


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL, waiting out another process doing the same on a brand-new file: SQLite
    answers "database is locked" to that race at once, without calling the busy handler."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _add_schedule_column(db: sqlite3.Connection) -> None:
    """A history made before schedules existed gains their column; its records keep NULL."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(exports)")}
    if "schedule" not in columns:
        try:
            db.execute("ALTER TABLE exports ADD COLUMN schedule TEXT")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc).lower():  # another process added it first
                raise


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Not a database, malformed, or our table in a shape we cannot use; not "locked", and
    not a refused row (a constraint), which says nothing about the file."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return "malformed" in text or "no such column" in text or "has no column" in text
    # sqlite3.DatabaseError proper: "file is not a database", corruption; its subclasses
    # (IntegrityError, DataError, ProgrammingError ...) are about a statement, not the file.
    return type(exc) is sqlite3.DatabaseError


def _row(record: HistoryRecord) -> tuple[Any, ...]:
    data = record.to_json()
    data["parameters"] = json.dumps(record.parameters, ensure_ascii=False, sort_keys=True)
    return tuple(data[name] for name in _COLUMNS)


def _record(row: tuple[Any, ...]) -> HistoryRecord:
    data = dict(zip(("id", *_COLUMNS), row, strict=True))
    data["parameters"] = json.loads(data["parameters"])
    if not isinstance(data["parameters"], dict):
        raise ValueError("its parameters are not a JSON object")
    return HistoryRecord(**data)
