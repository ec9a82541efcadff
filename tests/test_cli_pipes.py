"""`export -o - | head`: a reader that closes the pipe early ends the export quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import cli
from seed import seed_rows

from billing_desktop import config
from billing_desktop.db.connection import Database


def test_closed_pipe_ends_quietly(sqlite_url, tmp_path):
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    db.dispose()
    from billing_desktop.db.demo import add_demo_events

    demo = Database(sqlite_url, create=True)
    add_demo_events(demo, 200_000, seed=1)
    demo.dispose()
    command = [sys.executable, "-m", "billing_desktop", "export", "--database-url", sqlite_url,
               "--start", "2000-01-01", "--end", "2099-12-31", "-o", "-"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(100)  # like `head -c 100`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = proc.wait(timeout=120)
    assert first.startswith(b"date,tenant_name")
    assert err == "" and code in (0, 141), (code, err)
    # A reader that stops early is a success of the writer: on record as one, no error logged.
    (record,) = json.loads(cli("history", "--json").stdout)
    assert record["outcome"] == "succeeded", record
    log = (config.log_dir() / "cli.log").read_text(encoding="utf-8")
    assert "ERROR" not in log and "BrokenPipeError" not in log


def test_names_that_are_not_utf8_are_invalid_input(sqlite_url):
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    db.dispose()
    for option in ("--tenant", "--model"):
        command = [sys.executable.encode(), b"-m", b"billing_desktop", b"export",
                   b"--database-url", sqlite_url.encode(), option.encode(), b"Acme\xff",
                   b"-o", b"-"]  # fmt: skip
        proc = subprocess.run(command, capture_output=True, timeout=120)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and "Traceback" not in err, err
        assert err.strip().count("\n") == 0 and "not valid UTF-8" in err, err
        assert proc.stdout == b""
