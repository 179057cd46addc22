"""Which pages the public may be shown: the one privacy filter of every listing.

Every listing, feed, search, sitemap, menu, related block and email that
lists pages narrows its queryset with ``visible()``: live pages with no view
restriction on them or above them (password, login or groups), optionally
only in one site's trees. A restricted page is never listed anywhere; it is
reachable only by its own address, where Wagtail asks for the password or
login.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.models import Page, PageQuerySet, PageViewRestriction, Site


def in_translations_of(page: Page) -> Q:
    """Pages at or under ``page`` in any of its languages (one query, for the
    paths of its translations)."""
    under = Q()
    for path in page.get_translations(inclusive=True).values_list("path", flat=True):
        under |= Q(path__startswith=path)
    return under


def children_in_any_language(page: Page) -> Q:
    """Children of ``page`` or of any of its translations (one query, for the
    translations' paths); ``children_shown`` is what listings show of them."""
    children = Q(pk__in=[])
    for path, depth in page.get_translations(inclusive=True).values_list(
        "path", "depth"
    ):
        children |= Q(path__startswith=path, depth=depth + 1)
    return children


def children_shown(page: Page, model=Page):
    """What a listing of ``page``'s children shows: every child of ``page`` or
    of its translations that anyone may see, once, in the visitor's language
    where translated, else in the default language."""
    from .i18n import localize

    return localize(visible(model.objects.filter(children_in_any_language(page))))


def _restricted() -> Exists:
    """A view restriction sits on the page or above it (a page's path begins
    with the path of every page above it)."""
    return Exists(
        PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
        )
    )


def visible(
    queryset: PageQuerySet | None = None,
    *,
    site: Site | None = None,
    for_search: bool = False,
):
    """``queryset`` (every page by default) narrowed to what anyone may see.

    Live, with no view restriction on the page or above it, in the same
    query (Wagtail's ``public()`` reads every restriction first, one query
    more per listing). ``for_search``: the same rule in the form search
    backends accept (they take plain lookups only), which is Wagtail's
    ``public()``. With ``site``, only pages in that site's trees.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.live()
    queryset = queryset.public() if for_search else queryset.filter(~_restricted())
    if site is not None:
        queryset = queryset.filter(in_translations_of(site.root_page))
    return queryset
