"""The project picker with 10,000 projects: the list model over the search index, and keys.

What the index finds (folding, matching, order, narrowing) is tested without Qt in
test_search.py; here, that the model shows it, with its "No project" and "Create" rows.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.test_search import many_projects
from tray_app.clockify.models import Project
from tray_app.core.search import ProjectIndex, fold
from tray_app.ui.project_picker import ProjectListModel, ProjectPicker, RowKind


def names(model: ProjectListModel) -> list[str]:
    return [project.name for row in range(model.rowCount()) if (project := model.project(row))]


def fresh_names(projects: list[Project], query: str) -> list[str]:
    fresh = ProjectListModel()
    fresh.set_projects(projects)
    fresh.set_filter(query)
    return names(fresh)


def test_the_list_shows_what_the_index_finds_below_a_no_project_row() -> None:
    projects = many_projects()
    model = ProjectListModel()
    model.set_projects(projects)
    assert model.kind(0) is RowKind.NO_PROJECT and model.rowCount() == 10_002
    index = ProjectIndex(projects)
    for query in ["CAFE", "creme brulee", "client 007", "omega 12", "omega 1", ""]:
        model.set_filter(query)
        expected = [index.projects[position].name for position in index.search(query)]
        assert names(model) == expected and expected, query


def test_a_new_list_is_searched_afresh() -> None:
    """The rows the index kept for the old list (1–2 letter words) are not used for a new one."""
    projects = many_projects(2_000, clients=40)
    model = ProjectListModel()
    model.set_projects(projects)
    for query in ["e", "el", "t"]:
        model.set_filter(query)
    fewer = projects[::3]  # e.g. projects archived elsewhere, then synced
    model.set_projects(fewer)
    for query in ["e", "el", ""]:
        model.set_filter(query)
        assert names(model) == fresh_names(fewer, query), query


def test_nothing_matches_offers_create() -> None:
    model = ProjectListModel()
    model.set_projects(many_projects(100, 5))
    model.set_filter("  Moon base ")
    assert model.rowCount() == 1 and model.kind(0) is RowKind.CREATE
    assert model.create_name == "Moon base"


def test_picker_keys_with_10000_projects(qtbot: QtBot) -> None:
    picker = ProjectPicker()
    qtbot.addWidget(picker)
    chosen: list[Project | None] = []
    picker.chosen.connect(chosen.append)
    picker.set_projects(many_projects())
    picker.show()
    picker.filter_edit.setFocus()
    qtbot.keyClicks(picker.filter_edit, "zeta alpha")
    matches = names(picker.model)
    assert matches and all("zeta" in fold(n) and "alpha" in fold(n) for n in matches)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Up)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert chosen and chosen[-1] is not None and chosen[-1].name == matches[1]
    assert picker.filter_edit.text() == matches[1]


@pytest.mark.parametrize("allow_none", [True, False])
def test_no_project_row_only_when_allowed(allow_none: bool) -> None:
    model = ProjectListModel()
    model.set_projects(many_projects(10, 2), allow_none=allow_none)
    assert (model.kind(0) is RowKind.NO_PROJECT) is allow_none


def test_row_of_finds_projects_the_none_row_and_nothing() -> None:
    model = ProjectListModel()
    data = many_projects(200, 10)
    model.set_projects(data)
    for project in (data[0], data[57], data[-1]):
        row = model.row_of(project.id)
        assert model.project(row) == project
    assert model.row_of(None) == 0 and model.kind(0) is RowKind.NO_PROJECT
    assert model.row_of("no-such-id") == -1
    model.set_filter(data[57].name)
    assert model.project(model.row_of(data[57].id)) == data[57]
    assert model.row_of(None) == -1  # no "No project" row while filtering
    model.set_filter("nothing matches this")
    assert model.row_of(data[57].id) == -1


def test_create_is_offered_only_where_allowed(qtbot: QtBot) -> None:
    picker = ProjectPicker()
    qtbot.addWidget(picker)
    picker.set_projects([Project(id="p1", name="Apollo")], allow_create=False)
    picker.model.set_filter("Zeppelin")
    assert picker.model.rowCount() == 0
    picker.set_projects([Project(id="p1", name="Apollo")], allow_create=True)
    assert picker.model.rowCount() == 1 and picker.model.kind(0) is RowKind.CREATE


def test_a_client_name_takes_the_room_the_project_leaves() -> None:
    from tray_app.ui.project_picker import client_room

    assert client_room(400, 80, 250, 12) == 250  # a short project: the client shows whole
    assert client_room(400, 300, 250, 12) == 200  # both long: at least half the row
    assert client_room(400, 150, 250, 12) == 238  # what the name does not need
    assert client_room(400, 80, 60, 12) == 60  # no wider than itself
