"""Icons and other files shipped inside the package (read with importlib.resources)."""
