from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import admin_login
from home.sitemaps import PortalSitemap
from home.views import choose_language, robots_txt
from search import views as search_views

# allauth's rate limits answer through this (see accounts.rate_limits).
handler429 = "accounts.rate_limits.rate_limited"

urlpatterns = [
    # One login for everybody (accounts.views.admin_login), before Wagtail's.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The language switcher: remembers the choice, then shows the page.
    path("language/<str:code>/", choose_language, name="choose_language"),
    # Calendar apps fetch this without a session or a language.
    path("calendar/", include("workshops.calendar_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("newsletter/", include("mailinglist.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("referrals/", include("referrals.urls")),
    # Before Wagtail's pages: booking does not need to walk the page tree.
    path("", include("workshops.urls")),
    path("", include(wagtail_urls)),
)
