"""Delivery of scheduled exports, against a real SMTP server started here (aiosmtpd) and real
folders: the message arrives with the file (a statements folder as one zip) and the totals of
the file in its body; a refused login or recipient, or a missing folder, leaves the export in
place, exits 3 and is on record in the history."""

from __future__ import annotations

import csv
import io
import socket
import zipfile
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from test_schedules import PRESET, Crontab, run_cli

from billing_desktop import formatting
from billing_desktop.history import History
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling import delivery, installing

USER, PASSWORD = "billing", "s3cret pass"


class Inbox:
    """What the server received; recipients at refused.example are refused."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def _check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_check_login, auth_require_tls=False)  # fmt: skip
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def job(tmp_path, seeded_sqlite, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setenv("BILLING_DATABASE_URL", seeded_sqlite)
    crontab = Crontab(tmp_path / "crontab")
    monkeypatch.setattr(installing, "os_backend", crontab.backend)
    return folder


def mail_set(port: int, monkeypatch, password: str = PASSWORD) -> None:
    monkeypatch.setenv("BILLING_SMTP_PASSWORD", password)
    code, _, err = run_cli("mail", "set", "--host", "127.0.0.1", "--port", str(port),
                           "--plain", "--user", USER, "--from", "billing@example.com")  # fmt: skip
    assert code == 0, err


def add(name: str, folder: Path, *delivery_flags: str, preset: dict | None = None) -> None:
    PresetStore().save(name, preset or PRESET)
    code, _, err = run_cli("schedule", "add", name, "--preset", name, "--monthly", "1", "--at",
                           "06:05", "--folder", str(folder), *delivery_flags)  # fmt: skip
    assert code == 0, err


def file_totals(path: Path) -> tuple[int, int]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    return len(rows), sum(int(r["cost_cents"]) for r in rows)


def test_the_mail_arrives_with_the_file_and_its_totals(job, smtp, monkeypatch):
    port, inbox = smtp
    mail_set(port, monkeypatch)
    add("Usage", job, "--email", "a@example.com", "--email", "b@example.com")
    code, _, err = run_cli("schedule", "run", "Usage")
    assert code == 0, err
    [(recipients, message)] = inbox.messages
    assert recipients == ["a@example.com", "b@example.com"]
    written = next(job.glob("billing-export-*.csv"))
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == written.name
    assert attachment.get_content() == written.read_bytes()
    body = message.get_body(("plain",)).get_content().splitlines()
    rows, cents = file_totals(written)
    assert f"Rows: {rows}" in body and f"Cost: {formatting.dollars(cents)}" in body
    assert "Period: 2026-10-01 to 2026-10-31 (UTC)" in body


def test_a_statements_folder_goes_as_one_zip_and_a_large_file_as_its_place(job, smtp, monkeypatch):
    port, inbox = smtp
    mail_set(port, monkeypatch)
    split = {**PRESET, "scope": "by_tenant_model", "split_by": "tenant"}
    add("Statements", job, "--email", "a@example.com", preset=split)
    assert run_cli("schedule", "run", "Statements")[0] == 0
    folder = next(p for p in job.iterdir() if p.is_dir())
    [attachment] = list(inbox.messages[0][1].iter_attachments())
    assert attachment.get_filename() == f"{folder.name}.zip"
    with zipfile.ZipFile(io.BytesIO(attachment.get_content())) as archive:
        assert sorted(archive.namelist()) == sorted(f"{folder.name}/{p.name}"
                                                    for p in folder.iterdir())  # fmt: skip
    monkeypatch.setattr(delivery, "ATTACH_LIMIT", 100)
    add("Big", job, "--email", "a@example.com")
    assert run_cli("schedule", "run", "Big")[0] == 0
    message = inbox.messages[1][1]
    assert list(message.iter_attachments()) == []
    body = message.get_body(("plain",)).get_content()
    assert "too large to attach" in body and str(next(job.glob("*.csv"))) in body


@pytest.mark.parametrize(
    ("password", "address", "phrase"),
    [("wrong", "a@example.com", "refused the login of billing"),
     (PASSWORD, "nobody@refused.example", "refused the recipient nobody@refused.example")],
)  # fmt: skip
def test_a_refused_mail_leaves_the_export_and_a_failure_on_record(
    job, smtp, monkeypatch, password, address, phrase
):
    port, inbox = smtp
    mail_set(port, monkeypatch, password)
    add("Usage", job, "--email", address)
    code, _, err = run_cli("schedule", "run", "Usage")
    assert code == 3 and phrase in err and "Traceback" not in err
    written = next(job.glob("billing-export-*.csv"))
    assert file_totals(written)[0] > 0 and inbox.messages == []
    failure, success = History().scheduled(name="Usage")
    assert success.outcome == "succeeded" and success.target == str(written)
    assert failure.outcome == "failed" and phrase in failure.message
    code, out, _ = run_cli("schedule", "list", "--json")
    assert '"last_outcome": "failed"' in out


def test_a_copy_goes_to_the_second_folder_and_a_missing_one_is_a_failure(job, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    add("Usage", job, "--deliver-to", str(share))
    assert run_cli("schedule", "run", "Usage")[0] == 0
    written = next(job.glob("billing-export-*.csv"))
    assert (share / written.name).read_bytes() == written.read_bytes()
    assert (share / f"{written.name}.manifest.json").exists()
    assert sorted(p.name for p in share.iterdir()) == [
        written.name,
        f"{written.name}.manifest.json",
    ]
    written.unlink()
    share.rename(tmp_path / "gone")
    code, _, err = run_cli("schedule", "run", "Usage")
    assert code == 3 and f"The delivery folder {share} does not exist" in err
    assert written.exists()
    assert History().scheduled(name="Usage", outcome="failed")[0].target == str(written)
