"""The project search index without Qt: folding, matching, order, narrowing, kept scans."""

from __future__ import annotations

import random

from tray_app.clockify.models import Project
from tray_app.core.search import SHORT_KEPT, ProjectIndex, fold

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "zeta", "theta", "lambda"]


def many_projects(count: int = 10_000, clients: int = 500) -> list[Project]:
    rng = random.Random(3)
    projects = [
        Project(
            id=f"p{number:05d}",
            name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {number}",
            client_name=f"Client {number % clients:03d}",
            color="#123456",
        )
        for number in range(count)
    ]
    projects.append(Project(id="cafe", name="Café Olé relaunch", client_name="Crème brûlée Ltd"))
    return sorted(projects, key=lambda p: p.name.casefold())


def found(index: ProjectIndex, text: str) -> list[str]:
    return [index.projects[position].name for position in index.search(text)]


def plainly_found(projects: list[Project], text: str) -> list[str]:
    """What a search must answer, written the plain way: every project checked against every
    word, those whose name starts with the first word first, each group in folded-name order."""
    words = fold(text).split()
    ordered = sorted(projects, key=lambda p: fold(p.name))
    matching = [
        p for p in ordered if all(w in f"{fold(p.name)} {fold(p.client_name)}" for w in words)
    ]
    leading = [p for p in matching if words and fold(p.name).startswith(words[0])]
    return [p.name for p in leading + [p for p in matching if p not in leading]]


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Café OLÉ") == "cafe ole"
    assert fold("Straße") == "strasse"
    assert fold("Café") == fold("cafe") == fold("CAFÉ") == "cafe"
    assert fold("Crème Brûlée") == "creme brulee"


def test_search_matches_project_or_client_any_accent() -> None:
    index = ProjectIndex(many_projects())
    assert found(index, "CAFE") == ["Café Olé relaunch"]
    assert found(index, "creme brulee") == ["Café Olé relaunch"]  # the client, without accents
    client = found(index, "client 007")
    assert len(client) == 20
    projects = {p.name: p for p in index.projects}
    assert all(projects[name].client_name == "Client 007" for name in client)


def test_accents_typed_find_names_written_without_them() -> None:
    index = ProjectIndex([Project("1", "Cafe corner"), Project("2", "Tea", client_name="Cafe Ltd")])
    assert found(index, "café") == ["Cafe corner", "Tea"]
    assert found(index, "CAFÉ LTD") == ["Tea"]


def test_every_word_must_match_the_name_or_the_client() -> None:
    index = ProjectIndex(
        [
            Project("1", "Website", client_name="Acme"),
            Project("2", "Website", client_name="Globex"),
            Project("3", "Acme intranet"),
        ]
    )
    assert found(index, "acme") == ["Acme intranet", "Website"]
    assert [index.projects[p].client_name for p in index.search("website acme")] == ["Acme"]
    assert found(index, "globex intranet") == []


def test_typing_narrows_like_a_fresh_search() -> None:
    projects = many_projects()
    typed = ProjectIndex(projects)
    for query in ["o", "om", "ome", "omeg", "omega", "omega 1", "omega 12"]:
        fresh = ProjectIndex(projects)
        assert found(typed, query) == found(fresh, query), query
    narrowest = found(typed, "omega 12")
    assert found(typed, "omega 1") == found(ProjectIndex(projects), "omega 1")  # backspace
    assert len(found(typed, "omega 1")) > len(narrowest)


def test_edits_that_do_not_only_add_letters_search_afresh() -> None:
    projects = many_projects(3_000, clients=60)
    typed = ProjectIndex(projects)
    for query in ["zeta", "zeta al", "zeta alpha", "beta alpha", "zeta alpha", "alpha  zeta "]:
        assert found(typed, query) == plainly_found(projects, query), query


def test_kept_short_scans_match_a_fresh_search() -> None:
    """The rows kept for 1–2 letter words are the same as a scan."""
    projects = many_projects(2_000, clients=40)
    index = ProjectIndex(projects)
    for query in ["e", "", "el", "e", "elt", "", "t", "th", "thet", "", "z", "ze", "zeta 1"]:
        assert found(index, query) == found(ProjectIndex(projects), query), query


def test_more_short_words_than_are_kept_still_answer_right() -> None:
    projects = many_projects(500, clients=25)
    index = ProjectIndex(projects)
    letters = "abcdeghiklmnopstz0123456789"
    pairs = [a + b for a in letters for b in letters][: SHORT_KEPT + 40]
    for query in [*pairs, *pairs[:5]]:  # past the limit, then the first ones again
        assert found(index, query) == plainly_found(projects, query), query


def test_random_queries_answer_as_the_plain_search() -> None:
    projects = many_projects(1_000, clients=30)
    index = ProjectIndex(projects)
    rng = random.Random(11)
    for _ in range(200):
        word = rng.choice([*WORDS, "client", "0", "1"])
        query = word[: rng.randint(1, len(word))]
        if rng.random() < 0.4:
            query += " " + rng.choice(WORDS)[: rng.randint(1, 3)]
        assert found(index, query) == plainly_found(projects, query), query


def test_names_starting_with_the_query_come_first() -> None:
    index = ProjectIndex(
        [
            Project("1", "Big sigma"),
            Project("2", "Sigma one"),
            Project("3", "Other", client_name="Sigma corp"),
        ]
    )
    assert found(index, "sig") == ["Sigma one", "Big sigma", "Other"]


def test_each_group_keeps_name_order_whatever_the_accents() -> None:
    index = ProjectIndex(
        [
            Project("1", "zeta Éclair"),
            Project("2", "Echo zeta"),
            Project("3", "éclair zeta"),
            Project("4", "apple zeta"),
            Project("5", "Zeta echo"),
        ]
    )
    assert [p.name for p in index.projects] == [
        "apple zeta",
        "Echo zeta",
        "éclair zeta",
        "Zeta echo",
        "zeta Éclair",
    ]
    leading, others = ["Echo zeta", "éclair zeta"], ["apple zeta", "Zeta echo", "zeta Éclair"]
    assert found(index, "e") == leading + others
    assert found(index, "") == [p.name for p in index.projects]  # nothing typed: every project


def test_nothing_matches_answers_nothing() -> None:
    index = ProjectIndex(many_projects(100, 5))
    assert found(index, "  Moon base ") == []
    assert index.query == "moon base"


def test_place_of_finds_a_project_in_the_last_answer() -> None:
    projects = many_projects(200, 10)
    index = ProjectIndex(projects)
    index.search("")
    assert [index.place_of(p.id) for p in index.projects[:3]] == [0, 1, 2]
    chosen = projects[57]
    answer = index.search(chosen.name)
    place = index.place_of(chosen.id)
    assert place is not None and index.projects[answer[place]] == chosen
    assert index.place_of("no-such-id") is None
    index.search("nothing matches this")
    assert index.place_of(chosen.id) is None
