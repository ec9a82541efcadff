"""FOCUS 1.2 export: checked by the FinOps Foundation's own validator (scripts/focus-validator
installs it in .venv-focus), against the database's cents and tokens, across DST changes, and
read back by a real consumer (DuckDB) with FOCUS's column types."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from seed import Event, seed_rows

from billing_desktop import cli, config
from billing_desktop.db.connection import Database
from billing_desktop.export.formats.focus_format import (
    METADATA_SUFFIX,
    charge_days,
    dollars,
)

REPO = Path(__file__).resolve().parent.parent
VALIDATOR = REPO / ".venv-focus" / "bin" / "focus-validator"
# What this export supports, so that the validator also checks those columns' rules.
CRITERIA = "USAGE_MEASUREMENT_SUPPORTED,ACCOUNT_NAMING_SUPPORTED"

# ASCII names: the validator rejects names outside ASCII (see docs/focus.md).
TENANTS = ["Acme Corp", "Beta Ltd", "Gamma 42"]
MODELS = ["claude-sonnet-4-20250514", "gpt-4o-2024-08-06"]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# Around the spring DST changes of 2026: New York on 8 March, Berlin on 29 March.
EVENTS = [
    Event(1, "Acme Corp", MODELS[0], 1500, 800, 2100, _utc(2026, 3, 28, 22, 30)),
    Event(2, "Acme Corp", MODELS[1], 1000, 0, 5, _utc(2026, 3, 29, 12, 0)),
    Event(3, "Beta Ltd", MODELS[1], 7, 3, 0, _utc(2026, 3, 30, 23, 30)),
    Event(4, "Beta Ltd", MODELS[0], 120000, 45000, 999, _utc(2026, 3, 8, 4, 59)),
    Event(5, "Gamma 42", MODELS[0], 2, 1, 1, _utc(2026, 3, 8, 5, 0)),
    Event(6, "Gamma 42", MODELS[0], 3, 4, 7, _utc(2026, 3, 9, 3, 59)),
    Event(7, "Acme Corp", MODELS[0], 10, 10, 12345, _utc(2026, 3, 31, 21, 59)),
]


@pytest.fixture
def focus_db(any_url):
    db = Database(any_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    yield db
    db.dispose()


def export(url: str, out: Path, *extra: str) -> int:
    dates = ["--start", "2026-03-01", "--end", "2026-03-31"]
    return cli.main(["export", "--database-url", url, "--format", "focus", "-q", *dates,
                     "-o", str(out), *extra])  # fmt: skip


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def validator_failures(path: Path, criteria: str = CRITERIA) -> list[str]:
    """The rules the validator failed, less the branches of an either-or rule that passed
    through its other branch (it reports both branches of such a rule)."""
    if not VALIDATOR.exists():
        if os.environ.get("CI"):
            pytest.fail("focus-validator is missing: run scripts/focus-validator")
        pytest.skip("focus-validator is not installed (scripts/focus-validator)")
    package = next((REPO / ".venv-focus" / "lib").glob("python3*/site-packages"))
    proc = subprocess.run(
        [str(VALIDATOR), "--data-file", str(path), "--validate-version", "1.2",
         "--block-download", "--applicability-criteria", criteria],
        cwd=package,  # it opens its currency list by a path relative to its package's folder
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "Total:" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    status = dict(re.findall(r"^\S+ (\S+): (PASS|FAIL|SKIPPED)", proc.stdout, re.M))
    assert sum(s == "PASS" for s in status.values()) > 100
    rules = json.loads((package / "focus_validator/rules/model-1.2.0.1.json").read_text())
    either_or_passed: set[str] = set()
    for rule_id, rule in rules["ModelRules"].items():
        requirement = rule["ValidationCriteria"].get("Requirement", {})
        if requirement.get("CheckFunction") == "OR" and status.get(rule_id) == "PASS":
            either_or_passed |= {i.get("ModelRuleId") for i in requirement["Items"]}
    return [r for r, s in status.items() if s == "FAIL" and r not in either_or_passed]


def database_cents(db: Database) -> dict[str, int]:
    with db.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT t.name, SUM(e.cost_cents) FROM usage_events e"
            " JOIN tenants t ON t.id = e.tenant_id GROUP BY t.name"
        ).all()
    return {name: int(cents) for name, cents in rows}


def test_focus_file_passes_the_validator_and_adds_up(focus_db, any_url, tmp_path):
    out = tmp_path / "usage.csv"
    assert export(any_url, out, "--timezone", "Europe/Berlin") == 0
    assert validator_failures(out) == []
    rows = read_rows(out)
    billed: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        billed[row["BillingAccountName"]] += Decimal(row["BilledCost"])
        assert Decimal(row["BilledCost"]) * 100 == int(row["x_CostCents"])
        assert row["BilledCost"] == row["EffectiveCost"] == row["ListCost"]
        tokens = int(row["x_InputTokens"]) + int(row["x_OutputTokens"])
        assert Decimal(row["ConsumedQuantity"]) == tokens
        assert row["ConsumedUnit"] == "Tokens" and row["BillingCurrency"] == "USD"
        assert row["InvoiceId"] == "" and row["InvoiceIssuerName"] == "Your company"
    cents = database_cents(focus_db)
    assert billed == {name: Decimal(c) / 100 for name, c in cents.items()}
    assert sum(billed.values()) == Decimal(sum(cents.values())) / 100
    assert sum(Decimal(r["ConsumedQuantity"]) for r in rows) == sum(
        e.input_tokens + e.output_tokens for e in EVENTS
    )
    with focus_db.read() as conn:
        ids = dict(conn.exec_driver_sql("SELECT name, id FROM tenants").all())
    assert {(r["BillingAccountName"], r["x_TenantId"]) for r in rows} == {
        (name, str(ids[name])) for name in TENANTS
    }
    metadata = json.loads((tmp_path / ("usage.csv" + METADATA_SUFFIX)).read_text())
    assert metadata["Schema"]["FocusVersion"] == "1.2"
    assert [c["ColumnName"] for c in metadata["Schema"]["ColumnDefinition"]] == list(rows[0])


def _periods(rows: list[dict[str, str]], tenant: str) -> list[tuple[str, ...]]:
    return sorted(
        (r["ChargePeriodStart"], r["ChargePeriodEnd"], r["BillingPeriodStart"],
         r["BillingPeriodEnd"])
        for r in rows
        if r["BillingAccountName"] == tenant
    )  # fmt: skip


def test_charge_periods_across_dst_in_berlin_and_new_york(seeded_focus_sqlite, tmp_path):
    berlin, new_york = tmp_path / "berlin.csv", tmp_path / "ny.csv"
    assert export(seeded_focus_sqlite, berlin, "--timezone", "Europe/Berlin") == 0
    assert export(seeded_focus_sqlite, new_york, "--timezone", "America/New_York") == 0
    march_berlin = ("2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z")
    # Berlin's 29 March has 23 hours: 23:00 UTC the day before to 22:00 UTC.
    assert _periods(read_rows(berlin), "Acme Corp") == [
        ("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", *march_berlin),
        ("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", *march_berlin),
        ("2026-03-30T22:00:00Z", "2026-03-31T22:00:00Z", *march_berlin),
    ]
    march_ny = ("2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z")
    # New York's 8 March has 23 hours: 05:00 UTC to 04:00 UTC the next day; an event at
    # 04:59 UTC is still 7 March (23:59 EST).
    assert _periods(read_rows(new_york), "Beta Ltd")[0] == (
        "2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z", *march_ny,
    )  # fmt: skip
    assert _periods(read_rows(new_york), "Gamma 42") == [
        ("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", *march_ny),
    ]
    for path in (berlin, new_york):
        for row in read_rows(path):
            assert row["BillingPeriodStart"] <= row["ChargePeriodStart"]
            assert row["ChargePeriodEnd"] <= row["BillingPeriodEnd"]


@pytest.fixture
def seeded_focus_sqlite(sqlite_url):
    db = Database(sqlite_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    db.dispose()
    return sqlite_url


def test_month_rows_and_chargeback_accounts_pass_the_validator(seeded_focus_sqlite, tmp_path):
    config.save_settings(
        config.Settings(issuer_name="Example Platform", focus_account="chargeback")
    )
    out = tmp_path / "month.csv"
    assert export(seeded_focus_sqlite, out, "--granularity", "month",
                  "--timezone", "America/New_York", "--start", "2026-03-05") == 0  # fmt: skip
    assert validator_failures(out, CRITERIA + ",SUB_ACCOUNT_SUPPORTED") == []
    rows = read_rows(out)
    assert {r["BillingAccountName"] for r in rows} == {"Example Platform"}
    assert {r["SubAccountName"] for r in rows} == set(TENANTS)
    assert {r["InvoiceIssuerName"] for r in rows} == {"Example Platform"}
    # The month cut by the range covers only its days in range: from 5 March, local.
    assert {(r["ChargePeriodStart"], r["ChargePeriodEnd"]) for r in rows} == {
        ("2026-03-05T05:00:00Z", "2026-04-01T04:00:00Z")
    }
    assert (
        sum(Decimal(r["BilledCost"]) for r in rows)
        == Decimal(sum(e.cost_cents for e in EVENTS)) / 100
    )


@pytest.mark.parametrize(
    "flags", [("--scope", "by_tenant"), ("--scope", "all"), ("--granularity", "total")]
)
def test_other_scopes_are_invalid_input(seeded_focus_sqlite, tmp_path, capsys, flags):
    out = tmp_path / "bad.csv"
    assert export(seeded_focus_sqlite, out, *flags) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "FOCUS" in err
    assert not out.exists() and not list(tmp_path.glob("*.json"))


def test_a_name_outside_ascii_stays_exact_utf8(sqlite_url, tmp_path):
    name = "Ünïcødé 株式会社 🚀"
    db = Database(sqlite_url, create=True)
    seed_rows(db, [Event(1, name, MODELS[0], 5, 6, 7, _utc(2026, 3, 2, 12))], [name])
    db.dispose()
    out = tmp_path / "utf8.csv"
    assert export(sqlite_url, out) == 0
    assert name.encode("utf-8") in out.read_bytes()
    assert [r["BillingAccountName"] for r in read_rows(out)] == [name]


def test_duckdb_reads_it_with_focus_types(seeded_focus_sqlite, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "usage.csv"
    assert export(seeded_focus_sqlite, out) == 0
    metadata = json.loads((tmp_path / ("usage.csv" + METADATA_SUFFIX)).read_text())
    sql_types = {"STRING": "VARCHAR", "DATETIME": "TIMESTAMPTZ"}
    types = {
        c["ColumnName"]: sql_types.get(c["DataType"])
        or f"DECIMAL({c['NumericPrecision']},{max(c['NumberScale'], 1)})"
        for c in metadata["Schema"]["ColumnDefinition"]
    }
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.register("usage", con.read_csv(str(out), header=True, dtype=types))
    row = con.execute(
        "SELECT SUM(BilledCost), SUM(ConsumedQuantity), MIN(ChargePeriodStart) FROM usage"
    ).fetchone()
    assert row is not None
    total, tokens, first = row
    assert total == Decimal(sum(e.cost_cents for e in EVENTS)) / 100
    assert tokens == sum(e.input_tokens + e.output_tokens for e in EVENTS)
    assert first == datetime(2026, 3, 8, 0, 0, tzinfo=first.tzinfo)


def test_dollars_and_month_periods_are_exact():
    assert [dollars(c) for c in (2100, 5, 0, 123456789, -5)] == [
        "21.00", "0.05", "0.00", "1234567.89", "-0.05",
    ]  # fmt: skip
    from datetime import date

    assert charge_days("2026-12", date(2026, 12, 5), date(2027, 1, 3)) == (
        date(2026, 12, 5), date(2027, 1, 1),
    )  # fmt: skip
