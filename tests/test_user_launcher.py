"""After ./scripts/run the app starts next time without the checkout: the
commands are on the PATH and the desktop's menu holds a valid entry that starts the window."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from billing_desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent


def install(home: Path, path: str = "/usr/bin:/bin") -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": path, "VENV": str(VENV)}
    return subprocess.run(
        [str(ROOT / "scripts" / "install-launcher")], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip


def test_the_command_is_on_the_path_and_runs(tmp_path):
    first = install(tmp_path)
    bin_dir = tmp_path / ".local" / "bin"
    assert f"'billing-desktop' is in {bin_dir}" in first.stdout
    assert f"Add {bin_dir} to your PATH" in first.stdout  # the test's PATH lacks it
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    version = subprocess.run(
        ["billing-desktop", "--version"], env=env, capture_output=True, text=True, check=True
    )
    assert __version__ in version.stdout
    # Quiet the second time (./scripts/run calls it on every start), links still right.
    again = install(tmp_path)
    assert again.stdout == ""
    assert (bin_dir / "billing-desktop-gui").resolve() == (VENV / "bin" / "billing-desktop-gui")


def test_the_menu_entry_is_valid_and_starts_the_windowed_launcher(tmp_path):
    install(tmp_path)
    entry_path = tmp_path / ".local" / "share" / "applications" / "billing-desktop.desktop"
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(entry_path)], check=True)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(entry_path)
    desktop = entry["Desktop Entry"]
    exec_path = Path(desktop["Exec"])
    assert exec_path.is_absolute(), "a desktop session's PATH often lacks ~/.local/bin"
    assert exec_path.name == "billing-desktop-gui" and os.access(exec_path, os.X_OK)
    assert desktop["Name"] == "Billing Desktop" and desktop["Terminal"] == "false"
    icons = tmp_path / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "billing-desktop.png").is_file()
    assert (icons / "scalable" / "apps" / "billing-desktop.svg").is_file()


@pytest.mark.parametrize("var", ["XDG_BIN_HOME", "XDG_DATA_HOME"])
def test_xdg_folders_are_honoured(tmp_path, var):
    target = tmp_path / "elsewhere"
    env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "VENV": str(VENV),
           var: str(target)}  # fmt: skip
    subprocess.run([str(ROOT / "scripts" / "install-launcher")], env=env, check=True,
                   capture_output=True)  # fmt: skip
    expected = (
        "billing-desktop" if var == "XDG_BIN_HOME" else "applications/billing-desktop.desktop"
    )
    assert (target / expected).exists()
