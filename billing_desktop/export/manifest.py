"""`FILE.manifest.json`: what was exported, from where, with which parameters, and the
file's size and SHA-256, so that `verify` can prove months later that the file is still what
was sent, and whether the database still agrees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import billing_desktop
from billing_desktop.export.totals import ExportTotals

MANIFEST_SUFFIX = ".manifest.json"


def manifest_path(target: Path) -> Path:
    return target.with_name(target.name + MANIFEST_SUFFIX)


def pending_manifest_path(target: Path) -> Path:
    """Where the manifest waits while its file is published: it is published before the
    file and renamed into place after it, so a reader finds a manifest for every file (an
    export stopped between the two leaves it here, and it still describes the file)."""
    return target.with_name(target.name + MANIFEST_SUFFIX + ".pending")


def build_manifest(
    *,
    file_name: str,
    size: int,
    sha256: str | None,
    totals: ExportTotals,
    parameters: dict[str, Any],
    exported_at: str,
    database: str,
    server_version: str,
    files: list[dict[str, Any]] | None = None,
    rows_digest: str | None = None,
) -> dict[str, Any]:
    """The manifest of a file, or of a split's folder (`files`: one entry per file, `bytes`
    their sum, no `sha256` of its own). `parameters`: the request's JSON with the period as
    given and the dates it resolved to."""
    document = {
        "file": file_name,
        "bytes": size,
        "sha256": sha256,
        "rows": totals.rows,
        "totals": totals.to_json(),
        "rowsDigest": rows_digest,
        "parameters": parameters,
        "exportedAt": exported_at,
        "database": database,
        "serverVersion": server_version,
        "generator": f"billing-desktop {billing_desktop.__version__}",
    }
    if files is not None:
        del document["sha256"], document["rowsDigest"]
        document["files"] = files
    return document


def file_entry(item: Any, size: int, sha256: str) -> dict[str, Any]:
    """A split's file in its folder's manifest (item: runner.StatementFile)."""
    totals = item.totals
    return {
        "file": item.name,
        "tenant": item.tenant,
        "bytes": size,
        "sha256": sha256,
        "rows": totals.rows,
        "totals": totals.to_json(),
        "rowsDigest": item.rows_digest,
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
