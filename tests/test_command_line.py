"""The copied command line (export/command_line.py): the arguments reach the program unchanged
in POSIX sh and in PowerShell, never with a password. tests/ui/test_export_dialog_presets.py
runs the copied POSIX command and compares the files."""

from __future__ import annotations

import shlex
import subprocess
from datetime import date
from pathlib import Path

import pytest

from billing_desktop.errors import InvalidInput
from billing_desktop.export.command_line import COMMAND, export_arguments, export_command
from billing_desktop.export.request import ExportRequest

HOSTILE = ["Acme Corp", "O'Brien & Sons", 'Quote "Q" Ltd', "Line\nBreak", "$(rm -rf ~)",
           "`whoami`", "semi;colon", "back\\slash", "-leading dash", "@splat", "a,b",
           "it’s typographic", "日本語", "*glob?", "%PATH%", "$env:HOME"]  # fmt: skip
OPTIONS = {"format": "csv", "scope": "by_tenant_model", "granularity": "month",
           "period": "last-month", "tenants": HOSTILE, "models": ["=cmd|' /C calc'!A0"],
           "timezone": "Europe/Berlin", "delimiter": "\t", "bom": True, "formula_guard": False,
           "manifest": True, "split_by": "tenant"}  # fmt: skip
OUTPUT = Path("/srv/billing/it's a folder/statements")
REQUEST = ExportRequest.from_json({**OPTIONS, "output": str(OUTPUT)})
URL = "postgresql://billing:S3cret%40pw@db.example.com:5432/billing?sslmode=require"


def powershell_words(line: str) -> list[str]:
    """Split a line as PowerShell reads bare words and single-quoted strings (the only forms
    the command uses): in '…', two quotes of any of ' ‘ ’ ‚ ‛ stand for one."""
    quotes = "'\u2018\u2019\u201a\u201b"
    words, i = [], 0
    while i < len(line):
        if line[i] == " ":
            i += 1
            continue
        if line[i] in quotes:
            word, i = "", i + 1
            while True:
                if line[i] in quotes and i + 1 < len(line) and line[i + 1] in quotes:
                    word, i = word + line[i], i + 2
                elif line[i] in quotes:
                    i += 1
                    break
                else:
                    word, i = word + line[i], i + 1
            words.append(word)
        else:
            end = line.find(" ", i)
            end = len(line) if end < 0 else end
            word = line[i:end]
            assert not set(word) & set("$`'\"@,;&|(){}<>#*?%\u2018\u2019"), word
            words.append(word)
            i = end
    return words


def test_posix_sh_passes_every_argument_unchanged():
    line = export_command(REQUEST, URL, shell="posix")
    expected = [COMMAND, *export_arguments(REQUEST, URL)]
    assert shlex.split(line) == expected
    # and a real shell agrees: printf prints each argument on its own, NUL-separated
    printed = subprocess.run(["/bin/sh", "-c", "printf '%s\\0' " + line.split(" ", 1)[1]],
                             capture_output=True, check=True).stdout  # fmt: skip
    assert printed.split(b"\0")[:-1] == [arg.encode() for arg in expected[1:]]


def test_powershell_passes_every_argument_unchanged():
    line = export_command(REQUEST, URL, shell="powershell")
    assert powershell_words(line) == [COMMAND, *export_arguments(REQUEST, URL)]


@pytest.mark.parametrize("shell", ["posix", "powershell"])
def test_never_a_password(shell):
    line = export_command(REQUEST, URL, shell=shell)  # type: ignore[arg-type]
    assert "S3cret" not in line and "postgresql://billing@db.example.com:5432/billing" in line


def test_the_options_become_the_flags():
    args = export_arguments(REQUEST)
    assert "--database-url" not in args  # the command finds the database by itself
    pairs = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}
    assert pairs["--period"] == "last-month" and "--start" not in args
    assert pairs["--delimiter"] == "tab" and pairs["--granularity"] == "month"
    assert {"--bom", "--no-formula-guard", "--manifest"} <= set(args)
    assert args.count("--tenant") == len(HOSTILE) and pairs["--split-by"] == "tenant"
    fixed = export_arguments(REQUEST.replace(period=None, start=date(2026, 10, 1),
                                             end=date(2026, 10, 31), format="xlsx"))  # fmt: skip
    assert fixed[fixed.index("--start") + 1] == "2026-10-01" and "--delimiter" not in fixed


def test_a_name_with_nul_cannot_be_a_command_line():
    with pytest.raises(InvalidInput, match="NUL"):
        export_arguments(REQUEST.replace(tenants=("bad\0name",)))
