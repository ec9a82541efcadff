"""Where things live (platformdirs), saved settings, and which database to use.

Settings are a small JSON file in the user config directory. They never hold a password: that
goes to the OS keyring (see `billing_desktop.secrets`). A corrupt or unreadable settings file
is set aside and replaced by defaults, with a warning the app shows to the user.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from billing_desktop import APP_ID
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput

log = logging.getLogger(__name__)

ENV_DATABASE_URL = "BILLING_DATABASE_URL"
SETTINGS_FILE = "settings.json"
EMBEDDED_DB_FILE = "demo-billing.sqlite3"
DEFAULT_ISSUER = "Your company"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def embedded_database_path() -> Path:
    return data_dir() / EMBEDDED_DB_FILE


@dataclass
class Settings:
    """Everything remembered between sessions, as plain JSON-able data."""

    connection: dict[str, Any] = field(default_factory=dict)  # kind, host, port, ... no password
    last_folder: str = ""
    export: dict[str, Any] = field(default_factory=dict)  # format, scope, bom, formula_guard
    window: dict[str, Any] = field(default_factory=dict)  # geometry, state (base64)
    # Who issues the bills: the statements' header and FOCUS's InvoiceIssuerName.
    issuer_name: str = DEFAULT_ISSUER
    # FOCUS: ProviderName and PublisherName ("": the issuer), and whether each tenant is a
    # billing account of its own ("tenant") or a sub account of the issuer ("chargeback").
    focus_provider_name: str = ""
    focus_publisher_name: str = ""
    focus_account: str = "tenant"
    # Named connections (host, port, database, user, sslmode and TLS files; no password) and
    # the one in use; the mail server's settings for delivery (no password either).
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile: str = ""
    mail: dict[str, Any] = field(default_factory=dict)
    # The window's language ("": the system's; "en", "de", "fr"), read at start.
    language: str = ""
    # When the window last started (ISO 8601, UTC): failed scheduled runs since then are said
    # at start. Whether the first start's offer to connect a real database was made.
    last_started: str = ""
    demo_offered: bool = False
    issuer_asked: bool = False  # the issuer's name was asked for (once, at the first statements)
    # Not saved: why the file on disk could not be used, for the app to tell the user.
    load_warning: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "connection": self.connection,
            "last_folder": self.last_folder,
            "export": self.export,
            "window": self.window,
            **{name: getattr(self, name) for name in _TEXT_SETTINGS},
            "profiles": self.profiles,
            "profile": self.profile,
            "mail": self.mail,
            "last_started": self.last_started,
            "demo_offered": self.demo_offered,
            "issuer_asked": self.issuer_asked,
        }


_TEXT_SETTINGS = (
    "issuer_name",
    "focus_provider_name",
    "focus_publisher_name",
    "focus_account",
    "language",
)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(
            load_warning=f"Could not read settings {path}: {exc.strerror}; using defaults."
        )
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        settings = Settings(
            connection=_dict(data.get("connection")),
            last_folder=str(data.get("last_folder") or ""),
            export=_dict(data.get("export")),
            window=_dict(data.get("window")),
            **{k: str(data[k]) for k in _TEXT_SETTINGS if isinstance(data.get(k), str)},
            profiles={str(k): _dict(v) for k, v in _dict(data.get("profiles")).items()},
            profile=str(data.get("profile") or ""),
            mail=_dict(data.get("mail")),
            last_started=str(data.get("last_started") or ""),
            demo_offered=data.get("demo_offered") is True,
            issuer_asked=data.get("issuer_asked") is True,
        )
        for connection in (settings.connection, settings.mail, *settings.profiles.values()):
            connection.pop("password", None)  # never trust, never keep
        if "profiles" not in data:
            _first_profile(settings)
        return settings
    except (ValueError, TypeError):
        backup = path.with_name(path.name + ".corrupt")
        with contextlib.suppress(OSError):
            os.replace(path, backup)
        return Settings(
            load_warning=f"The settings file {path} was damaged and has been set aside as "
            f"{backup.name}; Billing Desktop uses the default settings."
        )


FIRST_PROFILE = "default"
PROFILE_KEYS = (
    "host", "port", "database", "user", "sslmode", "sslrootcert", "sslcert", "sslkey",
)  # fmt: skip


def _first_profile(settings: Settings) -> None:
    """Settings from before profiles: the one saved connection becomes the first profile, in
    use, its password found where it was kept (secrets.get_password looks there too)."""
    if settings.connection.get("kind") == "postgresql":
        settings.profiles[FIRST_PROFILE] = dict(settings.connection)
        settings.profile = FIRST_PROFILE


def profile_connection(settings: Settings, name: str) -> dict[str, Any]:
    """The saved connection of profile `name`, marked with its name (for its password)."""
    if name not in settings.profiles:
        known = ", ".join(sorted(settings.profiles, key=str.casefold)) or "none saved yet"
        raise InvalidInput(f"No connection profile named '{name}' (profiles: {known}).")
    return {**settings.profiles[name], "kind": "postgresql", "profile": name}


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a crash mid-save never corrupts the file."""
    path = path or settings_path()
    data = settings.to_json()
    data["connection"] = {k: v for k, v in settings.connection.items() if k != "password"}
    data["profiles"] = {
        name: {k: v for k, v in p.items() if k not in ("password", "profile")}
        for name, p in settings.profiles.items()
    }
    data["mail"] = {k: v for k, v in settings.mail.items() if k != "password"}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        log.warning("could not save settings to %s: %s", path, exc)


def connection_url(connection: dict[str, Any], password: str | None = None) -> str | None:
    """A URL from saved connection settings, or None for the embedded database."""
    if connection.get("kind") != "postgresql":
        return None
    url = DatabaseUrl.postgresql(
        user=connection.get("user"),
        password=password,
        host=connection.get("host"),
        port=connection.get("port"),
        dbname=connection.get("database"),
        sslmode=connection.get("sslmode"),
        sslrootcert=_tls_file(connection.get("sslrootcert")),
        sslcert=_tls_file(connection.get("sslcert")),
        sslkey=_tls_file(connection.get("sslkey")),
    )
    return url.render(hide_password=False)


def _tls_file(value: Any) -> str | None:
    """A TLS file's path with ~ expanded; 'system' (libpq's word for the OS's trust store)
    and nothing stay as they are."""
    if not value or value == "system":
        return value or None
    return str(Path(str(value)).expanduser())


@dataclass(frozen=True)
class DatabaseChoice:
    url: str | None  # None means the embedded demo database
    source: str  # "command line", "environment", "saved settings", "embedded demo database"


def choose_database(
    cli_url: str | None, settings: Settings | None = None, profile: str | None = None
) -> DatabaseChoice:
    """--database-url beats BILLING_DATABASE_URL beats the profile named (--profile, a
    schedule's) beats saved settings beats embedded.

    Without `settings` (the command line) they are read here, and a file that could not be
    used is said on standard error: the window shows it in a message box, the command line
    has no other place to say that the user's settings were set aside."""
    if cli_url:
        return DatabaseChoice(cli_url, "command line")
    env = os.environ.get(ENV_DATABASE_URL, "").strip()
    if env:
        return DatabaseChoice(env, "environment")
    if settings is None:
        settings = load_settings()
        if settings.load_warning:
            print(f"billing-desktop: warning: {settings.load_warning}", file=sys.stderr)
    from billing_desktop.secrets import get_password

    if profile:
        connection = profile_connection(settings, profile)
        return DatabaseChoice(
            connection_url(connection, get_password(connection)), f"profile {profile}"
        )
    if settings.connection.get("kind") == "postgresql":
        connection = settings.connection
        if settings.profiles.get(settings.profile) == connection:  # its password is the profile's
            connection = {**connection, "profile": settings.profile}
        return DatabaseChoice(
            connection_url(connection, get_password(connection)),
            "saved settings",
        )
    return DatabaseChoice(None, "embedded demo database")
