"""What to export (dates, format, scope, filters, zone, CSV options), validated once so every
face of the app gets the same errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from billing_desktop import timezones
from billing_desktop.clock import Clock
from billing_desktop.errors import InvalidInput
from billing_desktop.export.choices import (
    DELIMITERS,
    GRANULARITIES,
    GRANULARITY_LABELS,
    SCOPE_LABELS,
    SCOPES,
)
from billing_desktop.export.formats import format_named

__all__ = [
    "DELIMITERS",
    "GRANULARITIES",
    "GRANULARITY_LABELS",
    "SCOPES",
    "SCOPE_LABELS",
    "ExportParams",
    "parse_date",
]

Scope = Literal["all", "by_tenant", "by_model", "by_tenant_model"]
Granularity = Literal["day", "month", "total"]

# Beyond this a range is almost certainly a typo (year 20260 ...);
# SQLite's date() stops at 9999.
_MIN_DATE = date(1970, 1, 1)
_MAX_DATE = date(9998, 12, 31)
_MAX_YEARS = 100  # a longer range is a typo (9026 for 2026), never a billing period
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str, what: str = "date") -> date:
    """A strict YYYY-MM-DD date, or InvalidInput that names the bad value."""
    try:
        # fromisoformat alone also takes week dates ("2026-W01-1") and basic forms.
        if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidInput(f"Invalid {what} '{text}': expected a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class ExportParams:
    """One export's parameters. Constructing it validates everything that needs no database."""

    start: date
    end: date
    format: str = "csv"
    scope: Scope = "all"
    tenants: tuple[str, ...] = field(default_factory=tuple)
    models: tuple[str, ...] = field(default_factory=tuple)
    timezone: str = "UTC"
    bom: bool = False
    formula_guard: bool = True
    granularity: Granularity = "day"
    delimiter: str = ","

    def __post_init__(self) -> None:
        check_shape(self.format, self.scope, self.granularity, self.delimiter)
        for value, what in ((self.start, "start date"), (self.end, "end date")):
            if isinstance(value, datetime) or not isinstance(value, date):
                raise InvalidInput(f"The {what} must be a date")
            if not _MIN_DATE <= value <= _MAX_DATE:
                raise InvalidInput(f"The {what} {value} is out of range (1970 to 9998)")
        if self.end < self.start:
            raise InvalidInput(f"The end date {self.end} is before the start date {self.start}")
        _check_span(self.start, self.end)
        timezones.zone(self.timezone)
        # Deduplicate filters but keep the user's order; tuples keep the dataclass hashable.
        # A tenant's name may be empty (a split names each tenant of the database); a model's
        # may not.
        object.__setattr__(self, "tenants", _unique(self.tenants, "tenant", allow_empty=True))
        object.__setattr__(self, "models", _unique(self.models, "model"))

    @property
    def extension(self) -> str:
        return format_named(self.format).extension

    @property
    def grouped(self) -> bool:
        return self.scope != "all"

    @property
    def guards_formulas(self) -> bool:
        """Whether text cells that start like a formula get a leading apostrophe: only in
        CSV, the one format whose cells a spreadsheet evaluates as typed."""
        return self.formula_guard and format_named(self.format).csv_options


def check_shape(format_name: str, scope: str, granularity: str, delimiter: str) -> None:
    """The format, scope, granularity and delimiter, alone and together; InvalidInput names
    what cannot be."""
    fmt = format_named(format_name)
    if scope not in SCOPES:
        raise InvalidInput(f"Unknown scope '{scope}': choose {_choices(SCOPES)}")
    if granularity not in GRANULARITIES:
        raise InvalidInput(f"Unknown granularity '{granularity}': choose {_choices(GRANULARITIES)}")
    fmt.check_params(scope, granularity)
    if granularity != "day" and scope == "all":
        raise InvalidInput(
            f"Granularity '{granularity}' needs a grouped scope"
            " (by_tenant, by_model or by_tenant_model); scope 'all' has one row per event"
        )
    if delimiter not in DELIMITERS:
        raise InvalidInput(f"Unknown delimiter {delimiter!r}: choose ',', ';' or tab")


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


def _check_span(start: date, end: date) -> None:
    try:
        limit = start.replace(year=start.year + _MAX_YEARS)
    except ValueError:  # February 29 a hundred years on may not exist
        limit = start.replace(year=start.year + _MAX_YEARS, day=28)
    if end > limit:
        raise InvalidInput(
            f"The range {start} to {end} spans more than {_MAX_YEARS} years; check the dates"
        )


def _unique(
    names: tuple[str, ...] | list[str], what: str, *, allow_empty: bool = False
) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str) or (name == "" and not allow_empty):
            raise InvalidInput(f"An empty {what} name is not a valid filter")
        seen.setdefault(name, None)
    return tuple(seen)


def default_range(zone_name: str = "UTC", clock: Clock | None = None) -> tuple[date, date]:
    """The first day of the current month .. today, in the export's zone (the CLI default)."""
    today = timezones.today_in(zone_name, clock)
    return today.replace(day=1), today
