"""Statements: one file per tenant into a folder, on both backends."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import FIXED_CONTEXT, as_csv_expected, assert_clean_failure, cli
from seed import Event, expected_rows, seed_rows
from test_accounting_outputs import read_rows

from billing_desktop.db.connection import Database
from billing_desktop.errors import ExportCancelled, OutputError, TargetExists
from billing_desktop.export import ExportParams
from billing_desktop.export.atomic import PARTIAL_SUFFIX
from billing_desktop.export.control import ExportControl
from billing_desktop.export.filenames import UniqueNames, safe_stem
from billing_desktop.export.formats import xlsx_format
from billing_desktop.export.runner import WriteOptions, run_export
from billing_desktop.export.statements import count_split, run_split_export

YEAR = (date(2026, 1, 1), date(2026, 12, 31))

HOSTILE = [
    "CON", "con.txt", "Lpt1", "COM9", "AUX ", "a<b>c", 'quo"te', "sl/ash", "back\\slash",
    "pipe|q?star*", "colon:", "trailing.", "trailing ", "...", "  ", ".hidden", "nul\x00byte",
    "Acme", "ACME", "acme", "Ｆｕｌｌ", "e\u0301t\u00e9", "\u00e9t\u00e9", "x" * 300,
    "Tab\there", "=HYPERLINK()", "東京株式会社",
]  # fmt: skip


def statement_lines(path) -> tuple[dict, list[tuple]]:
    """A statement's header (label: value) and its lines as (date, model, input, output,
    cents), read with openpyxl; the Total row must equal the lines' sums."""
    cells = list(openpyxl.load_workbook(path)["Statement"].iter_rows(values_only=True))
    start = cells.index(("Date", "Model", "Input tokens", "Output tokens", "Cost (USD)"))
    header = {row[0]: row[1] for row in cells[1:start] if row[0]}
    lines = [
        (d.date().isoformat() if isinstance(d, datetime) else d,
         None if model == "All models" else model, i, o, round(usd * 100))
        for d, model, i, o, usd in cells[start + 1 : -1]
    ]  # fmt: skip
    total = cells[-1]
    assert total[0] == "Total"
    assert (total[2], total[3], round(total[4] * 100)) == tuple(
        sum(line[k] for line in lines) for k in (2, 3, 4)
    )
    return header, lines


def test_hostile_names_make_valid_distinct_file_names():
    names = UniqueNames("csv")
    made = [names.name_for(t) for t in HOSTILE]
    assert len({n.casefold() for n in made}) == len(made)  # distinct, even case-insensitively
    for name in made:
        stem = name.removesuffix(".csv")
        assert stem and not stem.endswith((".", " ")) and not stem.startswith(".")
        assert not set('<>:"/\\|?*') & set(name) and all(ord(c) >= 32 for c in name)
        assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM9"}
        assert len(name.encode()) <= 255
    assert safe_stem("Acme Corp") == "Acme Corp"  # ordinary names stay as they are
    assert made[-1] == "東京株式会社.csv"


@pytest.fixture
def hostile_db(any_url):
    # PostgreSQL text cannot hold NUL; SQLite can (and the file name drops it either way).
    names = [n for n in HOSTILE if "\x00" not in n or any_url.startswith("sqlite")]
    when = [datetime(2026, 3, 1 + i % 27, tzinfo=UTC) for i in range(len(names))]
    events = [
        Event(i + 1, n, f"model-{i % 3}", 10 * i, i, i + 1, when[i]) for i, n in enumerate(names)
    ]
    db = Database(any_url, create=True)
    seed_rows(db, events, names)
    yield db, events
    db.dispose()


@pytest.mark.parametrize(
    ("fmt", "scope"),
    [("csv", "all"), ("jsonl", "by_model"), ("xlsx", "by_tenant"), ("json", "by_tenant_model")],
)
def test_one_file_per_tenant_whose_totals_add_up(hostile_db, tmp_path, fmt, scope):
    db, events = hostile_db
    params = ExportParams(*YEAR, format=fmt, scope=scope)
    folder = tmp_path / "statements"
    result = run_split_export(db, params, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in result.files)
    assert len(result.files) == len({e.tenant for e in events})
    for item in result.files:
        expected = expected_rows(*YEAR, scope=scope, tenants_=(item.tenant,), events=events)
        if fmt == "xlsx":  # a statement: the tenant in its header, its lines without it
            header, lines = statement_lines(folder / item.name)
            # openpyxl shows a NUL as the escape XLSX stores it as
            assert header["Statement for"].replace("_x0000_", "\0") == item.tenant
            assert lines == [(r[0], r[2], *r[3:]) for r in expected]
        else:
            rows = read_rows(folder / item.name, fmt)
            assert rows == (as_csv_expected(expected) if fmt == "csv" else expected)
        assert item.totals.cost_cents == sum(r[5] for r in expected)
    whole = expected_rows(*YEAR, scope="all", events=events)
    assert result.totals.cost_cents == sum(r[5] for r in whole)
    assert count_split(db, params) == result.totals


def test_the_folder_appears_whole_or_not_at_all(seeded, tmp_path):
    place = tmp_path / "exports"
    place.mkdir()
    folder = place / "statements"
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done > 0:
            cancel.set()  # after the first batch: some files are written by now

    params = ExportParams(*YEAR)
    with pytest.raises(ExportCancelled):
        run_split_export(
            db := seeded,
            params,
            folder,
            WriteOptions(batch_rows=5),
            ExportControl(progress, cancel=cancel),
        )
    assert os.listdir(place) == [] and seen
    # an older folder survives a failed export, and is replaced only with overwrite
    folder.mkdir()
    (folder / "older.csv").write_text("older")
    with pytest.raises(TargetExists):
        run_split_export(db, params, folder)
    with pytest.raises(ExportCancelled):
        run_split_export(
            db, params, folder, WriteOptions(overwrite=True), ExportControl(progress, cancel=cancel)
        )
    assert os.listdir(folder) == ["older.csv"] and os.listdir(place) == ["statements"]
    result = run_split_export(db, params, folder, WriteOptions(overwrite=True))
    assert "older.csv" not in os.listdir(folder) and len(result.files) == len(os.listdir(folder))
    assert os.listdir(place) == ["statements"]
    (place / "a-file").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        run_split_export(db, params, place / "a-file", WriteOptions(overwrite=True))


def test_every_file_is_on_the_disk_before_the_folder_is_published(
    seeded_sqlite, tmp_path, monkeypatch
):
    """The folder takes its name only once every file's data is synced to the disk: after a
    crash, a published folder never shows a statement whose data was still in memory."""
    synced: set[int] = set()
    synced_when_published: set[int] = set()
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:  # the real call, noting which file it was
        real_fsync(fd)
        synced.add(os.fstat(fd).st_ino)

    def rename(source, target) -> None:
        if Path(target) == folder:
            synced_when_published.update(synced)
        real_rename(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    folder = tmp_path / "statements"
    db = Database(seeded_sqlite)
    result = run_split_export(db, ExportParams(*YEAR, format="xlsx"), folder)
    db.dispose()
    files = [folder / f.name for f in result.files]
    assert len(files) > 3
    assert {p.stat().st_ino for p in files} <= synced_when_published


def test_command_line_statements_with_manifest_and_verify(seeded, any_url, tmp_path):
    proc = cli("export", "--database-url", any_url, "--split-by", "tenant", "--start",
               "2026-01-01", "--end", "2026-12-31", "--scope", "by_model", "--granularity",
               "month", "--manifest", "-o", str(tmp_path / "out"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert "files in" in proc.stdout.decode() + proc.stderr.decode()
    files = sorted((tmp_path / "out").iterdir())
    assert files and all(f.suffix == ".csv" for f in files)
    assert (tmp_path / "out.manifest.json").is_file()
    check = cli("verify", str(tmp_path / "out"), "--database-url", any_url)
    assert check.returncode == 0, check.stdout.decode()
    files[0].write_bytes(files[0].read_bytes() + b"\n")
    check = cli("verify", str(tmp_path / "out"))
    failed = [ln for ln in check.stdout.decode().splitlines() if ln.startswith("FAIL")]
    assert check.returncode == 1 and len(failed) == 1 and files[0].name in failed[0]
    again = cli("export", "--database-url", any_url, "--split-by", "tenant", "-o",
                str(tmp_path / "out"))  # fmt: skip
    assert_clean_failure(again, 1, "already exists; use --force")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--split-by", "model"], "Unknown split 'model'"),
        (["--split-by", "tenant", "-o", "-"], "writes a folder"),
    ],
)
def test_bad_splits_are_invalid_input(seeded, any_url, args, phrase):
    proc = cli("export", "--database-url", any_url, *args)
    assert_clean_failure(proc, 2, phrase)


@pytest.mark.parametrize(
    ("fmt", "scope", "granularity", "zone"),
    [
        ("csv", "all", "day", "Europe/Berlin"),
        ("json", "all", "day", "America/New_York"),
        ("jsonl", "all", "day", "UTC"),
        ("xlsx", "all", "day", "Europe/Berlin"),
        ("csv", "by_model", "day", "Europe/Berlin"),
        ("json", "by_tenant", "month", "America/New_York"),
        ("jsonl", "by_tenant_model", "total", "UTC"),
        ("xlsx", "by_model", "month", "Europe/Berlin"),
    ],
)
def test_one_pass_files_equal_each_tenants_own_export(
    seeded, tmp_path, fmt, scope, granularity, zone
):
    """The split reads every file's rows in one query; each file must be byte for byte the
    export of that tenant alone (what the split wrote when it queried tenant by tenant)."""
    params = ExportParams(*YEAR, format=fmt, scope=scope, granularity=granularity, timezone=zone)
    folder = tmp_path / "statements"
    result = run_split_export(
        seeded, params, folder, WriteOptions(context=FIXED_CONTEXT, batch_rows=3)
    )
    assert len(result.files) > 3
    for item in result.files:
        alone = tmp_path / f"alone.{fmt}"
        one = dataclasses.replace(params, tenants=(item.tenant,))
        statement = dataclasses.replace(FIXED_CONTEXT, statement_for=item.tenant)
        run_export(seeded, one, alone, WriteOptions(overwrite=True, context=statement, jobs=1))
        assert _contents(folder / item.name) == _contents(alone), item.tenant


def test_short_statements_are_built_without_scratch_files(seeded, tmp_path, monkeypatch):
    """A split writes one workbook per tenant: a statement of a few lines is built in memory,
    so it costs one file, not a scratch folder and a scratch file for each part of its zip.
    A longer one still streams through scratch files, and reads back the same."""
    params = ExportParams(*YEAR, format="xlsx", timezone="Europe/Berlin")
    in_memory = run_split_export(
        seeded, params, tmp_path / "in-memory", WriteOptions(context=FIXED_CONTEXT)
    )
    lines = sorted(f.rows for f in in_memory.files)
    limit = lines[len(lines) // 2]  # half the tenants over the limit, half not
    monkeypatch.setattr(xlsx_format, "IN_MEMORY_MAX_ROWS", limit)
    with _entries_created() as created:
        result = run_split_export(
            seeded, params, tmp_path / "mixed", WriteOptions(context=FIXED_CONTEXT)
        )
    [temp] = [p for p in created if p.parent == tmp_path]  # the folder before its rename
    inside = [p for p in created if p.parent == temp]
    scratch = [p for p in inside if p.name.endswith(PARTIAL_SUFFIX)]
    assert {p.name for p in inside if p not in scratch} == {f.name for f in result.files}
    assert len(scratch) == sum(f.rows > limit for f in result.files) > 0
    assert all(p.parent in scratch for p in created if p != temp and p not in inside)
    for item in result.files:
        mixed = statement_lines(tmp_path / "mixed" / item.name)
        assert mixed == statement_lines(tmp_path / "in-memory" / item.name), item.tenant


_RECORDERS: list[list[Path]] = []  # where the audit hook notes what is created, while a test asks


def _note_created(event: str, args: tuple) -> None:
    if not _RECORDERS:
        return
    if event == "os.mkdir":
        _RECORDERS[-1].append(Path(os.fsdecode(args[0])))
    elif event == "open" and isinstance(args[0], str | bytes):
        mode, flags = args[1], args[2]
        writes = any(c in mode for c in "wxa") if isinstance(mode, str) else False
        if writes or flags & os.O_CREAT:
            _RECORDERS[-1].append(Path(os.fsdecode(args[0])))


@contextlib.contextmanager
def _entries_created() -> Iterator[list[Path]]:
    """Every file and folder this process creates meanwhile, as the interpreter reports them
    (its audit events: the export runs unchanged)."""
    if not _RECORDERS and not getattr(_note_created, "installed", False):
        sys.addaudithook(_note_created)  # once a process: a hook cannot be removed
        _note_created.installed = True  # type: ignore[attr-defined]
    created: list[Path] = []
    _RECORDERS.append(created)
    try:
        yield created
    finally:
        _RECORDERS.remove(created)


def _contents(path) -> dict[str, bytes]:
    """A file's bytes; an XLSX's members but the one that holds the wall-clock time."""
    if path.suffix != ".xlsx":
        return {"": path.read_bytes()}
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("scope", ["all", "by_model"])
def test_a_split_reads_the_events_a_fixed_number_of_times(pg_url, tmp_path, scope):
    """The cost follows the rows, not the tenants: however many tenants, a split reads each
    event of the range a fixed number of times (totals, rows, checks), never once per tenant."""
    names = [f"tenant {i:02d}" for i in range(30)]
    when = datetime(2026, 3, 1, tzinfo=UTC)
    events = [Event(i + 1, names[i % 30], "m", 1, 1, 1, when) for i in range(600)]
    db = Database(pg_url, create=True)
    seed_rows(db, events, names)
    params = ExportParams(*YEAR, format="csv", scope=scope)
    before = _events_read(pg_url)
    run_split_export(db, params, tmp_path / "statements")
    db.dispose()
    assert _events_read(pg_url) - before <= 4 * len(events)


def _events_read(url: str) -> int:
    """Rows of usage_events read so far, by scans of the table and of its indexes."""
    import psycopg
    from helpers import libpq_url

    deadline = time.monotonic() + 5
    last = -1
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        while True:  # the exporting sessions' counters arrive when they end
            conn.execute("SELECT pg_stat_clear_snapshot()")
            (read,) = conn.execute(
                "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
                " FROM pg_stat_user_tables WHERE relname = 'usage_events'"
            ).fetchone()
            if read == last or time.monotonic() > deadline:
                return int(read)
            last = read
            time.sleep(0.5)
