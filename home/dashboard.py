"""The admin dashboard's figures: one small chart-and-table component every
section's panels share, and the home app's own panels (new questions,
scheduled pages).

Charts are the table itself: each row's number is text, and a bar drawn in
SVG (width attributes, no script, no inline style) shows it beside it, hidden
from screen readers, which read the table. Each panel runs a fixed number of
queries, whatever the amount of data.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale, Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import questions

# Bars are drawn in a 100-unit wide SVG; the longest is BAR_WIDTH long.
BAR_WIDTH = 100
SCHEDULED_ON_DASHBOARD = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: int  # 0..BAR_WIDTH, the value's share of the largest one


def bars(pairs: Iterable[tuple[str, int]]) -> list[Bar]:
    """Rows of a bar chart: each (label, value) with its bar's length."""
    pairs = list(pairs)
    largest = max((value for _, value in pairs), default=0)
    return [
        Bar(label, value, round(BAR_WIDTH * value / largest) if largest else 0)
        for label, value in pairs
    ]


class DashboardPanel(Component):
    """A dashboard panel shown only to those whose work needs it."""

    def is_shown_to(self, user) -> bool:
        raise NotImplementedError

    def render_html(self, parent_context=None) -> str:
        request = (parent_context or {}).get("request")
        if request is None or not self.is_shown_to(request.user):
            return ""
        return super().render_html(parent_context)


class NewQuestionsPanel(DashboardPanel):
    """Questions sent through the site's forms this week and this month."""

    name = "new_questions"
    template_name = "home/admin/new_questions_panel.html"
    order = 120

    def is_shown_to(self, user) -> bool:
        return questions.can_read(user)

    def get_context_data(self, parent_context):
        now = timezone.now()
        counts = FormSubmission.objects.aggregate(
            week=Count("pk", filter=Q(submit_time__gte=now - timedelta(days=7))),
            month=Count("pk", filter=Q(submit_time__gte=now - timedelta(days=30))),
        )
        return {
            "week": counts["week"],
            "month": counts["month"],
            "submissions_url": reverse("questions_index"),
        }


class ScheduledPagesPanel(DashboardPanel):
    """The next pages set to go live at a date (Wagtail's scheduled publishing)."""

    name = "scheduled_pages"
    template_name = "home/admin/scheduled_pages_panel.html"
    order = 130

    def is_shown_to(self, user) -> bool:
        return PagePermissionPolicy().user_has_any_permission(user, ["publish"])

    def get_context_data(self, parent_context):
        revisions = Revision.page_revisions.filter(
            approved_go_live_at__isnull=False
        ).order_by("approved_go_live_at")
        upcoming = list(revisions[:SCHEDULED_ON_DASHBOARD])
        # The pages themselves, in one more query.
        pages = Page.objects.in_bulk(int(r.object_id) for r in upcoming)
        rows = [
            {
                "page": pages[int(r.object_id)],
                "go_live_at": r.approved_go_live_at,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[r.object_id]),
            }
            for r in upcoming
            if int(r.object_id) in pages
        ]
        return {"rows": rows, "total": revisions.count()}


class TranslationBacklogPanel(DashboardPanel):
    """Per language: published English pages with no page in that language,
    and translations whose English was published again after them."""

    name = "translation_backlog"
    template_name = "home/admin/translation_backlog_panel.html"
    order = 140

    def is_shown_to(self, user) -> bool:
        return PagePermissionPolicy().user_has_any_permission(user, ["change"])

    def get_context_data(self, parent_context):
        default = Locale.get_default()
        locales = list(Locale.objects.exclude(pk=default.pk).order_by("language_code"))
        pages = Page.objects.filter(depth__gt=1)
        sources = pages.filter(locale=default, live=True)
        missing = sources.aggregate(
            **{
                f"missing_{locale.pk}": Count(
                    "pk",
                    filter=~Q(
                        Exists(
                            Page.objects.filter(
                                translation_key=OuterRef("translation_key"),
                                locale=locale,
                            )
                        )
                    ),
                )
                for locale in locales
            }
        )
        english_published = Subquery(
            sources.filter(translation_key=OuterRef("translation_key")).values(
                "last_published_at"
            )[:1]
        )
        behind = dict(
            pages.filter(locale__in=locales)
            .annotate(english_published=english_published)
            .filter(
                Q(last_published_at__isnull=True, english_published__isnull=False)
                | Q(english_published__gt=F("last_published_at"))
            )
            .values_list("locale")
            .annotate(count=Count("pk"))
            .values_list("locale", "count")
        )
        return {
            "rows": [
                {
                    "language": locale.get_display_name(),
                    "missing": missing.get(f"missing_{locale.pk}", 0),
                    "behind": behind.get(locale.pk, 0),
                }
                for locale in locales
            ],
            "default_language": default.get_display_name(),
        }
