"""Which pages the public may be shown: the one privacy filter of every listing.

Every listing, feed, search, sitemap, menu, related block and email that
lists pages narrows its queryset with ``visible()``: live pages with no view
restriction on them or above them (password, login or groups), optionally
only in one site's trees. A restricted page is never listed anywhere; it is
reachable only by its own address, where Wagtail asks for the password or
login.
"""

from django.db.models import Q
from wagtail.models import Page, PageQuerySet, Site


def site_trees(site: Site) -> Q:
    """Pages under the site's home page in any of its languages."""
    in_site = Q()
    for path in site.root_page.get_translations(inclusive=True).values_list(
        "path", flat=True
    ):
        in_site |= Q(path__startswith=path)
    return in_site


def visible(queryset: PageQuerySet | None = None, *, site: Site | None = None):
    """``queryset`` (every page by default) narrowed to what anyone may see.

    Live and public (``PageQuerySet.public`` also leaves out pages below a
    restricted one); with ``site``, only pages in that site's trees.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.live().public()
    if site is not None:
        queryset = queryset.filter(site_trees(site))
    return queryset
