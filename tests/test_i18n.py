"""The app's languages: which one is chosen, the pseudo-locale, the catalogs' check, and Qt's own
strings following the app's language."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Message

from tray_app import i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def english() -> Iterator[None]:
    yield
    i18n.use("en")


def catalogs_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("wanted", "system", "chosen"),
    [
        ("", ["de-DE", "en-US"], "de"),
        ("", ["fr_CA.UTF-8"], "fr"),
        ("", ["pt-PT"], "pt"),
        ("", ["nl-NL", "es-MX"], "es"),  # the first the app has, in the system's order
        ("", ["nl-NL"], "en"),
        ("", [], "en"),
        ("fr", ["de-DE"], "fr"),  # Preferences beats the system
        ("xx", ["de-DE"], "de"),  # a stale setting falls through
        ("pseudo", ["de-DE"], "pseudo"),
    ],
)
def test_the_language_is_the_wanted_one_else_the_systems_first_known(
    wanted: str, system: list[str], chosen: str
) -> None:
    assert i18n.choose(wanted, system) == chosen


def test_the_pseudo_locale_changes_every_letter_and_keeps_placeholders_and_markup(
    english: None,
) -> None:
    message = "Today {done} of {target}: <b>&Start</b>"
    shown = i18n.pseudo(message)
    assert shown.startswith(i18n.PSEUDO_OPEN) and shown.endswith(i18n.PSEUDO_CLOSE)
    assert "{done}" in shown and "{target}" in shown and "<b>&" in shown and "</b>" in shown
    outside = shown.replace("{done}", "").replace("{target}", "").replace("<b>", "")
    assert not any(c.isascii() and c.isalpha() for c in outside.replace("</b>", ""))
    plain = "Start the timer now"
    assert len(i18n.pseudo(plain)) >= 1.4 * len(plain)  # as long as German or French can be
    i18n.use("pseudo")
    assert i18n._(message).format(done="6:12", target="8:00") == shown.format(
        done="6:12", target="8:00"
    )
    assert i18n.ngettext("{count} entry", "{count} entries", 3) == i18n.pseudo("{count} entries")


def test_untranslated_english_is_the_identity(english: None) -> None:
    i18n.use("en")
    assert i18n._("Start timer") == "Start timer"
    assert i18n.ngettext("{count} entry", "{count} entries", 1) == "{count} entry"
    assert i18n.long_day(date(2026, 11, 25)) == "Wednesday 25 November"
    assert i18n.short_day(date(2026, 11, 25)) == "Wed 25 Nov"


def test_the_check_names_a_lost_placeholder_a_lost_shortcut_and_an_unfinished_message() -> None:
    script = catalogs_script()
    lost = Message("Today {done} of {target}", "Heute {done}")
    assert any("{target}" in p for p in script._message_problems(lost))
    unknown = Message("Today {done}", "Heute {erledigt}")
    assert any("unknown placeholder" in p for p in script._message_problems(unknown))
    shortcut = Message("&Start", "Starten")
    assert any("& shortcut" in p for p in script._message_problems(shortcut))
    assert list(script._message_problems(Message("Stop", ""))) == ["untranslated: 'Stop'"]
    fuzzy = Message("Stop", "Stopp", flags=["fuzzy"])
    assert list(script._message_problems(fuzzy)) == ["fuzzy (unfinished): 'Stop'"]
    # A plural form may leave the count out; the plural's placeholders are allowed.
    plural = Message(
        ("{count} entry not saved", "{count} entries not saved"),
        ("Ein Eintrag nicht gespeichert", "{count} Einträge nicht gespeichert"),
    )
    assert list(script._message_problems(plural)) == []
    assert list(script._message_problems(Message("&Start {name}", "&Starten {name}"))) == []


def test_qt_own_strings_and_locale_follow_the_language(
    qapp: object, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QCoreApplication, QDate, QLocale

    from tray_app.ui import language

    monkeypatch.setenv(language.ENV, "fr")
    try:
        assert language.apply("de") == "fr"  # the environment beats Preferences
        assert i18n.language() == "fr"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        assert QLocale().toString(QDate(2026, 11, 25), "dddd") == "mercredi"
        monkeypatch.delenv(language.ENV)
        assert language.apply("de") == "de"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        monkeypatch.delenv(language.ENV, raising=False)
        language.apply("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().language() == QLocale.Language.English


@pytest.mark.parametrize(
    ("code", "day", "one", "many"),
    [
        ("de", "Mittwoch, 25. November", "1 Eintrag", "3 Einträge"),
        ("es", "miércoles, 25 de noviembre", "1 entrada", "3 entradas"),
        ("fr", "mercredi 25 novembre", "1 entrée", "3 entrées"),
        ("pt", "quarta-feira, 25 de novembro", "1 registro", "3 registros"),
    ],
)
def test_each_catalog_says_days_and_plurals_as_its_language_does(
    english: None, code: str, day: str, one: str, many: str
) -> None:
    i18n.use(code)
    assert i18n.language() == code
    assert i18n.long_day(date(2026, 11, 25)) == day
    message = ("{count} entry not saved to Clockify", "{count} entries not saved to Clockify")
    assert i18n.ngettext(*message, 1).format(count=1).startswith(one)
    assert i18n.ngettext(*message, 3).format(count=3).startswith(many)
    assert i18n._("Start a timer") != "Start a timer"


def test_a_tooltip_names_the_key_its_translated_button_really_has(
    qapp: object, english: None
) -> None:
    from PySide6.QtGui import QKeySequence

    from tray_app.ui import language
    from tray_app.ui.quick_start import QuickStartDialog

    try:
        for code in ("de", "fr"):
            language.apply(code)
            dialog = QuickStartDialog()
            for button in (dialog.pin_button, dialog.entries_button):
                key = QKeySequence.mnemonic(button.text()).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
                assert key.startswith("Alt+") and button.toolTip().endswith(f"({key})")
            dialog.deleteLater()
    finally:
        language.apply("en")
