"""The app's words in the user's language: GNU gettext catalogs, chosen once at start.

gettext and not Qt Linguist: core/ and clockify/ word messages too (a refused write, a rule
at stop, a reminder) and stay Qt-free, so the mechanism has to be plain Python; gettext is
in the standard library, takes each language's plural rule from its catalog's header
(``ngettext``), and its .po files are what translators and their tools know. Qt's own
strings (standard buttons, a text field's context menu) come from Qt's qtbase_XX.qm, which
the UI loads for the same language (ui/language.py).

Nothing is translated until :func:`use` is called: the CLI never calls it, so its messages
and JSON stay English for the scripts that parse them. Text made at import time is marked
with :func:`N_` and translated where it is shown.

The catalogs live in ``tray_app/locale/<lang>/LC_MESSAGES/tray_app.po`` with their compiled
.mo beside them; ``make po`` extracts, merges and compiles, ``make lint`` fails when one is
stale or unfinished (scripts/catalogs.py).
"""

from __future__ import annotations

import gettext
import re
from datetime import date
from pathlib import Path

DOMAIN = "tray_app"
LOCALE_DIR = Path(__file__).parent / "locale"
# Each language as its speakers name it, in the order Preferences lists them. Clockify's
# Portuguese is Brazil's.
LANGUAGES = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "pt": "Português (Brasil)",
}
# Every string visibly changed and ~40% longer: a test runs every window in it (not listed
# in Preferences; CLOCKIFY_TRAY_LANGUAGE=pseudo shows it).
PSEUDO = "pseudo"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """``message`` in the chosen language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` that ``count`` takes in the chosen language."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the chosen language, where ``context`` tells apart two meanings of
    the same English word ("Start" the button, "Start" the column)."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it (text made at import
    time, before the language is chosen): translate it with ``_`` where it is shown."""
    return message


def language() -> str:
    """The language in use: a key of :data:`LANGUAGES`, or :data:`PSEUDO`."""
    return _language


def choose(wanted: str, system: list[str]) -> str:
    """The language to use: ``wanted`` if it is one we have, else the first of the
    system's languages (``de-DE``, ``pt_BR``…) we have, else English."""
    for candidate in [wanted, *system]:
        code = re.split(r"[-_.@]", candidate.strip().lower(), maxsplit=1)[0]
        if candidate == PSEUDO or code == PSEUDO:
            return PSEUDO
        if code in LANGUAGES:
            return code
    return "en"


def use(code: str) -> None:
    """Translate from now on into ``code`` (a key of :data:`LANGUAGES`, or ``pseudo``)."""
    global _current, _language
    if code == PSEUDO:
        _current = Pseudo()
    elif code == "en" or code not in LANGUAGES:
        code, _current = "en", gettext.NullTranslations()
    else:
        # A missing catalog (a broken install) leaves the words English, never the app down.
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _language = code


WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def short_weekday_names() -> tuple[str, ...]:
    """ "Mon" … "Sun": calls with the words in them, for extraction (May is also a month)."""
    return (
        pgettext("short weekday", "Mon"),
        pgettext("short weekday", "Tue"),
        pgettext("short weekday", "Wed"),
        pgettext("short weekday", "Thu"),
        pgettext("short weekday", "Fri"),
        pgettext("short weekday", "Sat"),
        pgettext("short weekday", "Sun"),
    )


def _short_months() -> tuple[str, ...]:
    return (
        pgettext("short month", "Jan"),
        pgettext("short month", "Feb"),
        pgettext("short month", "Mar"),
        pgettext("short month", "Apr"),
        pgettext("short month", "May"),
        pgettext("short month", "Jun"),
        pgettext("short month", "Jul"),
        pgettext("short month", "Aug"),
        pgettext("short month", "Sep"),
        pgettext("short month", "Oct"),
        pgettext("short month", "Nov"),
        pgettext("short month", "Dec"),
    )


def weekday_name(day: date, short: bool = False) -> str:
    """ "Wednesday" (or "Wed") in the chosen language."""
    if short:
        return short_weekday_names()[day.weekday()]
    return _(WEEKDAYS[day.weekday()])


def month_name(day: date, short: bool = False) -> str:
    """ "November" (or "Nov") in the chosen language."""
    if short:
        return _short_months()[day.month - 1]
    return _(MONTHS[day.month - 1])


def long_day(day: date) -> str:
    """ "Wednesday 25 November": a day of the shown week, as its language writes it."""
    # Translators: a day's title in the entries window, e.g. "Wednesday 25 November".
    return _("{weekday} {day} {month}").format(
        weekday=weekday_name(day), day=day.day, month=month_name(day)
    )


def short_day(day: date) -> str:
    """ "Wed 25 Nov": a day in a short message."""
    # Translators: a day in a short message, e.g. "Wed 25 Nov".
    return pgettext("short day", "{weekday} {day} {month}").format(
        weekday=weekday_name(day, short=True), day=day.day, month=month_name(day, short=True)
    )


# Pseudo-translation: letters swapped for accented look-alikes, placeholders ({name}),
# markup (<b>) and mnemonics (&) kept, padded to ~140% and bracketed so a cut-off end shows.
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥʠŕšŧúʋŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŦÚṼŴẊÝŽ",
)
_KEPT = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%\(?\w*\)?[sd])")
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(message: str) -> str:
    """ "Start timer" → "⟦Šŧáŕŧ ŧíɱéŕ·····⟧" (placeholders and markup left as they are)."""
    if not message.strip():
        return message
    parts = _KEPT.split(message)
    shown = "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts))
    letters = sum(len(p) for i, p in enumerate(parts) if not i % 2)
    return f"{PSEUDO_OPEN}{shown}{'·' * max(1, round(letters * 0.4))}{PSEUDO_CLOSE}"


class Pseudo(gettext.NullTranslations):
    """Every message pseudo-translated: a test finds text that never went through ``_``."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)
