"""`FILE.manifest.json` (issue 12 §4, PRODUCT.md §3 Manifest and verification): what was exported,
from where, with which parameters, and the file's size and SHA-256, so that `verify` can prove
months later that the file is still what was sent, and whether the database still agrees."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import billing_desktop
from billing_desktop.export.params import ExportParams

MANIFEST_SUFFIX = ".manifest.json"


def manifest_path(target: Path) -> Path:
    return target.with_name(target.name + MANIFEST_SUFFIX)


def params_to_json(params: ExportParams) -> dict[str, Any]:
    """Every parameter, JSON-friendly: dates as YYYY-MM-DD, tuples as lists. Generic over the
    dataclass's fields, so a new parameter is recorded without touching this."""
    out: dict[str, Any] = {}
    for item in dataclasses.fields(params):
        value = getattr(params, item.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[item.name] = value
    return out


def params_from_json(data: dict[str, Any]) -> ExportParams:
    """The inverse of params_to_json; unknown keys (from a newer version) are ignored."""
    known = {item.name: item for item in dataclasses.fields(ExportParams)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known:
            continue
        if name in ("start", "end"):
            value = date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return ExportParams(**values)


def build_manifest(
    *,
    file_name: str,
    size: int,
    sha256: str | None,
    rows: int,
    input_tokens: int,
    output_tokens: int,
    cost_cents: int,
    params: ExportParams,
    exported_at: str,
    database: str,
    server_version: str,
    period: str | None = None,
    files: list[dict[str, Any]] | None = None,
    split_by: str | None = None,
) -> dict[str, Any]:
    """The manifest of a file, or of a split's folder (`files`: one entry per file, `bytes`
    their sum, no `sha256` of its own)."""
    parameters = params_to_json(params)
    parameters["period"] = period  # as given; start/end are the dates it resolved to
    if split_by is not None:
        parameters["split_by"] = split_by
    document = {
        "file": file_name,
        "bytes": size,
        "sha256": sha256,
        "rows": rows,
        "totals": {
            "inputTokens": input_tokens,
            "outputTokens": output_tokens,
            "costCents": cost_cents,
        },
        "parameters": parameters,
        "exportedAt": exported_at,
        "database": database,
        "serverVersion": server_version,
        "generator": f"billing-desktop {billing_desktop.__version__}",
    }
    if files is not None:
        del document["sha256"]
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
        "totals": {
            "inputTokens": totals.input_tokens,
            "outputTokens": totals.output_tokens,
            "costCents": totals.cost_cents,
        },
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
