"""Pages' addresses and translatable objects in the language the visitor is browsing."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Min, Q, QuerySet, Subquery
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


def _locale_id(language_code: str) -> Subquery:
    """The id of ``language_code``'s locale, as a subquery (no query of its own)."""
    return Subquery(Locale.objects.filter(language_code=language_code).values("pk")[:1])


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
    language = language or current_language()
    default = settings.LANGUAGE_CODE
    keys = objects.order_by().values("translation_key")
    chosen = Q(locale_id=_locale_id(language))
    if language != default:
        chosen |= Q(locale_id=_locale_id(default)) & ~Q(
            translation_key__in=keys.filter(locale_id=_locale_id(language))
        )
    if or_any:
        covered = keys.filter(
            Q(locale_id=_locale_id(language)) | Q(locale_id=_locale_id(default))
        )
        oldest = (
            objects.order_by()
            .exclude(translation_key__in=covered)
            .values("translation_key")
            .annotate(oldest=Min("pk"))
            .values("oldest")
        )
        chosen |= Q(pk__in=oldest)
    return objects.filter(chosen)
