"""The mail server that delivers scheduled exports: its settings (in settings.json, no
password), its password (the keyring, or BILLING_SMTP_PASSWORD for the run's environment),
and sending one message over SMTP with STARTTLS, TLS from the start, or plain."""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from billing_desktop import secrets
from billing_desktop.errors import BillingError, InvalidInput

ENV_SMTP_PASSWORD = "BILLING_SMTP_PASSWORD"
SECURITY = ("starttls", "tls", "plain")
TIMEOUT_S = 60


class DeliveryFailed(BillingError):
    """A file was exported but could not be delivered (copied or mailed)."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str
    sender: str
    user: str | None = None

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise InvalidInput("The mail server needs a host name.")
        if not 0 < self.port < 65536:
            raise InvalidInput(f"The mail server's port {self.port} is not 1 to 65535.")
        if self.security not in SECURITY:
            raise InvalidInput(f"Unknown mail security '{self.security}'.")
        if "@" not in self.sender:
            raise InvalidInput(f"The sender '{self.sender}' is not an email address.")

    @property
    def secret_key(self) -> str:
        return f"smtp:{self.user or ''}@{self.host}:{self.port}"

    def describe(self) -> str:
        who = f"{self.user} at " if self.user else ""
        return f"{who}{self.host}:{self.port} ({self.security}), from {self.sender}"

    def to_json(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "security": self.security,
                "from": self.sender, "user": self.user}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MailSettings | None:
        """The saved settings, or None where no mail server was set up."""
        if not data.get("host"):
            return None
        try:
            return cls(str(data["host"]), int(data["port"]), str(data["security"]),
                       str(data["from"]), data.get("user") or None)  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"The saved mail settings are incomplete ({exc}).") from None


def password(mail: MailSettings) -> str | None:
    return os.environ.get(ENV_SMTP_PASSWORD) or secrets.get_secret(mail.secret_key)


def send(mail: MailSettings, message: EmailMessage) -> None:
    """Send `message`; DeliveryFailed with one sentence when the server cannot be reached,
    refuses the login, or refuses every recipient."""
    message["From"] = mail.sender
    where = f"{mail.host}:{mail.port}"
    try:
        with _connect(mail) as smtp:
            if mail.user:
                smtp.login(mail.user, password(mail) or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise DeliveryFailed(f"The mail server {where} refused the login of {mail.user}.") from None
    except smtplib.SMTPRecipientsRefused as exc:
        names = ", ".join(sorted(exc.recipients))
        raise DeliveryFailed(f"The mail server {where} refused the recipient {names}.") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryFailed(f"The mail server {where} does not offer {exc}.") from None
    except smtplib.SMTPResponseException as exc:
        said = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise DeliveryFailed(f"The mail server {where} refused the message: {said}.") from None
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise DeliveryFailed(f"Could not send mail through {where}: {reason}.") from None
    if refused:
        names = ", ".join(sorted(refused))
        raise DeliveryFailed(f"The mail server {where} refused the recipient {names}.")


def _connect(mail: MailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if mail.security == "tls":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=TIMEOUT_S, context=context)
    smtp = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT_S, local_hostname=_hostname())
    if mail.security == "starttls":
        smtp.starttls(context=context)
    return smtp


def _hostname() -> str:
    """A name for EHLO that is always ASCII (a machine named in another script is not)."""
    name = socket.getfqdn()
    return name if name.isascii() else "localhost"
