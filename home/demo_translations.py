"""The Spanish, Portuguese and Italian versions of the demo content.

They are made the way a translator makes them in the admin: wagtail-localize's
translation of each page and snippet, filled from a PO file and saved, so the
admin shows them as synced translations ("Sync translated pages" updates them
after the English changes). The texts are in ``home/demo_content/<code>.po``,
one entry per English text; ``manage.py demo_catalogue`` rewrites those files
after the English demo content changes, keeping what is translated.

Spanish and Portuguese get every page and snippet; Italian the pages that serve
Italy (home, about, the country and workshop indexes, the checklist, the figures page, the workshops held in
Italy and the questions form; the newsletter's pages are interface text) and
the snippets they show.
A page or snippet is translated once: what exists in a language, an editor's
work or an earlier run's, is never changed here, and a translation an editor
deleted is not made again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib
from django.db import models
from wagtail.models import Locale, Page, TranslatableMixin, get_translatable_models
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource

from .pages import visible

CATALOGUES = Path(__file__).resolve().parent / "demo_content"
LANGUAGES = ("es", "pt", "it")
ITALIAN_PAGES = (
    "home.HomePage",
    "countries.CountryIndexPage",
    "workshops.WorkshopIndexPage",
    "impact.FiguresPage",
    "checklist.ChecklistPage",
    "home.FormPage",
)
ITALIAN_SLUGS = ("about", "privacy")


class MissingDemoTranslation(Exception):
    """The catalogue lacks a text of an object that must be translated."""


def catalogue_path(language: str) -> Path:
    return CATALOGUES / f"{language}.po"


def catalogue(language: str) -> dict[str, str]:
    """English text -> translation, from ``demo_content/<language>.po``."""
    path = catalogue_path(language)
    if not path.exists():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def snippet_models() -> list[type[models.Model]]:
    """The translatable snippets, in the order their references need.

    A snippet that points at another translatable snippet comes after it
    (organisations after the needs they serve).
    """
    translatable = set(get_translatable_models())
    found = [
        model
        for model in get_snippet_models()
        if model in translatable and not issubclass(model, Page)
    ]
    return sorted(found, key=_reference_depth)


def _reference_depth(model, seen=()) -> int:
    depth = 0
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if (
            getattr(field, "concrete", False)
            and related is not None
            and related is not model
            and related not in seen
            and issubclass(related, TranslatableMixin)
            and not issubclass(related, Page)
        ):
            depth = max(depth, 1 + _reference_depth(related, (*seen, model)))
    return depth


def demo_objects() -> Iterator[models.Model]:
    """Every default-language snippet, then every live, public page of the
    default-language tree, parents before children."""
    default = Locale.get_default()
    for model in snippet_models():
        yield from model.objects.filter(locale=default).order_by("pk")
    home = Page.objects.filter(depth=2, locale=default).first()
    if home is not None:
        # Only what the public sees: a page an editor unpublished or
        # restricted is not published again in another language.
        pages = visible(Page.objects.descendant_of(home, inclusive=True))
        yield from pages.order_by("path").specific()


def wanted_in(obj: models.Model, language: str) -> bool:
    """Whether the demo has ``obj`` in ``language``."""
    if language != "it":
        return True
    if not isinstance(obj, Page):
        return True  # the Italian pages show partners, needs and organisations
    if obj._meta.label in ITALIAN_PAGES or obj.slug in ITALIAN_SLUGS:
        return True
    return obj._meta.label == "workshops.WorkshopPage" and _held_in_italy(obj)


def _held_in_italy(page) -> bool:
    """Workshops are organised by the partner of the country they are held in."""
    return page.partner is not None and page.partner.country == "IT"


def load(languages: tuple[str, ...] = LANGUAGES) -> dict[str, int]:
    """Translate what is missing; the number of objects translated per language.

    An object whose English text is no longer in the catalogue (an editor
    rewrote it) is left untranslated rather than half translated.
    """
    made = {}
    for language in languages:
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            continue
        strings = catalogue(language)
        made[language] = 0
        for obj in demo_objects():
            if not wanted_in(obj, language) or _exists_in(obj, locale):
                continue
            try:
                translate(obj, locale, strings)
            except MissingDemoTranslation:
                continue
            made[language] += 1
    return made


def _exists_in(obj, locale: Locale) -> bool:
    """Whether ``obj`` is, or was, translated into ``locale``: a translation
    an editor deleted leaves its (disabled) record behind
    (``WAGTAILLOCALIZE_DISABLE_ON_DELETE``), and stays deleted."""
    if Translation.objects.filter(
        source__object_id=obj.translation_key, target_locale=locale
    ).exists():
        return True
    # A page's translations are of its own type, like a snippet's.
    translations = type(obj)._default_manager
    return translations.filter(
        translation_key=obj.translation_key, locale=locale
    ).exists()


def translate(obj: models.Model, locale: Locale, strings: dict[str, str]):
    """``obj`` in ``locale`` as a synced translation, its texts from ``strings``.

    Raises ``MissingDemoTranslation`` (and changes nothing) when a text has no
    translation. Page slugs stay as they are: addresses differ only by the
    language prefix.
    """
    source, _created = TranslationSource.get_or_create_from_instance(obj)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgctxt == "slug":
            entry.msgstr = entry.msgid
        elif entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
        else:
            missing.append(entry.msgid)
    tags = _tag_names(obj)
    missing += [name for name in tags if name not in strings]
    if missing:
        translation.delete()
        raise MissingDemoTranslation(
            f"{obj!r} in {locale.language_code}: no translation for "
            + "; ".join(repr(text[:60]) for text in missing)
        )
    translation.import_po(po)
    # wagtail-localize publishes a page when the transaction commits, from the
    # page as it was in memory: after the loader has added its children, that
    # would write back a stale tree (numchild). Publish now, from the database.
    translation.save_target(publish=not isinstance(obj, Page))
    if isinstance(obj, Page):
        translated = obj.get_translation(locale).specific
        if tags:
            # Tags are not translated by wagtail-localize: each language's
            # article has its own, in its language.
            translated.tags.set([strings[name] for name in tags])
            translated.save_revision().publish()
        else:
            translated.get_latest_revision().publish()
    return translation


def _tag_names(obj) -> list[str]:
    """The names of a page's tags (news articles have them), in order."""
    manager = getattr(obj, "tags", None)
    if manager is None or not hasattr(manager, "names"):
        return []
    return sorted(manager.names())


def source_texts(language: str) -> Iterator[tuple[str, str]]:
    """(English text, where it is used) for every text the demo translates into
    ``language``, as the catalogue needs them."""
    for obj in demo_objects():
        if not wanted_in(obj, language):
            continue
        source, _created = TranslationSource.get_or_create_from_instance(obj)
        for segment in source.stringsegment_set.select_related("string", "context"):
            if segment.context.path == "slug":
                continue
            yield (
                segment.string.data,
                f"{obj._meta.label} {obj}: {segment.context.path}",
            )
        for name in _tag_names(obj):
            yield name, f"{obj._meta.label} {obj}: tags"
