"""Pages' addresses and translatable objects in the language the visitor is browsing."""

from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page


def with_language_prefix(url: str, language_code: str) -> str:
    """``url`` with its leading language segment (``/en/``...) set to ``language_code``."""
    parts = urlsplit(url)
    segments = parts.path.split("/", 2)
    if len(segments) > 1 and segments[1] in dict(settings.LANGUAGES):
        segments[1] = language_code
    return urlunsplit(parts._replace(path="/".join(segments)))


def localized_url(page: Page, request=None) -> str:
    """The page's address under the active language's prefix.

    A page not translated into the visitor's language is served in its own
    language under the visitor's prefix, so following links never switches the
    interface language. Pass ``page.localized`` to prefer the translation (one
    more query); listings built from the localized tree need not.
    """
    url = page.get_url(request)
    if url is None:
        return ""
    return with_language_prefix(url, translation.get_language())


def current_language() -> str:
    """The active interface language when the site offers it, else the default one.

    ``es-ar`` counts as ``es``.
    """
    code = translation.get_language() or settings.LANGUAGE_CODE
    offered = {c for c, _name in settings.LANGUAGES}
    if code in offered:
        return code
    base = code.split("-")[0]
    return base if base in offered else settings.LANGUAGE_CODE


# Locale ids by language code, read once per process. The languages are fixed
# by the settings, and Wagtail keeps a locale with pages from being deleted;
# a code not found is looked up again, and saving or deleting a locale clears
# the table (the tests create locales and roll them back).
_locale_ids: dict[str, int] = {}


def _locale_id(language_code: str) -> int | None:
    """The id of ``language_code``'s locale, None when there is none."""
    if language_code not in _locale_ids:
        _locale_ids.update(Locale.objects.values_list("language_code", "pk"))
    return _locale_ids.get(language_code)


def language_of(obj) -> str:
    """The language code of a translatable object (page, snippet), from the same
    table (the default language for a locale that is gone)."""
    if obj.locale_id not in _locale_ids.values():
        _locale_ids.update(Locale.objects.values_list("language_code", "pk"))
    for code, locale_id in _locale_ids.items():
        if locale_id == obj.locale_id:
            return code
    return settings.LANGUAGE_CODE


@receiver([post_save, post_delete], sender=Locale)
def _forget_locale_ids(**kwargs) -> None:
    _locale_ids.clear()


def preferred_locales(language: str | None = None) -> list[int | None]:
    """The locales a visitor's language choice goes through, best first: the
    one of ``language`` (by default the active language), then the default
    one. The single statement of the rule that ``localize`` and
    ``localize_one`` apply."""
    language = language or current_language()
    order = [_locale_id(language)]
    if language != settings.LANGUAGE_CODE:
        order.append(_locale_id(settings.LANGUAGE_CODE))
    return order


def localize_one(objects: QuerySet, language: str | None = None, *, or_any=False):
    """The one object to show among ``objects``, the translations of a single
    thing (one ``translation_key``): as ``localize`` chooses, or None.

    One plain query over at most one row per language, without the subqueries
    ``localize`` needs to choose among many things (the booking path uses it).
    """
    order = preferred_locales(language)
    candidates = objects if or_any else objects.filter(locale_id__in=order)
    rank = {locale_id: place for place, locale_id in enumerate(order)}
    best = None
    for obj in candidates.order_by("pk"):
        if best is None or rank.get(obj.locale_id, len(rank)) < rank.get(
            best.locale_id, len(rank)
        ):
            best = obj
    return best


def localize(
    objects: QuerySet, language: str | None = None, *, or_any: bool = False
) -> QuerySet:
    """One object per ``translation_key``: the one in ``language``, else the default's.

    The rule of the whole site for pages and translatable snippets: a visitor
    sees each thing in their language (``language``, by default the active
    one) where ``objects`` holds a translation into it, else in the default
    language. With ``or_any``, a thing in neither language is kept too, once
    (its oldest translation): for a person's own bookings, which must show
    whatever language the workshop was published in.

    Only translations among ``objects`` count: pass ``visible()`` or live
    pages, and a draft or restricted translation never hides a live one.
    Returns a queryset in the order of ``objects`` (one query when evaluated,
    whatever the number of objects or languages; search backends accept it).
    """
    order = preferred_locales(language)
    keys = objects.order_by().values("translation_key")
    chosen = Q(locale_id=order[0])
    if len(order) > 1:
        chosen |= Q(locale_id=order[1]) & ~Q(
            translation_key__in=keys.filter(locale_id=order[0])
        )
    if or_any:
        covered = keys.filter(locale_id__in=order)
        oldest = (
            objects.order_by()
            .exclude(translation_key__in=covered)
            .values("translation_key")
            .annotate(oldest=Min("pk"))
            .values("oldest")
        )
        chosen |= Q(pk__in=oldest)
    return objects.filter(chosen)


# Each language's name as it reads inside a sentence of another language
# ("...not yet available in Spanish": "...disponible en español").
LANGUAGE_IN_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "pt": pgettext_lazy("language name inside a sentence", "Portuguese"),
    "it": pgettext_lazy("language name inside a sentence", "Italian"),
}


def native_name(code: str) -> str:
    """``code``'s name in that language, as a menu item or an option shows it
    ("Español", "Italiano": Django's own names are lower case)."""
    name = str(translation.get_language_info(code)["name_local"])
    return name[:1].upper() + name[1:]


def language_in_sentence(code: str) -> str:
    """``code``'s name for use inside a sentence, in the active language."""
    if code in LANGUAGE_IN_SENTENCE:
        return str(LANGUAGE_IN_SENTENCE[code])
    return str(translation.get_language_info(code)["name_translated"])


# The Open Graph locale of each language (language_TERRITORY): the Spanish and
# Portuguese of the portal are Latin American and Brazilian.
OG_LOCALES = {"en": "en_GB", "es": "es_LA", "pt": "pt_BR", "it": "it_IT"}


def alternates(pages, request=None) -> dict:
    """Each page's translations for search engines: ``translation_key`` ->
    ``[(language code, absolute URL), ...]`` in the order of ``LANGUAGES``.

    Only live translations anyone may see, and only those that list
    themselves for search engines (``get_sitemap_urls``; sensitive stories
    do not). A fixed number of queries for any number of pages.
    """
    from .pages import visible

    # A page's translations are of its own type: one query per type, read as
    # that type (no ``specific()`` round trip).
    keys_by_type = defaultdict(set)
    for page in pages:
        keys_by_type[page.specific_class or type(page)].add(page.translation_key)
    found = defaultdict(dict)
    for model, keys in keys_by_type.items():
        translations = visible(model.objects.filter(translation_key__in=keys))
        for translated in translations.defer_streamfields():
            urls = translated.get_sitemap_urls(request)
            if urls:
                code = language_of(translated)
                found[translated.translation_key][code] = urls[0]["location"]
    order = [code for code, _name in settings.LANGUAGES]
    return {
        key: [(code, by_code[code]) for code in order if code in by_code]
        for key, by_code in found.items()
    }
