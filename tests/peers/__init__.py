"""D-Bus peers for the platform tests that python-dbusmock has no template for."""
