"""The errors a user can cause or meet, as opposed to bugs.

Everything derived from `BillingError` carries one sentence meant for the user; the command line
prints it and exits with `exit_code`, the window shows it in a message box. Anything else that
escapes is a bug and gets a traceback (CLI) or the crash dialog (window).
"""


class BillingError(Exception):
    """An expected failure with a message fit for the user."""

    exit_code = 1


class InvalidInput(BillingError):
    """The user asked for something that cannot be: a bad date, an unknown tenant, ..."""

    exit_code = 2


class DatabaseError(BillingError):
    """The database cannot be reached, was lost, refused us, or lacks the billing tables.

    `sqlstate` is the server's error code when there was one: it tells a hot standby's
    "conflict with recovery" (40001), which a new attempt can get past, from the rest."""

    def __init__(
        self, message: str, sqlstate: str | None = None, connection_lost: bool = False
    ) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.connection_lost = connection_lost
        self.on_standby = False  # set by the export's snapshot (export/snapshot.py)

    @property
    def recovery_conflict(self) -> bool:
        """A standby cancelled the query, or ended the session, to apply the primary's WAL.
        A read-only REPEATABLE READ transaction gets 40001 for nothing else; a standby that
        ends an idle session may leave the client only a closed connection."""
        return (
            self.sqlstate == "40001"
            or "conflict with recovery" in str(self)
            or (self.connection_lost and self.on_standby)
        )


class PasswordRequired(DatabaseError):
    """The server asks for a password and none was given (none saved, or no keyring to keep
    it): the window asks for one instead of showing libpq's "fe_sendauth" text."""


class OutputError(BillingError):
    """The target file cannot be written: permissions, missing folder, full disk, ..."""


class TargetExists(OutputError):
    """The target file exists and replacing it was not asked for."""


class ExportCancelled(BillingError):
    """The user cancelled (Cancel button or Ctrl-C); the target file was left untouched."""

    exit_code = 130

    def __init__(self, message: str = "Export cancelled; no file was written.") -> None:
        super().__init__(message)
