"""Text colours shared by the dialogs: one red for problems, one green for success."""

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b7f3b;"
