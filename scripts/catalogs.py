"""The translation catalogs: extract the app's messages, merge them into each language, compile.

    scripts/catalogs.py update [LANG…] tray_app.pot from the source; each language's .po merged
                                      with it (new messages untranslated, gone ones dropped);
                                      each .mo compiled (`make po`)
    scripts/catalogs.py check [LANG…] fails when the template is stale, a language lacks a
                                      message or has an unfinished (empty or fuzzy) one, a
                                      translation loses a placeholder or a mnemonic, or a .mo
                                      is not its .po compiled (`make lint`)
    scripts/catalogs.py new LANG      starts a language: an empty .po from the template

Messages are what the app passes to _, N_, ngettext and pgettext (tray_app/i18n.py), outside
cli/ and sandbox/ (which stay English). A comment starting "Translators:" on the line before
reaches the translator. Locations are kept without line numbers, so moving code does not
change a catalog.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tray_app"
sys.path.insert(0, str(ROOT))
from tray_app.i18n import DOMAIN, LANGUAGES, LOCALE_DIR  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
METHODS = [("cli/**.py", "ignore"), ("sandbox/**.py", "ignore"), ("**.py", "python")]
# Babel's locale for each language: its plural rule and its name in the header.
LOCALES = {"de": "de", "es": "es", "fr": "fr", "pt": "pt_BR"}
# The headers' dates are fixed: the catalogs change only when their messages do.
FIXED_DATE = datetime(2026, 12, 6)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&(?=[^&\s])")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment="# The words of Clockify Tray. Edit the translations; scripts/catalogs.py\n"
        "# (make po) keeps the messages in step with the app.",
        project="Clockify Tray",
        version="1",
        copyright_holder="Clockify Tray contributors",
        msgid_bugs_address="",
        last_translator="Clockify Tray contributors",
        language_team="Clockify Tray contributors",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )


def extract() -> Catalog:
    """The template: every message of the app, as the source says it now."""
    template = _catalog()
    found = extract_from_dir(
        str(PACKAGE),
        method_map=METHODS,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = f"tray_app/{Path(filename).as_posix()}"
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def _text(catalog: Catalog, **options: object) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, sort_output=True, **options)  # type: ignore[arg-type]
    return out.getvalue()


def _compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def _write(path: Path, data: bytes) -> bool:
    """``data`` into ``path`` unless it is there already: whether it changed."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _merged(language: str, template: Catalog) -> Catalog:
    path = po_path(language)
    catalog = _read(path, LOCALES[language]) if path.exists() else _catalog(LOCALES[language])
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    return catalog


def update(languages: list[str]) -> int:
    """The template and every language's files; with ``languages``, only theirs (the
    template left alone, so translators of different languages never write the same file)."""
    template = extract()
    changed = []
    if not languages and _write(TEMPLATE, _text(template, omit_header=False)):
        changed.append(TEMPLATE)
    for language in languages or list(LOCALES):
        path = po_path(language)
        if not path.exists():
            continue
        catalog = _merged(language, template)
        if _write(path, _text(catalog)):
            changed.append(path)
        if _write(path.with_suffix(".mo"), _compiled(_read(path, LOCALES[language]))):
            changed.append(path.with_suffix(".mo"))
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    unfinished = [f"{lang}: {n}" for lang, n in _unfinished_counts() if n]
    if unfinished:
        print("untranslated or fuzzy: " + ", ".join(unfinished))
    return 0


def _unfinished_counts() -> Iterator[tuple[str, int]]:
    for language in LOCALES:
        path = po_path(language)
        if path.exists():
            catalog = _read(path, LOCALES[language])
            yield language, sum(1 for m in _messages(catalog) if _unfinished(m))


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (m for m in catalog if m.id)


def _unfinished(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return message.fuzzy or not all(strings)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def problems_of(language: str, template: Catalog) -> list[str]:
    """What is wrong with one language's catalog, one line each."""
    path = po_path(language)
    if not path.exists():
        return [f"{language}: no catalog at {path.relative_to(ROOT)}"]
    catalog = _read(path, LOCALES[language])
    name = path.relative_to(ROOT)
    found = []
    wanted = {_key(m) for m in _messages(template)}
    have = {_key(m): m for m in _messages(catalog)}
    for context, msgid in sorted(wanted - have.keys(), key=str):
        found.append(f"{name}: missing {msgid!r}" + (f" ({context})" if context else ""))
    for _context, msgid in sorted(have.keys() - wanted, key=str):
        found.append(f"{name}: no longer in the app: {msgid!r}")
    for message in have.values():
        found.extend(f"{name}: {p}" for p in _message_problems(message))
    if _text(_merged(language, template)) != path.read_bytes():
        found.append(f"{name}: not merged with the template (run make po)")
    mo = path.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != _compiled(catalog):
        found.append(f"{mo.relative_to(ROOT)}: not its .po compiled (run make po)")
    return found


def _message_problems(message: Message) -> Iterator[str]:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    label = repr(ids[0])
    if message.fuzzy:
        yield f"fuzzy (unfinished): {label}"
    if not all(strings):
        yield f"untranslated: {label}"
        return
    allowed = set().union(*(PLACEHOLDER.findall(i) for i in ids))
    needed = set(PLACEHOLDER.findall(ids[-1]))
    for string in strings:
        own = set(PLACEHOLDER.findall(string))
        if own - allowed:
            yield f"unknown placeholder {sorted(own - allowed)} in the translation of {label}"
        # A plural form may leave the count out ("ein Eintrag"); the other placeholders stay.
        if len(ids) == 1 and own != needed:
            yield f"placeholders {sorted(needed - own)} lost in the translation of {label}"
        if bool(MNEMONIC.search(ids[0])) != bool(MNEMONIC.search(string)):
            yield f"the & shortcut differs in the translation of {label}"


def check(languages: list[str]) -> int:
    template = extract()
    found = []
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != _text(template, omit_header=False):
        found.append(f"{TEMPLATE.relative_to(ROOT)}: stale, the source has changed (run make po)")
    for language in languages or list(LOCALES):
        found.extend(problems_of(language, template))
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} problems in the translation catalogs", file=sys.stderr)
        return 1
    print(f"catalogs current and complete: {', '.join(languages or LANGUAGES)}")
    return 0


def new(language: str) -> int:
    if language not in LOCALES:
        print(f"add {language!r} to LANGUAGES (tray_app/i18n.py) and LOCALES here first")
        return 2
    path = po_path(language)
    if path.exists():
        print(f"{path.relative_to(ROOT)} exists")
        return 2
    _write(path, _text(_merged(language, extract())))
    print(f"wrote {path.relative_to(ROOT)}: translate it, then run make po")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"] and all(a in LOCALES for a in argv[1:]):
        return update(argv[1:])
    if argv[:1] == ["check"] and all(a in LOCALES for a in argv[1:]):
        return check(argv[1:])
    if argv[:1] == ["new"] and len(argv) == 2:
        return new(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
