"""Text colours shared by the dialogs, for the colour scheme in force (theme.py): one red for
problems, one green for success, one amber for warnings."""

from billing_desktop.ui.theme import error_style, ok_style, warning_style

__all__ = ["error_style", "ok_style", "warning_style"]
