"""The database password, kept in the OS keyring and nowhere else.

Where no keyring backend exists (a bare Linux without Secret Service, for instance) the
password lives only in memory for this session; `keyring_available()` lets the UI say why it
will ask again next time.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "billing-desktop"
_session_passwords: dict[str, str] = {}


def account(connection: dict[str, Any]) -> str:
    """The keyring entry's name: user@host:port/database (no secret in it)."""
    return (
        f"{connection.get('user') or ''}@{connection.get('host') or ''}:"
        f"{connection.get('port') or ''}/{connection.get('database') or ''}"
    )


def accounts(connection: dict[str, Any]) -> list[str]:
    """Where a connection's password may be, first the place it is saved to: a profile's own
    entry, then (for the profile made from an older single connection) the connection's."""
    plain = account(connection)
    name = connection.get("profile")
    return [f"profile:{name}", plain] if name else [plain]


def _keyring() -> Any:
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # a broken backend must never stop the app
        log.info("no usable keyring backend")
        return None


def keyring_available() -> bool:
    return _keyring() is not None


def get_password(connection: dict[str, Any]) -> str | None:
    for key in accounts(connection):
        found = get_secret(key)
        if found:
            return found
    return None


def set_password(connection: dict[str, Any], password: str | None) -> bool:
    """Store (or, with None/empty, delete) the password. Returns True if the keyring kept it,
    False if it is only remembered for this session."""
    return set_secret(accounts(connection)[0], password)


def get_secret(key: str) -> str | None:
    """A secret kept under `key` (a connection's account, 'profile:NAME', 'smtp:…')."""
    if key in _session_passwords:
        return _session_passwords[key]
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(SERVICE, key)
    except Exception as exc:
        log.warning("keyring lookup failed: %s", type(exc).__name__)
        return None


def set_secret(key: str, password: str | None) -> bool:
    kr = _keyring()
    if not password:
        _session_passwords.pop(key, None)
        if kr is not None:
            with contextlib.suppress(Exception):
                kr.delete_password(SERVICE, key)
        return True
    _session_passwords[key] = password
    if kr is None:
        return False
    try:
        kr.set_password(SERVICE, key, password)
        return True
    except Exception as exc:
        log.warning("keyring store failed: %s", type(exc).__name__)
        return False
