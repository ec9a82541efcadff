"""Values an export cannot write exactly are refused before anything is written.

SQLite keeps whatever a column is given: a cost of 1e20 (REAL) or '12' (TEXT) in an INTEGER
column. Written as it is, such a value would be rounded or cut in the file and make its totals
disagree with its rows, so the export names the first such row instead. PostgreSQL's bigint
columns hold whole numbers only and need no check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from billing_desktop.db.sql import Sql
from billing_desktop.errors import InvalidInput
from billing_desktop.export.queries import event_filter

if TYPE_CHECKING:
    from billing_desktop.export.params import ExportParams
    from billing_desktop.export.snapshot import Snapshot

FIGURES = ("input_tokens", "output_tokens", "cost_cents")
# True for an event whose tokens or cost SQLite holds as anything but an integer.
NOT_INTEGER = " OR ".join(f"typeof(e.{c}) <> 'integer'" for c in FIGURES)


def check_whole_numbers(snap: Snapshot, params: ExportParams) -> None:
    """InvalidInput naming the first event of the export whose tokens or cost is not an
    integer, on a database that lets an INTEGER column hold anything else. Every event of
    scope `all` is checked by the totals query that precedes its rows, in the same pass
    (refuse_event), so this scan is for the grouped scopes."""
    if snap.backend.enforces_column_types or params.scope == "all":
        return
    found = snap.all(
        Sql(
            "SELECT e.id FROM usage_events e JOIN tenants t ON t.id = e.tenant_id ",
            snap.backend.event_where(event_filter(params)),
            f" AND ({NOT_INTEGER}) LIMIT 1",
        )
    )
    if found:
        refuse_event(snap, found[0][0])


def refuse_event(snap: Snapshot, event_id: int) -> None:
    """InvalidInput naming the event and its first figure that is not an integer."""
    found = snap.all(
        Sql(
            f"SELECT e.id, {', '.join('e.' + c for c in FIGURES)} FROM usage_events e"
            f" WHERE e.id = {int(event_id)}"
        )
    )
    if found:
        row_id, *values = found[0]
        column, value = next(
            (c, v) for c, v in zip(FIGURES, values, strict=True) if type(v) is not int
        )
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise InvalidInput(
            f"Table usage_events, row id {row_id}: {column} holds {shown}, which is not an"
            " integer; tokens and costs must be stored as integers, so nothing was exported."
        )
