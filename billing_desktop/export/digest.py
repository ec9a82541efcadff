"""A digest of the rows an export holds, so that `verify` notices any change to them.

Totals alone miss changes that keep the sums: an event moved from one tenant to another (both
statements wrong, the grand total unchanged), or cents moved between two events of one file.
The digest is a SHA-256 over every row the file holds, in the file's order, in one canonical
text form (fields apart by U+001F, rows ended by a line feed), whatever the file's format. It
is computed in the export's own snapshot and recorded in the manifest; `verify` computes it
again from the database now, in one snapshot, and compares.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Sequence

from billing_desktop.export import queries
from billing_desktop.export.params import ExportParams
from billing_desktop.export.snapshot import Snapshot

PREFIX = "sha256:"


class RowDigest:
    """SHA-256 of rows fed in batches, in order."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def update(self, batch: Iterable[Sequence[object]]) -> None:
        text = "".join(
            "\x1f".join("" if v is None else str(v) for v in row[:6]) + "\n" for row in batch
        )
        self._hash.update(text.encode("utf-8", "surrogatepass"))

    def hexdigest(self) -> str:
        return PREFIX + self._hash.hexdigest()


def rows_digest(snap: Snapshot, params: ExportParams) -> str:
    """The digest of the rows an export of `params` writes, read in `snap`."""
    grouped = params.scope != "all"
    query = (
        queries.grouped_rows(snap.backend, params)
        if grouped
        else queries.event_rows(snap.backend, params)
    )
    digest = RowDigest()
    with contextlib.closing(snap.batches(query)) as batches:
        for batch in batches:
            digest.update(batch)
    return digest.hexdigest()
