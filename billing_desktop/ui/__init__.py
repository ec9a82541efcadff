"""The desktop app (PySide6). Nothing outside this package and `workers/` imports Qt."""
