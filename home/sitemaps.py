from wagtail.contrib.sitemaps import Sitemap

from .pages import visible


class PortalSitemap(Sitemap):
    """Every live, public page of the site in every language it is translated into.

    Pages leave themselves out by returning no URLs from ``get_sitemap_urls``
    (sensitive stories do).
    """

    def items(self):
        return (
            visible(site=self.get_wagtail_site())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
