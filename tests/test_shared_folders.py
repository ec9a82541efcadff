"""Windows and shared folders: exports that share a folder, case-insensitive and Windows file
names, replacing a statements folder, file systems without hard links, scratch files, the
console and the process's umask. Windows' own paths are taken through the code they run, as far
as Linux allows (the liveness check, the names Windows and macOS compare as one)."""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import leftovers
from seed import Event, seed_rows

from billing_desktop.cli import _ProgressBar
from billing_desktop.db.connection import Database
from billing_desktop.errors import OutputError, TargetExists
from billing_desktop.export import ExportParams
from billing_desktop.export.atomic import HOST_TAG, PARTIAL_SUFFIX, clean_stale_partials
from billing_desktop.export.filenames import UniqueNames, case_keys
from billing_desktop.export.runner import WriteOptions, run_export
from billing_desktop.export.statements import run_split_export

YEAR = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31))
FIRST_HALF = ExportParams(start=date(2026, 1, 1), end=date(2026, 6, 30))
TESTS = Path(__file__).parent


def _python(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS)])}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the other export never got going"
        time.sleep(0.05)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# A real second export, paused halfway until told to go on.
_PAUSED_EXPORT = """
    import sys, time
    from datetime import date
    from pathlib import Path
    from billing_desktop.db.connection import Database
    from billing_desktop.export import ExportParams
    from billing_desktop.export.control import ExportControl
    from billing_desktop.export.runner import WriteOptions, run_export

    url, target, ready, go = sys.argv[1:]

    def progress(done, total):
        if total and not Path(ready).exists():
            Path(ready).touch()
            while not Path(go).exists():
                time.sleep(0.02)

    params = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31))
    run_export(Database(url), params, Path(target), WriteOptions(batch_rows=5),
               ExportControl(progress))
"""


def test_an_export_starting_on_windows_leaves_a_running_exports_temporary_file(
    seeded_sqlite, tmp_path, monkeypatch
):
    """Two scheduled jobs writing to one folder: the second one's start-up clean-up, as
    Windows runs it, keeps the first one's temporary file, and both exports succeed."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".old.csv.{_dead_pid()}~{HOST_TAG}-abcdefgh{PARTIAL_SUFFIX}"
    stale.write_bytes(b"left by a killed export")
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = _python(_PAUSED_EXPORT, seeded_sqlite, str(out / "a.csv"), str(ready), str(go))
    try:
        _wait_for(ready, first)
        running = [p for p in leftovers(out) if p.startswith(".a.csv.")]
        assert len(running) == 1
        with monkeypatch.context() as windows:
            windows.setattr(os, "name", "nt")
            clean_stale_partials(out)  # what the second job does first, on Windows
        assert (out / running[0]).exists()
        db = Database(seeded_sqlite)
        second = run_export(db, YEAR, out / "b.csv")
        db.dispose()
    finally:
        go.touch()
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err.decode()
    assert (out / "a.csv").read_bytes() == (out / "b.csv").read_bytes()
    assert second.rows > 0
    assert not stale.exists()  # a dead process's temporary file is still cleaned
    assert leftovers(out) == []


def test_names_one_file_on_ntfs_or_apfs_get_distinct_files():
    names = UniqueNames("csv")
    made = [names.name_for(t) for t in ("ıd", "ID", "Straße", "STRASSE", "ﬁle", "FILE", "ǅ", "ǆ")]
    assert made == [
        "ıd.csv", "ID (2).csv", "Straße.csv", "STRASSE (2).csv", "ﬁle.csv", "FILE (2).csv",
        "ǅ.csv", "ǆ (2).csv",
    ]  # fmt: skip
    stems = [m.removesuffix(".csv") for m in made]
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            assert not case_keys(a) & case_keys(b), (a, b)
    # What NTFS compares: each character's upper case.
    assert "ID" in case_keys("ıd") and "strasse" in case_keys("STRAßE")


@pytest.mark.parametrize("device", ["COM0", "LPT0", "com0.txt", "COM¹", "lpt³", "Lpt0 "])
def test_every_windows_device_name_is_avoided(device):
    stem = UniqueNames("csv").name_for(device).removesuffix(".csv")
    assert stem.split(".")[0].rstrip(" ").upper() not in {"COM0", "LPT0", "COM¹", "LPT³"}


def test_bidirectional_controls_are_removed_from_file_names(sqlite_url, tmp_path):
    spoof = "شركة\u202etxt.exe"
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    names = [spoof, f"A{controls}B", "ıd", "ID"]
    when = datetime(2026, 3, 1, tzinfo=UTC)
    events = [Event(i + 1, n, "m", 1, 1, 1, when) for i, n in enumerate(names)]
    db = Database(sqlite_url, create=True)
    seed_rows(db, events, names)
    result = run_split_export(db, YEAR, tmp_path / "Statements")
    db.dispose()
    files = sorted(os.listdir(tmp_path / "Statements"))
    # Statements are made in name order: "ID" (U+0049) before "ıd" (U+0131).
    assert files == sorted(["شركةtxt.exe.csv", "AB.csv", "ID.csv", "ıd (2).csv"])
    assert {f.tenant for f in result.files} == set(names)  # the rows keep the real names


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() if p.is_file() else b"" for p in folder.iterdir()}


def _kept_copies(parent: Path, files: dict[str, bytes]) -> list[Path]:
    """Folders under `parent` holding exactly `files`."""
    return [
        d for d in parent.rglob("*") if d.is_dir() and d.name != "out" and _snapshot(d) == files
    ]


# A real export with --force, killed between moving the old folder aside and moving the new
# one into place.
_KILLED_BETWEEN_RENAMES = """
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from billing_desktop.db.connection import Database
    from billing_desktop.export import ExportParams
    from billing_desktop.export.runner import WriteOptions
    from billing_desktop.export.statements import run_split_export

    url, target = sys.argv[1:]
    real_rename = os.rename

    def rename(src, dst):
        if str(dst) == target and str(src).endswith(".billing-partial"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_rename(src, dst)

    os.rename = rename
    params = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31))
    run_split_export(Database(url), params, Path(target), WriteOptions(overwrite=True))
"""


def test_killed_between_the_two_renames_the_old_statements_survive_the_next_export(
    seeded_sqlite, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "Statements"
    db = Database(seeded_sqlite)
    run_split_export(db, FIRST_HALF, target)
    old = _snapshot(target)
    killed = _python(_KILLED_BETWEEN_RENAMES, seeded_sqlite, str(target))
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert not target.exists()  # killed with the old folder moved aside
    # the next export cleans up first
    run_split_export(db, YEAR, target, WriteOptions(overwrite=True))
    db.dispose()
    assert _snapshot(target) != old
    assert len(_kept_copies(out, old)) == 1
    assert leftovers(out) == []


def test_a_new_folder_that_cannot_take_the_place_never_costs_the_old_one(
    seeded_sqlite, tmp_path, monkeypatch
):
    target = tmp_path / "Statements"
    db = Database(seeded_sqlite)
    run_split_export(db, FIRST_HALF, target)
    old = _snapshot(target)
    real_rename = os.rename

    def rename(src, dst):  # the target's name stays blocked once the old folder has left it
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OutputError) as failure:
        run_split_export(db, YEAR, target, WriteOptions(overwrite=True))
    monkeypatch.undo()
    db.dispose()
    kept = _kept_copies(tmp_path, old)
    assert len(kept) == 1
    assert str(kept[0]) in str(failure.value)  # the user is told where the old folder is
    assert leftovers(tmp_path) == []


def test_without_hard_links_the_export_that_loses_the_race_is_told(
    seeded_sqlite, tmp_path, monkeypatch
):
    """exFAT, some SMB shares: link() is refused. A second export reaches the same new name
    while the first one publishes: exactly one of them wins, the other hears so."""
    target = tmp_path / "out.csv"

    def no_link(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted", str(dst))

    monkeypatch.setattr(os, "link", no_link)
    db = Database(seeded_sqlite)
    real_replace = os.replace
    outcomes: dict[str, object] = {}

    def replace(src, dst):
        if Path(dst) == target and "second" not in outcomes:
            outcomes["second"] = None
            try:
                run_export(db, YEAR, target)  # the other export, at the worst moment
                outcomes["second"] = "won"
            except TargetExists as exc:
                outcomes["second"] = exc
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    try:
        run_export(db, FIRST_HALF, target)
        outcomes["first"] = "won"
    except TargetExists as exc:
        outcomes["first"] = exc
    monkeypatch.undo()
    winners = [k for k, v in outcomes.items() if v == "won"]
    assert len(winners) == 1, outcomes
    loser = "second" if winners == ["first"] else "first"
    assert str(outcomes[loser]) == f"{target} already exists."
    expected = tmp_path / "expected.csv"
    run_export(db, FIRST_HALF if winners == ["first"] else YEAR, expected)
    db.dispose()
    assert target.read_bytes() == expected.read_bytes()
    assert leftovers(tmp_path) == []


def test_xlsx_scratch_files_stay_out_of_the_system_temp_folder(
    seeded_sqlite, tmp_path, monkeypatch
):
    """The system temp folder (another, smaller disk; cleaned by nobody after a kill) is never
    used: with it gone, the workbook is still written."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    db = Database(seeded_sqlite)
    result = run_export(db, ExportParams(date(2026, 1, 1), date(2026, 12, 31), format="xlsx"),
                        tmp_path / "out.xlsx")  # fmt: skip
    db.dispose()
    assert result.rows == 87 and (tmp_path / "out.xlsx").stat().st_size > 0
    assert leftovers(tmp_path) == []


_KILLED_XLSX = """
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from billing_desktop.db.connection import Database
    from billing_desktop.export import ExportParams
    from billing_desktop.export.control import ExportControl
    from billing_desktop.export.runner import WriteOptions, run_export

    url, target = sys.argv[1:]

    def progress(done, total):
        if done:
            os.kill(os.getpid(), signal.SIGKILL)

    params = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31), format="xlsx")
    run_export(Database(url), params, Path(target), WriteOptions(batch_rows=5),
               ExportControl(progress))
"""


def test_an_xlsx_export_killed_midway_leaves_its_scratch_files_to_the_next_export(
    seeded_sqlite, tmp_path, monkeypatch
):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    killed = _python(_KILLED_XLSX, seeded_sqlite, str(out / "a.xlsx"))
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert list(system_temp.iterdir()) == []
    assert len(leftovers(out)) == 2  # the workbook's temporary file and its scratch folder
    db = Database(seeded_sqlite)
    run_export(db, YEAR, out / "b.csv")
    db.dispose()
    assert leftovers(out) == []


def test_the_progress_bar_is_cleared_with_spaces_not_an_escape_sequence():
    stream = io.StringIO()
    bar = _ProgressBar(stream)
    bar.update(0, None)
    bar.update(500, 1000)
    longest = max(len(part) for part in stream.getvalue().split("\r"))
    bar.clear()
    written = stream.getvalue()
    assert "\033" not in written
    blank = written.rsplit("\r", 2)[1]
    assert blank == " " * longest and written.endswith("\r")


_UMASK_WATCH = """
    import os, stat, sys
    from datetime import date
    from pathlib import Path

    os.umask(0o027)
    calls = []
    real_umask = os.umask
    os.umask = lambda mask: calls.append(mask) or real_umask(mask)

    from billing_desktop.db.connection import Database
    from billing_desktop.export import ExportParams
    from billing_desktop.export.runner import run_export
    from billing_desktop.export.statements import run_split_export

    url, folder = sys.argv[1:]
    db = Database(url)
    params = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31))
    run_export(db, params, Path(folder) / "a.csv")
    run_split_export(db, params, Path(folder) / "Statements")
    made = ("a.csv", "Statements", "Statements/Zeta.csv")
    modes = [stat.S_IMODE((Path(folder) / name).stat().st_mode) for name in made]
    print(calls, [oct(m) for m in modes])
"""


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_the_umask_of_the_process_is_never_changed(seeded_sqlite, tmp_path):
    proc = _python(_UMASK_WATCH, seeded_sqlite, str(tmp_path))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == "[] ['0o640', '0o750', '0o640']"
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o640
