"""The Export form's rules, without Qt."""

from __future__ import annotations

from datetime import date

from billing_desktop.export.params import ExportParams
from billing_desktop.export_form_rules import (
    Shown,
    count_key,
    path_for_format,
    path_for_split,
    target_problem,
    why_not_compared,
)

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_target_problems(tmp_path):
    assert target_problem(None, False) == "Choose a file to export to (Browse…)."
    assert "full path" in target_problem(tmp_path.relative_to(tmp_path.anchor), False)
    assert target_problem(tmp_path, False) == f"{tmp_path} is a folder; add a file name."
    (tmp_path / "a.csv").write_text("x")
    assert "is a file; a split" in target_problem(tmp_path / "a.csv", True)
    assert target_problem(tmp_path / "gone" / "b.csv", False) == (
        f"The folder {tmp_path / 'gone'} does not exist."
    )
    assert target_problem(tmp_path / "b.csv", False) is None
    assert target_problem(tmp_path / "statements", True) is None


def test_names_follow_the_format_and_the_split(tmp_path):
    assert path_for_format(tmp_path / "a.csv", "xlsx", False) == tmp_path / "a.xlsx"
    assert path_for_format(tmp_path / "a.txt", "xlsx", False) == tmp_path / "a.txt"
    assert path_for_format(tmp_path / "a", "json", True) == tmp_path / "a"
    assert path_for_split(tmp_path / "a.json", "json", True) == tmp_path / "a"
    assert path_for_split(tmp_path / "a", "jsonl", False) == tmp_path / "a.jsonl"
    assert path_for_split(tmp_path / "a.txt", "csv", True) == tmp_path / "a.txt"


def test_a_split_counts_again():
    params = ExportParams(*YEAR, scope="by_model")
    assert count_key(params, True) != count_key(params, False)


def test_only_the_dashboards_own_filter_is_compared():
    shown = Shown(*YEAR)
    assert why_not_compared(ExportParams(*YEAR), shown) is None
    assert "not compared" in why_not_compared(ExportParams(YEAR[0], date(2026, 6, 30)), shown)
    one = why_not_compared(ExportParams(*YEAR, tenants=("Acme",)), shown)
    assert one == (
        "This file is of another filter than the dashboard (tenants: Acme (dashboard: all"
        " tenants)), so their totals are not compared."
    )
    assert "models: m1" in why_not_compared(ExportParams(*YEAR, models=("m1",)), shown)
    assert "time zone: Asia/Tokyo" in why_not_compared(
        ExportParams(*YEAR, timezone="Asia/Tokyo"), shown
    )
    both = Shown(*YEAR, tenants=("B", "A"))
    assert why_not_compared(ExportParams(*YEAR, tenants=("A", "B")), both) is None
