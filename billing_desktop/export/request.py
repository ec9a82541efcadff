"""One export as the user asked for it: what to export, where to, and how to run it.

Every face of the app builds an `ExportRequest`: the command line from a preset and its flags,
the window from its form, the history's Re-run and a manifest from their saved JSON. It is
validated when it is made, so each combination that makes no sense is refused in one place
with one sentence, whatever face it came from. It is also the only thing converted to and from
JSON (presets, history, manifests) and to a command line (export/command_line.py).

A period stays a name here ("last-month"); it becomes dates only in `params()`, on the clock
and in the zone of the run, so a preset or a scheduled run means the same thing every month.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from billing_desktop import periods, timezones
from billing_desktop.clock import Clock
from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats import format_named
from billing_desktop.export.option_types import check_options
from billing_desktop.export.params import (
    ExportParams,
    check_shape,
    default_range,
    parse_date,
)
from billing_desktop.export.period_names import check_template

STDOUT = "-"
SPLITS = ("tenant",)
MAX_JOBS = 16

# The keys of a request's JSON form, in the order they are written. `jobs` and `overwrite`
# are how one run goes, not what it writes, so presets and records leave them out.
JSON_KEYS = (
    "format", "scope", "granularity", "period", "start", "end", "tenants", "models",
    "timezone", "bom", "formula_guard", "delimiter", "split_by", "manifest", "output", "profile",
)  # fmt: skip

_NAME_KEYS = ("tenants", "models")
_DATE_KEYS = ("start", "end")


@dataclass(frozen=True)
class ExportRequest:
    """An export before it runs. Dates are None when a period names them, or, from the
    command line, when the default range (this month up to today) is meant."""

    format: str = "csv"
    scope: str = "all"
    granularity: str = "day"
    period: str | None = None
    start: date | None = None
    end: date | None = None
    tenants: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    timezone: str = "UTC"
    bom: bool = False
    formula_guard: bool = True
    delimiter: str = ","
    split_by: str | None = None
    manifest: bool = False
    output: str | None = None  # a path or name template, STDOUT, or None: the default name
    profile: str | None = None  # the connection profile to read; None: the one in use
    overwrite: bool = False
    jobs: int | None = None  # connections reading the rows; None: as many as fit (auto)

    def __post_init__(self) -> None:
        check_shape(self.format, self.scope, self.granularity, self.delimiter)
        if self.period is not None:
            periods.check_period(self.period)
            if self.start is not None or self.end is not None:
                raise InvalidInput("A period cannot be combined with a start or end date")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidInput(f"The end date {self.end} is before the start date {self.start}")
        timezones.zone(self.timezone)
        object.__setattr__(self, "tenants", tuple(self.tenants))
        object.__setattr__(self, "models", tuple(self.models))
        self._check_output()

    def _check_output(self) -> None:
        if self.split_by is not None and self.split_by not in SPLITS:
            raise InvalidInput(f"Unknown split '{self.split_by}': the files can be split by tenant")
        if self.output == "":
            raise InvalidInput("The output is empty: name a file, or - for standard output")
        if self.output is not None and self.output != STDOUT:
            check_template(self.output)
        if self.output == STDOUT:
            if self.split_by is not None:
                raise InvalidInput("A split by tenant writes a folder; name it, not -")
            if self.manifest:
                raise InvalidInput(
                    "A manifest is published beside a file; standard output has no place"
                    " for it: name a file, or leave out the manifest"
                )
        if self.jobs is not None:
            if not 1 <= self.jobs <= MAX_JOBS:
                raise InvalidInput(f"Jobs takes 1 to {MAX_JOBS} connections, or auto")
            if self.split_by is not None and self.jobs != 1:
                raise InvalidInput(
                    "Statements (a split by tenant) are read on one connection; leave out --jobs"
                )

    # -- what the request means -------------------------------------------------------------

    @property
    def to_stdout(self) -> bool:
        return self.output == STDOUT

    @property
    def uses_csv_options(self) -> bool:
        return format_named(self.format).csv_options

    def params(self, clock: Clock | None = None) -> ExportParams:
        """The parameters of the file's content, its dates resolved today (on `clock`)."""
        if self.period is not None:
            start, end = periods.resolve_period(self.period, self.timezone, clock)
        else:
            first, today = default_range(self.timezone, clock)
            start, end = self.start or first, self.end or today
            if self.start is not None and self.end is None and start > end:
                end = start  # a start in the future alone: that day, not an error
        return ExportParams(
            start=start, end=end, format=self.format, scope=self.scope,  # type: ignore[arg-type]
            tenants=self.tenants, models=self.models, timezone=self.timezone, bom=self.bom,
            formula_guard=self.formula_guard, granularity=self.granularity,  # type: ignore[arg-type]
            delimiter=self.delimiter,
        )  # fmt: skip

    def replace(self, **changes: Any) -> ExportRequest:
        """A copy with some fields changed, validated again."""
        return dataclasses.replace(self, **changes)

    # -- JSON ---------------------------------------------------------------------------------

    def to_json(self, resolved: ExportParams | None = None) -> dict[str, Any]:
        """The request as presets, history records and manifests keep it: a period as its
        name, dates as YYYY-MM-DD, names as lists; None where not set. A record of a run
        (`resolved`: its parameters) also holds the dates the period or default resolved to."""
        out: dict[str, Any] = {}
        for key in JSON_KEYS:
            value = getattr(self, key)
            if resolved is not None and key in _DATE_KEYS:
                value = getattr(resolved, key)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def recorded_params(cls, data: Any) -> ExportParams:
        """The parameters a record of a run (history, manifest) was written with: its dates
        as they resolved then, whatever its period would mean today."""
        request = cls.from_json({**data, "period": None}, "The recorded parameters")
        if request.start is None or request.end is None:
            raise InvalidInput("The recorded parameters hold no dates")
        return request.params()

    @classmethod
    def from_json(cls, data: Any, what: str = "The saved options") -> ExportRequest:
        """A request from its JSON form, every field type-checked; unknown keys (from a newer
        version) are ignored. A record that holds a period and the dates it resolved to
        (history, manifest) means the period. InvalidInput names `what` and the field."""
        if not isinstance(data, dict):
            raise InvalidInput(f"{what} are not a set of export options")
        values = {k: v for k, v in data.items() if k in JSON_KEYS and v is not None}
        if values.get("period") is not None:
            values.pop("start", None)
            values.pop("end", None)
        for key in _DATE_KEYS:
            if key in values and not isinstance(values[key], date):
                values[key] = parse_date(values[key], f"{key} date")
        if isinstance(values.get("period"), str):
            periods.check_period(values["period"])  # its sentence lists the periods there are
        check_options({k: v for k, v in values.items() if k not in _DATE_KEYS}, what)
        for key in _NAME_KEYS:
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    @classmethod
    def layered(cls, *layers: dict[str, Any], what: str = "The options") -> ExportRequest:
        """The defaults, then each layer in turn (a preset's JSON, then the flags given; None
        means not given). A later period replaces earlier dates and later dates an earlier
        period, so `--preset monthly --start X` means from X."""
        merged: dict[str, Any] = {}
        for layer in layers:
            given = {k: v for k, v in layer.items() if v is not None}
            if given.get("period") is not None and (given.get("start") or given.get("end")):
                raise InvalidInput("--period cannot be combined with --start or --end")
            if given.get("period") is not None:
                merged.pop("start", None)
                merged.pop("end", None)
            if given.get("start") is not None or given.get("end") is not None:
                merged.pop("period", None)
            merged.update(given)
        if merged.get("scope") is None:
            # No scope chosen: a format whose rows have one scope takes it.
            fixed = format_named(merged.get("format", "csv")).fixed_scope
            if fixed is not None:
                merged["scope"] = fixed
        run = {k: merged.pop(k) for k in ("overwrite", "jobs") if k in merged}
        request = cls.from_json(merged, what)
        return request.replace(**run) if run else request
