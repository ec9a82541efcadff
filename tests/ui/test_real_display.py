"""What only a real X display shows (Xvfb, the xcb platform): the platform's key bindings. On
X11 a text field claims Ctrl+E as "end of line", which the offscreen platform does not know,
so the guard that keeps Ctrl+E for Export is checked here, in a child process on Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = [pytest.mark.gui]

PROBE = textwrap.dedent(
    """
    import os, sys
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit
    from billing_desktop import config
    from billing_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow(config.Settings(), None)
    bar = window.filter_bar
    fields = {"start": bar.start_edit, "end": bar.end_edit, "zone": bar.zone_combo.lineEdit()}

    def claims(widget, key, modifiers):
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
        QApplication.sendEvent(widget, event)
        return event.isAccepted()

    ctrl = Qt.KeyboardModifier.ControlModifier
    plain = QLineEdit()  # an unguarded field: proves the platform really claims Ctrl+E
    print("plain", claims(plain, Qt.Key.Key_E, ctrl))
    for name, field in fields.items():
        end = claims(field, Qt.Key.Key_End, Qt.KeyboardModifier(0))
        print(name, claims(field, Qt.Key.Key_E, ctrl), end)
    sys.stdout.flush()
    os._exit(0)  # no teardown: only the answers matter
    """
)


@pytest.fixture
def display(tmp_path):
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is installed by scripts/system-deps --tests"
    for number in range(140, 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(
            f"/tmp/.X{number}-lock"
        ):
            break
    argv = [xvfb, f":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}") and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(10)


def test_ctrl_e_stays_the_windows_on_x11(display, small_demo_db):
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          timeout=60)  # fmt: skip
    answers = dict(line.split(" ", 1) for line in proc.stdout.decode().splitlines())
    assert answers.get("plain") == "True", proc.stderr.decode()[-2000:]
    for name in ("start", "end", "zone"):
        assert answers[name] == "False True", (name, answers[name])  # Ctrl+E not; End kept
