"""A small data set full of traps, and an independent Python model of what exports must hold.

The expected rows are computed here in plain Python (zoneinfo for days, sorted() for order),
never with the app's SQL, so a test comparing the two checks the app against the rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from billing_desktop.db.connection import Database
from billing_desktop.db.schema import create_schema, tenants, usage_events

INT32_MAX = 2**31 - 1

TENANTS = [
    "Acme Corp",
    "Comma, Inc.",
    'Quote "Q" Ltd',
    "Line\nBreak GmbH",
    "Ünïcødé 株式会社 🚀",
    '=HYPERLINK("http://evil")',
    "+Plus Co",
    "-Minus Co",
    "@At Co",
    "\tTab Co",
    "\rCR Co",
    "back\\slash",
    "Zeta",
]

MODELS = [
    "claude-sonnet-4-20250514",
    "gpt-4o-2024-08-06",
    "=cmd|' /C calc'!A0",
    "gemini-2.5-flash",
]


@dataclass(frozen=True)
class Event:
    id: int
    tenant: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_cents: int
    created_at: datetime  # aware, UTC


def _events() -> list[Event]:
    events: list[Event] = []
    base = datetime(2026, 1, 1, tzinfo=UTC)
    instants = [
        datetime(2026, 3, 1, 0, 0, 0, tzinfo=UTC),  # exactly midnight UTC
        datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 3, 8, 5, 0, tzinfo=UTC),  # New York midnight before the DST jump
        datetime(2026, 3, 8, 6, 59, 59, tzinfo=UTC),  # 01:59:59 EST
        datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # 03:00 EDT
        datetime(2026, 3, 9, 4, 0, tzinfo=UTC),  # New York midnight after the jump (EDT)
        datetime(2026, 3, 9, 3, 59, 59, tzinfo=UTC),  # still 8 March in New York
        datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # Berlin: 01:59:59 CET
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # Berlin: 03:00 CEST
        datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # Berlin midnight of 29 March
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # Berlin: 02:30 CEST (first)
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # Berlin: 02:30 CET (repeated hour)
        datetime(2026, 10, 24, 22, 0, tzinfo=UTC),  # Berlin midnight of 25 October
        datetime(2026, 10, 25, 23, 0, tzinfo=UTC),  # Berlin midnight of 26 October (CET)
        datetime(2026, 11, 1, 4, 0, tzinfo=UTC),  # New York midnight, 1 November (EDT)
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 01:30 EST (repeated hour)
        datetime(2026, 11, 2, 5, 0, tzinfo=UTC),  # New York midnight, 2 November (EST)
        datetime(2026, 1, 31, 14, 30, tzinfo=UTC),  # Kathmandu +05:45: 20:15
        datetime(2026, 1, 31, 18, 15, tzinfo=UTC),  # Kathmandu midnight of 1 February
    ]
    # Same instant twice: the order then comes from the id.
    instants.append(instants[0])
    eid = 0
    for i, at in enumerate(instants):
        eid += 1
        events.append(
            Event(
                eid, TENANTS[i % len(TENANTS)], MODELS[i % len(MODELS)], 100 + i, 10 + i, i - 3, at
            )
        )
    # Sums beyond 32 bits, in every scope: many huge events for one tenant and model on one day.
    for k in range(6):
        eid += 1
        events.append(
            Event(
                eid,
                "Acme Corp",
                MODELS[0],
                INT32_MAX,
                INT32_MAX - k,
                INT32_MAX,
                datetime(2026, 2, 10, 12, k, tzinfo=UTC),
            )
        )
    # Refunds (negative costs) and a spread of ordinary traffic.
    for k in range(60):
        eid += 1
        at = base + timedelta(days=(k * 7) % 300, hours=(k * 5) % 24, minutes=k)
        cost = -(k + 1) * 25 if k % 9 == 0 else (k * 37) % 500
        events.append(
            Event(
                eid,
                TENANTS[(k * 3) % len(TENANTS)],
                MODELS[(k * 5) % len(MODELS)],
                1000 + k * 17,
                200 + k * 3,
                cost,
                at,
            )
        )
    return events


EVENTS = _events()


def seed_rows(
    db: Database, events: list[Event] | None = None, names: list[str] | None = None
) -> None:
    """Create the schema and store `names` as tenants and `events` (default: the seed set)."""
    events = EVENTS if events is None else events
    names = TENANTS if names is None else names
    with db.engine.begin() as conn:
        create_schema(conn)
        conn.execute(insert(tenants), [{"id": i + 1, "name": n} for i, n in enumerate(names)])
        if not events:
            return
        ids = {n: i + 1 for i, n in enumerate(names)}
        conn.execute(
            insert(usage_events),
            [
                {
                    "id": e.id,
                    "tenant_id": ids[e.tenant],
                    "model": e.model,
                    "input_tokens": e.input_tokens,
                    "output_tokens": e.output_tokens,
                    "cost_cents": e.cost_cents,
                    "created_at": e.created_at
                    if db.backend == "postgresql"
                    else e.created_at.replace(tzinfo=None),
                }
                for e in events
            ],
        )


GUARD = ("=", "+", "-", "@", "\t", "\r")


def guarded(text: str) -> str:
    return "'" + text if text.startswith(GUARD) else text


def local_date(event: Event, zone: str) -> date:
    return event.created_at.astimezone(ZoneInfo(zone)).date()


def chosen_events(
    start: date,
    end: date,
    zone: str = "UTC",
    tenants_: tuple[str, ...] = (),
    models: tuple[str, ...] = (),
    events: list[Event] | None = None,
) -> list[Event]:
    """The seed events a filter selects: in the local days of its zone, of its tenants and
    models (none given: all)."""
    return [
        e
        for e in (EVENTS if events is None else events)
        if start <= local_date(e, zone) <= end
        and (not tenants_ or e.tenant in tenants_)
        and (not models or e.model in models)
    ]


def expected_rows(
    start: date,
    end: date,
    scope: str = "all",
    zone: str = "UTC",
    tenants_: tuple[str, ...] = (),
    models: tuple[str, ...] = (),
    events: list[Event] | None = None,
    granularity: str = "day",
) -> list[tuple]:
    """(date, tenant, model, input, output, cost) as an export must hold them (unguarded)."""
    chosen = chosen_events(start, end, zone, tenants_, models, events)
    if scope == "all":
        chosen.sort(key=lambda e: (e.created_at, e.id))
        return [
            (
                local_date(e, zone).isoformat(),
                e.tenant,
                e.model,
                e.input_tokens,
                e.output_tokens,
                e.cost_cents,
            )
            for e in chosen
        ]

    def period(e: Event) -> str:
        day = local_date(e, zone).isoformat()
        if granularity == "month":
            return day[:7]
        if granularity == "total":
            return f"{start.isoformat()}/{end.isoformat()}"
        return day

    groups: dict[tuple[str, str | None, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for e in chosen:
        tenant = e.tenant if scope in ("by_tenant", "by_tenant_model") else None
        model = e.model if scope in ("by_model", "by_tenant_model") else None
        sums = groups[(period(e), tenant, model)]
        sums[0] += e.input_tokens
        sums[1] += e.output_tokens
        sums[2] += e.cost_cents
    ordered = sorted(
        groups.items(),
        key=lambda kv: (kv[0][0], (kv[0][1] or "").encode(), (kv[0][2] or "").encode()),
    )
    return [(p, t, m, i, o, c) for (p, t, m), (i, o, c) in ordered]
