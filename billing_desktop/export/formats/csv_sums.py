"""Re-reading an exported CSV for `verify`: its rows and the sums of its three figure columns,
exactly, and fast (docs/performance.md has the figures).

The csv module parses (it is C); the sums run in C too (`map`, `sum`) over batches of rows
instead of a Python step per row. A big file is then
cut in two at a record boundary (a newline outside quotes: an even number of `"` before it)
and the second half is parsed by a child process on the other core.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path

FIELDS = 6
# Below this a child process costs more than it saves (it starts in ~0.1 s).
PARALLEL_FROM_BYTES = 32 << 20
# Only the `billing-desktop verify` command turns the child process on: a spawned child
# imports the parent's main script again, and only the app's own entry points are known to
# guard their start (`if __name__ == "__main__"`, freeze_support). The window, or a program
# that imports this module, reads with one process.
SECOND_PROCESS = False
_BLOCK_BYTES = 4 << 20
_BATCH_ROWS = 1024  # small batches keep the cycle collector's scans of live rows cheap
_FIGURES = re.compile(r"[0-9-]*")  # what int() is given: no spaces, "+", "_" or non-ASCII
_FIGURE_COLUMNS = tuple(itemgetter(i) for i in (3, 4, 5))

Sums = list[int]  # rows, input tokens, output tokens, cents


def csv_sums(path: Path, start: int, delimiter: str) -> Sums:
    """Rows and sums of the records from byte `start` (just after the header) to the end."""
    size = path.stat().st_size
    if not SECOND_PROCESS or size < PARALLEL_FROM_BYTES or (os.cpu_count() or 1) < 2:
        return range_sums(path, start, size, delimiter)
    middle = _boundary_after(path, start + (size - start) // 2)
    if middle >= size:
        return range_sums(path, start, size, delimiter)
    # Imported here: an export, which reads no file back, need not load them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    spawn = multiprocessing.get_context("spawn")  # never fork a process that may run Qt
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        second = pool.submit(range_sums, path, middle, size, delimiter)
        first = range_sums(path, start, middle, delimiter)
        rest = second.result()
    return [a + b for a, b in zip(first, rest, strict=True)]


def _boundary_after(path: Path, offset: int) -> int:
    """The first record boundary at or after `offset`: the end of a line with an even number
    of quotes before it (RFC 4180: a newline inside quotes is part of a field)."""
    with path.open("rb") as f:
        quotes = 0
        while f.tell() < offset and (block := f.read(min(_BLOCK_BYTES, offset - f.tell()))):
            quotes += block.count(b'"')
        while line := f.readline():
            quotes += line.count(b'"')
            if quotes % 2 == 0 and line.endswith(b"\n"):
                return f.tell()
    return path.stat().st_size  # no boundary after it: one part


def range_sums(path: Path, start: int, end: int, delimiter: str) -> Sums:
    """Rows and sums of the whole records in bytes [start, end) of the file, read in blocks of
    whole records so that memory stays small whatever the file's size."""
    sums = [0, 0, 0, 0]
    with path.open("rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            block = f.read(min(_BLOCK_BYTES, left))
            left -= len(block)
            quotes = block.count(b'"')
            while left > 0 and (quotes % 2 or not block.endswith(b"\n")):
                line = f.readline(left)  # on to the end of the record
                left -= len(line)
                quotes += line.count(b'"')
                block += line
            text = block.decode("utf-8")  # whole lines: never a character cut in two
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            _add_rows(sums, reader)
    return sums


def _add_rows(sums: Sums, reader: Iterator[list[str]]) -> None:
    while batch := list(islice(reader, _BATCH_ROWS)):
        if set(map(len, batch)) != {FIELDS}:
            bad = next(row for row in batch if len(row) != FIELDS)
            raise ValueError(f"a row has {len(bad)} fields, not {FIELDS}: {bad[:2]!r}")
        for i, column in enumerate(_FIGURE_COLUMNS, start=1):
            figures = list(map(column, batch))
            if not _FIGURES.fullmatch("".join(figures)):
                raise ValueError(f"a figure is not an integer near row {sums[0] + 1}")
            sums[i] += sum(map(int, figures))  # int("") and int("1-2") raise ValueError
        sums[0] += len(batch)
