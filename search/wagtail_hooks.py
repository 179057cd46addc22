from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchTermsView, UnansweredSearchesView, can_read_search_terms


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_search_terms(request.user)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("reports/searches/", SearchTermsView.as_view(), name="search_terms"),
        path(
            "reports/searches/results/",
            SearchTermsView.as_view(results_only=True),
            name="search_terms_results",
        ),
        # Wagtail's own addresses of the report, served by the safe one (the
        # project's admin URLs come first: its app is listed before).
        path("searchpicks/reports/search-terms/", SearchTermsView.as_view()),
        path(
            "searchpicks/reports/search-terms/results/",
            SearchTermsView.as_view(results_only=True),
        ),
        path(
            "reports/searches-found-nothing/",
            UnansweredSearchesView.as_view(),
            name="unanswered_searches",
        ),
        path(
            "reports/searches-found-nothing/results/",
            UnansweredSearchesView.as_view(results_only=True),
            name="unanswered_searches_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_item():
    return SearchTermsMenuItem(
        _("Search terms"),
        reverse("search_terms"),
        name="site-search-terms",
        icon_name="search",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_item():
    return SearchTermsMenuItem(
        _("Searches that found nothing"),
        reverse("unanswered_searches"),
        name="unanswered-searches",
        icon_name="warning",
        order=1310,
    )


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms(request, menu_items):
    """Wagtail's own report is replaced by ``search_terms`` (safe export)."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
