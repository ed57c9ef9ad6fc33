"""Entry point for ``python -m tray_app``."""

import sys

from tray_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
