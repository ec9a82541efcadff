"""One request, the same rules on every face: combinations that make no sense are invalid
input (exit 2, one sentence, nothing written), and a run refused for its options leaves a
history record and a log line (test_cli_pipes.py: a closed pipe is a success)."""

from __future__ import annotations

import json

import pytest
from helpers import assert_clean_failure, cli

from billing_desktop import config

RANGE = ("--start", "2026-01-01", "--end", "2026-12-31")


def _history() -> list[dict]:
    proc = cli("history", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("--manifest", "-o", "-"), "standard output has no place"),
        (("--jobs", "4", "--split-by", "tenant", "-o", "{folder}"), "leave out --jobs"),
        (("--save-preset", "", "-o", "{file}"), "A preset needs a name"),
        (("-o", ""), "The output is empty"),
    ],
)
def test_a_combination_that_makes_no_sense_is_invalid_input(seeded_sqlite, tmp_path, args, phrase):
    args = tuple(a.format(folder=tmp_path / "st", file=tmp_path / "x.csv") for a in args)
    proc = cli("export", "--database-url", seeded_sqlite, *RANGE, *args, cwd=tmp_path)
    assert_clean_failure(proc, 2, phrase)
    assert proc.stdout == b""
    assert not list(tmp_path.glob("*.csv")) and not (tmp_path / "st").exists()


def test_a_run_refused_for_its_options_is_on_record(seeded_sqlite, tmp_path):
    proc = cli("export", "--database-url", seeded_sqlite, "--preset", "gone", "-o",
               str(tmp_path / "x.csv"))  # fmt: skip
    assert_clean_failure(proc, 2, "No preset named 'gone'")
    (record,) = _history()
    assert record["outcome"] == "failed" and "No preset named 'gone'" in record["message"]
    assert record["parameters"]["preset"] == "gone"
    log = (config.log_dir() / "cli.log").read_text(encoding="utf-8")
    assert "export failed (cli)" in log and "No preset named 'gone'" in log
