"""Billing Desktop: LLM usage and cost data, from the billing database to a file you can trust."""

APP_NAME = "Billing Desktop"
APP_ID = "billing-desktop"


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed metadata on first use only: importing
    # importlib.metadata slows the start of every command, and an export never needs it.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("billing-desktop")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
