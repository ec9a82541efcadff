"""Deterministic, realistic demo data: the embedded default database and `demo-data`.

The same seed on the same day gives the same events (they end today, UTC). Tenants differ in
size (a few large customers, a long tail), traffic follows office hours and weekdays, each
tenant favours a few models, costs follow list prices per million tokens, and a few events are
refunds (negative cost). Loading uses COPY on PostgreSQL and large executemany transactions
on SQLite; a million events take seconds.
"""

from __future__ import annotations

import math
import random
import sqlite3
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from sqlalchemy import func, inspect, select

from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import EventRow
from billing_desktop.db.schema import create_schema, tenants, usage_events
from billing_desktop.errors import InvalidInput
from billing_desktop.timezones import today_in

DEMO_DAYS = 120
EMBEDDED_DEMO_EVENTS = 60_000
_CHUNK = 50_000
# More than any demonstration needs; far more would take days and a day's events must fit in
# memory to be put in time order.
MAX_DEMO_EVENTS = 100_000_000

TENANT_NAMES = (
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries",
    "Wayne Enterprises", "Hooli", "Pied Piper", "Soylent Labs", "Tyrell Systems",
    "Cyberdyne", "Wonka Foods", "Nakatomi Trading", "Oscorp", "Aperture Science",
    "Black Mesa Research", "Vandelay Industries", "Dunder Mifflin", "Prestige Worldwide",
    "Gringotts Bank", "Monsters Inc", "Blue Sun Corp", "Weyland-Yutani", "Massive Dynamic",
    "Virtucon", "Bluth Company", "Sterling Cooper", "Los Pollos Hermanos", "Wernham Hogg",
    "Kramerica", "Zorg Industries", "InGen", "Encom", "Smith, Jones & Partners",
    "Müller Logistik GmbH", "Société Générale des Données", "Nordlicht AB", "Sakura Robotics",
    "Oceanic Airlines", "Duff Brewing",
)  # fmt: skip


@dataclass(frozen=True)
class Model:
    name: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    popularity: float


MODELS = (
    Model("claude-sonnet-4-20250514", 3.0, 15.0, 30),
    Model("claude-opus-4-20250514", 15.0, 75.0, 6),
    Model("claude-3-5-haiku-20241022", 0.8, 4.0, 14),
    Model("gpt-4o-2024-08-06", 2.5, 10.0, 16),
    Model("gpt-4o-mini-2024-07-18", 0.15, 0.6, 14),
    Model("gpt-4.1-2025-04-14", 2.0, 8.0, 8),
    Model("o3-mini-2025-01-31", 1.1, 4.4, 4),
    Model("gemini-2.5-pro", 1.25, 10.0, 6),
    Model("gemini-2.5-flash", 0.3, 2.5, 8),
    Model("gemini-2.0-flash", 0.1, 0.4, 4),
)

# Share of traffic per UTC hour: a working day across Europe and the Americas.
_HOURS = tuple(accumulate(0.4 + math.exp(-(((h - 14) / 4.5) ** 2)) for h in range(24)))
_WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.9, 0.35, 0.3)


def _tenant_weights(rng: random.Random, count: int) -> list[float]:
    # Zipf-like sizes with some noise: a few big customers, a long tail.
    return [rng.uniform(0.7, 1.3) / (rank + 1) ** 1.1 for rank in range(count)]


def generate_events(
    tenant_ids: list[int], count: int, seed: int, today: date
) -> Iterator[list[EventRow]]:
    """`count` events over the DEMO_DAYS days ending `today`, in time order, in chunks."""
    rng = random.Random(f"billing-demo/{seed}/{today.isoformat()}")
    first_day = today - timedelta(days=DEMO_DAYS - 1)
    days = [first_day + timedelta(days=i) for i in range(DEMO_DAYS)]
    # Gentle growth over the period, weekly rhythm on top.
    day_weights = [(1 + i / DEMO_DAYS * 0.6) * _WEEKDAY[d.weekday()] for i, d in enumerate(days)]
    per_day = _split(count, day_weights)
    tenant_cum = list(accumulate(_tenant_weights(rng, len(tenant_ids))))
    preferences = [
        list(accumulate(m.popularity * rng.choice((0.1, 0.5, 1, 1, 2, 4)) for m in MODELS))
        for _ in tenant_ids
    ]
    chunk: list[EventRow] = []
    for day, n in zip(days, per_day, strict=True):
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        seconds = sorted(_second_of_day(rng) for _ in range(n))
        for second in seconds:
            t = bisect(tenant_cum, rng.random() * tenant_cum[-1])
            prefs = preferences[t]
            model = MODELS[bisect(prefs, rng.random() * prefs[-1])]
            chunk.append(_event(rng, tenant_ids[t], model, midnight + timedelta(seconds=second)))
            if len(chunk) >= _CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to weights that add up to exactly `total`."""
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[-1 - (i % len(counts))] += 1
    return counts


def _second_of_day(rng: random.Random) -> float:
    hour = bisect(_HOURS, rng.random() * _HOURS[-1])
    return round(hour * 3600 + rng.random() * 3600, 3)


def _event(rng: random.Random, tenant_id: int, model: Model, at: datetime) -> EventRow:
    if rng.random() < 0.001:  # a refund: a credit note with no tokens, sized to the model
        typical_cents = (2000 * model.input_usd_per_mtok + 400 * model.output_usd_per_mtok) / 1e4
        return (
            tenant_id,
            model.name,
            0,
            0,
            -max(1, round(rng.uniform(10, 100) * typical_cents)),
            at,
        )
    input_tokens = max(1, int(rng.lognormvariate(7.6, 1.2)))
    output_tokens = max(1, int(rng.lognormvariate(6.0, 1.0)))
    usd = (
        input_tokens * model.input_usd_per_mtok + output_tokens * model.output_usd_per_mtok
    ) / 1e6
    return (tenant_id, model.name, input_tokens, output_tokens, round(usd * 100), at)


def _ensure_tenants(db: Database) -> list[int]:
    """Create the schema and the demo tenants where missing; return the demo tenants' ids."""
    with db.errors("write demo data to"), db.engine.begin() as conn:
        create_schema(conn)
        existing = dict(conn.execute(select(tenants.c.name, tenants.c.id)).all())
        missing = [{"name": n} for n in TENANT_NAMES if n not in existing]
        if missing:
            conn.execute(tenants.insert(), missing)
            existing = dict(conn.execute(select(tenants.c.name, tenants.c.id)).all())
    return [existing[name] for name in TENANT_NAMES]


def add_demo_events(
    db: Database,
    count: int,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add `count` deterministic events (and the schema and tenants where missing)."""
    check_event_count(count)
    today = today or today_in("UTC")  # the system clock, or the pinned one (clock.py)
    tenant_ids = _ensure_tenants(db)
    chunks = generate_events(tenant_ids, count, seed, today)
    return db.dialect.append_events(db, chunks, progress)


def check_event_count(count: int) -> int:
    if not 0 <= count <= MAX_DEMO_EVENTS:
        raise InvalidInput(
            f"demo-data adds at most {MAX_DEMO_EVENTS:,} events at a time, not {count:,}"
        )
    return count


def count_events(db: Database) -> int:
    """The events the database holds now; 0 before the schema exists."""
    with db.errors("read"), db.engine.connect() as conn:
        if not inspect(conn).has_table(usage_events.name):
            return 0
        return int(conn.execute(select(func.count()).select_from(usage_events)).scalar_one())


def ensure_embedded_database(path: Path, events: int = EMBEDDED_DEMO_EVENTS) -> Path:
    """The embedded default: created and filled once, on first use.

    Built under a temporary name and renamed into place, so an interrupted first start never
    leaves a half-filled database behind.
    """
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    for leftover in (building, building.with_name(building.name + "-wal")):
        leftover.unlink(missing_ok=True)
    db = Database(f"sqlite:///{building}", create=True)
    try:
        add_demo_events(db, events)
    finally:
        db.dispose()
    conn = sqlite3.connect(building)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    building.replace(path)
    for suffix in ("-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    return path
