"""Small pieces the dialogs share."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QPushButton, QWidget

from tray_app import APP_TITLE
from tray_app.i18n import _

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #a15c00;"
OK_STYLE = "color: #2e7d32;"


def name_window(window: QWidget, title: str, icon: QIcon | None) -> None:
    """ "Title — Clockify Tray" and the app's icon (where one is given), as every window has."""
    window.setWindowTitle(f"{title} — {APP_TITLE}")
    if icon is not None:
        window.setWindowIcon(icon)


def ok_cancel(parent: QWidget, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK/Cancel buttons with OK renamed ``ok_text`` and made the default (Enter presses it).

    Cancel never takes Enter: an auto-default button becomes the dialog's default when it gets
    the focus, and it gets it whenever the fields and OK are disabled while the dialog is busy
    ("Saving…"); Qt then keeps it as the default, and the next Enter would cancel the form."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
    ok.setDefault(True)
    return buttons, ok


def message_label(parent: QWidget) -> QLabel:
    """A wrapping label for inline messages, hidden until there is one."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, text: str, style: str) -> None:
    if label.text() != text or label.styleSheet() != style:
        label.setText(text)
        label.setStyleSheet(style)
    set_shown(label, bool(text))


def set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget``, only if that changes anything (each call re-lays the window)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` as tall as its wrapped texts now need (a window does not grow by itself
    when a label's text gets longer: its rows would overlap or squeeze a list)."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


def tip_with_key(button: QAbstractButton, tip: str) -> None:
    """``tip`` as the button's tooltip, with the key its label's & gives it ("(Alt+E)"), read
    from the label as translated, so the two never disagree in any language."""
    key = QKeySequence.mnemonic(button.text()).toString(QKeySequence.SequenceFormat.NativeText)
    # Translators: a button's tooltip and its keyboard shortcut, "Pin this timer (Alt+I)".
    button.setToolTip(_("{tip} ({key})").format(tip=tip, key=key) if key else tip)
