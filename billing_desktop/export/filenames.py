"""File names for statements (one file per tenant): any tenant name becomes a
name that Windows, macOS and Linux all accept, and distinct from the others in the folder."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these as names, with any extension ("CON.csv"), in any case. Its list of
# device names includes COM0 and LPT0, and the superscript digits ¹ ² ³, which Windows takes
# for the digits 1 2 3 in a device name ("COM¹" is COM1).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{base}{n}" for base in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")
}
# Forbidden on Windows (and `/` everywhere), and the control characters, NUL included.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Bidirectional controls reorder what a file manager shows: "شركة\u202etxt.exe.csv" would read
# as "...vsc.exe.txt". They are removed.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The statement of a tenant whose name is empty.
EMPTY_NAME_STEM = "(no name)"
_MAX_NAME_BYTES = 200  # well under 255 bytes, room for " (12)" and a temporary name's suffix


def safe_stem(name: str) -> str:
    """The tenant name as a file name without extension: forbidden characters become `_`,
    trailing dots and spaces go, reserved device names get a `_`, never empty or too long."""
    if name == "":
        return EMPTY_NAME_STEM
    stem = _BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", name))
    stem = _FORBIDDEN.sub("_", stem).strip(" ")
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
    compare them: `Acme.csv`, then `ACME (2).csv`. Two names are the same when any of the
    ways those systems fold case makes them equal."""

    def __init__(self, extension: str) -> None:
        self.extension = extension
        self.taken: set[str] = set()

    def name_for(self, tenant: str) -> str:
        stem = safe_stem(tenant)
        candidate, n = stem, 1
        while not self.taken.isdisjoint(case_keys(candidate)):
            n += 1
            candidate = f"{stem} ({n})"
        self.taken.update(case_keys(candidate))
        return f"{candidate}.{self.extension}"


def case_keys(stem: str) -> set[str]:
    """What `stem` is compared as: Unicode case folding ("Straße" is "STRASSE"), NTFS's
    character-by-character upper case ("ıd" is "ID"), and APFS's decomposed folding."""
    composed = unicodedata.normalize("NFC", stem)
    decomposed = unicodedata.normalize("NFD", stem)
    return {
        composed.casefold(),
        _upper_each(composed),
        decomposed.casefold(),
        _upper_each(decomposed),
    }


def _upper_each(text: str) -> str:
    """Each character's own upper case where it is one character (NTFS's upcase table maps
    characters one to one: "ß" stays "ß", "ı" becomes "I")."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)
