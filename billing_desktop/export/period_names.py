"""A range of days as people name it: in words for a statement ("November 2026",
"1–15 November 2026"), as a token for file names ("2026-11", "2026-Q4", "2026",
"2026-11-01_2026-11-15"), and the output-name templates that use those tokens.

A template is checked when a request is made, so a misspelt placeholder is refused before
any work, with one sentence, wherever the template came from (a flag, a preset, the window).
"""

from __future__ import annotations

import string
from datetime import date, timedelta

from billing_desktop.errors import InvalidInput

PLACEHOLDERS = ("period", "start", "end", "format")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DASH = "\u2013"  # en dash, as ranges are written in print


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and end == _month_end(end)


def _quarter(start: date, end: date) -> int | None:
    """1..4 when the range is exactly one calendar quarter."""
    if start.month % 3 == 1 and start.year == end.year and end.month == start.month + 2:
        return (start.month - 1) // 3 + 1 if _whole_months(start, end) else None
    return None


def period_token(start: date, end: date) -> str:
    """`2026-11` (a calendar month), `2026-Q4` (a quarter), `2026` (a year), else
    `2026-11-01_2026-11-15`."""
    if _whole_months(start, end):
        if start.year == end.year and start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return str(start.year)
        quarter = _quarter(start, end)
        if quarter is not None:
            return f"{start.year}-Q{quarter}"
    return f"{start.isoformat()}_{end.isoformat()}"


def day_words(day: date) -> str:
    """6 November 2026."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def period_words(start: date, end: date) -> str:
    """The range as a statement states it: "November 2026", "Q4 2026 (October–December)",
    "Year 2026", "October–November 2026", "1–15 November 2026", "6 November 2026",
    "28 October – 3 November 2026", "29 December 2025 – 2 January 2026"."""
    if _whole_months(start, end):
        first, last = _MONTHS[start.month - 1], _MONTHS[end.month - 1]
        if (start.year, start.month) == (end.year, end.month):
            return f"{first} {start.year}"
        if start.year == end.year and start.month == 1 and end.month == 12:
            return f"Year {start.year}"
        quarter = _quarter(start, end)
        if quarter is not None:
            return f"Q{quarter} {start.year} ({first}{_DASH}{last})"
        if start.year == end.year:
            return f"{first}{_DASH}{last} {start.year}"
        return f"{first} {start.year} {_DASH} {last} {end.year}"
    if start == end:
        return day_words(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{_DASH}{day_words(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} {_DASH} {day_words(end)}"
    return f"{day_words(start)} {_DASH} {day_words(end)}"


def check_template(template: str) -> None:
    """InvalidInput when the output name holds a placeholder other than PLACEHOLDERS, or a
    brace that opens none."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise InvalidInput(
            f"The output name {template!r} has an unmatched brace: placeholders are written"
            f" {_listed()}"
        ) from None
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            raise InvalidInput(
                f"The output name {template!r} holds the unknown placeholder {{{name}}}: use"
                f" {_listed()}"
            )


def _listed() -> str:
    names = ["{" + p + "}" for p in PLACEHOLDERS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def is_template(text: str) -> bool:
    return any(f is not None for _, f, _, _ in string.Formatter().parse(text))


def expand_template(template: str, start: date, end: date, format_name: str) -> str:
    """The name for this range and format ({{ and }} are literal braces)."""
    check_template(template)
    return template.format(
        period=period_token(start, end),
        start=start.isoformat(),
        end=end.isoformat(),
        format=format_name,
    )
