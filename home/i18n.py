"""Pages' addresses and translatable objects in the language the visitor is browsing."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation
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


def language_locale_ids() -> tuple[int | None, int | None]:
    """Ids of the active language's locale and of the default one (one query)."""
    ids = dict(Locale.objects.values_list("language_code", "pk"))
    return ids.get(translation.get_language()), ids.get(settings.LANGUAGE_CODE)


def localize(queryset, locale_ids: tuple[int | None, int | None] | None = None) -> list:
    """One object per ``translation_key``: the active language's, else the default's.

    For translatable snippets (partners, needs, organisations). Keeps the
    queryset's order; objects in neither locale are left out. ``locale_ids``
    (active, default), when the caller has them, saves a query.
    """
    active_id, default_id = locale_ids or language_locale_ids()
    chosen: dict = {}
    for obj in queryset.filter(locale_id__in={active_id, default_id} - {None}):
        if obj.locale_id == active_id or obj.translation_key not in chosen:
            chosen[obj.translation_key] = obj
    return list(chosen.values())
