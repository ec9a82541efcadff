import sys

from billing_desktop.cli import main

sys.exit(main())
