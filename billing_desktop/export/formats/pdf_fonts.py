"""The fonts a PDF document is set in: the system's own, found through fontconfig, with a
fallback font chosen per character, so that a name in any script (東京株式会社, شركة, 🚀)
prints with real glyphs rather than empty boxes.

ReportLab embeds TrueType fonts only (glyf outlines): files with PostScript (CFF) outlines,
as most .otf and the Noto CJK collections are, are skipped, and so are colour bitmap fonts
(Noto Color Emoji), which it cannot draw. On Debian the packages fonts-dejavu-core,
fonts-noto-core (Arabic, Hebrew, Indic ...), fonts-droid-fallback (Chinese, Japanese, Korean)
and fonts-symbola (emoji, in outline) cover the names a billing database holds.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

BASE_FAMILY = "DejaVu Sans"
# Fonts to look for where fontconfig is missing (Windows, macOS), in order of preference.
_KNOWN_FILES = (
    "DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "segoeui.ttf", "Arial Unicode.ttf",
    "msyh.ttf", "simsun.ttf", "seguisym.ttf", "tahoma.ttf",
)  # fmt: skip
_FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", "C:\\Windows"), "Fonts"),
)  # fmt: skip
# Faces that are the wrong style for running text, tried last.
_ODD_STYLE = re.compile(r"bold|italic|oblique|mono|serif|kufi|nastaliq|condensed|light", re.I)
_lock = threading.Lock()


def _fc(*args: str) -> list[str]:
    tool = shutil.which(args[0])
    if tool is None:
        return []
    try:
        proc = subprocess.run(
            [tool, *args[1:]], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in proc.stdout.splitlines() if line.strip()]


def _registered(path: str) -> str | None:
    """The ReportLab name of the TrueType font in `path`, registered once; None when
    ReportLab cannot embed it (PostScript outlines, a damaged file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "F" + re.sub(r"[^A-Za-z0-9]", "", Path(path).stem)[:40]
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, path))
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return None
    return name


def _known_file(names: tuple[str, ...]) -> str | None:
    for folder in _FONT_DIRS:
        if not os.path.isdir(folder):
            continue
        for root, _dirs, files in os.walk(folder):
            for wanted in names:
                if wanted in files:
                    return os.path.join(root, wanted)
    return None


class FontSet:
    """A base font (regular and bold) and the fallbacks found so far, per character."""

    def __init__(self) -> None:
        self.regular = self._base("") or "Helvetica"
        self.bold = self._base(":bold") or ("Helvetica-Bold" if self.regular == "Helvetica"
                                            else self.regular)  # fmt: skip
        self.fallbacks: list[str] = []
        self._choice: dict[str, str | None] = {}

    def _base(self, style: str) -> str | None:
        for path in _fc("fc-match", "-f", "%{file}\n", BASE_FAMILY + style):
            if path.lower().endswith(".ttf") and (name := _registered(path)):
                return name
        found = _known_file(_KNOWN_FILES) if not style else None
        return _registered(found) if found else None

    def font_for(self, char: str) -> str | None:
        """The font that draws `char`: the base if it can, else the first fallback that
        can; None when no font on the system has it."""
        if _has(self.regular, char):
            return self.regular
        with _lock:
            if char not in self._choice:
                self._choice[char] = self._find(char)
            return self._choice[char]

    def _find(self, char: str) -> str | None:
        for name in self.fallbacks:
            if _has(name, char):
                return name
        candidates = _fc("fc-list", f":charset={ord(char):x}", "-f", "%{file}\n")
        candidates.sort(key=lambda p: (bool(_ODD_STYLE.search(Path(p).stem)), len(p), p))
        for path in candidates:
            found = _registered(path) if path.lower().endswith(".ttf") else None
            if found is not None and _has(found, char):
                self.fallbacks.append(found)
                return found
        return None

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """`text` cut into (font, piece) runs, each piece drawn by its font. Characters no
        font draws are left out when they are invisible anyway (joiners, variation
        selectors) and kept in the base font otherwise."""
        base = self.bold if bold else self.regular
        out: list[tuple[str, str]] = []
        for char in text:
            font = self.font_for(char)
            if font is None and unicodedata.category(char) in ("Cf", "Mn"):
                continue
            if font is None or font == self.regular:
                font = base
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + char)
            else:
                out.append((font, char))
        return out

    def missing(self, text: str) -> set[str]:
        """The visible characters of `text` that no font on this system draws."""
        return {
            c
            for c in text
            if self.font_for(c) is None and unicodedata.category(c) not in ("Cf", "Mn")
        }

    def plain(self, text: str) -> bool:
        """Whether the base font draws all of `text` (then no markup is needed)."""
        return all(_has(self.regular, c) for c in text)


def _has(font_name: str, char: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None or not hasattr(face, "charToGlyph"):  # a built-in Type 1 font
        return ord(char) < 256
    return ord(char) in face.charToGlyph


@functools.cache
def system_fonts() -> FontSet:
    """The fonts of this system, looked up once per process."""
    return FontSet()


def _utf16_hex(code: int) -> str:
    return "".join(f"{unit:04X}" for unit in _utf16_units(code))


def _utf16_units(code: int) -> tuple[int, ...]:
    if code <= 0xFFFF:
        return (code,)
    code -= 0x10000
    return 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)


def _text_hex(code: int) -> str:
    """What a glyph stands for in the text layer: a presentation form (an Arabic letter's
    joined shape, a ligature) stands for its letters, so extracted text holds the letters."""
    text = chr(code)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        text = unicodedata.normalize("NFKC", text)
    return "".join(_utf16_hex(ord(c)) for c in text)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs as
    the PDF format wants: ReportLab writes their code point's hex, so an emoji would be read
    back (copied, searched, extracted) as another character."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_text_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])  # fmt: skip


def _patch_reportlab() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


_patch_reportlab()
