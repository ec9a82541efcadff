"""Database URLs: PostgreSQL ones mean exactly what libpq reads them as (libpq's
own parser is the judge), a password is never echoed, SQLite URLs stay simple."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys

import pytest
from psycopg.conninfo import conninfo_to_dict

from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import BillingError, InvalidInput

SAME_AS_LIBPQ = [
    "postgresql://alice@db.example.com/billing",
    "postgresql://alice:s3cret@db.example.com:6543/billing?sslmode=require",
    "postgresql://al%40ice:p%40ss%3Aw%2Frd%20x@10.0.0.7:5432/bill%2Fing",
    "postgresql://bob:pa:ss@[::1]:5433/billing?sslmode=disable&connect_timeout=3",
    "postgresql:///billing?host=/var/run/postgresql",
    "postgresql://bob:@host/db",
    "postgresql://a@down.example:5432,up.example:5433/billing?target_session_attrs=prefer-standby",
    "postgresql:///?service=billing",
    "postgresql://host/db?password=InQuery-7&application_name=x",
    "host=db.example.com port=6543 dbname=billing user=alice password='se cret'",
]


@pytest.mark.parametrize("text", SAME_AS_LIBPQ)
def test_postgresql_urls_mean_what_libpq_reads(text):
    assert DatabaseUrl.parse(text).connect_kwargs() == conninfo_to_dict(text)


@pytest.mark.parametrize("text", SAME_AS_LIBPQ)
def test_rendering_round_trips(text):
    url = DatabaseUrl.parse(text)
    full = url.render(hide_password=False)
    assert DatabaseUrl.parse(full) == url
    assert conninfo_to_dict(full) == conninfo_to_dict(text)


@pytest.mark.parametrize(
    ("text", "password", "host", "port"),
    [
        ("postgresql://alice:S3cr@t:Pa55@host/db", "S3cr@t:Pa55", "host", None),
        ("postgresql://alice:S3cr@t@host:5433/db", "S3cr@t", "host", 5433),
        ("postgres://alice:a@b@c@h/db?sslmode=disable", "a@b@c", "h", None),
    ],
)
def test_an_unescaped_at_sign_belongs_to_the_password(text, password, host, port):
    url = DatabaseUrl.parse(text)
    assert (url.username, url.password, url.host, url.port) == ("alice", password, host, port)
    assert password not in str(url) and password not in Database(url).describe()


def test_sqlite_urls_stay_simple():
    for text, path in [
        ("sqlite:///relative/billing.db", "relative/billing.db"),
        ("sqlite:////tmp/with space/billing.db", "/tmp/with space/billing.db"),
        ("sqlite:///C:\\Users\\Ann\\billing.db", "C:\\Users\\Ann\\billing.db"),
        ("sqlite+pysqlite:////tmp/b%20c.db", "/tmp/b c.db"),
    ]:
        url = DatabaseUrl.parse(text)
        assert (url.backend, url.database) == ("sqlite", path)
        assert DatabaseUrl.parse(url.render(hide_password=False)) == url


def test_a_sqlite_url_does_not_import_psycopg():
    code = (
        "import sys; from billing_desktop.db.url import DatabaseUrl; "
        "DatabaseUrl.parse('sqlite:///x.db'); print('psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


SECRET = "TopSecret-9"


@pytest.fixture
def free_port():
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "text",
    [
        f"postgresql://alice:{SECRET}@host/db",
        f"postgresql://alice@host/db?password={SECRET}",
        f"host=h dbname=db password={SECRET}",
    ],
)
def test_the_password_is_never_in_the_default_text(text):
    url = DatabaseUrl.parse(text)
    db = Database(url)
    for shown in (str(url), repr(url), url.render(), db.safe_url(), db.describe()):
        assert SECRET not in shown
    assert "***" in str(url)
    assert SECRET in url.render(hide_password=False)


def test_describe_names_every_host_and_a_service():
    multi = Database("postgresql://ann@a.example:5432,b.example:5433/billing")
    assert multi.describe() == "PostgreSQL billing on a.example:5432, b.example:5433 as ann"
    assert Database("postgresql:///?service=billing").describe().endswith("on service billing")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not a url", "Not a database URL"),
        ("mysql://u@h/db", "Unsupported database 'mysql'"),
        ("postgresql+asyncpg://u@h/db", "Unsupported PostgreSQL driver 'asyncpg'"),
        ("postgresql://u@h:99999/db", "Not a port number"),
        ("postgresql://u@h:abc/db", "Not a port number"),
        ("postgresql://u@h/db?sslmode=a&sslmode=b", "only once"),
        ("postgresql://u@h/db?nosuchoption=1", "Not a valid PostgreSQL URL"),
        ("sqlite://", "must name a file"),
        ("sqlite:///:memory:", "must name a file"),
    ],
)
def test_bad_urls_get_one_clear_sentence(text, message):
    with pytest.raises(InvalidInput, match=message):
        DatabaseUrl.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        f"postgresql://alice:{SECRET}@host/db?nosuchoption=1",
        f"postgresql://alice@host/db?password={SECRET}&nosuchoption=1",
        f"host=h password={SECRET} nosuchoption=1",
        f"host=h password='{SECRET}",  # unterminated quote
        f"postgresql://alice:{SECRET}@h:{SECRET}/db",
    ],
)
def test_errors_about_a_bad_url_never_echo_its_password(text):
    with pytest.raises(InvalidInput) as caught:
        DatabaseUrl.parse(text)
    assert SECRET not in str(caught.value)


def test_a_failed_connection_names_no_password_in_message_or_log(caplog, free_port):
    db = Database(f"postgresql://alice:{SECRET}@127.0.0.1:{free_port}/billing?connect_timeout=2")
    with caplog.at_level(logging.DEBUG), pytest.raises(BillingError) as caught:
        db.psycopg_connection()
    assert SECRET not in str(caught.value) and SECRET not in caplog.text
    with pytest.raises(BillingError) as caught, db.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert SECRET not in str(caught.value)


def test_connection_parameters_reach_libpq_unchanged():
    url = DatabaseUrl.parse(
        "postgresql://al%40ice:p%20w@db.example.com:6543/bill?sslmode=require&connect_timeout=4"
    )
    assert url.connect_kwargs() == {
        "user": "al@ice",
        "password": "p w",
        "host": "db.example.com",
        "port": "6543",
        "dbname": "bill",
        "sslmode": "require",
        "connect_timeout": "4",
    }


def test_defaults_do_not_override_what_the_url_says():
    url = DatabaseUrl.parse("postgresql://u@h/db?connect_timeout=2")
    bounded = url.with_defaults(connect_timeout="5", options="-c statement_timeout=5000")
    assert bounded.get("connect_timeout") == "2"
    assert bounded.get("options") == "-c statement_timeout=5000"


def test_a_multi_host_url_reaches_the_server_that_is_up(pg_server, free_port):
    # libpq tries each host in turn: the first refuses connections, the second answers.
    info = conninfo_to_dict(pg_server.url)
    url = (
        f"postgresql://{info['user']}@127.0.0.1:{free_port},{info['host']}:{info['port']}"
        f"/{info['dbname']}"
    )
    db = Database(url)
    with db.read() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1
    with db.psycopg_connection() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    db.dispose()
