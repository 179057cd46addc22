"""Which interface messages came out untranslated while something rendered.

``looked_up()`` records every message Django's gettext functions are asked
for (templates' ``{% translate %}`` and ``{% blocktranslate %}``, forms,
models, messages, emails: they all go through them), with the language
active at that moment and the answer given. ``untranslated()`` keeps those
asked for in a language whose catalogues (the project's, Django's, Wagtail's,
allauth's... as Django merged them) have no entry for the message.
"""

from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import trans_real

NAMES = ("gettext", "ngettext", "pgettext", "npgettext")

# Looked up while a page is read but never shown on the site: Wagtail's
# ChoiceBlock makes its empty choice when a StreamField is read; only the
# admin's block editor shows it.
NEVER_SHOWN = {(None, "- Select an option -")}


@contextmanager
def looked_up():
    """``[(language, context, msgid, plural), ...]`` for the block."""
    trans = translation._trans
    originals = {name: getattr(trans, name) for name in NAMES}
    seen = []

    def note(context, msgid, plural=None):
        seen.append((translation.get_language(), context, str(msgid), plural))

    def gettext(message):
        note(None, message)
        return originals["gettext"](message)

    def ngettext(singular, plural, number):
        note(None, singular, str(plural))
        return originals["ngettext"](singular, plural, number)

    def pgettext(context, message):
        note(context, message)
        return originals["pgettext"](context, message)

    def npgettext(context, singular, plural, number):
        note(context, singular, str(plural))
        return originals["npgettext"](context, singular, plural, number)

    for name, function in zip(
        NAMES, (gettext, ngettext, pgettext, npgettext), strict=True
    ):
        setattr(trans, name, function)
    try:
        yield seen
    finally:
        for name, function in originals.items():
            setattr(trans, name, function)


def has_entry(language: str, context: str | None, msgid: str, plural) -> bool:
    """Whether ``language``'s merged catalogue translates the message (a
    translation may be the English word itself: Italian "Password")."""
    catalogue = trans_real.translation(language)._catalog
    key = f"{context}\x04{msgid}" if context else msgid
    if plural is not None:
        return (key, 0) in catalogue and bool(catalogue[(key, 0)])
    return key in catalogue and bool(catalogue[key])


def untranslated(seen, language: str) -> set[tuple]:
    """(context, msgid) of the messages asked for in ``language`` that none of
    its catalogues translates."""
    found = set()
    for active, context, msgid, plural in seen:
        if active != language or not any(c.isalpha() for c in msgid):
            continue
        if (context, msgid) in NEVER_SHOWN:
            continue
        if not has_entry(language, context, msgid, plural):
            found.add((context, msgid))
    return found
