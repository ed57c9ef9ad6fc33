"""Finding projects by what the person types: project or client name, any case, any accent.

The project picker asks this index on every keystroke, with up to 50,000 projects, so a search
must cost a few milliseconds at most. The index keeps one folded key per project ("café olé
relaunch crème brûlée ltd" → "cafe ole relaunch creme brulee ltd"), narrows the previous
matches when the query only grew, keeps the rows of one- and two-letter words (how every query
starts), and finds the names that start with the first word by bisection over the sorted names.
No Qt: the picker's model shows what it finds, and plain tests and benchmarks measure it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress, repeat
from operator import contains

from tray_app.clockify.models import Project

SHORT_KEPT = 128  # one- and two-letter words whose rows are kept (each up to a list of all)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` ("Café" → "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _having(word: str, rows: list[int], keys: list[str]) -> list[int]:
    """The ``rows`` whose key holds ``word``, in order. The loop runs in C (compress, map,
    operator.contains): a Python comprehension over 50,000 keys costs ~4 ms a keystroke."""
    if len(rows) == len(keys):  # every row: no need to look each key up
        return list(compress(rows, map(contains, keys, repeat(word))))
    return list(compress(rows, map(contains, map(keys.__getitem__, rows), repeat(word))))


class ProjectIndex:
    """One list of projects, searched by every word typed, best matches first.

    A project matches when each typed word is part of its name or its client's name. Projects
    whose name starts with the first word lead; within each group, projects keep name order.
    A new list of projects is a new index (its kept rows belong to the old list).

    Args:
        projects: the projects to search, in any order.

    Attributes:
        projects: the same projects in folded-name order; a search answers with positions in it.
    """

    def __init__(self, projects: Sequence[Project] = ()) -> None:
        self.projects: tuple[Project, ...] = tuple(sorted(projects, key=lambda p: fold(p.name)))
        self._positions = {project.id: row for row, project in enumerate(self.projects)}
        self._names = [fold(p.name) for p in self.projects]
        self._keys = [
            f"{name} {fold(project.client_name)}"
            for name, project in zip(self._names, self.projects, strict=True)
        ]
        self._all = list(range(len(self._keys)))  # made once: 50,000 new ints cost ~1 ms
        self._letters: dict[str, list[int]] = {}  # a word of 1–2 letters → the rows holding it
        self._query: str | None = None  # None until the first search: nothing to narrow
        self._matches: list[int] = []  # matching the last query, in name order (to narrow)
        self._shown: list[int] = []  # the same, in the order the last search answered

    @property
    def query(self) -> str:
        """The last search's text, folded and stripped ("" before any)."""
        return self._query or ""

    def search(self, text: str) -> Sequence[int]:
        """Positions in ``projects`` of those matching every word of ``text``, names starting
        with the first word first; all of them, in name order, for empty text.

        Typing more only narrows: when ``text`` extends the last query, only the previous
        matches are checked, and only for the words that changed.
        """
        query = fold(text).strip()
        if query == self._query:
            return self._shown
        words = query.split()
        if self._query and query.startswith(self._query):
            # The last old word may have grown; any new words are new.
            unchanged = len(self._query.split()) - 1
            matches = self._matches
            for word in words[unchanged:]:
                matches = self._narrow(word, matches)
        else:
            matches = self._all
            for word in words:
                matches = self._narrow(word, matches)
        shown = matches
        if words:
            # Rows are in folded-name order, so the names starting with the first word are one
            # run of rows, found by bisection rather than by testing each.
            low = bisect_left(self._names, words[0])
            high = bisect_left(self._names, words[0] + "\uffff")
            start, end = bisect_left(matches, low), bisect_left(matches, high)
            shown = matches[start:end] + matches[:start] + matches[end:]
        self._query, self._matches, self._shown = query, matches, shown
        return shown

    def place_of(self, project_id: str) -> int | None:
        """Where ``project_id`` stands in the last search's answer; None when it is not there."""
        position = self._positions.get(project_id)
        if position is None:
            return None
        try:
            return self._shown.index(position)  # a C-speed scan, not a Python loop
        except ValueError:
            return None

    def _narrow(self, word: str, rows: list[int]) -> list[int]:
        """The ``rows`` whose key holds ``word``. A scan of every row for a word of one or two
        letters (how every query starts, and what a letter every key holds leaves) is kept:
        ~3 ms at 50,000 projects the first time, nothing when typed again."""
        if len(rows) != len(self._keys):
            return _having(word, rows, self._keys)
        if len(word) > 2:
            return _having(word, self._short(word[:2]), self._keys)
        return self._short(word)

    def _short(self, word: str) -> list[int]:
        if word not in self._letters:
            if len(self._letters) >= SHORT_KEPT:
                self._letters.clear()
            self._letters[word] = _having(word, self._all, self._keys)
        return self._letters[word]
