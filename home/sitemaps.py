from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PortalSitemap(Sitemap):
    """Every live, public page of the site in every language it is translated into.

    Pages leave themselves out by returning no URLs from ``get_sitemap_urls``
    (sensitive stories do).
    """

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots:
            in_site |= Q(path__startswith=root.path)
        return (
            Page.objects.live()
            .public()
            .filter(in_site)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
