from wagtail.contrib.sitemaps import Sitemap

from .i18n import alternates
from .pages import visible


class PortalSitemap(Sitemap):
    """Every live, public page of the site in every language it is translated
    into, each with its translations as ``xhtml:link`` alternates.

    Pages leave themselves out by returning no URLs from ``get_sitemap_urls``
    (sensitive stories do), and are then nobody's alternate either.
    """

    def items(self):
        return (
            visible(site=self.get_wagtail_site())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's URLs of one sitemap page, with alternates (a fixed number
        of queries per sitemap page)."""
        pages = list(self.paginator.page(page).object_list)
        translations = alternates(pages, self.request)
        urls = []
        last_mods = set()
        for item in pages:
            found = translations.get(item.translation_key, [])
            links = (
                [{"lang_code": code, "location": url} for code, url in found]
                if len(found) > 1
                else []
            )
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": links})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
