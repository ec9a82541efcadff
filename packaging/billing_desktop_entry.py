"""The script PyInstaller freezes into both executables (see billing-desktop.spec).

`billing-desktop` (console) and `billing-desktop-gui` (windowed on Windows and macOS) share
this entry point, exactly like the `billing-desktop` console script of an installed wheel: the
command line decides between the window, `export`, `demo-data`, `--version` and `--self-test`.
"""

import multiprocessing
import sys

from billing_desktop.cli import main

if __name__ == "__main__":
    # A frozen executable is also the interpreter of its child processes (verify reads a big
    # CSV on two cores): freeze_support runs the child's work instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
