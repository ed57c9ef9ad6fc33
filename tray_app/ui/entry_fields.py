"""The fields quick start and manual entry share: project picker, task, tags, billable and the
workspace's custom fields."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from tray_app.clockify.fields import CustomValue
from tray_app.clockify.models import Project, Task, WorkspaceSettings
from tray_app.core.rules import lacking
from tray_app.core.state import AppState
from tray_app.i18n import _
from tray_app.ui.custom_fields import CustomFieldsEditor
from tray_app.ui.project_picker import ProjectPicker
from tray_app.ui.widgets import (
    WARNING_STYLE,
    grow_to_fit,
    message_label,
    name_window,
    show_message,
)


class EntryFields(QObject):
    """Project, task, tags, billable and custom field widgets with their shared behaviour.

    Tasks load on demand: choosing a project emits ``tasks_wanted`` and ``on_tasks_loaded``
    fills the list. Billable and the custom fields follow the project (or task) until the
    person changes them.

    Signals:
        tasks_wanted(str): the tasks of this project are needed.
        create_project_requested(str): make a project with this name.
    """

    tasks_wanted = Signal(str)
    create_project_requested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.picker = ProjectPicker(parent)
        self.task_box = QComboBox(parent)
        self.task_box.setAccessibleName(_("Task"))
        self.tag_list = QListWidget(parent)
        self.tag_list.setAccessibleName(_("Tags"))
        self.tag_list.setMaximumHeight(84)
        self.billable_box = QCheckBox(_("&Billable"), parent)
        self.custom = CustomFieldsEditor(parent)
        # Why a list is missing (Clockify refused it), in Clockify's words; hidden if nothing is.
        self.notes = message_label(parent)
        self._settings = WorkspaceSettings()
        self._tasks_for = ""
        self._billable_touched = False
        self._preset_task: str | None = None
        self.picker.chosen.connect(self.on_picker_chosen)
        self.picker.create_requested.connect(self.create_project_requested)
        self.task_box.currentIndexChanged.connect(self.on_task_box_changed)
        self.billable_box.clicked.connect(self.on_billable_clicked)
        self._reset_tasks(None)

    def load(self, state: AppState) -> None:
        """Take the workspace's projects, tags and rules from ``state``."""
        self._settings = state.workspace.settings if state.workspace else WorkspaceSettings()
        self.picker.set_projects(
            state.projects,
            allow_none=not self._settings.force_projects,
            allow_create=state.may_create_projects,
        )
        checked = set(self.tag_ids())
        self.tag_list.clear()
        for tag in state.tags:
            item = QListWidgetItem(tag.name, self.tag_list)
            item.setData(Qt.ItemDataRole.UserRole, tag.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if tag.id in checked else Qt.CheckState.Unchecked
            )
        self.tag_list.setVisible(bool(state.tags))
        self.custom.set_fields(state.custom_fields, admin=state.is_admin)

    def show_notes(self, state: AppState) -> None:
        """Say which lists Clockify refused, and why; tracking works on without them."""
        parts = ("projects", "tags", "tasks", "custom_fields")
        lines = [state.unavailable_text(part) for part in parts]
        show_message(self.notes, "\n".join(line for line in lines if line), WARNING_STYLE)

    def clear(self) -> None:
        self.picker.select_project(None)
        self._reset_tasks(None)
        self.set_tags(())
        self.billable_box.setChecked(False)
        self._billable_touched = False
        self.custom.reset()

    def preset(
        self,
        project: Project | None,
        task_id: str | None,
        tag_ids: tuple[str, ...],
        billable: bool,
        custom_values: tuple[CustomValue, ...] = (),
    ) -> None:
        self.picker.select_project(project)
        self.custom.set_values(custom_values, project.id if project else None)
        self._reset_tasks(project)
        self._preset_task = task_id
        if project is not None:
            self.tasks_wanted.emit(project.id)
        self.set_tags(tag_ids)
        self.billable_box.setChecked(billable)
        self._billable_touched = True

    def set_tags(self, tag_ids: tuple[str, ...]) -> None:
        for row in range(self.tag_list.count()):
            item = self.tag_list.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in tag_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def project_id(self) -> str | None:
        return self.picker.selected.id if self.picker.selected else None

    def task_id(self) -> str | None:
        data = self.task_box.currentData()
        return data.id if isinstance(data, Task) else None

    def tag_ids(self) -> tuple[str, ...]:
        return tuple(
            str(self.tag_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.tag_list.count())
            if self.tag_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def missing(self, description: str) -> list[str]:
        """What the workspace requires and the form lacks, as phrases for a message."""
        return lacking(
            self._settings,
            self.custom.fields,
            description=description,
            project_id=self.project_id(),
            task_id=self.task_id(),
            tag_ids=self.tag_ids(),
            project_has_tasks=self.task_box.count() > 1,
            values=self.custom.typed(),
        ).phrases()

    def custom_values(self, keep: tuple[CustomValue, ...] = ()) -> tuple[CustomValue, ...]:
        """The custom field values the form holds, with ``keep``'s values of fields it does
        not show.

        Raises:
            ValueError: a value does not fit its field; the message names it.
        """
        return self.custom.values(keep)

    @property
    def shows_custom_fields(self) -> bool:
        return bool(self.custom.editors)

    def on_tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        if project_id != self._tasks_for:
            return  # an answer for a project no longer chosen
        self.task_box.blockSignals(True)
        self.task_box.clear()
        self.task_box.addItem(_("No task") if tasks else _("This project has no tasks"), None)
        for task in tasks:
            self.task_box.addItem(task.name, task)
        row = next((i + 1 for i, t in enumerate(tasks) if t.id == self._preset_task), 0)
        self.task_box.setCurrentIndex(row)
        self.task_box.setEnabled(bool(tasks))
        self.task_box.blockSignals(False)
        self._preset_task = None

    def on_picker_chosen(self, project: Project | None) -> None:
        self._preset_task = None
        self._reset_tasks(project)
        if project is not None:
            self.tasks_wanted.emit(project.id)
        if not self._billable_touched:
            self.billable_box.setChecked(bool(project and project.billable))
        self.custom.follow_project(project.id if project else None)

    def on_task_box_changed(self, row: int) -> None:
        task = self.task_box.itemData(row)
        if isinstance(task, Task) and not self._billable_touched:
            self.billable_box.setChecked(task.billable)

    def on_billable_clicked(self) -> None:
        self._billable_touched = True

    def on_project_created(self, project: Project, state: AppState) -> None:
        self.load(state)
        self.picker.select_project(project)
        self.on_picker_chosen(project)

    def _reset_tasks(self, project: Project | None) -> None:
        self._tasks_for = project.id if project else ""
        self.task_box.blockSignals(True)
        self.task_box.clear()
        self.task_box.addItem(_("Loading tasks…") if project else _("Choose a project first"), None)
        self.task_box.setEnabled(False)
        self.task_box.blockSignals(False)


class EntryDialog(QDialog):
    """What quick start and manual entry share: the fields, their signals, and showing up.

    Signals:
        tasks_wanted(str): the tasks of a project are needed.
        create_project_requested(str): make a project with this name.
    """

    tasks_wanted = Signal(str)
    create_project_requested = Signal(str)

    def __init__(self, title: str, icon: QIcon | None, width: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        name_window(self, title, icon)
        self.setMinimumWidth(width)
        self._state = AppState()
        self.primary_button: QPushButton | None = None  # what Enter presses (Save, Start)
        self.fields = EntryFields(self)
        self.fields.tasks_wanted.connect(self.tasks_wanted)
        self.fields.create_project_requested.connect(self.create_project_requested)
        self._tab_chain: list[QWidget] = []

    def load_fields(self, state: AppState) -> None:
        """Take the workspace's lists and rules; the custom fields join the Tab order."""
        self.fields.load(state)
        self._chain_tabs()

    def on_tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        self.fields.on_tasks_loaded(project_id, tasks)

    def say(self, label: QLabel, text: str, style: str) -> None:
        """A message in ``label``, the dialog grown to hold it (it squeezed the tag list)."""
        show_message(label, text, style)
        grow_to_fit(self)

    def chain_tab_order(self, *widgets: QWidget, then: QWidget) -> None:
        """Tab goes through ``widgets``, then project filter, task, tags, billable, the custom
        fields, and ``then`` (the buttons).

        The shared fields are made before each dialog's own, so creation order alone would
        send Tab from the description past the project filter (a keyboard-first dialog must
        not); custom fields come and go with the workspace, so the chain is made again then."""
        fields = self.fields
        chain = [*widgets, fields.picker.filter_edit, fields.task_box, fields.tag_list]
        chain.append(fields.billable_box)
        self._tab_chain = [*chain, then]
        self._chain_tabs()

    def _chain_tabs(self) -> None:
        if not self._tab_chain:
            return
        *chain, then = self._tab_chain
        editors = [editor.widget for editor in self.fields.custom.editors]
        for first, second in pairwise([*chain, *editors, then]):
            QWidget.setTabOrder(first, second)

    def on_project_created(self, project: Project, state: AppState) -> None:
        self._state = state
        self.fields.on_project_created(project, state)

    def bring_up(self) -> None:
        """Show the dialog in front, ready for the keyboard, Enter on its primary button."""
        if self.primary_button is not None:
            self.primary_button.setDefault(True)
        self.show()
        self.raise_()
        self.activateWindow()
