"""Statements as a client reads them: XLSX through openpyxl and LibreOffice, PDF through
poppler's pdftotext and pdffonts; names that follow the period; the PDF usage report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import assert_clean_failure, cli
from reportlab.pdfbase import pdfmetrics
from seed import Event, seed_rows

from billing_desktop.clock import FixedClock
from billing_desktop.config import Settings, save_settings
from billing_desktop.db.connection import Database
from billing_desktop.export.command_line import export_arguments
from billing_desktop.export.formats import pdf_format
from billing_desktop.export.formats.pdf_fonts import system_fonts
from billing_desktop.export.naming import default_name
from billing_desktop.export.period_names import period_token, period_words
from billing_desktop.export.request import ExportRequest

SCRIPTS = ["東京株式会社", "شركة النور", "Москва Трейд", "Rocket 🚀 Labs"]
ORDINARY = [f"Tenant {i:02d}" for i in range(36)]
NAMES = SCRIPTS + ORDINARY  # 40 tenants
MODELS = ["claude-sonnet-4-20250514", "gpt-4o-2024-08-06", "gemini-2.5-flash"]
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
RUN_IN_DECEMBER = {"BILLING_DESKTOP_NOW": "2026-12-06T09:00:00+00:00"}


def _events() -> list[Event]:
    events = []
    for i in range(1, 1601):
        tenant = NAMES[(i * 7) % len(NAMES)]
        when = datetime(2026, 10, 20, tzinfo=UTC) + (i * 1789 % (40 * 86400)) * _SECOND
        events.append(Event(i, tenant, MODELS[i % 3], 1000 + i, 100 + i % 97, i * 37 % 1999, when))
    return events


_SECOND = datetime(2026, 1, 1, 0, 0, 1) - datetime(2026, 1, 1)
EVENTS = _events()


def november() -> list[Event]:
    return [e for e in EVENTS if NOVEMBER[0] <= e.created_at.date() <= NOVEMBER[1]]


def in_november(tenant: str) -> tuple[int, int, int, int]:
    """(rows, input, output, cents) the database holds for `tenant` in November."""
    rows = [e for e in november() if e.tenant == tenant]
    return (len(rows), sum(e.input_tokens for e in rows), sum(e.output_tokens for e in rows),
            sum(e.cost_cents for e in rows))  # fmt: skip


def usd(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


@pytest.fixture
def statements_db(any_url):
    db = Database(any_url, create=True)
    seed_rows(db, EVENTS, NAMES)
    db.dispose()
    return any_url


def export(url: str, *args: str, cwd: Path, env: dict | None = None):
    proc = cli(
        "export", "--database-url", url, *args, cwd=cwd, env={**RUN_IN_DECEMBER, **(env or {})}
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


def pdf_text(path: Path, *pages: int) -> str:
    extra = ["-f", str(pages[0]), "-l", str(pages[0])] if pages else []
    return subprocess.run(["pdftotext", "-layout", *extra, str(path), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def shows(name: str, text: str) -> bool:
    """Whether pdftotext's text holds the name (it writes right-to-left words reversed)."""
    return all(word in text or word[::-1] in text for word in name.split())


def stated_total(text: str) -> int:
    """The cents of the statement's Total line."""
    line = next(li for li in text.splitlines() if li.strip().startswith("Total"))
    amount = re.findall(r"-?\$[\d,]+\.\d\d", line)[-1]
    return int(Decimal(amount.replace("$", "").replace(",", "")) * 100)


def test_xlsx_statements_read_as_a_client_would(statements_db, tmp_path):
    settings_dir = tmp_path / "cfg"
    save_settings(Settings(issuer_name="Northwind Billing"),
                  settings_dir / "billing-desktop" / "settings.json")  # fmt: skip
    export(statements_db, "--period", "last-month", "--format", "xlsx", "--split-by", "tenant",
           "--manifest", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(settings_dir)})  # fmt: skip
    folder = tmp_path / "statements-2026-11"
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == len(NAMES)
    internal = [statements_db.rsplit("/", 1)[-1], str(tmp_path), "sqlite", "billing-desktop",
                "postgres", "localhost", "127.0.0.1", "sslmode", "Summary"]  # fmt: skip
    for path in files:
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Statement"]
        sheet = book["Statement"]
        cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        assert cells[0][0] == "Northwind Billing"
        header = {row[0]: row[1] for row in cells[1:5]}
        tenant = header["Statement for"]
        assert header["Period"] == "November 2026" and header["Currency"] == "USD"
        assert header["Issued"] == "6 December 2026"
        columns = cells.index(["Date", "Model", "Input tokens", "Output tokens", "Cost (USD)"])
        lines, total = cells[columns + 1 : -1], cells[-1]
        rows, tokens_in, tokens_out, cents = in_november(tenant)
        assert total[0] == "Total" and len(lines) == rows
        assert (total[2], total[3], round(total[4] * 100)) == (tokens_in, tokens_out, cents)
        assert sheet.cell(len(cells), 5).number_format == "$#,##0.00"
        assert all(isinstance(line[0], datetime) for line in lines)
        flat = " ".join(str(c) for row in cells for c in row if c is not None)
        assert not [word for word in internal if word.lower() in flat.lower()], path.name
        assert sheet.print_title_rows == f"${columns + 1}:${columns + 1}"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide (the default 1)
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    proc = cli("verify", str(folder))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()


def test_pdf_statements_state_tenant_period_and_total(statements_db, tmp_path):
    export(statements_db, "--period", "last-month", "--format", "pdf", "--split-by", "tenant",
           "--manifest", cwd=tmp_path)  # fmt: skip
    folder = tmp_path / "statements-2026-11"
    manifest = json.loads((tmp_path / "statements-2026-11.manifest.json").read_text())
    whole = 0
    for entry in manifest["files"]:
        text = pdf_text(folder / entry["file"])
        tenant = entry["tenant"]
        assert shows(tenant, text) and "November 2026" in text
        cents = stated_total(text)
        assert cents == in_november(tenant)[3] == entry["totals"]["costCents"]
        whole += cents
    assert len(manifest["files"]) == 40
    assert whole == sum(e.cost_cents for e in november())
    proc = cli("verify", str(folder))
    assert proc.returncode == 0, proc.stdout.decode()


def test_names_in_four_scripts_render_with_embedded_fonts(statements_db, tmp_path):
    export(statements_db, "--period", "last-month", "--format", "pdf", "--split-by", "tenant",
           "--scope", "by_tenant_model", *[a for n in SCRIPTS for a in ("--tenant", n)],
           cwd=tmp_path)  # fmt: skip
    fonts = system_fonts()
    for name in SCRIPTS:
        assert not fonts.missing(name), name
        [path] = [p for p in (tmp_path / "statements-2026-11").iterdir() if p.stem == name]
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]  # fmt: skip
        assert listing and all(" yes yes yes " in line for line in listing), listing
        used = {fonts.font_for(c) for c in name} - {None}
        embedded = {line.split()[0].split("+", 1)[-1] for line in listing}
        for font in used:  # each font that draws a character of the name is in the file
            face = pdfmetrics.getFont(font).face.name
            assert (face.decode() if isinstance(face, bytes) else face) in embedded, listing
        assert shows(name, pdf_text(path)), name


def test_pdf_report_of_a_whole_export(statements_db, tmp_path):
    export(statements_db, "--start", "2026-10-20", "--end", "2026-11-28", "--format", "pdf",
           "--manifest", cwd=tmp_path)  # fmt: skip
    path = tmp_path / "billing-export-2026-10-20_2026-11-28.pdf"
    text = pdf_text(path)
    chosen = [e for e in EVENTS if date(2026, 10, 20) <= e.created_at.date() <= date(2026, 11, 28)]
    assert "Usage report" in text and "20 October – 28 November 2026" in text
    assert usd(sum(e.cost_cents for e in chosen)) in text
    for name in ORDINARY + MODELS:
        cents = sum(e.cost_cents for e in chosen if name in (e.tenant, e.model))
        assert re.search(rf"{re.escape(name)}\s.*{re.escape(usd(cents))}", text), name
    assert "Cost by day" in text
    proc = cli("verify", str(path))
    assert proc.returncode == 0, proc.stdout.decode()
    assert "PDF (the totals it states" in proc.stdout.decode()
    assert "size" in proc.stdout.decode()  # and checked against its manifest


def test_a_long_pdf_statement_groups_by_day_and_says_so(statements_db, tmp_path, monkeypatch):
    from billing_desktop import exporting

    monkeypatch.setattr(pdf_format, "MAX_LINES", 10)
    db = Database(statements_db)
    request = ExportRequest(format="pdf", split_by="tenant", start=NOVEMBER[0], end=NOVEMBER[1],
                            tenants=("Tenant 01",), output=str(tmp_path / "s"))  # fmt: skip
    exporting.run(db, request, face=exporting.CLI)
    db.dispose()
    text = pdf_text(tmp_path / "s" / "Tenant 01.pdf")
    assert "more than 10 lines: they are grouped by month and model" in text
    assert stated_total(text) == in_november("Tenant 01")[3]
    assert in_november("Tenant 01")[0] > 10


def test_libreoffice_prints_a_statement_on_one_page_width(sqlite_url, tmp_path):
    start = datetime(2026, 11, 1, tzinfo=UTC)
    events = [Event(i, "東京株式会社", MODELS[i % 3], 10**6 + i, 999 * i, 12345 * i,
                    start + i * 7000 * _SECOND) for i in range(1, 160)]  # fmt: skip
    db = Database(sqlite_url, create=True)
    seed_rows(db, events, ["東京株式会社"])
    db.dispose()
    export(sqlite_url, "--period", "last-month", "--format", "xlsx", "--split-by", "tenant",
           cwd=tmp_path)  # fmt: skip
    [xlsx] = (tmp_path / "statements-2026-11").glob("*.xlsx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/system-deps --tests"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "printed"), str(xlsx)],
        capture_output=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    printed = tmp_path / "printed" / (xlsx.stem + ".pdf")
    pages = pdf_pages(printed)
    assert pages >= 2  # long enough to need the header repeated
    for page in range(1, pages + 1):
        text = pdf_text(printed, page)
        # Every page holds all five columns (one page width) and some lines: no stray piece.
        assert re.search(r"Date\s+Model\s+Input tokens\s+Output tokens\s+Cost \(USD\)", text), page
        assert len(re.findall(r"20\d\d-\d\d-\d\d", text)) >= 3, page
    assert "Total" in pdf_text(printed, pages)


def test_a_monthly_template_writes_a_new_folder_each_month(statements_db, tmp_path):
    args = ("--period", "last-month", "-o", "statements-{period}", "--split-by", "tenant",
            "--format", "xlsx")  # fmt: skip
    export(statements_db, *args, cwd=tmp_path, env={"BILLING_DESKTOP_NOW": "2026-11-03T08:00:00Z"})
    export(statements_db, *args, cwd=tmp_path, env={"BILLING_DESKTOP_NOW": "2026-12-03T08:00:00Z"})
    made = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("statements-"))
    assert made == ["statements-2026-10", "statements-2026-11"]
    for folder, month in (("statements-2026-10", "October 2026"),
                          ("statements-2026-11", "November 2026")):  # fmt: skip
        sheet = openpyxl.load_workbook(next((tmp_path / folder).glob("*.xlsx")))["Statement"]
        assert sheet["B3"].value == month


def test_an_unknown_placeholder_is_refused_in_one_sentence(statements_db, tmp_path):
    proc = cli("export", "--database-url", statements_db, "-o", "out-{month}.csv", cwd=tmp_path)
    assert_clean_failure(proc, 2, "unknown placeholder {month}", "{period}")
    assert not list(tmp_path.glob("out-*"))


def test_names_follow_the_period():
    clock = FixedClock(datetime(2026, 12, 6, 9, tzinfo=UTC))
    month = ExportRequest(format="xlsx", period="last-month")
    assert default_name(month, clock) == "billing-export-2026-11.xlsx"
    assert default_name(month.replace(split_by="tenant"), clock) == "statements-2026-11"
    fixed = ExportRequest(start=date(2026, 11, 1), end=date(2026, 11, 15))
    assert default_name(fixed, clock) == "billing-export-2026-11-01_2026-11-15.csv"
    assert period_token(date(2026, 10, 1), date(2026, 12, 31)) == "2026-Q4"
    assert period_token(date(2026, 1, 1), date(2026, 12, 31)) == "2026"
    assert period_words(date(2026, 11, 1), date(2026, 11, 15)) == "1–15 November 2026"
    assert period_words(date(2026, 10, 1), date(2026, 12, 31)) == "Q4 2026 (October–December)"
    assert period_words(date(2026, 1, 1), date(2026, 12, 31)) == "Year 2026"
    # Copy command line: a relative period's name becomes the template.
    baked = month.replace(output="/srv/out/billing-export-2026-11.xlsx")
    args = export_arguments(baked, clock=clock)
    assert args[args.index("--output") + 1] == "/srv/out/billing-export-{period}.xlsx"
    fixed_out = fixed.replace(output="/srv/billing-export-2026-11-01_2026-11-15.csv")
    assert "/srv/billing-export-2026-11-01_2026-11-15.csv" in export_arguments(
        fixed_out, clock=clock
    )
    # A preset keeps its template.
    templated = ExportRequest.from_json({**month.replace(output="s-{period}.{format}").to_json()})
    assert templated.output == "s-{period}.{format}"
