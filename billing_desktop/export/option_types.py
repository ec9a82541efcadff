"""The types of export options as a preset file holds them, checked by name.

A preset file can be edited by hand: a number where a zone name belongs, "no" where a
boolean belongs, or one name where a list belongs would otherwise reach the export as
something else ("Globex" as six one-letter tenants, "no" as true). Pure and Qt-free: the
preset store and the export request both call `check_options`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from billing_desktop.errors import InvalidInput

_MAX_JOBS = 16


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool)


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_date(value: Any) -> bool:
    """YYYY-MM-DD only: not a week date (2026-W01-1) nor an ordinal one."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_period(value: Any) -> bool:
    from billing_desktop.periods import PERIODS

    return isinstance(value, str) and value in PERIODS


def _is_jobs(value: Any) -> bool:
    return type(value) is int and 1 <= value <= _MAX_JOBS


# Each known option: its test, and what it must be, for the sentence.
_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "format": (_is_text, "a format name"),
    "scope": (_is_text, "a scope name"),
    "granularity": (_is_text, "a granularity name"),
    "delimiter": (_is_text, "a delimiter"),
    "timezone": (_is_text, "a time zone name"),
    "split_by": (_is_text, "a split name"),
    "output": (_is_text, "a file name or template"),
    "profile": (_is_text, "a connection profile's name"),
    "period": (_is_period, "a period name"),
    "start": (_is_date, "a date as YYYY-MM-DD"),
    "end": (_is_date, "a date as YYYY-MM-DD"),
    "tenants": (_is_names, "a list of names"),
    "models": (_is_names, "a list of names"),
    "bom": (_is_flag, "true or false"),
    "formula_guard": (_is_flag, "true or false"),
    "manifest": (_is_flag, "true or false"),
    "jobs": (_is_jobs, f"a number of connections from 1 to {_MAX_JOBS}"),
}


def check_options(options: dict[str, Any], source: str = "The options") -> dict[str, Any]:
    """`options` unchanged when every known option has its type (None meaning not given);
    otherwise InvalidInput naming `source` (e.g. "The preset 'Monthly'") and the field.
    Options not known here are left to the caller."""
    for name, value in options.items():
        if value is None or name not in _TYPES:
            continue
        test, expected = _TYPES[name]
        if not test(value):
            raise InvalidInput(f"{source} has an invalid '{name}': {value!r} is not {expected}.")
    return options
