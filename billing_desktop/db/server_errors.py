"""What a PostgreSQL error means for the user, read from its SQLSTATE, not its wording.

The server's own text says what happened in its terms ("canceling statement due to statement
timeout"); users read "Lost the connection" as a network fault and chase one that does not
exist. Each kind of failure the app can meet gets its own sentence here, with the server's text
kept at the end, and says whether the session is gone (an export on a hot standby restarts on
a lost session: export/runner.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerError:
    message: str
    connection_lost: bool


# Class 53, "insufficient resources": what the server ran out of.
_RESOURCES = {
    "53100": "disk space",
    "53200": "memory",
    "53300": "free connections (too many connections)",
    "53400": "a configured limit",
}

# Sessions the server ended: why, in the user's words.
_ENDED = {
    "57P01": "an administrator ended the session (pg_terminate_backend), or the server is "
    "shutting down",
    "57P02": "another server process crashed and the server restarted",
    "57P04": "the database was dropped",
    "57P05": "the session stayed idle longer than the server's idle_session_timeout",
    "25P03": "the transaction stayed idle longer than the server's "
    "idle_in_transaction_session_timeout",
    "25P04": "the transaction ran longer than the server's transaction_timeout",
}


def classify(state: str | None, reason: str, where: str, doing: str) -> ServerError | None:
    """The sentence for a server error of SQLSTATE `state`, or None when it has none of its
    own. `doing` is "connect" while the connection is being made."""
    if state is None and doing == "connect":
        state = _refused_at_start(reason)
    if state is None:
        return None
    if state.startswith("08"):
        if doing == "connect":
            return ServerError(f"Cannot connect to {where}: {reason}", False)
        return ServerError(f"Lost the connection to {where}: {reason}", True)
    if state == "57014":
        return ServerError(_cancelled(reason, where), False)
    if state == "55P03":
        return ServerError(
            f"{where} stopped the query because it waited longer than lock_timeout for a "
            f"table another session holds locked: {reason}",
            False,
        )
    if state == "40001":
        return ServerError(_serialization(reason, where), "terminat" in reason)
    if state.startswith("53"):
        what = _RESOURCES.get(state, "resources")
        return ServerError(
            f"{where} ran out of {what} on the server (not a network fault; its administrator "
            f"can help): {reason}",
            False,
        )
    if state == "57P03":
        return ServerError(
            f"{where} does not accept connections now (it is starting up, shutting down or "
            f"recovering); try again in a moment: {reason}",
            doing != "connect",
        )
    if state in _ENDED:
        return ServerError(f"Lost the connection to {where}: {_ENDED[state]}: {reason}", True)
    return None


# A connection refused at its start carries no SQLSTATE through libpq, only the server's FATAL
# text: these are the refusals that are not the user's fault, in the server's (English) words.
_REFUSALS = {
    "too many connections": "53300",
    "remaining connection slots are reserved": "53300",
    "the database system is starting up": "57P03",
    "the database system is shutting down": "57P03",
    "the database system is in recovery mode": "57P03",
    "the database system is not yet accepting connections": "57P03",
}


def _refused_at_start(reason: str) -> str | None:
    return next((state for text, state in _REFUSALS.items() if text in reason), None)


def _cancelled(reason: str, where: str) -> str:
    if "statement timeout" in reason:
        return (
            f"{where} stopped the query because it ran longer than the server's "
            "statement_timeout, often set for the role (ALTER ROLE … SET statement_timeout); "
            f"the connection is fine: ask for a longer timeout or export a shorter period: {reason}"
        )
    if "user request" in reason:
        return (
            f"Another session cancelled the query on {where} (pg_cancel_backend, usually an "
            f"administrator); the export can be run again: {reason}"
        )
    return f"{where} cancelled the query: {reason}"


def _serialization(reason: str, where: str) -> str:
    if "recovery" in reason:
        return (
            f"The standby {where} cancelled the query to apply changes from its primary (a "
            f"conflict with recovery): {reason}"
        )
    return f"{where} could not serialize the transaction with a concurrent one; try again: {reason}"
