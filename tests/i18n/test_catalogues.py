"""The interface catalogues: complete, well-formed, compiled, and up to date
with the code.

Every msgid of the project is translated into Spanish, Portuguese and
Italian, with the same placeholders; the committed ``.mo`` files are the
``.po`` files compiled (so that a machine without GNU gettext shows the
translations); and extracting the strings again from the code finds nothing
the catalogues lack (so a new string fails here until it is translated).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from home.management.commands.compile_catalogues import catalogues

LANGUAGES = ("es", "pt", "it")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfi]|%[sdfi]|%%")
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", ".test-media", "media", "staticfiles", "*.pyc"
)


def catalogue_path(language: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def problems(po: polib.POFile) -> list[str]:
    """What is wrong with a catalogue: untranslated, fuzzy or obsolete entries,
    placeholders that differ from the msgid's, a wrong number of plural forms."""
    plurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    found = []
    for entry in po:
        name = f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"
        if entry.obsolete:
            found.append(f"obsolete: {name}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {name}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(plurals)]
            if len(entry.msgstr_plural) != plurals:
                found.append(f"{len(entry.msgstr_plural)} plural forms: {name}")
            singular = set(PLACEHOLDER.findall(entry.msgid))
            plural = set(PLACEHOLDER.findall(entry.msgid_plural))
            for index, form in enumerate(forms):
                used = set(PLACEHOLDER.findall(form))
                # The first form has the singular's placeholders (it may leave
                # out the count, as "one article" does), the others the plural's.
                if not form.strip():
                    found.append(f"untranslated: {name}")
                elif not used <= singular | plural or not (
                    (singular if index == 0 else plural) <= used
                ):
                    found.append(f"placeholders differ: {name} -> {form!r}")
        elif not entry.msgstr.strip():
            found.append(f"untranslated: {name}")
        elif sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ):
            found.append(f"placeholders differ: {name} -> {entry.msgstr!r}")
    return found


def messages(catalogue) -> dict:
    """(context, msgid) -> translation(s), as a compiled catalogue holds them."""
    found = {}
    for entry in catalogue:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        value = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        found[(entry.msgctxt, entry.msgid)] = value
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_with_its_placeholders(language):
    po = polib.pofile(str(catalogue_path(language)))
    assert po.metadata["Language"] == language
    assert len(po) > 800
    assert problems(po) == []


def test_the_check_finds_a_missing_translation_and_a_lost_placeholder():
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Book a seat", msgstr=""))
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Hola"))
    po.append(polib.POEntry(msgid="Fine", msgstr="Bien", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(counter)s seat left",
            msgid_plural="%(counter)s seats left",
            msgstr_plural={0: "Queda %(counter)s lugar", 1: ""},
        )
    )
    assert problems(po) == [
        "untranslated: 'Book a seat'",
        "placeholders differ: 'Hello %(name)s' -> 'Hola'",
        "fuzzy: 'Fine'",
        "untranslated: '%(counter)s seat left'",
    ]


@pytest.mark.parametrize(
    "po_path",
    catalogues(),
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_the_committed_mo_file_is_the_po_file_compiled(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run `make messages` (or manage.py compile_catalogues)"
    compiled = messages(polib.mofile(str(mo_path)))
    written = messages(polib.pofile(str(po_path)))
    written.pop((None, ""), None)
    compiled.pop((None, ""), None)
    assert compiled == written, "run manage.py compile_catalogues"


def test_every_catalogue_is_compiled_and_checked():
    """The project's three and the libraries' Brazilian Portuguese."""
    found = {str(path.relative_to(settings.BASE_DIR)) for path in catalogues()}
    assert found == {
        *(f"locale/{language}/LC_MESSAGES/django.po" for language in LANGUAGES),
        "locale_vendor/pt/LC_MESSAGES/django.po",
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings again, from a copy of the project, as `make messages`
    does: nothing new may appear untranslated, nothing may be left over."""
    copy = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=IGNORED)
    command = [
        sys.executable,
        "manage.py",
        "makemessages",
        *[f"--locale={language}" for language in LANGUAGES],
        "--no-obsolete",
        *[
            f"--ignore={folder}"
            for folder in ("tests", "bench", ".venv", "node_modules", "media")
        ],
    ]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    for language in LANGUAGES:
        fresh = polib.pofile(
            str(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        )
        committed = polib.pofile(str(catalogue_path(language)))
        assert problems(fresh) == [], f"{language}: translate the new strings"
        assert set(messages(fresh)) == set(messages(committed)), language
