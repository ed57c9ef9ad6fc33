"""The sign-in dialog: API key and region, checked with Clockify before the key is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.regions import REGION_NAMES
from tray_app.i18n import _
from tray_app.ui.widgets import (
    ERROR_STYLE,
    OK_STYLE,
    grow_to_fit,
    message_label,
    name_window,
    ok_cancel,
    show_message,
)

CUSTOM = "custom"


class SignInDialog(QDialog):
    """Asks for the key (masked) and the region or a custom server URL.

    Signals:
        sign_in_requested(str, str): the key, and a region name or URL.
    """

    sign_in_requested = Signal(str, str)

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_window(self, _("Sign in"), icon)
        self.setMinimumWidth(460)
        intro = QLabel(
            _(
                "Paste your Clockify API key. You find it on clockify.me under "
                "<b>Profile settings → API</b>. It is checked with Clockify, then kept in "
                "your system keyring."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro_label = intro
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(_("API key"))
        self.region_box = QComboBox(self)
        for region, name in REGION_NAMES.items():
            self.region_box.addItem(_(name), region)
        self.region_box.addItem(_("Custom server URL…"), CUSTOM)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("https://clockify.example.com/api")
        self.url_edit.hide()
        self.status_label = message_label(self)
        self.buttons, self.sign_in_button = ok_cancel(self, _("Sign in"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.addRow(_("API &key"), self.key_edit)
        # Translators: where the Clockify account lives (Global, EU, USA…) or a custom server.
        form.addRow(_("&Region"), self.region_box)
        form.addRow("", self.url_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self._done = False
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.region_box.currentIndexChanged.connect(self.on_region_box_changed)

    def open_with(self, base_url: str) -> None:
        """Show an empty key field, with the region (or URL) that is configured now."""
        self._done = False
        self.key_edit.clear()
        self.key_edit.setEnabled(True)
        self.region_box.setEnabled(True)
        self.url_edit.setEnabled(True)
        self.sign_in_button.setEnabled(True)
        self.sign_in_button.setText(_("Sign in"))
        self.sign_in_button.setDefault(True)
        self.cancel_button.show()
        self.status_label.hide()
        text = base_url.strip().lower()
        index = self.region_box.findData(text or "global")
        if index < 0:
            index = self.region_box.findData(CUSTOM)
            self.url_edit.setText(base_url)
        self.region_box.setCurrentIndex(index)
        self.on_region_box_changed(index)
        self.show()
        self.raise_()
        self.activateWindow()
        self.key_edit.setFocus()

    def server(self) -> str:
        region = str(self.region_box.currentData())
        return self.url_edit.text().strip() if region == CUSTOM else region

    def on_region_box_changed(self, index: int) -> None:
        self.url_edit.setVisible(self.region_box.itemData(index) == CUSTOM)

    def on_buttons_accepted(self) -> None:
        if self._done:
            self.accept()
            return
        key = self.key_edit.text().strip()
        if not key:
            self._say(_("Paste your API key first."), ERROR_STYLE)
            return
        if self.region_box.currentData() == CUSTOM and not self.url_edit.text().strip():
            show_message(
                self.status_label, _("Enter the server's URL, or choose a region."), ERROR_STYLE
            )
            return
        self._set_busy(True)
        self._say(_("Checking the key with Clockify…"), "")
        self.sign_in_requested.emit(key, self.server())

    def on_sign_in_finished(self, ok: bool, message: str) -> None:
        self._set_busy(False)
        if ok:
            self._done = True
            self.key_edit.clear()
            self.key_edit.setEnabled(False)
            # Translators: the sign-in button once the key is accepted; it closes the dialog.
            self.sign_in_button.setText(_("Done"))
            self.cancel_button.hide()  # nothing is left to cancel
            self._say(message, OK_STYLE)
        else:
            self._say(message, ERROR_STYLE)
            self.key_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.key_edit, self.region_box, self.url_edit, self.sign_in_button):
            widget.setEnabled(not busy)

    def _say(self, text: str, style: str) -> None:
        """Show ``text`` under the form, the dialog grown to hold it."""
        show_message(self.status_label, text, style)
        grow_to_fit(self)
