"""The admin's reports of what people search for.

Wagtail's "Search terms" report (every query, how often) is replaced by the
same report with its spreadsheet export made safe (a visitor's query such as
``=HYPERLINK(...)`` is written as text) and open to the editors who manage
promoted results, not only to superusers. "Searches that found nothing"
lists the queries that had no result, the ones editors can answer with a
promotion or a page.
"""

from django.db.models import Max, Q, Sum
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


class PeriodFilterSet(WagtailFilterSet):
    """The dates whose searches a report adds up (``PeriodReportMixin``)."""

    date = DateFromToRangeFilter(
        label=_("Date"), method="keep_all", widget=DateRangePickerWidget
    )

    class Meta:
        model = Query
        fields = []

    def keep_all(self, queryset, name, value):
        return queryset  # the period limits the sums, not the rows


class PeriodReportMixin:
    """Each query's searches added up over the chosen dates only.

    Wagtail's own report filters on the dates in a second join after adding
    up: a query searched once in the period showed its searches of every day.
    """

    filterset_class = PeriodFilterSet
    days = "daily_hits"  # the relation holding the query's count per day

    def period(self) -> Q:
        days = Q()
        if self.filters is not None and self.filters.is_valid():
            chosen = self.filters.form.cleaned_data.get("date")
            if chosen and chosen.start:
                days &= Q(**{f"{self.days}__date__gte": chosen.start})
            if chosen and chosen.stop:
                days &= Q(**{f"{self.days}__date__lte": chosen.stop})
        return days

    def get_filterset_kwargs(self):
        # Wagtail's report passes its base queryset, which reads the filters.
        return {
            "data": self.request.GET,
            "request": self.request,
            "queryset": Query.objects.all(),
        }

    def get_base_queryset(self):
        days = self.period()
        return Query.objects.annotate(
            _hits=Sum(f"{self.days}__hits", filter=days),
            _last=Max(f"{self.days}__date", filter=days),
        ).filter(_hits__gt=0)


class SearchTermsView(PeriodReportMixin, SafeSpreadsheetMixin, SearchTermsReportView):
    index_url_name = "search_terms"
    index_results_url_name = "search_terms_results"

    def dispatch(self, request, *args, **kwargs):
        if not can_read_search_terms(request.user):
            return permission_denied(request)
        # Wagtail's dispatch lets superusers only: skip to the report's own.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)


class UnansweredSearchesView(SearchTermsView):
    page_title = _("Searches that found nothing")
    header_icon = "warning"
    days = "unanswered_days"
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
