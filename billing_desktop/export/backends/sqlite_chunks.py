"""SQLite's lines of every event taken a few thousand at a time.

Fetched one row per step, each line costs Python a tuple and a string, and the GIL is let go
and taken again around every step; with a second connection reading on another thread, that
hand-over is paid per row. Instead the range is cut at created_at values every batch of
events (read on the index) and SQLite joins each chunk's lines into one text
(sqlite_sql.sqlite_line_chunk): Python takes one value per chunk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

from billing_desktop.db.sql import Param, Sql
from billing_desktop.export.backends import sqlite_sql
from billing_desktop.export.backends.sqlite_sql import Part
from billing_desktop.export.params import ExportParams

# Runs a query on the reading connection and returns its cursor.
Execute = Callable[[Sql], sqlite3.Cursor]
# The lines' query of one part of the range (sqlite_sql.sqlite_event_lines).
LinesOf = Callable[[Part], Sql]


def cursor_of(conn: sqlite3.Connection) -> Execute:
    def execute(query: Sql) -> sqlite3.Cursor:
        text, params = query.qmark()
        return conn.execute(text, params)

    return execute


class _Bound:
    """Marks where a chunk's bounds go among a query's parameters."""


def _for_any_part(query_of: Callable[[Part], Sql]) -> Callable[[Part], Sql]:
    """query_of built once: the same text, only the part's bounds changed (building the
    query, with its zone's spans, costs more than running it for a chunk)."""
    first, before = _Bound(), _Bound()
    parts = query_of((first, before)).parts
    at = [
        (i, 0 if part.value is first else 1)
        for i, part in enumerate(parts)
        if isinstance(part, Param) and (part.value is first or part.value is before)
    ]

    def of(part: Part) -> Sql:
        filled = list(parts)
        for i, side in at:
            filled[i] = Param(part[side])
        return Sql(*filled)

    return of


def line_chunks(
    execute: Execute,
    params: ExportParams,
    lines_of: LinesOf,
    part: Part,
    separator: str,
    chunk_rows: int,
) -> Iterator[tuple[str, int]]:
    """(lines joined by `separator`, how many) per chunk of `part` of about `chunk_rows`
    events of the time range, in the file's order; chunks without lines are left out."""
    chunk_of = _for_any_part(lambda p: sqlite_sql.sqlite_line_chunk(lines_of(p), separator))
    end_of = _for_any_part(lambda p: sqlite_sql.sqlite_part_end(params, p, chunk_rows))
    first, before = sqlite_sql.whole_range(params, part)
    while True:
        end = _chunk_end(execute, params, end_of, (first, before))
        text, rows = execute(chunk_of((first, end if end is not None else before))).fetchone()
        if rows:
            yield text, rows
        if end is None:
            return
        first = end


def _chunk_end(
    execute: Execute, params: ExportParams, end_of: Callable[[Part], Sql], part: Part
) -> object | None:
    """Where the chunk starting at part's start ends: the created_at a chunk's events on, or
    past a longer run of events sharing the part's first time; None: at the part's end."""
    row = execute(end_of(part)).fetchone()
    if row is None or row[0] != part[0]:
        return None if row is None else row[0]
    row = execute(sqlite_sql.sqlite_next_created_at(params, part[0], part)).fetchone()
    return None if row is None else row[0]
