"""The window's language: which one, its catalogues, and its help pages.

The system's language is the default; the settings' `language` (or BILLING_DESKTOP_LANGUAGE, for
tests and for trying one out) chooses another. It is read once, before the first window is made,
so a change in the settings applies at the next start. The engine's sentences (errors, file
contents) are shared with the command line and stay English.
"""

from __future__ import annotations

import logging
import os
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from billing_desktop.resources import resource_path

log = logging.getLogger(__name__)

ENV_LANGUAGE = "BILLING_DESKTOP_LANGUAGE"
CATALOGUE = "billing_desktop"
# The languages the window speaks, by the code kept in the settings ("": the system's).
TRANSLATED = ("de", "fr")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}
PSEUDO = "pseudo"  # accented, longer, bracketed text: shows what escaped translation
_PSEUDO_FIGURES = "en_US"
_installed: list[QTranslator] = []


def chosen_locale(setting: str = "") -> QLocale:
    """The environment's choice, else the setting's, else the system's language. The "C"
    locale (no language set, as on a bare server) reads as American English."""
    code = os.environ.get(ENV_LANGUAGE, "").strip() or setting.strip()
    if code == PSEUDO:
        return QLocale(_PSEUDO_FIGURES)
    locale = QLocale(code) if code else QLocale.system()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QLocale("en_US")
    return locale


def pseudo_chosen(setting: str = "") -> bool:
    return (os.environ.get(ENV_LANGUAGE, "").strip() or setting.strip()) == PSEUDO


def catalogue_dir() -> str:
    return str(resource_path("i18n"))


def install(setting: str = "", *, catalogues: str | None = None) -> QLocale:
    """Load the window's and Qt's own catalogues for the chosen language, and make its locale
    the default one (figures follow it). Replaces what an earlier call installed."""
    app = QCoreApplication.instance()
    assert app is not None, "a QApplication must exist first"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = chosen_locale(setting)
    QLocale.setDefault(locale)
    folder = catalogues or catalogue_dir()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if pseudo_chosen(setting):
        wanted = [(f"{CATALOGUE}_{PSEUDO}", folder)]
    else:
        wanted = [("qtbase_" + _code(locale), qt_folder), (f"{CATALOGUE}_" + _code(locale), folder)]
    for name, where in wanted:
        translator = QTranslator(app)
        if translator.load(name, where):
            app.installTranslator(translator)
            _installed.append(translator)
        elif _code(locale) != "en":
            log.info("no catalogue %s in %s", name, where)
    return locale


def _code(locale: QLocale) -> str:
    return locale.name().split("_")[0]


def language() -> str:
    """The two-letter code of the language the window speaks now ("en" when untranslated)."""
    code = _code(QLocale())
    return code if code in TRANSLATED else "en"


def help_file(name: str) -> str:
    """`user-guide.html` in the window's language where there is one: `user-guide.de.html`."""
    stem, _, ext = name.rpartition(".")
    localized = f"{stem}.{language()}.{ext}"
    return localized if resource_path(f"help/{localized}").exists() else name


def arg(text: str, *values: object) -> str:
    """Qt's `QString.arg` for Python strings: %1, %2, ... replaced in one pass, so a value that
    itself holds "%2" is left alone."""
    return re.sub(
        r"%(\d)",
        lambda m: (
            str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m.group(0)
        ),
        text,
    )
