"""GUI fixtures: a small embedded demo database and main windows that clean up after themselves."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from billing_desktop import config
from billing_desktop.db.demo import ensure_embedded_database
from billing_desktop.ui.main_window import MainWindow

# The offscreen platform plugin says this whenever a top-level window is shown; it is about the
# plugin, not the app, so it must not fail GUI tests that show real windows.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"

SMALL_DEMO_EVENTS = 3_000
LOAD_TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session", autouse=True)
def window_language(qapp):
    """The window's catalogues, as the app loads them at start (BILLING_DESKTOP_LANGUAGE or
    the system's language; English where none is set)."""
    from billing_desktop.ui import i18n

    return i18n.install()


@pytest.fixture
def small_demo_db():
    """The embedded demo database, built small so tests stay quick; the window finds it."""
    return ensure_embedded_database(config.embedded_database_path(), events=SMALL_DEMO_EVENTS)


@pytest.fixture
def out(tmp_path):
    """An empty folder to export into."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def no_dialogs(monkeypatch):
    """Any message box or file dialog not expected by a test fails it."""
    from billing_desktop.ui import msgbox

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    for name in ("information", "warning", "error", "question", "save_file"):
        monkeypatch.setattr(msgbox, name, unexpected)


def wait_idle(qtbot, window: MainWindow, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until the newest request has been answered (figures or an error on screen)."""
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=timeout)


@pytest.fixture
def make_window(qtbot) -> Callable[..., MainWindow]:
    """Open a main window on `url` (None: embedded demo) and wait for its first answer."""
    windows: list[MainWindow] = []

    def make(url: str | None, *, wait: bool = True, **kwargs):
        window = MainWindow(config.Settings(), url, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        if wait:
            wait_idle(qtbot, window)
        return window

    yield make
    for window in windows:
        window.shutdown()
