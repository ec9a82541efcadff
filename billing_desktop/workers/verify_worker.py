"""Verifying an export off the GUI thread: re-reading a big file, hashing it and recomputing
the totals in the database takes seconds, and the window must stay responsive."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject

from billing_desktop.db.connection import Database
from billing_desktop.export.control import ExportControl
from billing_desktop.verify import Report, verify_export
from billing_desktop.workers.job import BackgroundJob


def _verify(path: Path, db: Database | None, _control: ExportControl) -> Report:
    return verify_export(path, db)


def verify_job(path: Path, db: Database | None, parent: QObject | None = None) -> BackgroundJob:
    """verify_export(path, db) on a job of its own: `finished` carries the Report."""
    return BackgroundJob(partial(_verify, path, db), name="verify-worker", parent=parent)
