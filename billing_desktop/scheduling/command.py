"""What the operating system's scheduler runs, and how it runs it.

The command names the interpreter of this very installation by its absolute path (the venv's
python, or the frozen executable), so a scheduler with a short PATH, or a second copy of the
app elsewhere, can never run something else. Every backend runs its OS commands through one
injectable `Runner`, so the tests run the same generation and check what would be called.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from billing_desktop.errors import BillingError

# Given by the scheduler of a monthly 'last day' run that cannot say "last" (cron, launchd):
# it starts on days 28 to 31 and the run goes on only on the month's last day.
WHEN_LAST_DAY = "--when-last-day"


class SchedulerError(BillingError):
    """The operating system's scheduler refused or could not be reached."""


Runner = Callable[[Sequence[str]], str]


def run_os_command(argv: Sequence[str], stdin: str | None = None) -> str:
    """Run a scheduler command; its output, or SchedulerError with what it said."""
    try:
        done = subprocess.run(list(argv), input=stdin, capture_output=True, text=True,
                              timeout=60, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SchedulerError(f"Could not run {argv[0]}: {exc}.") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        detail = said[-1] if said else f"exit status {done.returncode}"
        raise SchedulerError(f"{' '.join(argv[:3])} failed: {detail}")
    return done.stdout


def app_command() -> list[str]:
    """The absolute command that starts this installation's command line."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "billing_desktop"]


def run_argv(
    name: str, *, last_day_check: bool = False, base: list[str] | None = None
) -> list[str]:
    argv = [*(base or app_command()), "schedule", "run", name, "--quiet"]
    return [*argv, WHEN_LAST_DAY] if last_day_check else argv
