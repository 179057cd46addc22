"""The admin's reports of what people search for.

Wagtail's "Search terms" report (every query, how often) is replaced by the
same report with its spreadsheet export made safe (a visitor's query such as
``=HYPERLINK(...)`` is written as text) and open to the editors who manage
promoted results, not only to superusers. "Searches that found nothing"
lists the queries that had no result, the ones editors can answer with a
promotion or a page.
"""

from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from home.exports import SafeSpreadsheetMixin

PROMOTION_PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)


def can_read_search_terms(user) -> bool:
    """Who sees what people search for: those who manage promoted results."""
    return user.is_active and (
        user.is_superuser or any(user.has_perm(p) for p in PROMOTION_PERMISSIONS)
    )


class SearchTermsView(SafeSpreadsheetMixin, SearchTermsReportView):
    index_url_name = "search_terms"
    index_results_url_name = "search_terms_results"

    def dispatch(self, request, *args, **kwargs):
        if not can_read_search_terms(request.user):
            return permission_denied(request)
        # Wagtail's dispatch lets superusers only: skip to the report's own.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)


class UnansweredFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(
        label=_("Date"),
        field_name="unanswered_days__date",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = Query
        fields = []


class UnansweredSearchesView(SearchTermsView):
    page_title = _("Searches that found nothing")
    header_icon = "warning"
    filterset_class = UnansweredFilterSet
    index_url_name = "unanswered_searches"
    index_results_url_name = "unanswered_searches_results"
    columns = [
        Column("query_string", label=_("Search term(s)"), sort_key="query_string"),
        NumberColumn("_hits", label=_("Searches"), sort_key="_hits"),
        DateColumn("_last", label=_("Last searched"), sort_key="_last"),
    ]
    export_headings = {
        "query_string": _("Search term(s)"),
        "_hits": _("Searches"),
        "_last": _("Last searched"),
    }
    list_export = ["query_string", "_hits", "_last"]

    def get_base_queryset(self):
        return (
            Query.objects.filter(unanswered_days__isnull=False)
            .annotate(
                _hits=Sum("unanswered_days__hits"),
                _last=Max("unanswered_days__date"),
            )
            .order_by("-_hits")
        )
