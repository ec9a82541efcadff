"""Figures as the user's locale writes them, for the window only (files never change).

Money keeps its currency's name, USD, after the amount: a symbol such as "$" would read as
another dollar in Canada or Australia. Amounts stay exact: whole cents are never rounded
through a float.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

CURRENCY = "USD"


def locale() -> QLocale:
    """The default locale, set at start from the chosen language."""
    current = QLocale()
    if current.language() == QLocale.Language.C:  # nothing chosen: as in the US
        return QLocale("en_US")
    return current


def count(value: int) -> str:
    """1234567 -> '1,234,567' (en), '1.234.567' (de), '1 234 567' (fr)."""
    return locale().toString(int(value))


def amount(cents: int) -> str:
    """Integer cents as dollars, exactly, without the currency (a column headed with it):
    123456 -> '1,234.56' (en), '1.234,56' (de)."""
    loc = locale()
    whole, part = divmod(abs(int(cents)), 100)
    sign = loc.negativeSign() if cents < 0 else ""
    return f"{sign}{loc.toString(whole)}{loc.decimalPoint()}{part:02d}"


def money(cents: int, decimals: int = 2) -> str:
    """Integer cents, exactly: 123456 -> '1,234.56 USD' (en), '1.234,56 USD' (de)."""
    if decimals:
        return f"{amount(cents)}\u00a0{CURRENCY}"
    loc = locale()
    sign = loc.negativeSign() if cents < 0 else ""
    return f"{sign}{loc.toString(abs(int(cents)) // 100)}\u00a0{CURRENCY}"


def compact(value: int) -> str:
    """A large count in a few characters, for a table column: 14625181 -> '14.6 M' (en),
    '14,6 Mio.' (de); below ten thousand the exact count."""
    value = int(value)
    if abs(value) < 10_000:
        return count(value)
    if abs(value) < 1_000_000:
        text = QCoreApplication.translate("Figures", "%1 K")
        return text.replace("%1", decimal(value / 1_000, 1))
    return QCoreApplication.translate("Figures", "%1 M").replace("%1", decimal(value / 1e6, 1))


def money_rounded(dollars: float, decimals: int = 0) -> str:
    """An axis label: whole dollars or a few decimals, with the currency named."""
    loc = locale()
    return f"{loc.toString(float(dollars), 'f', decimals)}\u00a0{CURRENCY}"


def decimal(value: float, decimals: int) -> str:
    return locale().toString(float(value), "f", decimals)


def percent(share: float) -> str:
    """0.1234 -> '12.3%' (en), '12,3 %' (de, fr)."""
    return QCoreApplication.translate("Figures", "%1%").replace("%1", decimal(share * 100, 1))


def size(num_bytes: int) -> str:
    """'1.2 MB' / '1,2 MB', in decimal (SI) units like the command line."""
    return locale().formattedDataSize(int(num_bytes), 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def duration(seconds: float) -> str:
    if seconds < 60:
        return QCoreApplication.translate("Figures", "%1 s").replace(
            "%1", decimal(seconds, 2 if seconds < 10 else 1)
        )
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return (
            QCoreApplication.translate("Figures", "%1 min %2 s")
            .replace("%1", count(minutes))
            .replace("%2", f"{secs:02d}")
        )
    hours, minutes = divmod(minutes, 60)
    return (
        QCoreApplication.translate("Figures", "%1 h %2 min")
        .replace("%1", count(hours))
        .replace("%2", f"{minutes:02d}")
    )


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def short_date(day: date) -> str:
    """The locale's short date with a four-digit year: 3/1/2026, 01.03.2026, 01/03/2026."""
    return locale().toString(qdate(day), date_format())


def date_format() -> str:
    """The locale's short date format, its year always in four digits (for date fields too)."""
    fmt = locale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def date_time(moment: datetime) -> str:
    """A local date and time, minutes only: '3/1/2026 2:05 PM', '01.03.2026 14:05'."""
    loc = locale()
    clock = QTime(moment.hour, moment.minute)
    return f"{short_date(moment.date())} {loc.toString(clock, QLocale.FormatType.ShortFormat)}"


def time_of_day(moment: datetime) -> str:
    """'2:05:09 PM', '14:05:09': with seconds, without the zone's name."""
    loc = locale()
    fmt = loc.timeFormat(QLocale.FormatType.LongFormat).replace("tttt", "").replace("t", "")
    return loc.toString(QTime(moment.hour, moment.minute, moment.second), fmt.strip())


def day_label(day: date, fmt: str) -> str:
    """A date in a Qt format with the locale's month and day names ('MMM d', 'ddd')."""
    return locale().toString(qdate(day), fmt)
