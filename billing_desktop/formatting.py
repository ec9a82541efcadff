"""Exact, human-friendly numbers shared by the command line and the window."""


def dollars(cents: int) -> str:
    """Integer cents as dollars, exactly: 123456789 -> '$1,234,567.89', -5 -> '-$0.05'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}${whole:,}.{part:02d}"


def count(value: int) -> str:
    return f"{int(value):,}"


def counted(value: int, noun: str, plural: str | None = None) -> str:
    """1 -> '1 row', 1234 -> '1,234 rows': the noun agrees with the number."""
    return f"{count(value)} {noun if int(value) == 1 else plural or noun + 's'}"


def size(num_bytes: int) -> str:
    value = float(num_bytes)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
