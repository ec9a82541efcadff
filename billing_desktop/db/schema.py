"""The billing schema (tenants, usage_events) as SQLAlchemy Core tables, and a check of a live
database.

On SQLite `created_at` is stored as UTC text `YYYY-MM-DD HH:MM:SS.ffffff` (SQLAlchemy's format);
the export and dashboard queries compare it as text against bounds without fractions, which orders
correctly whether or not a row carries microseconds.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    inspect,
)
from sqlalchemy.engine import Connection

from billing_desktop.errors import DatabaseError

metadata = MetaData()

tenants = Table(
    "tenants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
)

usage_events = Table(
    "usage_events",
    metadata,
    # Integer on SQLite so the column becomes the rowid alias and autoincrements.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("tenant_id", Integer, ForeignKey("tenants.id"), nullable=False),
    Column("model", Text, nullable=False),
    Column("input_tokens", Integer, nullable=False),
    Column("output_tokens", Integer, nullable=False),
    Column("cost_cents", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("usage_events_created_at_idx", usage_events.c.created_at)

REQUIRED_COLUMNS = {
    "tenants": {"id", "name"},
    "usage_events": {
        "id",
        "tenant_id",
        "model",
        "input_tokens",
        "output_tokens",
        "cost_cents",
        "created_at",
    },
}


def create_schema(conn: Connection) -> None:
    """Create whatever of the two tables and the index is missing (used by demo-data only)."""
    metadata.create_all(conn, checkfirst=True)


def verify_schema(conn: Connection) -> None:
    """Raise DatabaseError naming every missing table or column; extra ones are fine."""
    inspector = inspect(conn)
    existing_tables = set(inspector.get_table_names())
    problems = []
    for table, columns in REQUIRED_COLUMNS.items():
        if table not in existing_tables:
            problems.append(f"table '{table}' is missing")
            continue
        present = {col["name"] for col in inspector.get_columns(table)}
        missing = sorted(columns - present)
        if missing:
            problems.append(f"table '{table}' lacks column(s) {', '.join(missing)}")
    if problems:
        raise DatabaseError(
            "This is not a billing database: "
            + "; ".join(problems)
            + ". Run 'billing-desktop demo-data' to create a demo schema."
        )
