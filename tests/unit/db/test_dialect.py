"""How the app reaches each backend, asked of its dialect class: what a URL names and how it
is written, whether the database is a file, the read-only options, the bound on a check's
queries and on connecting, and how events are loaded. No code outside the backend classes
compares a backend's name."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

import billing_desktop
from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import POSTGRESQL_SQL, SQLITE_SQL
from billing_desktop.db.schema import create_schema
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import DatabaseError

PG_URL = "postgresql://ann:s3cret@db.example.com:6543/billing?sslmode=require"


def test_each_url_knows_its_dialect(tmp_path):
    assert DatabaseUrl.parse(PG_URL).dialect is POSTGRESQL_SQL
    assert DatabaseUrl.parse(f"sqlite:///{tmp_path / 'b.db'}").dialect is SQLITE_SQL
    assert Database(PG_URL).dialect is POSTGRESQL_SQL


def test_a_sqlite_database_is_a_file_that_a_read_never_creates(tmp_path):
    assert SQLITE_SQL.is_file and not POSTGRESQL_SQL.is_file
    missing = tmp_path / "nowhere.db"
    with pytest.raises(DatabaseError, match="does not exist"):
        Database(f"sqlite:///{missing}")
    assert not missing.exists()
    Database(PG_URL)  # a server's database is only looked for when connecting


def test_the_database_a_url_names():
    assert POSTGRESQL_SQL.database_name(DatabaseUrl.parse(PG_URL)) == "billing"
    sqlite = DatabaseUrl.parse("sqlite:///data/billing.db")
    assert SQLITE_SQL.database_name(sqlite) == "data/billing.db" == sqlite.database


def test_each_dialect_writes_its_urls_and_hides_the_password():
    pg = DatabaseUrl.parse(PG_URL)
    assert POSTGRESQL_SQL.url_text(pg, hide_password=True) == (
        "postgresql://ann:***@db.example.com:6543/billing?sslmode=require"
    )
    assert POSTGRESQL_SQL.url_text(pg, hide_password=False) == PG_URL
    sqlite = DatabaseUrl.parse("sqlite:///C:\\Users\\ann\\billing db.sqlite")
    assert SQLITE_SQL.url_text(sqlite, hide_password=True) == (
        "sqlite:///C:\\Users\\ann\\billing db.sqlite"
    )


def test_each_dialect_describes_its_database_without_the_password(tmp_path):
    assert Database(PG_URL).describe() == (
        "PostgreSQL billing on db.example.com:6543 as ann (sslmode=require)"
    )
    path = tmp_path / "billing.db"
    db = Database(f"sqlite:///{path}", create=True)
    assert SQLITE_SQL.describe(db) == f"SQLite {path}"


def test_only_a_server_connection_is_made_read_only_by_its_options():
    assert dict(POSTGRESQL_SQL.read_only_options) == {"postgresql_readonly": True}
    assert dict(SQLITE_SQL.read_only_options) == {}  # its engine opens the file read-only


def test_a_check_bounds_its_queries_on_a_server_only():
    assert POSTGRESQL_SQL.statement_timeout_sql(5000) == "SET LOCAL statement_timeout = 5000"
    assert SQLITE_SQL.statement_timeout_sql(5000) is None


def test_connecting_is_bounded_on_a_server_unless_the_url_bounds_it():
    pg = DatabaseUrl.parse(PG_URL)
    assert POSTGRESQL_SQL.with_connect_timeout(pg, 5).get("connect_timeout") == "5"
    own = DatabaseUrl.parse(PG_URL + "&connect_timeout=30")
    assert POSTGRESQL_SQL.with_connect_timeout(own, 5).get("connect_timeout") == "30"
    sqlite = DatabaseUrl.parse("sqlite:///billing.db")
    assert SQLITE_SQL.with_connect_timeout(sqlite, 5) == sqlite


def test_sqlite_appends_events_in_chunks_and_reports_each(tmp_path):
    path = tmp_path / "billing.db"
    db = Database(f"sqlite:///{path}", create=True)
    with db.engine.begin() as conn:
        create_schema(conn)
        conn.exec_driver_sql("INSERT INTO tenants (id, name) VALUES (1, 'Acme')")
    db.dispose()
    at = datetime(2026, 3, 1, 12, 30, 0, 250_000, tzinfo=UTC)
    chunks = iter([[(1, "gpt-4o", 10, 20, 3, at)] * 2, [(1, "o1", 5, 6, -7, at)]])
    seen: list[int] = []
    try:
        assert SQLITE_SQL.append_events(db, chunks, seen.append) == 3
    finally:
        db.dispose()
    assert seen == [2, 3]
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT tenant_id, model, input_tokens, output_tokens, cost_cents, created_at"
            " FROM usage_events ORDER BY id"
        ).fetchall()
    assert rows == [
        (1, "gpt-4o", 10, 20, 3, "2026-03-01 12:30:00.250000"),
        (1, "gpt-4o", 10, 20, 3, "2026-03-01 12:30:00.250000"),
        (1, "o1", 5, 6, -7, "2026-03-01 12:30:00.250000"),
    ]


# Only the backend classes decide by a backend's name; everything else asks them.
_BACKEND_CLASSES = ("db/dialect.py", "export/backends/")
_COMPARISON = re.compile(r"""\bbackend\s*(==|!=)\s*["']""")


def test_no_code_outside_the_backend_classes_compares_a_backend_name():
    package = Path(billing_desktop.__file__).parent
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if not path.relative_to(package).as_posix().startswith(_BACKEND_CLASSES)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _COMPARISON.search(line)
    ]
    assert found == []
