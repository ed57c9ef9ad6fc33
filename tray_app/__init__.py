"""Clockify Tray: a light desktop tray timer and CLI for Clockify."""

__version__ = "0.1.0"

# The app's one name for files, folders, the keyring service and the command; its one title
# for people. Everything else spells them through these.
APP_ID = "clockify-tray"
APP_TITLE = "Clockify Tray"
