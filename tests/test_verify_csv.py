"""verify's CSV reader (export/formats/csv_sums.py): exact sums on both of its paths (one
process, or two halves cut at a record boundary), with names that hold quotes, delimiters and
line breaks, and the same refusals of anything that is not a plain integer."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from billing_desktop.export.choices import COLUMNS as CSV_COLUMNS
from billing_desktop.export.formats import csv_sums as verify_csv
from billing_desktop.verify import NotAnExport, read_export

NAMES = ["Acme Corp", 'Quote "Q" Ltd', "Comma, Inc.", "Line\nBreak GmbH", 'Three\n"lines"\nhere',
         "Ünïcødé 株式会社 🚀", "Semi;colon", "Tab\there"]  # fmt: skip


def write_export(path: Path, rows: int, delimiter: str = ",", seed: int = 7) -> tuple[list, list]:
    """A CSV as the app writes it, and the byte offset where each record ends."""
    rng = random.Random(seed)
    lines: list[bytes] = []

    class Lines:
        def write(self, text: str) -> None:
            lines.append(text.encode())

    writer = csv.writer(Lines(), delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    ends, sums, offset = [], [0, 0, 0, 0], len(lines[0])
    for i in range(rows):
        figures = [rng.randrange(0, 10**9), rng.randrange(0, 10**6), rng.randrange(-50, 10**5)]
        writer.writerow([f"2026-11-{1 + i % 28:02d}", rng.choice(NAMES), rng.choice(NAMES),
                         *figures])  # fmt: skip
        offset += len(lines[-1])
        ends.append(offset)
        sums = [sums[0] + 1, *(s + f for s, f in zip(sums[1:], figures, strict=True))]
    path.write_bytes(b"".join(lines))
    return ends, sums


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("parallel", [False, True])
def test_sums_are_exact_on_both_paths(tmp_path, monkeypatch, delimiter, parallel):
    path = tmp_path / "x.csv"
    _, expected = write_export(path, 20_000, delimiter)
    monkeypatch.setattr(verify_csv, "PARALLEL_FROM_BYTES", 0 if parallel else 1 << 40)
    monkeypatch.setattr(verify_csv, "SECOND_PROCESS", parallel)
    monkeypatch.setattr(verify_csv, "_BLOCK_BYTES", 4096)  # many blocks, many record edges
    header = len(delimiter.join(CSV_COLUMNS)) + 1
    assert verify_csv.csv_sums(path, header, delimiter) == expected
    totals = read_export(path).totals
    assert [totals.rows, totals.input_tokens, totals.output_tokens, totals.cost_cents] == expected


def test_the_halves_meet_at_a_record_boundary(tmp_path):
    path = tmp_path / "x.csv"
    ends, _ = write_export(path, 3_000)
    size = path.stat().st_size
    for offset in random.Random(3).sample(range(ends[0], size), 400):
        boundary = verify_csv._boundary_after(path, offset)
        assert boundary in ends and boundary > offset
        assert not [end for end in ends if offset < end < boundary]


@pytest.mark.parametrize("figure", ["1_000", " 12", "+5", "1.5", "١٢", "", "--3", "7e3"], ids=repr)
def test_a_figure_that_is_not_a_plain_integer_is_refused(tmp_path, figure):
    path = tmp_path / "x.csv"
    path.write_text(",".join(CSV_COLUMNS) + f"\n2026-11-01,Acme,m,1,{figure},3\n", "utf-8")
    with pytest.raises(NotAnExport):
        read_export(path)


@pytest.mark.parametrize("line", ["2026-11-01,Acme,m,1,2", "2026-11-01,Acme,m,x,1,2,3",
                                  '2026-11-01,"open quote,m,1,2,3'])  # fmt: skip
def test_a_row_of_other_than_six_fields_is_refused(tmp_path, line):
    path = tmp_path / "x.csv"
    path.write_text(",".join(CSV_COLUMNS) + f"\n2026-11-01,A,m,1,2,3\n{line}\n", "utf-8")
    with pytest.raises(NotAnExport):
        read_export(path)
