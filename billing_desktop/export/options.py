"""Export options as a user gives them, before they become `ExportParams` (issue 12 §1, §2).

Options are a flat dict with the preset store's keys (presets.OPTION_NAMES): what a preset
holds, what the command line's flags give, and what the window's dialog saves. Three layers
make one export, the later winning: the defaults, a preset, the flags given beside it. A
period stays a name here ("last-month") and becomes dates only in `to_params`, on the clock
and in the zone of the export, so a preset or a cron line means the same thing every month.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from billing_desktop import periods
from billing_desktop.clock import Clock
from billing_desktop.errors import InvalidInput
from billing_desktop.export.params import ExportParams, default_range, parse_date

DEFAULTS: dict[str, Any] = {"format": "csv", "scope": "all", "timezone": "UTC"}

# Options that are not parameters of the file's content.
_NOT_PARAMS = {"period", "split_by", "manifest"}


def merge(preset: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The defaults, then the preset, then what was given (None = not given). A period given
    replaces the preset's dates and dates given replace its period, so `--preset monthly
    --start X` means from X, not the preset's period."""
    if given.get("period") is not None and (given.get("start") or given.get("end")):
        raise InvalidInput("--period cannot be combined with --start or --end")
    base = dict(preset)
    if given.get("period") is not None:
        base.pop("start", None)
        base.pop("end", None)
    if given.get("start") is not None or given.get("end") is not None:
        base.pop("period", None)
    options = {**DEFAULTS, **base}
    options.update({k: v for k, v in given.items() if v is not None})
    return options


def to_params(options: dict[str, Any], clock: Clock | None = None) -> ExportParams:
    """ExportParams for these options, today; InvalidInput for anything wrong with them."""
    zone = options.get("timezone") or "UTC"
    start, end = _dates(options, zone, clock)
    fields = {f.name for f in dataclasses.fields(ExportParams)}
    unknown = set(options) - fields - _NOT_PARAMS - {"start", "end"}
    if unknown:
        raise InvalidInput(f"Unknown export option: {', '.join(sorted(unknown))}")
    values = {k: v for k, v in options.items() if k in fields and k not in ("start", "end")}
    for key in ("tenants", "models"):
        if key in values:
            values[key] = tuple(values[key] or ())
    return ExportParams(start=start, end=end, **values)


def _dates(options: dict[str, Any], zone: str, clock: Clock | None) -> tuple[date, date]:
    period = options.get("period")
    if period is not None:
        if options.get("start") or options.get("end"):
            raise InvalidInput("A period cannot be combined with a start or end date")
        return periods.resolve_period(periods.check_period(period), zone, clock)
    first, today = default_range(zone, clock)
    start = _date(options.get("start"), "start date") or first
    end = _date(options.get("end"), "end date") or today
    if options.get("start") and not options.get("end") and start > end:
        end = start  # a start date in the future alone: export that day, not an error
    return start, end


def _date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return parse_date(str(value), what)


def from_params(params: ExportParams, period: str | None = None, **extra: Any) -> dict[str, Any]:
    """The options to save for an export: its period as a name, or else its fixed dates."""
    options: dict[str, Any] = {}
    for item in dataclasses.fields(params):
        value = getattr(params, item.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        options[item.name] = value
    if period is not None:
        del options["start"], options["end"]
        options["period"] = period
    options.update({k: v for k, v in extra.items() if v is not None})
    return options
