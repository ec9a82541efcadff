"""What a file holds: its row count and the exact integer sums of its columns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import Any

from billing_desktop.formatting import counted

_FIELDS = ("rows", "input_tokens", "output_tokens", "cost_cents")


@dataclass(frozen=True)
class ExportTotals:
    rows: int
    input_tokens: int
    output_tokens: int
    cost_cents: int

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> ExportTotals:
        return cls(*(int(v or 0) for v in row[:4]))  # type: ignore[call-overload]

    @classmethod
    def of(cls, numbers: Iterable[tuple[int, int, int]]) -> ExportTotals:
        """The totals of rows given as (input tokens, output tokens, cost cents)."""
        rows = inp = out = cost = 0
        for i, o, c in numbers:
            rows, inp, out, cost = rows + 1, inp + i, out + o, cost + c
        return cls(rows, inp, out, cost)

    @classmethod
    def sum(cls, parts: Iterable[ExportTotals]) -> ExportTotals:
        rows = [astuple(part) for part in parts]
        return (
            cls(*(sum(column) for column in zip(*rows, strict=True))) if rows else cls(0, 0, 0, 0)
        )

    @classmethod
    def from_json(cls, rows: Any, totals: Any) -> ExportTotals:
        """From a manifest's or JSON file's `rows` and `totals`; ValueError unless every
        figure is an integer."""
        values = (rows, totals["inputTokens"], totals["outputTokens"], totals["costCents"])
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError(f"the totals are not whole numbers: {values}")
        return cls(*values)

    def to_json(self) -> dict[str, int]:
        return {
            "inputTokens": self.input_tokens,
            "outputTokens": self.output_tokens,
            "costCents": self.cost_cents,
        }

    def describe(self) -> str:
        return (
            f"{counted(self.rows, 'row')}, {self.input_tokens:,} input and"
            f" {self.output_tokens:,} output tokens, {counted(self.cost_cents, 'cent')}"
        )

    def differences(self, other: ExportTotals) -> str:
        """'rows 10 -> 11, cost_cents 500 -> 520' for the fields that differ."""
        return ", ".join(
            f"{name} {getattr(self, name):,} -> {getattr(other, name):,}"
            for name in _FIELDS
            if getattr(self, name) != getattr(other, name)
        )
