import sys

from billing_desktop.cli import main

if __name__ == "__main__":  # not when a child process (verify's second core) imports it
    sys.exit(main())
