"""Addresses of pages in the language the visitor is browsing."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation
from wagtail.models import Page


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
