"""The export request without Qt or a database: validated once, and its only conversions (JSON
and the command line) give back the same request."""

from __future__ import annotations

import shlex
from datetime import date

import pytest

from billing_desktop.cli import build_parser
from billing_desktop.errors import InvalidInput
from billing_desktop.export.command_line import export_arguments, export_command, given_flags
from billing_desktop.export.request import ExportRequest

REQUESTS = [
    ExportRequest(),
    ExportRequest(
        format="xlsx",
        scope="by_tenant",
        granularity="month",
        period="last-month",
        tenants=("Acme", "=SUM(A1)"),
        models=("gpt-4o",),
        timezone="Europe/Berlin",
        manifest=True,
        output="out/{period}.xlsx",
    ),
    ExportRequest(
        format="csv",
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        delimiter="\t",
        bom=True,
        formula_guard=False,
        split_by="tenant",
        output="statements",
    ),
    ExportRequest(
        format="focus",
        scope="by_tenant_model",
        period="this-month",
        output="f.csv",
        profile="prod replica",
    ),
]


@pytest.mark.parametrize("request_", REQUESTS)
def test_json_gives_back_the_same_request(request_):
    assert ExportRequest.from_json(request_.to_json()) == request_


@pytest.mark.parametrize("request_", REQUESTS)
def test_the_command_line_gives_back_the_same_request(request_):
    args = shlex.split(export_command(request_, shell="posix"))[1:]
    parsed = build_parser().parse_args(args)
    assert ExportRequest.layered(given_flags(parsed)) == request_


def test_a_record_holds_the_dates_its_period_resolved_to():
    request = ExportRequest(period="last-month", timezone="UTC")
    params = request.params()
    record = request.to_json(resolved=params)
    assert record["period"] == "last-month" and record["start"] == params.start.isoformat()
    assert ExportRequest.from_json(record) == request  # the period, not the dates
    assert ExportRequest.recorded_params(record) == params  # the dates, not today's period


@pytest.mark.parametrize(
    ("changes", "phrase"),
    [
        ({"output": "-", "manifest": True}, "standard output has no place"),
        ({"output": "-", "split_by": "tenant"}, "writes a folder"),
        ({"jobs": 4, "split_by": "tenant"}, "leave out --jobs"),
        ({"jobs": 0}, "1 to 16"),
        ({"output": ""}, "The output is empty"),
        ({"scope": "all", "granularity": "month"}, "needs a grouped scope"),
        ({"period": "last-month", "start": date(2026, 1, 1)}, "cannot be combined"),
        ({"start": date(2026, 2, 1), "end": date(2026, 1, 1)}, "before the start"),
        ({"format": "pdfx"}, "Unknown format"),
        ({"split_by": "model"}, "split by tenant"),
        ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
    ],
)
def test_combinations_that_make_no_sense_are_refused_in_one_place(changes, phrase):
    with pytest.raises(InvalidInput, match=phrase):
        ExportRequest(**changes)


@pytest.mark.parametrize(
    ("data", "field"),
    [({"timezone": 5}, "timezone"), ({"bom": "no"}, "bom"), ({"tenants": "Globex"}, "tenants")],
)
def test_saved_options_of_the_wrong_type_name_the_field(data, field):
    with pytest.raises(InvalidInput, match=field):
        ExportRequest.from_json(data, "The preset 'monthly'")


def test_a_later_layer_wins_and_a_period_replaces_dates():
    preset = {"format": "json", "start": "2026-01-01", "end": "2026-01-31"}
    request = ExportRequest.layered(preset, {"period": "last-month", "format": None})
    assert request.format == "json" and request.period == "last-month" and request.start is None
    assert ExportRequest.layered({"format": "focus"}).scope == "by_tenant_model"
    with pytest.raises(InvalidInput):
        ExportRequest.layered({}, {"period": "last-month", "start": "2026-01-01"})


def test_arguments_never_carry_a_password():
    args = export_arguments(REQUESTS[0], "postgresql://u:S3cret@db/billing")
    assert not any("S3cret" in a for a in args)
