"""The window's translations: update the .ts files from the code, compile them to .qm, and make
the pseudo-locale that the tests use to find text that escaped translation.

Run with the project's Python (its PySide6 brings lupdate and lrelease):
  .venv/bin/python scripts/translations.py update    # after changing texts in the window
  .venv/bin/python scripts/translations.py compile   # after translating (.qm are committed)
Translators edit billing_desktop/assets/i18n/billing_desktop_<lang>.ts with Qt Linguist
(pyside6-linguist). The English catalogue holds the plural forms only.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "billing_desktop" / "assets" / "i18n"
LANGUAGES = ("de", "fr", "en")
SOURCES = ("billing_desktop/ui", "billing_desktop/workers")
DATE_FORMAT = "date format"  # the comment of texts that are Qt date patterns, not words


def tool(name: str) -> str:
    """lupdate / lrelease: PySide6's own, else one on the PATH."""
    for candidate in (Path(PySide6.__file__).parent / name, Path(sys.executable).parent / name):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this Python")
    return found


def ts_path(language: str) -> Path:
    return I18N / f"billing_desktop_{language}.ts"


def source_files() -> list[str]:
    return sorted(str(p) for folder in SOURCES for p in (ROOT / folder).glob("*.py"))


def update() -> None:
    subprocess.run(
        [tool("lupdate"), "-locations", "none", "-no-obsolete", *source_files(), "-ts",
         *(str(ts_path(lang)) for lang in LANGUAGES)],
        check=True, cwd=ROOT,
    )  # fmt: skip


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def compile_all() -> None:
    for language in LANGUAGES:
        compile_ts(ts_path(language), I18N / f"billing_desktop_{language}.qm")


# -- the pseudo-locale ------------------------------------------------------------------------

_ACCENTS = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")
# Kept as they are: placeholders (%1, %n, %Ln), tags and entities of rich text, mnemonics' &.
_KEEP = re.compile(r"(%L?\d|%L?n|<[^>]+>|&[a-z]+;|&&)")


def pseudo(text: str) -> str:
    """'&Export…' -> '[&Éxpórt…······]': accented, about 40 % longer, bracketed."""
    pieces = _KEEP.split(text)
    accented = "".join(p if _KEEP.fullmatch(p) else p.translate(_ACCENTS) for p in pieces)
    return f"[{accented}{'·' * math.ceil(len(text) * 0.4)}]"


def write_pseudo_ts(source_ts: Path, target_ts: Path) -> int:
    """Every message of `source_ts` in pseudo text; the number of messages."""
    tree = ET.parse(source_ts)
    root = tree.getroot()
    root.set("language", "en_US")
    count = 0
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        comment = message.findtext("comment")
        text = source if comment == DATE_FORMAT else pseudo(source)
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for form in translation.findall("numerusform"):
                form.text = text
        else:
            translation.text = text
        count += 1
    tree.write(target_ts, encoding="utf-8", xml_declaration=True)
    return count


def make_pseudo(folder: Path) -> Path:
    """billing_desktop_pseudo.qm in `folder`, from the German catalogue's source texts."""
    ts = folder / "billing_desktop_pseudo.ts"
    write_pseudo_ts(ts_path("de"), ts)
    qm = folder / "billing_desktop_pseudo.qm"
    compile_ts(ts, qm)
    return qm


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "pseudo" and len(argv) == 3:
        print(make_pseudo(Path(argv[2])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
