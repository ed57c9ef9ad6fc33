"""The app's language, chosen once at start: our catalogs, Qt's own strings, and the locale.

The choice, first that applies: ``CLOCKIFY_TRAY_LANGUAGE`` (for a run, a screenshot, the
pseudo-locale), the language picked in Preferences, the system's languages in their order of
preference, English. Qt's own words (a message box's standard buttons, a text field's context
menu) come from the qtbase catalog Qt ships for that language; month and day names of Qt's
date pickers and the numbers of its spin boxes follow the QLocale made default here.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from tray_app import i18n

logger = logging.getLogger(__name__)
ENV = "CLOCKIFY_TRAY_LANGUAGE"
# Qt's locale (and qtbase catalog) for each of our languages: Clockify's Portuguese is Brazil's.
QT_LOCALES = {"en": "en_US", "de": "de_DE", "es": "es_ES", "fr": "fr_FR", "pt": "pt_BR"}
_installed: list[QTranslator] = []


def system_languages() -> list[str]:
    """The system's languages, most wanted first ("de-DE", "en-US"…)."""
    return list(QLocale.system().uiLanguages())


def apply(wanted: str = "") -> str:
    """Choose the language (see the module's notes), load it everywhere: which it is."""
    code = i18n.choose(os.environ.get(ENV, "") or wanted, system_languages())
    i18n.use(code)
    qt_locale = QLocale(QT_LOCALES.get(code, "en_US"))
    QLocale.setDefault(qt_locale)
    _load_qt_catalog(qt_locale)
    logger.info("language: %s", code)
    return code


def _load_qt_catalog(locale: QLocale) -> None:
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    if app is None:
        return
    if i18n.language() == i18n.PSEUDO:
        pseudo = _PseudoQt(app)
        app.installTranslator(pseudo)
        _installed.append(pseudo)
        return
    if locale.language() == QLocale.Language.English:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        logger.warning("Qt has no catalog for %s in %s", locale.name(), folder)


class _PseudoQt(QTranslator):
    """Qt's own strings (standard buttons, a text field's menu) in the pseudo-locale too, so
    the test that walks every window sees them go through a catalog."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return i18n.pseudo(source) if source else source

    def isEmpty(self) -> bool:
        return False


def language_names() -> list[tuple[str, str]]:
    """Preferences' choices: ("", "System language (Deutsch)"), then each language by its own
    name."""
    system = i18n.choose("", system_languages())
    # Translators: the first choice of the language list; {language} is the system's.
    first = i18n._("System language ({language})").format(language=i18n.LANGUAGES[system])
    return [("", first), *i18n.LANGUAGES.items()]
