"""Packaging, the fast part: what the installers rely on, without running PyInstaller.

The slow part (a real frozen build, the .deb installed and run, makensis on the full payload)
is packaging/ci-check.sh, which .ci/run calls after these tests.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from billing_desktop import __version__, resources

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_filter  # noqa: E402
import check_depends  # noqa: E402

PROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_installed_version_is_the_pyproject_version():
    # The frozen app's --version comes from the installed metadata, which the spec checks
    # against pyproject.toml; a stale install here would make that check fail the build.
    assert __version__ == PROJECT_VERSION


def test_nsis_reads_the_project_version_from_pyproject():
    """makensis' `!searchparse /file` takes the first line holding `version = "`: it must be
    [project]'s, not a tool's (ruff's target-version, mypy's python_version come later)."""
    first = next(
        line for line in (ROOT / "pyproject.toml").read_text().splitlines() if 'version = "' in line
    )
    assert first == f'version = "{PROJECT_VERSION}"'
    nsi = (PACKAGING / "windows" / "billing-desktop.nsi").read_text()
    assert '!searchparse /file "../../pyproject.toml" `version = "` VERSION `"`' in nsi


def test_spec_takes_version_and_resources_from_the_project():
    spec = (PACKAGING / "billing-desktop.spec").read_text()
    assert '(ROOT / "pyproject.toml")' in spec and '["project"]' in spec
    # Bundled as <_MEIPASS>/resources, which is where billing_desktop.resources looks.
    assert '(str(RESOURCES), "resources")' in spec
    assert 'name="billing-desktop"' in spec and 'name="billing-desktop-gui"' in spec


def test_resource_path_inside_a_frozen_build(monkeypatch, tmp_path):
    bundle = tmp_path / "_internal"
    (bundle / "resources" / "icons").mkdir(parents=True)
    icon = bundle / "resources" / "icons" / "billing-desktop-32.png"
    icon.write_bytes(b"png")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.resource_path("icons/billing-desktop-32.png") == icon
    assert resources.resource_path("icons/billing-desktop-32.png").read_bytes() == b"png"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert (
        resources.resource_path("billing-desktop.svg")
        == ROOT / "billing_desktop" / "assets" / "billing-desktop.svg"
    )
    assert resources.resource_path("billing-desktop.svg").is_file()


def test_icons_are_named_by_their_real_size():
    """build-linux.sh installs icons/billing-desktop-<N>.png as hicolor/<N>x<N>: the name must
    not lie about the picture."""
    icons = sorted((ROOT / "billing_desktop" / "assets" / "icons").glob("*.png"))
    assert icons
    for icon in icons:
        match = re.fullmatch(r"billing-desktop-(\d+)\.png", icon.name)
        assert match, icon.name
        head = icon.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", icon.name
        width, height = struct.unpack(">II", head[16:24])
        assert width == height == int(match.group(1)), icon.name


def test_desktop_entry_starts_a_command_the_deb_puts_on_path():
    entry = (ROOT / "billing_desktop" / "assets" / "billing-desktop.desktop").read_text()
    exec_line = re.search(r"^Exec=(\S+)", entry, re.MULTILINE)
    assert exec_line
    script = (PACKAGING / "build-linux.sh").read_text()
    on_path = re.findall(r'ln -s /opt/billing-desktop/(\S+) "\$DEB_ROOT/usr/bin/(\S+)"', script)
    assert (exec_line.group(1), exec_line.group(1)) in on_path
    assert re.search(r"^Icon=billing-desktop$", entry, re.MULTILINE)


@pytest.mark.parametrize(
    ("name", "unused"),
    [
        ("PySide6/Qt/lib/libQt6Qml.so.6", True),
        ("PySide6/Qt/lib/libQt6QuickWidgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", True),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
        ("PySide6\\Qt6Quick.dll", True),
        ("PySide6\\plugins\\imageformats\\qpdf.dll", True),
        ("PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", False),
        ("PySide6/Qt/lib/libQt6Charts.so.6", False),
        ("PySide6/Qt/lib/libQt6Svg.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6\\Qt6Widgets.dll", False),
    ],
)
def test_unused_qt_parts_are_recognised(name, unused):
    assert bundle_filter.is_unused_qt(name) is unused


def test_prune_keeps_what_the_roots_need_and_drops_the_rest():
    toc = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/src/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),  # only the dropped GTK theme's
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    needs = {
        "/src/QtGui.abi3.so": {"libQt6Gui.so.6", "libc.so.6"},
        "/src/libqxcb.so": {"libQt6Gui.so.6", "libxcb-cursor.so.0"},
        "/src/libpython3.11.so.1.0": {"libc.so.6"},
    }
    kept, dropped = bundle_filter.prune_unreferenced(toc, lambda path: needs[path])
    assert dropped == ["libcairo.so.2"]
    assert [entry[0] for entry in kept] == [
        entry[0] for entry in toc if entry[0] != "libcairo.so.2"
    ]


def test_system_libraries_that_must_match_the_system_are_left_out():
    toc = [(name, f"/usr/lib/{name}", "BINARY") for name in (
        "libfontconfig.so.1", "libfreetype.so.6", "libglib-2.0.so.0", "libdbus-1.so.3",
        "libxcb-cursor.so.0", "libxkbcommon.so.0", "libQt6DBus.so.6",
    )]  # fmt: skip
    kept = [entry[0] for entry in bundle_filter.drop_system_provided(toc)]
    assert kept == ["libxcb-cursor.so.0", "libxkbcommon.so.0", "libQt6DBus.so.6"]


def test_deb_depends_are_read_with_alternatives_and_versions():
    control = (
        "Package: billing-desktop\n"
        "Depends: libc6 (>= 2.28), libgl1,\n"
        " libglib2.0-0t64 | libglib2.0-0, fonts-dejavu-core | fonts-noto-core\n"
        "Recommends: xdg-utils\n"
    )
    assert check_depends.depends_packages(control) == {
        "libc6", "libgl1", "libglib2.0-0t64", "libglib2.0-0", "fonts-dejavu-core",
        "fonts-noto-core",
    }  # fmt: skip


def test_build_script_depends_on_qt_system_libraries_and_a_font():
    script = (PACKAGING / "build-linux.sh").read_text()
    block = re.search(r'DEPENDS="(.*?)"', script, re.DOTALL)
    assert block
    declared = check_depends.depends_packages("Depends: " + block.group(1))
    assert {"libgl1", "libegl1", "libxcb1", "libxcb-cursor0", "libfontconfig1"} <= declared
    assert declared & {"fonts-dejavu-core", "fonts-liberation2", "fonts-noto-core"}


@pytest.mark.parametrize("script", ["build-linux.sh", "ci-check.sh"])
def test_shell_scripts_are_executable_and_parse(script):
    path = PACKAGING / script
    assert path.stat().st_mode & 0o111
    subprocess.run(["bash", "-n", str(path)], check=True)


@pytest.mark.skipif(
    shutil.which("makensis") is None, reason="makensis (Debian: nsis) not installed"
)
def test_nsis_script_compiles_with_the_project_version(tmp_path):
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for exe in ("billing-desktop.exe", "billing-desktop-gui.exe", "_internal/python311.dll"):
        (payload / exe).write_bytes(b"MZ stand-in")
    out = tmp_path / "installer.exe"
    result = subprocess.run(
        [
            "makensis",
            "-V4",
            "-WX",
            "-DSTORE_ONLY",
            f"-DPAYLOAD_DIR={payload}",
            f"-DOUTFILE={out}",
            str(PACKAGING / "windows" / "billing-desktop.nsi"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert f'Name: "Billing Desktop {PROJECT_VERSION}"' in result.stdout
    log = result.stdout
    # Per user: own folder, own registry hive, Start menu shortcut to the windowed exe.
    assert 'InstallDir: "$LOCALAPPDATA\\Programs\\Billing Desktop"' in log
    assert "HKLM" not in log
    assert f"Uninstall\\billing-desktop\\DisplayVersion={PROJECT_VERSION}" in log
    assert (
        'CreateShortcut: "$SMPROGRAMS\\Billing Desktop.lnk"->"$INSTDIR\\billing-desktop-gui.exe"'
        in log
    )
    installer = out.read_bytes()
    assert installer[:2] == b"MZ"
    # RequestExecutionLevel user: the manifest asks Windows for no elevation (no UAC prompt).
    assert b'level="asInvoker"' in installer


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_self_test_passes_on_a_working_build(qapp, capsys):
    from billing_desktop.ui.app import create_application
    from billing_desktop.ui.selftest import run_self_test

    assert run_self_test(create_application()) == 0
    out = capsys.readouterr().out
    assert f"billing-desktop {__version__} self-test passed" in out
    assert re.search(r"\d+-row CSV export agree", out)


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_self_test_fails_with_the_reason_when_resources_are_missing(
    qapp, capsys, monkeypatch, tmp_path
):
    from billing_desktop.ui import selftest
    from billing_desktop.ui.app import create_application

    monkeypatch.setattr(selftest, "resource_path", lambda name: tmp_path / "nowhere" / name)
    assert selftest.run_self_test(create_application()) == 1
    err = capsys.readouterr().err
    assert "self-test FAILED: resource missing" in err
    assert str(tmp_path / "nowhere") in err
