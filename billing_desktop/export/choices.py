"""The choices an export offers, and the words people read for them.

Kept apart from the parameters so that the formats (which print these words) and the
parameters (which validate against the formats) need not import each other.
"""

from __future__ import annotations

# The columns of every row, as CSV's header names them; the other formats follow this order.
COLUMNS = ("date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents")

SCOPES: tuple[str, ...] = ("all", "by_tenant", "by_model", "by_tenant_model")
SCOPE_LABELS = {
    "all": "All events",
    "by_tenant": "By tenant",
    "by_model": "By model",
    "by_tenant_model": "By tenant and model",
}
GRANULARITIES: tuple[str, ...] = ("day", "month", "total")
GRANULARITY_LABELS = {"day": "Per day", "month": "Per month", "total": "Whole range"}
# Comma, semicolon (what Excel expects in comma-decimal locales such as de and fr), tab.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
