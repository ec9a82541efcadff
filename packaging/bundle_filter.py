"""Keeps the frozen bundle lean: what billing-desktop.spec removes after PyInstaller's analysis.

PyInstaller's PySide6 hooks take every plugin of a category (all image formats, all platform
themes, all platforms) and then every library those plugins link against, some of them copied
from the build machine (the GTK platform theme alone drags in cairo, pango, gdk-pixbuf, ...).
Two steps undo that:

1. `drop_unused_qt` removes Qt libraries and plugins the app has no use for on a desktop: QML
   and Quick (only needed by the virtual keyboard and PDF plugins), PDF, the virtual keyboard,
   embedded-device platforms (eglfs, linuxfb, vnc, Vulkan display) with their input plugins, and
   the GTK theme, which also would load the build machine's GLib next to the user's GTK.
2. `prune_unreferenced` (Linux) then drops every bundled shared library that no remaining
   extension module, plugin or executable links against, found with `ldd` (which lists the
   whole dependency closure, not just direct imports).

3. `drop_system_provided` (Linux) leaves out the build machine's copies of libraries that must
   match the user's own system configuration: fontconfig and FreeType (fonts.conf syntax
   changes between releases), GLib/GIO (loads the system's GIO modules) and D-Bus. The .deb
   depends on them and every desktop Linux has them.

The spec imports this module from its own folder; tests/test_packaging.py checks the rules.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

TocEntry = tuple[str, str, str]  # (destination name, source path, typecode)

_UNUSED_QT = re.compile(
    r"""(
        (^|/)libQt6(Pdf|PdfQuick|Qml\w*|Quick\w*|VirtualKeyboard\w*|EglFS\w*|EglFs\w*)\.so
      | (^|/)Qt6(Pdf|Qml\w*|Quick\w*|VirtualKeyboard\w*)\.dll$
      | (^|/)Qt(Pdf|Qml\w*|Quick\w*|VirtualKeyboard\w*)\.framework/
      | /plugins/imageformats/(lib)?qpdf
      | /plugins/platforminputcontexts/(lib)?qtvirtualkeyboardplugin
      | /plugins/platformthemes/(lib)?qgtk3
      | /plugins/platforms/(lib)?q(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl)\b
      | /plugins/(egldeviceintegrations|generic)/
      | /qml/
    )""",
    re.VERBOSE,
)


def is_unused_qt(dest_name: str) -> bool:
    return bool(_UNUSED_QT.search(dest_name.replace("\\", "/")))


def drop_unused_qt(toc: Iterable[TocEntry]) -> list[TocEntry]:
    return [entry for entry in toc if not is_unused_qt(entry[0])]


_SYSTEM_PROVIDED = re.compile(
    r"^lib(fontconfig|freetype|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0"
    r"|dbus-1)\.so"
)


def drop_system_provided(toc: Iterable[TocEntry]) -> list[TocEntry]:
    return [e for e in toc if not _SYSTEM_PROVIDED.match(PurePosixPath(e[0]).name)]


def _is_plain_library(dest_name: str) -> bool:
    """A shared library that is only there because something links to it (`libfoo.so.1`),
    as opposed to a root: an extension module, a Qt plugin or libpython (the bootloader
    dlopen()s it, so nothing links to it)."""
    path = PurePosixPath(dest_name)
    if "/plugins/" in f"/{path.parent}/" or path.name.startswith("libpython"):
        return False
    return path.name.startswith("lib") and ".so" in path.name and "cpython" not in path.name


def ldd_names(path: str) -> set[str]:
    """Base names of every library `path` needs, directly or not (resolved or not)."""
    result = subprocess.run(["ldd", path], capture_output=True, text=True, check=False)
    names = set()
    for line in result.stdout.splitlines():
        name = line.strip().split(" ", 1)[0]
        if ".so" in name:
            names.add(PurePosixPath(name).name)
    return names


def prune_unreferenced(
    binaries: Iterable[TocEntry], needs: Callable[[str], set[str]] = ldd_names
) -> tuple[list[TocEntry], list[str]]:
    """The binaries minus plain libraries that no root needs; also the dropped names."""
    binaries = list(binaries)
    needed: set[str] = set()
    for dest, source, typecode in binaries:
        if typecode != "SYMLINK" and not _is_plain_library(dest):
            needed |= needs(source)
    kept, dropped = [], []
    for entry in binaries:
        name = PurePosixPath(entry[0]).name
        if _is_plain_library(entry[0]) and name not in needed:
            dropped.append(entry[0])
        else:
            kept.append(entry)
    return kept, dropped
