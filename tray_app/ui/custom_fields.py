"""The workspace's custom fields in the entry forms: one editor per visible field, by type."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from tray_app.clockify.fields import CustomField, CustomValue, Value, is_empty, shown
from tray_app.i18n import N_, _

NO_CHOICE = "—"
ONLY_ADMINS = N_("Only admins can change this field in this workspace.")


class FieldEditor:
    """One field's widget, read and written as the field's value.

    Args:
        field: the custom field.
        parent: the widget the editor lives in.
        touched: called when the person changes the value (not when the form sets it).
    """

    def __init__(self, field: CustomField, parent: QWidget, touched: Callable[[], None]) -> None:
        self.field = field
        self._touched = touched
        self._filling = False
        self.widget: QWidget
        self._actions: list[QAction] = []
        if field.type == "CHECKBOX":
            self.widget = box = QCheckBox(parent)
            box.toggled.connect(self._on_changed)
        elif field.type == "DROPDOWN_SINGLE":
            self.widget = combo = QComboBox(parent)
            combo.addItem(NO_CHOICE, None)
            for allowed in field.allowed_values:
                combo.addItem(allowed, allowed)
            combo.currentIndexChanged.connect(self._on_changed)
        elif field.type == "DROPDOWN_MULTIPLE":
            self.widget = button = QToolButton(parent)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(button)
            for allowed in field.allowed_values:
                action = menu.addAction(allowed)
                action.setCheckable(True)
                action.toggled.connect(self._on_changed)
                self._actions.append(action)
            button.setMenu(menu)
            self._show_choices()
        else:
            self.widget = line = QLineEdit(parent)
            # Translators: the placeholder of an empty number field.
            hint = {"LINK": "https://…", "NUMBER": _("a number")}.get(field.type, "")
            line.setPlaceholderText(field.placeholder or hint)
            line.textEdited.connect(self._on_changed)
        self.widget.setAccessibleName(field.name)
        if field.required:
            # Translators: said by screen readers of a field that must be filled in.
            self.widget.setAccessibleDescription(_("Required"))

    def set(self, value: Value) -> None:
        """Show ``value`` (a value the field cannot hold shows as empty)."""
        self._filling = True
        try:
            widget = self.widget
            if isinstance(widget, QCheckBox):
                widget.setChecked(value is True)
            elif isinstance(widget, QComboBox):
                row = widget.findData(value) if isinstance(value, str) else -1
                widget.setCurrentIndex(max(row, 0))
            elif isinstance(widget, QToolButton):
                chosen = value if isinstance(value, tuple) else ()
                for action in self._actions:
                    action.setChecked(action.text() in chosen)
                self._show_choices()
            elif isinstance(widget, QLineEdit):
                widget.setText("" if is_empty(value) else shown(value))
        finally:
            self._filling = False

    def value(self) -> Value:
        """What the editor holds; ValueError names the field and says what it takes."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return data if isinstance(data, str) else None
        if isinstance(widget, QToolButton):
            return tuple(a.text() for a in self._actions if a.isChecked())
        assert isinstance(widget, QLineEdit)
        try:
            return self.field.parse(widget.text())
        except ValueError as err:
            # Translators: a custom field's name and what is wrong with its value.
            problem = _("{field}: {problem}").format(field=self.field.name, problem=err)
            raise ValueError(problem) from None

    def _on_changed(self) -> None:
        if isinstance(self.widget, QToolButton):
            self._show_choices()
        if not self._filling:
            self._touched()

    def _show_choices(self) -> None:
        chosen = [a.text() for a in self._actions if a.isChecked()]
        assert isinstance(self.widget, QToolButton)
        self.widget.setText(", ".join(chosen) or NO_CHOICE)


class CustomFieldsEditor(QWidget):
    """The visible custom fields of the workspace, a labelled row each; hidden when none.

    A field the person has not changed follows the project's default value as projects are
    picked; one they changed keeps what they chose. Fields only admins may edit are shown
    read-only to members.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._editors: list[FieldEditor] = []
        self._touched: set[str] = set()
        self._project_id: str | None = None
        self._admin = False
        self.setVisible(False)

    @property
    def editors(self) -> list[FieldEditor]:
        return list(self._editors)

    @property
    def fields(self) -> tuple[CustomField, ...]:
        return tuple(editor.field for editor in self._editors)

    def set_fields(self, fields: Iterable[CustomField], *, admin: bool) -> None:
        """Show an editor for each visible field (kept as they are if the fields are)."""
        visible = tuple(f for f in fields if f.visible)
        if visible == tuple(e.field for e in self._editors) and self._admin == admin:
            return
        typed = {}  # what the person chose in the old editors, kept in the new ones
        for editor in self._editors:
            if editor.field.id in self._touched:
                try:
                    typed[editor.field.id] = editor.value()
                except ValueError:
                    self._touched.discard(editor.field.id)
        while self._form.rowCount():
            self._form.removeRow(0)
        self._editors = []
        self._admin = admin
        for field in visible:
            editor = FieldEditor(field, self, partial(self._touched.add, field.id))
            label = field.name.replace("&", "&&") + (" *" if field.required else "")
            self._form.addRow(label, editor.widget)
            if field.only_admin_can_edit and not admin:
                editor.widget.setEnabled(False)
                editor.widget.setToolTip(_(ONLY_ADMINS))
            self._editors.append(editor)
            editor.set(typed.get(field.id, field.default_for(self._project_id)))
        self._touched &= set(typed)
        self.setVisible(bool(self._editors))

    def reset(self, project_id: str | None = None) -> None:
        """A fresh form: every field at its default for ``project_id``."""
        self._touched.clear()
        self._project_id = project_id
        for editor in self._editors:
            editor.set(editor.field.default_for(project_id))

    def set_values(self, values: Iterable[CustomValue], project_id: str | None) -> None:
        """Show an entry's values; fields it has no value for start at their default."""
        given = {v.field_id: v.value for v in values}
        self._project_id = project_id
        self._touched.clear()  # in place: the editors hold its ``add``
        self._touched.update(given)
        for editor in self._editors:
            field = editor.field
            editor.set(given[field.id] if field.id in given else field.default_for(project_id))

    def follow_project(self, project_id: str | None) -> None:
        """A project was picked: fields not changed by the person take its defaults."""
        self._project_id = project_id
        for editor in self._editors:
            if editor.field.id not in self._touched:
                editor.set(editor.field.default_for(project_id))

    def values(self, keep: Iterable[CustomValue] = ()) -> tuple[CustomValue, ...]:
        """The values to send: those shown (empty ones only where ``keep`` had a value, to
        clear it), and ``keep``'s values of fields not shown.

        Raises:
            ValueError: a value does not fit its field; the message names the field.
        """
        kept = {v.field_id: v for v in keep}
        result = []
        for editor in self._editors:
            field = editor.field
            value = editor.value()
            if is_empty(value) and field.id not in kept:
                continue
            unchecked = field.type == "CHECKBOX" and value is False
            if unchecked and not field.required and field.id not in kept:
                continue  # an unchecked box is what no value means
            result.append(CustomValue(field.id, value, field.name))
            kept.pop(field.id, None)
        return (*result, *kept.values())

    def typed(self) -> tuple[CustomValue, ...]:
        """Every shown field's value as typed (one that does not fit stands as not empty:
        ``values`` says what is wrong with it)."""
        typed = []
        for editor in self._editors:
            try:
                typed.append(CustomValue(editor.field.id, editor.value()))
            except ValueError:
                typed.append(CustomValue(editor.field.id, "?"))
        return tuple(typed)
