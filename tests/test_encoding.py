"""Files are UTF-8 whatever the database's encoding or PGCLIENTENCODING say.

Every PostgreSQL connection of the app (exports, counts, the dashboard, demo-data) asks for
client_encoding UTF8 itself. Proved on real databases of the suite's server: a LATIN1 one, an
SQL_ASCII one, and the usual UTF8 one read with PGCLIENTENCODING=WIN1252 in the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from seed import TENANTS, Event, expected_rows, seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import list_tenants, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import DatabaseError
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import WriteOptions, count_rows, run_export

YEAR = (date(2026, 1, 1), date(2026, 12, 31))

# Names Latin-1 can hold, with bytes that differ between Latin-1 and UTF-8.
LATIN1_TENANTS = ["Müller Logistik GmbH", "Société Générale, «Données»", "Ærø ÅB", "plain"]
LATIN1_MODELS = ["modèle-ü-1", "gpt-4o", "ñandú"]

OPTIONS = [
    dict(format="csv"),
    dict(format="json"),
    dict(format="csv", scope="by_tenant"),
    dict(format="json", scope="by_tenant"),
    dict(format="csv", scope="by_model"),
    dict(format="json", scope="by_model", timezone="Europe/Berlin"),
]


def _events(tenants: list[str], models: list[str]) -> list[Event]:
    base = datetime(2026, 3, 1, 8, tzinfo=UTC)
    return [
        Event(i + 1, tenants[i % len(tenants)], models[(i * 5) % len(models)], 100 + i, 7 * i,
              i - 4, base + timedelta(hours=17 * i))
        for i in range(40)
    ]  # fmt: skip


@pytest.fixture
def make_database(pg_server):
    """make_database(encoding) -> URL of a new database in that encoding (C locale)."""
    names: list[str] = []

    def make(encoding: str) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        names.append(name)
        with pg_server.admin() as conn:
            conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C'"
                " TEMPLATE template0"
            )
        info = psycopg.conninfo.conninfo_to_dict(pg_server.url)
        return f"postgresql+psycopg://postgres@{info['host']}:{info['port']}/{name}"

    yield make
    for name in names:
        pg_server.drop_database(name)


def _seeded(url: str, events: list[Event], tenants: list[str]) -> Database:
    db = Database(url, create=True)
    seed_rows(db, events, tenants)
    db.dispose()
    return Database(url)


def _export(db: Database, params: ExportParams, path) -> bytes:
    run_export(db, params, path, WriteOptions(overwrite=True))
    data = path.read_bytes()
    # exportedAt is the only line that may differ between two runs.
    return b"\n".join(line for line in data.split(b"\n") if b"exportedAt" not in line)


def test_latin1_database_gives_the_same_utf8_bytes_as_a_utf8_one(make_database, tmp_path):
    """Scope `all` copies COPY's bytes straight to the file: they must be UTF-8 too, the very
    bytes the grouped scopes and a UTF8 database give."""
    events = _events(LATIN1_TENANTS, LATIN1_MODELS)
    latin1 = _seeded(make_database("LATIN1"), events, LATIN1_TENANTS)
    utf8 = _seeded(make_database("UTF8"), events, LATIN1_TENANTS)
    for n, option in enumerate(OPTIONS):
        params = ExportParams(*YEAR, **option)
        got = _export(latin1, params, tmp_path / f"latin1-{n}")
        want = _export(utf8, params, tmp_path / f"utf8-{n}")
        assert got == want, option
        text = got.decode("utf-8")  # raises on any byte sequence that is not UTF-8
        names = {"all": LATIN1_TENANTS + LATIN1_MODELS, "by_tenant": LATIN1_TENANTS,
                 "by_model": LATIN1_MODELS}[params.scope]  # fmt: skip
        assert all(name in text for name in names), option
    expected = expected_rows(*YEAR, events=events)
    assert count_rows(latin1, ExportParams(*YEAR)).rows == len(expected)
    latin1.dispose()
    utf8.dispose()


def test_pgclientencoding_in_the_environment_changes_nothing(make_database, tmp_path, monkeypatch):
    """A WIN1252 client encoding cannot hold 株式会社 or 🚀: with it, libpq's default, the
    export failed. Exports, counts and the dashboard ask for UTF8 themselves."""
    events = _events(TENANTS, LATIN1_MODELS)
    db = _seeded(make_database("UTF8"), events, TENANTS)
    want = [_export(db, ExportParams(*YEAR, **o), tmp_path / f"plain-{n}") for n, o in
            enumerate(OPTIONS)]  # fmt: skip
    flt = EventFilter(*YEAR, "Europe/Berlin", tenants=("Ünïcødé 株式会社 🚀",))
    dashboard = load_dashboard(db, flt)
    db.dispose()

    monkeypatch.setenv("PGCLIENTENCODING", "WIN1252")
    db = Database(db.url)
    for n, option in enumerate(OPTIONS):
        params = ExportParams(*YEAR, **option)
        assert _export(db, params, tmp_path / f"win-{n}") == want[n], option
    japanese = ExportParams(*YEAR, tenants=("Ünïcødé 株式会社 🚀",))
    assert count_rows(db, japanese).rows == len(expected_rows(*YEAR, tenants_=japanese.tenants,
                                                              events=events))  # fmt: skip
    assert load_dashboard(db, flt) == dashboard
    assert dashboard.events > 0
    assert sorted(list_tenants(db)) == sorted(TENANTS)
    db.dispose()

    # The command line, as a user with that variable set runs it.
    out = tmp_path / "cli.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url", str(db.url.render(
            hide_password=False)), "--start", "2026-01-01", "--end", "2026-12-31", "-o", str(out),
         "--quiet"],
        capture_output=True, env={**os.environ, "PGCLIENTENCODING": "WIN1252"}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == want[0]
    assert "Ünïcødé 株式会社 🚀".encode() in out.read_bytes()


def _stored_bytes(db: Database, table_column: str) -> set[bytes]:
    table, column = table_column.split(".")
    conn = psycopg.connect(**db.url.connect_kwargs())
    try:
        rows = conn.execute(f"SELECT textsend({column}) FROM {table}").fetchall()
    finally:
        conn.close()
    return {bytes(r[0]) for r in rows}


def test_demo_data_stores_utf8_whatever_pgclientencoding_says(make_database, tmp_path):
    """An SQL_ASCII database stores the bytes it is sent: demo-data under WIN1252 used to
    store Müller's ü as the single byte 0xFC, text no export could read back as UTF-8."""
    url = make_database("SQL_ASCII")
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "demo-data", "--database-url", url,
         "--events", "500"],
        capture_output=True, env={**os.environ, "PGCLIENTENCODING": "WIN1252"}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    from billing_desktop.db.demo import TENANT_NAMES

    db = Database(url)
    assert _stored_bytes(db, "tenants.name") == {n.encode() for n in TENANT_NAMES}
    out = tmp_path / "demo.csv"
    run_export(db, ExportParams(date(2026, 7, 1), date(2026, 11, 30), scope="by_tenant"), out)
    assert "Müller Logistik GmbH".encode() in out.read_bytes()
    db.dispose()


def test_sql_ascii_database_with_utf8_text_exports_as_utf8(make_database, tmp_path):
    events = _events(TENANTS, LATIN1_MODELS)
    sql_ascii = _seeded(make_database("SQL_ASCII"), events, TENANTS)
    utf8 = _seeded(make_database("UTF8"), events, TENANTS)
    for n, option in enumerate(OPTIONS):
        params = ExportParams(*YEAR, **option)
        assert _export(sql_ascii, params, tmp_path / f"a-{n}") == _export(
            utf8, params, tmp_path / f"u-{n}"
        ), option
    assert _stored_bytes(sql_ascii, "tenants.name") == {n.encode() for n in TENANTS}
    sql_ascii.dispose()
    utf8.dispose()


def _sql_ascii_with_latin1_bytes(url: str) -> Database:
    """An SQL_ASCII database where one tenant's name is stored as Latin-1 bytes."""
    events = _events(["Acme", "placeholder"], ["gpt-4o"])
    db = _seeded(url, events, ["Acme", "placeholder"])
    conn = psycopg.connect(**db.url.connect_kwargs(), autocommit=True)
    try:
        # 'Müller' with ü as the Latin-1 byte 0xFC: not UTF-8.
        conn.execute(
            "UPDATE tenants SET name = convert_from('\\x4dfc6c6c6572'::bytea, 'SQL_ASCII')"
            " WHERE name = 'placeholder'"
        )
    finally:
        conn.close()
    return db


@pytest.mark.parametrize("option", OPTIONS[:4], ids=lambda o: "-".join(o.values()))
def test_sql_ascii_database_with_other_bytes_is_refused(make_database, tmp_path, option):
    db = _sql_ascii_with_latin1_bytes(make_database("SQL_ASCII"))
    out = tmp_path / "refused.out"
    out.write_bytes(b"older file")
    with pytest.raises(DatabaseError) as caught:
        run_export(db, ExportParams(*YEAR, **option), out, WriteOptions(overwrite=True))
    message = str(caught.value)
    assert "SQL_ASCII" in message and "not valid UTF-8" in message, message
    assert "\n" not in message and message.count(". ") == 0, message
    assert out.read_bytes() == b"older file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refused.out"]
    with pytest.raises(DatabaseError, match="SQL_ASCII"):
        load_dashboard(db, EventFilter(*YEAR))
    db.dispose()


def test_sql_ascii_refusal_on_the_command_line(make_database, tmp_path):
    db = _sql_ascii_with_latin1_bytes(make_database("SQL_ASCII"))
    out = tmp_path / "x.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url",
         db.url.render(hide_password=False), "--start", "2026-01-01", "--end", "2026-12-31",
         "-o", str(out)],
        capture_output=True, timeout=120,
    )  # fmt: skip
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "SQL_ASCII" in err and "not valid UTF-8" in err, err
    assert not out.exists()
    db.dispose()
