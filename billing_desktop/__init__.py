"""Billing Desktop: LLM usage and cost data, from the billing database to a file you can trust."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("billing-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "Billing Desktop"
APP_ID = "billing-desktop"
