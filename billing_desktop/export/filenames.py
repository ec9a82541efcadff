"""File names for statements (one file per tenant, PRODUCT.md §3): any tenant name becomes a
name that Windows, macOS and Linux all accept, and distinct from the others in the folder."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these as names, with any extension ("CON.csv"), in any case.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{base}{n}" for base in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}
# Forbidden on Windows (and `/` everywhere), and the control characters, NUL included.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_MAX_NAME_BYTES = 200  # well under 255 bytes, room for " (12)" and a temporary name's suffix


def safe_stem(name: str) -> str:
    """The tenant name as a file name without extension: forbidden characters become `_`,
    trailing dots and spaces go, reserved device names get a `_`, never empty or too long."""
    stem = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip(" ")
    stem = stem.rstrip(". ")
    if stem.startswith("."):
        stem = "_" + stem[1:]  # a leading dot hides the file on macOS and Linux
    while len(stem.encode("utf-8")) > _MAX_NAME_BYTES:
        stem = stem[:-1].rstrip(". ")
    if not stem:
        stem = "_"
    head, dot, rest = stem.partition(".")
    if head.upper().rstrip(" ") in _RESERVED:  # "CON" and "con.txt" alike
        stem = f"{head}_{dot}{rest}"
    return stem


class UniqueNames:
    """Hands out distinct file names, as case-insensitive file systems (Windows, macOS)
    compare them: `Acme.csv`, then `ACME (2).csv`."""

    def __init__(self, extension: str) -> None:
        self.extension = extension
        self.taken: set[str] = set()

    def name_for(self, tenant: str) -> str:
        stem = safe_stem(tenant)
        candidate, n = stem, 1
        while self._key(candidate) in self.taken:
            n += 1
            candidate = f"{stem} ({n})"
        self.taken.add(self._key(candidate))
        return f"{candidate}.{self.extension}"

    @staticmethod
    def _key(stem: str) -> str:
        return unicodedata.normalize("NFC", stem).casefold()
