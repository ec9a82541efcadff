"""Database URLs are read without SQLAlchemy, but must mean what SQLAlchemy reads them as:
SQLAlchemy's own parser is the independent judge here."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput

SAME_AS_SQLALCHEMY = [
    "postgresql://alice@db.example.com/billing",
    "postgresql+psycopg://alice:s3cret@db.example.com:6543/billing?sslmode=require",
    "postgresql://al%40ice:p%40ss%3Aw%2Frd%20x@10.0.0.7:5432/bill%2Fing",
    "postgresql://bob:pa:ss@[::1]:5433/billing?sslmode=disable&connect_timeout=3",
    "postgresql:///billing?host=/var/run/postgresql",
    "postgresql://bob:@host/db",
    "sqlite:///relative/billing.db",
    "sqlite:////tmp/with space/billing.db",
    "sqlite:///C:\\Users\\Ann\\billing.db",
]


@pytest.mark.parametrize("text", SAME_AS_SQLALCHEMY)
def test_fields_match_sqlalchemy(text):
    ours, theirs = DatabaseUrl.parse(text), make_url(text)
    assert (ours.username, ours.password, ours.host, ours.port, ours.database) == (
        theirs.username,
        theirs.password,
        theirs.host,
        theirs.port,
        theirs.database,
    )
    assert dict(ours.query) == dict(theirs.query)
    assert ours.sqlalchemy_url() == theirs.set(drivername=ours.sqlalchemy_url().drivername)


@pytest.mark.parametrize("text", SAME_AS_SQLALCHEMY)
def test_rendering_round_trips_through_both_parsers(text):
    url = DatabaseUrl.parse(text)
    full = url.render(hide_password=False)
    assert DatabaseUrl.parse(full) == url
    assert make_url(full).password == url.password and make_url(full).database == url.database


def test_the_password_is_never_in_the_default_text():
    url = DatabaseUrl.parse("postgresql://alice:TopSecret-9@host/db")
    for shown in (str(url), repr(url), url.render(), Database(url).safe_url()):
        assert "TopSecret-9" not in shown and "***" in shown
    assert "TopSecret-9" in url.render(hide_password=False)


def test_bare_and_short_schemes_mean_psycopg():
    for text in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"):
        url = DatabaseUrl.parse(text)
        assert url.backend == "postgresql"
        assert url.render().startswith("postgresql+psycopg://u@h/db")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not a url", "Not a database URL"),
        ("mysql://u@h/db", "Unsupported database 'mysql'"),
        ("postgresql+asyncpg://u@h/db", "Unsupported PostgreSQL driver 'asyncpg'"),
        ("postgresql://u@h:99999/db", "Not a port number"),
        ("postgresql://u@h:abc/db", "Not a port number"),
        ("postgresql://u@h/db?sslmode=a&sslmode=b", "only once"),
        ("sqlite://", "must name a file"),
        ("sqlite:///:memory:", "must name a file"),
    ],
)
def test_bad_urls_get_one_clear_sentence(text, message):
    with pytest.raises(InvalidInput, match=message):
        DatabaseUrl.parse(text)


def test_connection_parameters_reach_libpq_unchanged():
    url = DatabaseUrl.parse(
        "postgresql://al%40ice:p%20w@db.example.com:6543/bill?sslmode=require&connect_timeout=4"
    )
    info = psycopg.conninfo.conninfo_to_dict(psycopg.conninfo.make_conninfo(**url.connect_kwargs()))
    assert info == {
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
