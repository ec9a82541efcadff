"""The export engine against the seed model, on both backends, every scope, format and option."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import as_csv_expected, json_rows, read_csv, read_json
from seed import INT32_MAX, expected_rows

from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.export.control import ExportControl
from billing_desktop.export.runner import WriteOptions

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
    control = ExportControl(progress=lambda d, t: calls.append((d, t)))
    result = run_export(seeded, params, tmp_path / "p.csv", WriteOptions(batch_rows=10), control)
    total = result.rows
    # First "working, total unknown" (at once, whatever the size), then the total.
    assert calls[:2] == [(0, None), (0, total)]
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls[1:])
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= total // 10


# Names that each trip a different quoting rule. PostgreSQL's COPY (FORMAT csv) is the reference
# for CSV: quoted when holding , " LF or CR, or when empty ('' is told from NULL that way).
NASTY = [
    "",
    '"',
    '""',
    ",",
    "\r",
    "\n",
    "\r\n",
    "lone\rCR",
    "ends with CR\r",
    "'",
    "=",
    "-1",
    "\tTab",
    "@",
    " leading space",
    "Ünïcødé \u2028 株式会社 🚀",
    "ctl \x01\x1f\b\f\x7f back\\slash /",
    "x" * 2500 + '"' + "y, z" * 625,
    "=" + "q" * 5000,
    "plain",
]


def _nasty_events(models: list[str]) -> list:
    from datetime import UTC, datetime, timedelta

    from seed import Event

    base = datetime(2026, 5, 1, 12, tzinfo=UTC)
    return [
        Event(i + 1, NASTY[i % len(NASTY)], models[(i * 7) % len(models)], i, 2 * i, i - 20,
              base + timedelta(hours=5 * i))
        for i in range(2 * max(len(NASTY), len(models)))
    ]  # fmt: skip


def _copy_csv(rows: list[tuple], guard: bool) -> bytes:
    """The file COPY would write for these rows: an independent model of the CSV rules."""

    def field(value: object, text_column: bool) -> str:
        if value is None:
            return ""
        text = str(value)
        if text_column and guard and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            text = "'" + text
        if text == "" or any(c in text for c in ',"\n\r'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = ["date,tenant_name,model_used,input_tokens,output_tokens,cost_cents"]
    for row in rows:
        lines.append(",".join(field(v, i in (1, 2)) for i, v in enumerate(row)))
    return ("\n".join(lines) + "\n").encode()


def _both_backends(pg_url, sqlite_url, events):
    from seed import seed_rows

    from billing_desktop.db.connection import Database

    dbs = [Database(pg_url, create=True), Database(sqlite_url, create=True)]
    for db in dbs:
        seed_rows(db, events, NASTY)
    return dbs


def _export_bytes(db, params, path) -> bytes:
    run_export(db, params, path)
    data = path.read_bytes()
    if params.format == "json":  # exportedAt may differ by a second between the two runs
        data = b"\n".join(line for line in data.split(b"\n") if b"exportedAt" not in line)
    return data


@pytest.mark.parametrize(
    "models",
    [
        pytest.param(NASTY, id="few-models-encoded-once"),
        # More models needing quotes than queries.MODEL_CASES_MAX: SQLite encodes them per row.
        pytest.param([f'm{i}, "{i}"' for i in range(60)] + NASTY, id="many-models-per-row"),
    ],
)
def test_nasty_names_are_byte_identical_on_both_backends(pg_url, sqlite_url, tmp_path, models):
    import json

    events = _nasty_events(models)
    dbs = _both_backends(pg_url, sqlite_url, events)
    picked = ('"', "\r", "plain")
    picked_models = {e.model for e in events if e.tenant in picked and e.model}
    options = [
        dict(format="csv"),
        dict(format="csv", formula_guard=False),
        dict(format="csv", bom=True, timezone="Asia/Kathmandu"),
        dict(format="json"),
        dict(format="csv", scope="by_tenant"),
        dict(format="csv", scope="by_model", formula_guard=False),
        dict(format="json", scope="by_model"),
        dict(format="csv", tenants=picked, models=tuple(sorted(picked_models))[:3]),
    ]
    for n, option in enumerate(options):
        params = ExportParams(*YEAR, **option)
        pg, lite = (_export_bytes(db, params, tmp_path / f"{n}-{i}") for i, db in enumerate(dbs))
        assert pg == lite, option
        if params.format == "json":
            doc = json.loads(lite)
            expected = expected_rows(*YEAR, scope=params.scope, events=events)
            assert json_rows(doc) == expected, option
        else:
            expected = expected_rows(
                *YEAR, scope=params.scope, zone=params.timezone, tenants_=params.tenants,
                models=params.models, events=events,
            )  # fmt: skip
            assert expected, option
            bom = b"\xef\xbb\xbf" if params.bom else b""
            assert lite == bom + _copy_csv(expected, params.formula_guard), option
    for db in dbs:
        db.dispose()


def test_sqlite_null_names_outside_the_schema_are_written_as_before(sqlite_url, tmp_path):
    """A hand-made SQLite file may lack NOT NULL: a NULL name gives an empty CSV field and a
    JSON null (what csv.writer and json.dumps made of None), never a lost or broken line."""
    import contextlib
    import json
    import sqlite3

    from billing_desktop.db.connection import Database

    db = Database(sqlite_url, create=True)
    with contextlib.closing(sqlite3.connect(db.sqlite_path)) as conn, conn:
        conn.execute("CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute(
            "CREATE TABLE usage_events (id INTEGER PRIMARY KEY, tenant_id INTEGER, model TEXT,"
            " input_tokens INTEGER, output_tokens INTEGER, cost_cents INTEGER, created_at TEXT)"
        )
        conn.executemany("INSERT INTO tenants VALUES (?, ?)", [(1, None), (2, "")])
        conn.executemany(
            "INSERT INTO usage_events VALUES (?, ?, ?, 1, 2, 3, ?)",
            [
                (1, 1, None, "2026-05-01 10:00:00"),
                (2, 2, "m", "2026-05-01 11:00:00"),
                (3, 1, "", "2026-05-01 12:00:00"),
            ],
        )
    run_export(db, ExportParams(*YEAR), tmp_path / "n.csv")
    assert (tmp_path / "n.csv").read_bytes().split(b"\n")[1:] == [
        b"2026-05-01,,,1,2,3",
        b'2026-05-01,"",m,1,2,3',
        b'2026-05-01,,"",1,2,3',
        b"",
    ]
    run_export(db, ExportParams(*YEAR, format="json"), tmp_path / "n.json")
    data = json.loads((tmp_path / "n.json").read_bytes())["data"]
    assert [(d["tenantName"], d["modelUsed"]) for d in data] == [
        (None, None),
        ("", "m"),
        (None, ""),
    ]
    db.dispose()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_pg_totals_read_beside_the_rows_give_the_same_file(pg_url, tmp_path, fmt, monkeypatch,
                                                           caplog):  # fmt: skip
    """A file whose beginning needs no totals streams its rows at once while a second
    connection in the same snapshot reads the totals: the same bytes and totals, and the
    progress counts towards the planner's estimate until the totals are known."""
    import logging

    from helpers import FIXED_CONTEXT
    from seed import seed_rows

    from billing_desktop.db.connection import Database
    from billing_desktop.export.backends import postgresql

    db = Database(pg_url, create=True)
    seed_rows(db)
    params = ExportParams(*YEAR, format=fmt)
    first = tmp_path / f"first.{fmt}"
    first_result = run_export(db, params, first, WriteOptions(context=FIXED_CONTEXT, jobs=1))
    monkeypatch.setattr(postgresql, "BESIDE_MIN_ROWS", 0)
    caplog.set_level(logging.INFO, "billing_desktop.export")
    calls: list[tuple[int, int | None]] = []
    beside = tmp_path / f"beside.{fmt}"
    options = WriteOptions(context=FIXED_CONTEXT, jobs=1, batch_rows=2)
    control = ExportControl(progress=lambda d, t: calls.append((d, t)))
    result = run_export(db, params, beside, options, control)
    db.dispose()
    assert beside.read_bytes() == first.read_bytes()
    assert result.totals == first_result.totals == count_rows(Database(pg_url), params)
    assert calls[0] == (0, None) and calls[1][0] == 0 and calls[1][1] is not None
    assert calls[-1] == (result.rows, result.rows)
    assert not any("totals read after the rows" in r.getMessage() for r in caplog.records)
