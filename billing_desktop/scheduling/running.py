"""One scheduled run, what the operating system's scheduler starts (`schedule run NAME`), and
the question the window asks at start: which scheduled runs failed since then?

Every run leaves a history record carrying the schedule's name, whatever happens: a schedule
or preset that no longer exists, a database that cannot be reached, an export that fails, a
delivery that fails after the export was written (a second record, so that the export's own
success stays on record too).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from billing_desktop import config, exporting
from billing_desktop.clock import Clock, FixedClock, system_clock
from billing_desktop.errors import BillingError
from billing_desktop.export import naming
from billing_desktop.export.control import ExportControl
from billing_desktop.export.request import ExportRequest
from billing_desktop.history import FAILED, History, HistoryRecord
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling import delivery
from billing_desktop.scheduling.mail import DeliveryFailed, MailSettings
from billing_desktop.scheduling.store import Schedule, ScheduleStore

DELIVERY_FAILED_EXIT = 3

OpenDatabase = Callable[..., Any]  # (url, profile=...) -> Database


@dataclass
class ScheduledRun:
    """How a run ended: the export (None when skipped: not the last day), and the
    deliveries that failed, each one sentence."""

    completed: exporting.CompletedExport | None = None
    delivery_failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return DELIVERY_FAILED_EXIT if self.delivery_failures else 0


def is_last_day(clock: Clock | None = None) -> bool:
    today = (clock or system_clock()).now().astimezone().date()
    return today.day == calendar.monthrange(today.year, today.month)[1]


def run_schedule(
    name: str, open_database: OpenDatabase, *, clock: Clock | None = None,
    store: ScheduleStore | None = None, history: History | None = None,
    control: ExportControl | None = None, when_last_day: bool = False,
) -> ScheduledRun:  # fmt: skip
    """Run schedule `name` now. Raises what the export raises (after recording it);
    delivery failures are recorded and returned."""
    clock = FixedClock((clock or system_clock()).now())  # one instant for names and dates
    history = history if history is not None else History()
    if when_last_day and not is_last_day(clock):
        return ScheduledRun()
    try:
        schedule = (store or ScheduleStore()).get(name)
        request = _request(schedule, clock)
    except BillingError as exc:
        _refused(name, {"schedule": name}, "", str(exc), history)
        raise
    try:
        # The schedule's profile, else its preset's, else the connection in use.
        db = open_database(None, profile=schedule.profile or request.profile)
    except BillingError as exc:
        _refused(name, request.to_json(), f"profile {schedule.profile or '(in use)'}", str(exc),
                 history)  # fmt: skip
        raise
    try:
        completed = exporting.run(db, request, control, face=exporting.CLI, history=history,
                                  clock=clock, schedule=name)  # fmt: skip
        run = ScheduledRun(completed)
        for failure in _deliver(schedule, completed):
            run.delivery_failures.append(failure)
            _record_delivery_failure(schedule, completed, db.describe(), failure, history)
        return run
    finally:
        db.dispose()


def _request(schedule: Schedule, clock: Clock) -> ExportRequest:
    """The preset's request, its file placed in the schedule's folder unless the preset
    names an absolute path (a scheduler's run has no current folder of the user's)."""
    request = ExportRequest.from_json(
        PresetStore().get(schedule.preset), f"The preset '{schedule.preset}'"
    )
    if request.to_stdout:
        return request.replace(output=None)
    target = naming.target_path(request, clock)
    assert target is not None
    return request.replace(output=str(Path(schedule.folder) / target))


def _refused(name: str, parameters: dict[str, Any], database: str, message: str,
             history: History) -> None:  # fmt: skip
    exporting.record_refused(face=exporting.CLI, parameters=parameters, database=database,
                             message=message, history=history, schedule=name)  # fmt: skip


def _deliver(schedule: Schedule, completed: exporting.CompletedExport) -> list[str]:
    result = completed.result
    assert result.path is not None
    failures = []
    if schedule.deliver_to:
        try:
            delivery.copy_to_folder(result.path, Path(schedule.deliver_to), completed.manifest)
        except DeliveryFailed as exc:
            failures.append(str(exc))
    if schedule.emails:
        try:
            mail = MailSettings.from_json(config.load_settings().mail)
            if mail is None:
                raise DeliveryFailed("No mail server is set up (billing-desktop mail set).")
            delivery.mail_export(mail, schedule.emails, result, schedule.name)
        except BillingError as exc:
            failures.append(str(exc))
    return failures


def _record_delivery_failure(schedule: Schedule, completed: exporting.CompletedExport,
                             database: str, failure: str, history: History) -> None:  # fmt: skip
    result = completed.result
    history.append(
        HistoryRecord(
            face=exporting.CLI, outcome=FAILED,
            message=f"Exported to {result.path}, but delivery failed: {failure}",
            parameters={"delivery": True, "schedule": schedule.name},
            target=str(result.path), database=database, schedule=schedule.name,
        )
    )  # fmt: skip


def failed_scheduled_runs_since(when: datetime, history: History | None = None,
                                ) -> list[HistoryRecord]:  # fmt: skip
    """The failed scheduled runs (exports and deliveries) finished at or after `when`,
    newest first: what the window says at start ("2 scheduled exports failed since …")."""
    since = when.astimezone(UTC).isoformat(timespec="seconds")
    return (history or History()).scheduled(since=since, outcome=FAILED)


def failure_notice(failures: list[HistoryRecord], since: datetime) -> str | None:
    """'2 scheduled exports failed since 1 December.' or None."""
    if not failures:
        return None
    day = since.astimezone()
    when = f"{day.day} {day:%B}"
    count = len(failures)
    noun = "export" if count == 1 else "exports"
    return f"{count} scheduled {noun} failed since {when}."
