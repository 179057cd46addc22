"""Related content across sections: what each section has about the same countries.

``home`` is the base of the sections and knows none of them: each section
registers what it contributes (``register``, from its ``AppConfig.ready``),
and a page asks for all of it (``related_to``). Each contribution runs a
fixed number of queries, whatever the size of the site, lists only pages
anyone may see (``home.pages.visible``), each once, in the visitor's language
where translated (``home.i18n.localize``), and at most ``RELATED_LIMIT``.
"""

from collections.abc import Callable, Iterable

from wagtail.models import Page

RELATED_LIMIT = 3

# provider(country_codes, exclude_key=...) -> pages
Provider = Callable[..., list[Page]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Make ``provider``'s pages available to templates as ``name``."""
    _providers[name] = provider


def related_to(page: Page, country_codes: Iterable[str]) -> dict[str, list[Page]]:
    """Every section's pages about ``country_codes`` in the visitor's language,
    ``page`` and its translations left out; keyed by the name each section
    registered."""
    codes = list(country_codes)
    return {
        name: provider(codes, exclude_key=page.translation_key)
        for name, provider in _providers.items()
    }
