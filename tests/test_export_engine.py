"""The export engine against the seed model, on both backends, every scope, format and option."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import as_csv_expected, json_rows, read_csv, read_json
from seed import INT32_MAX, expected_rows

from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams, count_rows, run_export

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model"])
def test_csv_matches_model_row_for_row(seeded, tmp_path, scope, zone):
    params = ExportParams(*YEAR, scope=scope, timezone=zone)
    result = run_export(seeded, params, tmp_path / "out.csv")
    header, rows = read_csv(tmp_path / "out.csv")
    assert header == [
        "date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents"
    ]  # fmt: skip
    expected = as_csv_expected(expected_rows(*YEAR, scope=scope, zone=zone))
    assert rows == expected
    assert result.rows == len(expected)
    assert result.totals.cost_cents == sum(r[5] for r in expected)
    assert result.totals.input_tokens == sum(r[3] for r in expected)
    assert result.bytes_written == (tmp_path / "out.csv").stat().st_size


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model"])
def test_json_matches_model_and_metadata(seeded, tmp_path, scope, zone):
    params = ExportParams(*YEAR, format="json", scope=scope, timezone=zone)
    run_export(seeded, params, tmp_path / "out.json")
    doc = read_json(tmp_path / "out.json")
    expected = expected_rows(*YEAR, scope=scope, zone=zone)
    assert json_rows(doc) == expected  # never formula-guarded
    meta = doc["metadata"]
    assert meta["totalRecords"] == len(doc["data"]) == len(expected)
    assert meta["totals"] == {
        "inputTokens": sum(r[3] for r in expected),
        "outputTokens": sum(r[4] for r in expected),
        "costCents": sum(r[5] for r in expected),
    }
    assert meta["scope"] == scope and meta["timezone"] == zone
    assert meta["dateRange"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert meta["filters"] == {"tenants": [], "models": []}
    assert meta["generator"].startswith("billing-desktop ")
    assert meta["exportedAt"].endswith("Z")


def test_sums_beyond_32_bits_are_exact(seeded, tmp_path):
    day = date(2026, 2, 10)
    for scope in ("all", "by_tenant", "by_model"):
        for fmt in ("csv", "json"):
            out = tmp_path / f"{scope}.{fmt}"
            result = run_export(seeded, ExportParams(day, day, format=fmt, scope=scope), out)
            assert result.totals.input_tokens == 6 * INT32_MAX
            assert result.totals.cost_cents == 6 * INT32_MAX
            if fmt == "json" and scope != "all":
                assert read_json(out)["data"][0]["inputTokens"] == 6 * INT32_MAX


def test_formula_guard_and_its_switch(seeded, tmp_path):
    on = run_export(seeded, ExportParams(*YEAR), tmp_path / "on.csv")
    off = run_export(seeded, ExportParams(*YEAR, formula_guard=False), tmp_path / "off.csv")
    _, rows_on = read_csv(tmp_path / "on.csv")
    _, rows_off = read_csv(tmp_path / "off.csv")
    expected = expected_rows(*YEAR)
    assert rows_off == expected
    assert rows_on == as_csv_expected(expected)
    names = {r[1] for r in rows_on}
    assert '\'=HYPERLINK("http://evil")' in names and "'-Minus Co" in names
    assert "'\tTab Co" in names and "'\rCR Co" in names and "'@At Co" in names
    # Numbers are never touched: refunds stay negative numbers.
    assert any(r[5] < 0 for r in rows_on)
    assert on.totals == off.totals
    text = (tmp_path / "on.csv").read_text(encoding="utf-8")
    assert "\n'-" not in text and ",'-" not in text.replace(",'-Minus Co", "")


def test_bom_is_optional_and_csv_only(seeded, tmp_path):
    run_export(seeded, ExportParams(*YEAR, bom=True), tmp_path / "bom.csv")
    run_export(seeded, ExportParams(*YEAR), tmp_path / "plain.csv")
    run_export(seeded, ExportParams(*YEAR, format="json", bom=True), tmp_path / "x.json")
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbfdate,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"date,")
    assert (tmp_path / "x.json").read_bytes().startswith(b"{")


def test_rfc4180_quoting_of_tricky_names(seeded, tmp_path):
    run_export(seeded, ExportParams(*YEAR), tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert b'"Comma, Inc."' in raw
    assert b'"Quote ""Q"" Ltd"' in raw
    assert b'"Line\nBreak GmbH"' in raw
    assert "Ünïcødé 株式会社 🚀".encode() in raw


@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model"])
def test_tenant_and_model_filters(seeded, tmp_path, scope):
    tenants = ("Acme Corp", "Comma, Inc.", "Line\nBreak GmbH")
    models = ("claude-sonnet-4-20250514", "=cmd|' /C calc'!A0")
    params = ExportParams(*YEAR, scope=scope, tenants=tenants, models=models, format="json")
    run_export(seeded, params, tmp_path / "f.json")
    doc = read_json(tmp_path / "f.json")
    expected = expected_rows(*YEAR, scope=scope, tenants_=tenants, models=models)
    assert expected and json_rows(doc) == expected
    assert doc["metadata"]["filters"] == {"tenants": list(tenants), "models": list(models)}


def test_day_boundaries_are_inclusive_and_zone_aware(seeded, tmp_path):
    # 8 March 2026 in New York: from 05:00 UTC to 04:00 UTC next day (clocks jump at 2am).
    day = date(2026, 3, 8)
    params = ExportParams(day, day, timezone="America/New_York", format="json")
    run_export(seeded, params, tmp_path / "ny.json")
    rows = json_rows(read_json(tmp_path / "ny.json"))
    assert rows == expected_rows(day, day, zone="America/New_York")
    assert len(rows) == 4  # 05:00, 06:59:59, 07:00 UTC and 03:59:59 UTC of 9 March
    # The event exactly at midnight UTC belongs to 1 March, not 28 February.
    march1 = ExportParams(date(2026, 3, 1), date(2026, 3, 1), format="json")
    run_export(seeded, march1, tmp_path / "m1.json")
    assert [r[0] for r in json_rows(read_json(tmp_path / "m1.json"))] == ["2026-03-01"] * 2


def test_empty_range_gives_header_only_and_valid_json(seeded, tmp_path):
    empty = (date(2030, 1, 1), date(2030, 1, 31))
    r1 = run_export(seeded, ExportParams(*empty), tmp_path / "e.csv")
    r2 = run_export(
        seeded, ExportParams(*empty, format="json", scope="by_model"), tmp_path / "e.json"
    )
    assert (tmp_path / "e.csv").read_text() == (
        "date,tenant_name,model_used,input_tokens,output_tokens,cost_cents\n"
    )
    doc = read_json(tmp_path / "e.json")
    assert doc["data"] == [] and doc["metadata"]["totalRecords"] == 0
    assert r1.rows == r2.rows == 0


def test_both_backends_write_identical_bytes(pg_url, sqlite_url, tmp_path):
    from seed import seed_rows

    from billing_desktop.db.connection import Database

    dbs = [Database(pg_url, create=True), Database(sqlite_url, create=True)]
    for db in dbs:
        seed_rows(db)
    for scope in ("all", "by_tenant", "by_model"):
        for fmt in ("csv", "json"):
            for zone in ("UTC", "Europe/Berlin"):
                params = ExportParams(*YEAR, format=fmt, scope=scope, timezone=zone)
                outputs = []
                for i, db in enumerate(dbs):
                    out = tmp_path / f"{i}-{scope}-{zone.replace('/', '_')}.{fmt}"
                    run_export(db, params, out)
                    data = out.read_bytes()
                    if fmt == "json":  # exportedAt differs by a second at most
                        data = b"\n".join(
                            line for line in data.split(b"\n") if b"exportedAt" not in line
                        )
                    outputs.append(data)
                assert outputs[0] == outputs[1], (scope, fmt, zone)
    for db in dbs:
        db.dispose()


def test_unknown_tenant_or_model_is_invalid_input(seeded, tmp_path):
    with pytest.raises(InvalidInput, match="Unknown tenant: 'Nobody'"):
        run_export(seeded, ExportParams(*YEAR, tenants=("Nobody",)), tmp_path / "x.csv")
    with pytest.raises(InvalidInput, match="Unknown model: 'gpt-0'"):
        run_export(seeded, ExportParams(*YEAR, models=("gpt-0",)), tmp_path / "x.csv")
    hostile = "x'); DROP TABLE tenants; --"
    with pytest.raises(InvalidInput, match="Unknown tenant"):
        count_rows(seeded, ExportParams(*YEAR, tenants=(hostile,)))
    assert not (tmp_path / "x.csv").exists()
    assert count_rows(seeded, ExportParams(*YEAR)).rows == len(expected_rows(*YEAR))


def test_hundreds_of_tenant_filters(seeded, tmp_path):
    names = ("Acme Corp",) * 1 + tuple("Acme Corp" for _ in range(3))
    params = ExportParams(*YEAR, tenants=(*names, "Zeta"))
    assert params.tenants == ("Acme Corp", "Zeta")  # deduplicated, order kept
    many = tuple(["Acme Corp", "Zeta"] + [f"missing {i}" for i in range(300)])
    with pytest.raises(InvalidInput, match="and 295 more"):
        count_rows(seeded, ExportParams(*YEAR, tenants=many))


def test_count_rows_equals_what_export_writes(seeded, tmp_path):
    for scope in ("all", "by_tenant", "by_model"):
        params = ExportParams(*YEAR, scope=scope, timezone="Europe/Berlin")
        counted = count_rows(seeded, params)
        result = run_export(seeded, params, tmp_path / f"{scope}.csv")
        assert counted == result.totals


def test_progress_reports_per_batch_and_ends_at_total(seeded, tmp_path):
    calls = []
    params = ExportParams(*YEAR)
    result = run_export(
        seeded, params, tmp_path / "p.csv", progress=lambda d, t: calls.append((d, t)),
        batch_rows=10,
    )  # fmt: skip
    total = result.rows
    # First "working, total unknown" (at once, whatever the size), then the total.
    assert calls[:2] == [(0, None), (0, total)]
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls[1:])
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= total // 10
