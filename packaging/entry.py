"""Entry point of the PyInstaller bundle: the same as the ``clockify-tray`` command."""

import sys

from tray_app.cli import main

sys.exit(main())
