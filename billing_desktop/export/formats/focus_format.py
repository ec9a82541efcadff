"""FOCUS 1.2 (FinOps Open Cost and Usage Specification): one cost-and-usage row per charge
period (a local day or month of the export's zone) x tenant x model, for FinOps tools.

Every value is built by a pure function below, so the rules (periods in UTC, exact dollars,
the account columns) can be read and tested apart from the file. The writer takes the grouped
rows of scope `by_tenant_model` (day or month granularity) and the tenants' ids, which the
grouped rows do not carry, from its context (`tenant_ids_extra`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import billing_desktop
from billing_desktop import timezones
from billing_desktop.errors import InvalidInput
from billing_desktop.export.formats.base import (
    FileContext,
    FormatWriter,
    ReadBack,
    Row,
    integer_value,
)
from billing_desktop.export.formats.csv_format import csv_rows
from billing_desktop.export.totals import ExportTotals

if TYPE_CHECKING:
    from billing_desktop.export.params import ExportParams
    from billing_desktop.export.snapshot import Snapshot

FOCUS_VERSION = "1.2"
GENERATOR = "Billing Desktop"
CURRENCY = "USD"
UNIT = "Tokens"
SERVICE_NAME = "LLM API"
SERVICE_CATEGORY = "AI and Machine Learning"
SERVICE_SUBCATEGORY = "Generative AI"
METADATA_SUFFIX = ".focus-metadata.json"

# Who is billed: "tenant" (default) makes each tenant a billing account of its own, one bill
# per tenant; "chargeback" makes the issuer the one billing account and each tenant a sub
# account of it, as an internal chargeback shows teams within one company.
ACCOUNT_MODES = ("tenant", "chargeback")
DEFAULT_ISSUER = "Your company"

# Keys of FileContext.extra this format reads.
EXTRA_ISSUER = "issuer_name"
EXTRA_PROVIDER = "focus_provider_name"
EXTRA_PUBLISHER = "focus_publisher_name"
EXTRA_ACCOUNT = "focus_account"
TENANT_ID_PREFIX = "tenant_id:"

# FOCUS's own columns (name, FOCUS data type), then ours; SubAccount* only for chargeback.
_FOCUS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("BilledCost", "DECIMAL"),
    ("BillingAccountId", "STRING"),
    ("BillingAccountName", "STRING"),
    ("BillingCurrency", "STRING"),
    ("BillingPeriodEnd", "DATETIME"),
    ("BillingPeriodStart", "DATETIME"),
    ("ChargeCategory", "STRING"),
    ("ChargeClass", "STRING"),
    ("ChargeDescription", "STRING"),
    ("ChargeFrequency", "STRING"),
    ("ChargePeriodEnd", "DATETIME"),
    ("ChargePeriodStart", "DATETIME"),
    ("CommitmentDiscountStatus", "STRING"),
    ("ConsumedQuantity", "DECIMAL"),
    ("ConsumedUnit", "STRING"),
    ("ContractedCost", "DECIMAL"),
    ("EffectiveCost", "DECIMAL"),
    ("InvoiceId", "STRING"),
    ("InvoiceIssuerName", "STRING"),
    ("ListCost", "DECIMAL"),
    ("PricingQuantity", "DECIMAL"),
    ("PricingUnit", "STRING"),
    ("ProviderName", "STRING"),
    ("PublisherName", "STRING"),
    ("ServiceCategory", "STRING"),
    ("ServiceName", "STRING"),
    ("ServiceSubcategory", "STRING"),
    ("SkuId", "STRING"),
)
_SUB_ACCOUNT_COLUMNS = (("SubAccountId", "STRING"), ("SubAccountName", "STRING"))
_OWN_COLUMNS = (
    ("x_InputTokens", "DECIMAL"),
    ("x_OutputTokens", "DECIMAL"),
    ("x_CostCents", "DECIMAL"),
    ("x_TenantId", "STRING"),
)


def columns(account_mode: str) -> tuple[tuple[str, str], ...]:
    """The file's columns with their FOCUS data types, in the file's order."""
    sub = _SUB_ACCOUNT_COLUMNS if account_mode == "chargeback" else ()
    return _FOCUS_COLUMNS + sub + _OWN_COLUMNS


def check_params(scope: str, granularity: str) -> None:
    """FOCUS rows are per tenant and model, and a charge period lies inside a billing
    period (a month): a day or a month, never the whole range."""
    if scope != "by_tenant_model":
        raise InvalidInput(
            f"FOCUS rows are per tenant and model: leave out the scope or use by_tenant_model,"
            f" not '{scope}'"
        )
    if granularity not in ("day", "month"):
        raise InvalidInput(f"FOCUS charge periods are days or months, not '{granularity}'")


def check_account_mode(mode: str) -> str:
    if mode not in ACCOUNT_MODES:
        raise InvalidInput(f"Unknown FOCUS account '{mode}': choose tenant or chargeback")
    return mode


def dollars(cents: int) -> str:
    """Whole cents as an exact decimal in dollars: 2100 -> '21.00', 5 -> '0.05'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def quantity(tokens: int) -> str:
    """A whole number of tokens as a FOCUS decimal, written with its decimal point
    ('2300.0'): readers that infer types from the text take '2300' for an integer column."""
    return f"{tokens}.0"


def utc_instant(moment: datetime) -> str:
    """'2026-11-02T23:00:00Z': FOCUS's date/time format, in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def charge_days(period: str, first: date, last: date) -> tuple[date, date]:
    """The local days [start, end) a row's `date` covers: its day, or its month cut to the
    export's range (a month the range cuts covers only its days in range)."""
    if len(period) == 10:
        day = date.fromisoformat(period)
        return day, date.fromordinal(day.toordinal() + 1)
    month = date.fromisoformat(period + "-01")
    after_last = date.fromordinal(last.toordinal() + 1)
    return max(month, first), min(_month_after(month), after_last)


def billing_days(day: date) -> tuple[date, date]:
    """The calendar month [first day, first day of the next) holding `day`."""
    month = day.replace(day=1)
    return month, _month_after(month)


def periods_utc(period: str, params: ExportParams) -> tuple[str, str, str, str]:
    """ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd: the local
    days of the export's zone, converted to UTC instants, ends exclusive."""
    zone = params.timezone
    charge = charge_days(period, params.start, params.end)
    billing = billing_days(charge[0])
    return tuple(  # type: ignore[return-value]
        utc_instant(timezones.day_start_utc(day, zone)) for day in (*charge, *billing)
    )


@dataclass(frozen=True)
class Parties:
    """Who provides, publishes and invoices, and how tenants map to accounts."""

    issuer: str = DEFAULT_ISSUER
    provider: str = ""
    publisher: str = ""
    account_mode: str = "tenant"

    @classmethod
    def from_extra(cls, extra: Mapping[str, str]) -> Parties:
        issuer = extra.get(EXTRA_ISSUER) or DEFAULT_ISSUER
        return cls(
            issuer=issuer,
            provider=extra.get(EXTRA_PROVIDER) or issuer,
            publisher=extra.get(EXTRA_PUBLISHER) or issuer,
            account_mode=check_account_mode(extra.get(EXTRA_ACCOUNT) or "tenant"),
        )


def account_values(parties: Parties, tenant: str, tenant_id: str) -> dict[str, str]:
    """BillingAccount* (and SubAccount* for a chargeback) for one tenant's row."""
    if parties.account_mode == "chargeback":
        return {
            "BillingAccountId": parties.issuer,
            "BillingAccountName": parties.issuer,
            "SubAccountId": tenant_id,
            "SubAccountName": tenant,
        }
    return {"BillingAccountId": tenant_id, "BillingAccountName": tenant}


def account_id(tenant_id: int) -> str:
    """A tenant's account id as FOCUS shows it; 'tenant-7', never a bare number, which
    readers that guess types take for a number rather than an identifier."""
    return f"tenant-{tenant_id}"


def focus_row(row: Row, params: ExportParams, parties: Parties, tenant_id: int) -> list[object]:
    """One FOCUS row (the file's column order) for a grouped row of scope by_tenant_model."""
    period, tenant, model, tokens_in, tokens_out, cents = row
    assert isinstance(period, str) and isinstance(tenant, str) and isinstance(model, str)
    tokens = int(tokens_in) + int(tokens_out)  # type: ignore[call-overload]
    cost = dollars(int(cents))  # type: ignore[call-overload]
    charge_start, charge_end, billing_start, billing_end = periods_utc(period, params)
    values: dict[str, object] = {
        "BilledCost": cost,
        "BillingCurrency": CURRENCY,
        "BillingPeriodEnd": billing_end,
        "BillingPeriodStart": billing_start,
        "ChargeCategory": "Usage",
        "ChargeClass": None,
        "ChargeDescription": f"{model}: {tokens_in} input and {tokens_out} output tokens",
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodEnd": charge_end,
        "ChargePeriodStart": charge_start,
        # No commitment discounts: null, which the validator's ConsumedQuantity rules read.
        "CommitmentDiscountStatus": None,
        "ConsumedQuantity": quantity(tokens),
        "ConsumedUnit": UNIT,
        "ContractedCost": cost,
        "EffectiveCost": cost,
        "InvoiceId": None,  # no invoice is issued by this export
        "InvoiceIssuerName": parties.issuer,
        "ListCost": cost,
        "PricingQuantity": quantity(tokens),
        "PricingUnit": UNIT,
        "ProviderName": parties.provider,
        "PublisherName": parties.publisher,
        "ServiceCategory": SERVICE_CATEGORY,
        "ServiceName": SERVICE_NAME,
        "ServiceSubcategory": SERVICE_SUBCATEGORY,
        "SkuId": model,
        "x_InputTokens": tokens_in,
        "x_OutputTokens": tokens_out,
        "x_CostCents": cents,
        "x_TenantId": str(tenant_id),
    }
    values.update(account_values(parties, tenant, account_id(tenant_id)))
    return [values[name] for name, _ in columns(parties.account_mode)]


# -- the tenants' ids -----------------------------------------------------------------------

TENANT_IDS_SQL = "SELECT id, name FROM tenants"


def tenant_ids_extra(pairs: Sequence[Sequence[Any]]) -> dict[str, str]:
    """FileContext.extra entries for the rows of TENANT_IDS_SQL."""
    return {f"{TENANT_ID_PREFIX}{name}": str(int(tid)) for tid, name in pairs}


def with_tenant_ids(context: FileContext, pairs: Sequence[Sequence[Any]]) -> FileContext:
    """The context with the tenants' ids added (read in the export's own snapshot)."""
    extra = {**context.extra, **tenant_ids_extra(pairs)}
    return FileContext(context.exported_at, context.period, context.database, extra)


def settings_extra() -> dict[str, str]:
    """Issuer, provider, publisher and account mode as the user's settings hold them."""
    from billing_desktop.config import load_settings

    settings = load_settings()
    return {
        EXTRA_ISSUER: settings.issuer_name,
        EXTRA_PROVIDER: settings.focus_provider_name,
        EXTRA_PUBLISHER: settings.focus_publisher_name,
        EXTRA_ACCOUNT: settings.focus_account,
    }


class FocusWriter(FormatWriter):
    name = "focus"
    label = "FOCUS 1.2 (FinOps)"
    mnemonic_label = "FOCUS 1.&2 (FinOps)"
    extension = "csv"
    file_filter = "FOCUS CSV (*.csv)"
    description = (
        "FinOps Open Cost and Usage Specification 1.2: cost and usage rows per day or month,"
        " tenant and model, for FinOps tools."
    )
    # No CSV option applies: FOCUS readers expect plain comma-separated UTF-8, unaltered text.
    csv_options = False
    fixed_scope = "by_tenant_model"

    @classmethod
    def check_params(cls, scope: str, granularity: str) -> None:
        check_params(scope, granularity)

    @classmethod
    def companion(cls, target: Path) -> tuple[Path, Callable[[datetime], bytes]] | None:
        mode = settings_extra()[EXTRA_ACCOUNT] or "tenant"
        return metadata_path(target), lambda created: metadata_bytes(mode, created)

    @classmethod
    def read_back(cls, path: Path) -> ReadBack:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            if header[: len(_FOCUS_COLUMNS)] != [name for name, _ in _FOCUS_COLUMNS]:
                raise ValueError("the first line is not a FOCUS header of this app")
            at = [header.index(name) for name in ("x_InputTokens", "x_OutputTokens", "x_CostCents")]
            totals = ExportTotals.of(
                (integer_value(row[at[0]]), integer_value(row[at[1]]), integer_value(row[at[2]]))
                for row in reader
            )
        return ReadBack("FOCUS 1.2 CSV", totals)

    @classmethod
    def prepared_context(cls, snap: Snapshot, context: FileContext) -> FileContext:
        """The tenants' ids from the export's snapshot, and the parties from the settings
        where the context does not name them."""
        from billing_desktop.db.sql import Sql

        extra = {**settings_extra(), **context.extra}
        context = FileContext(context.exported_at, context.period, context.database, extra)
        return with_tenant_ids(context, snap.all(Sql(TENANT_IDS_SQL)))

    def begin(self, totals: ExportTotals) -> None:
        check_params(self.params.scope, self.params.granularity)
        self.parties = Parties.from_extra(self.context.extra)
        header = [name for name, _ in columns(self.parties.account_mode)]
        self.out.write(csv_rows([header]))

    def _tenant_id(self, tenant: object) -> int:
        found = self.context.extra.get(f"{TENANT_ID_PREFIX}{tenant}")
        if found is None:  # the ids are read in the same snapshot as the rows
            raise RuntimeError(f"no tenant id for {tenant!r}")
        return int(found)

    def write_rows(self, batch: Sequence[Row]) -> None:
        params, parties = self.params, self.parties
        self.out.write(
            csv_rows([focus_row(r, params, parties, self._tenant_id(r[1])) for r in batch])
        )


# -- the metadata file ----------------------------------------------------------------------


def metadata_path(target: Any) -> Any:
    """`<file>.focus-metadata.json` beside the file (a pathlib.Path)."""
    return target.with_name(target.name + METADATA_SUFFIX)


def _column_definition(name: str, data_type: str) -> dict[str, object]:
    column: dict[str, object] = {"ColumnName": name, "DataType": data_type}
    if data_type == "STRING":
        column["StringEncoding"] = "UTF-8"
    elif data_type == "DECIMAL":
        column["NumericPrecision"] = 20
        column["NumberScale"] = 2 if name.endswith("Cost") else 0
    return column


def metadata_document(account_mode: str, created: datetime) -> dict[str, object]:
    """FOCUS's schema metadata: data generator, FOCUS version, creation date, columns. The
    schema id is derived from the columns, so it changes exactly when they do."""
    definitions = [_column_definition(n, t) for n, t in columns(account_mode)]
    schema_id = hashlib.sha256(json.dumps(definitions).encode()).hexdigest()[:32]
    return {
        "DataGenerator": {"DataGenerator": GENERATOR},
        "Schema": {
            "SchemaId": schema_id,
            "FocusVersion": FOCUS_VERSION,
            "DataGeneratorVersion": billing_desktop.__version__,
            "CreationDate": created.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
            "ColumnDefinition": definitions,
        },
    }


def metadata_bytes(account_mode: str, created: datetime) -> bytes:
    document = metadata_document(account_mode, created)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
