"""What a file holds: its row count and the exact integer sums of its columns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportTotals:
    rows: int
    input_tokens: int
    output_tokens: int
    cost_cents: int

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> ExportTotals:
        return cls(*(int(v or 0) for v in row[:4]))  # type: ignore[call-overload]
