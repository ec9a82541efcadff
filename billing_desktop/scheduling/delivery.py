"""Delivery of an export that succeeded: a copy into a second folder, and mail.

The export is already published when delivery starts, and delivery only reads it: whatever
fails here, the file stays where it was written. The copy is published as every export is
(built under a temporary name, then renamed), so a share never shows half a file.

Mail attaches the file (a statements folder as one zip) up to ATTACH_LIMIT bytes: common mail
servers refuse messages from 10 to 25 MB, and base64 makes an attachment a third larger. A
larger file is not attached; the mail says where it is.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

from billing_desktop import formatting
from billing_desktop.errors import BillingError
from billing_desktop.export.atomic import AtomicFolder, AtomicOutput
from billing_desktop.export.runner import ExportResult
from billing_desktop.scheduling.mail import DeliveryFailed, MailSettings, send

ATTACH_LIMIT = 10 * 1000 * 1000


def copy_to_folder(source: Path, folder: Path, manifest: Path | None = None) -> Path:
    """Publish a copy of the file (or statements folder) and its manifest in `folder`,
    replacing an older copy of the same name. DeliveryFailed when it cannot."""
    if not folder.is_dir():
        raise DeliveryFailed(f"The delivery folder {folder} does not exist.")
    target = folder / source.name
    try:
        if source.is_dir():
            output = AtomicFolder(target, overwrite=True)
            with output as temp:
                for item in sorted(source.iterdir()):
                    shutil.copy2(item, temp / item.name)
                output.commit()
        else:
            _copy_file(source, target)
        if manifest is not None and manifest.exists():
            _copy_file(manifest, folder / manifest.name)
    except BillingError as exc:
        raise DeliveryFailed(f"The copy into {folder} failed: {exc}") from None
    except OSError as exc:
        raise DeliveryFailed(f"The copy into {folder} failed: {exc.strerror or exc}.") from None
    return target


def _copy_file(source: Path, target: Path) -> None:
    output = AtomicOutput(target, overwrite=True)
    with output as out, open(source, "rb") as f:
        shutil.copyfileobj(f, out)
        output.commit()


def mail_export(mail: MailSettings, recipients: tuple[str, ...], result: ExportResult,
                schedule: str) -> None:  # fmt: skip
    """Mail the export to `recipients`: the totals and period in the body, the file attached
    when it is small enough. DeliveryFailed when it cannot be sent."""
    assert result.path is not None, "a scheduled export writes a file or a folder"
    message = EmailMessage()
    message["To"] = ", ".join(recipients)
    period = f"{result.params.start} to {result.params.end}"
    message["Subject"] = f"Billing export '{schedule}': {period}"
    with tempfile.TemporaryDirectory(prefix="billing-mail-") as scratch:
        attachment = _attachable(result.path, Path(scratch))
        where = "attached" if attachment is not None else f"too large to attach ({_size(result)})"
        message.set_content(body(result, schedule, where))
        if attachment is not None:
            message.add_attachment(
                attachment.read_bytes(), maintype="application", subtype="octet-stream",
                filename=attachment.name,
            )  # fmt: skip
        send(mail, message)


def body(result: ExportResult, schedule: str, where: str) -> str:
    totals = result.totals
    return (
        f"The scheduled export '{schedule}' finished.\n\n"
        f"Period: {result.params.start} to {result.params.end} ({result.params.timezone})\n"
        f"Rows: {totals.rows}\n"
        f"Input tokens: {totals.input_tokens}\n"
        f"Output tokens: {totals.output_tokens}\n"
        f"Cost: {formatting.dollars(totals.cost_cents)}\n\n"
        f"File: {result.path}\n"
        f"The file is {where}.\n"
    )


def _size(result: ExportResult) -> str:
    return formatting.size(result.bytes_written)


def _attachable(path: Path, scratch: Path) -> Path | None:
    """The file itself, or a folder zipped into `scratch`; None when over the limit."""
    if path.is_dir():
        if sum(p.stat().st_size for p in path.iterdir()) > 4 * ATTACH_LIMIT:
            return None  # not even worth zipping
        zipped = scratch / f"{path.name}.zip"
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in sorted(path.iterdir()):
                archive.write(item, f"{path.name}/{item.name}")
        path = zipped
    return path if path.stat().st_size <= ATTACH_LIMIT else None
