"""Dashboard panels for those who send the newsletter: subscribers per
language (how the list grew, month by month) and the last campaigns' results.
Counts only, never an address; a fixed number of queries each."""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info

from home.dashboard import DashboardPanel, bars

from . import services
from .models import Campaign, Subscriber

MONTHS_ON_DASHBOARD = 6
CAMPAIGNS_ON_DASHBOARD = 5
SENDER_PERMISSIONS = ("mailinglist.add_campaign", "mailinglist.view_campaign")


def sends_the_newsletter(user) -> bool:
    return any(user.has_perm(permission) for permission in SENDER_PERMISSIONS)


def month_starts(now: datetime, count: int) -> list[datetime]:
    """The first instant of each of the ``count`` months up to ``now``'s, oldest first."""
    first = timezone.localtime(now).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    months = first.year * 12 + first.month - 1  # months since year 0
    return [
        first.replace(year=(months - n) // 12, month=(months - n) % 12 + 1)
        for n in reversed(range(count))
    ]


class SubscribersPanel(DashboardPanel):
    """Confirmed subscribers per language now, and at the end of each month.

    People who left are deleted (only a hash is kept), so the months show how
    today's list grew, not how many were subscribed then.
    """

    name = "newsletter_subscribers"
    template_name = "mailinglist/admin/subscribers_panel.html"
    order = 100

    def is_shown_to(self, user) -> bool:
        return sends_the_newsletter(user)

    def get_context_data(self, parent_context):
        now = timezone.now()
        starts = month_starts(now, MONTHS_ON_DASHBOARD)
        # Each month's column counts those confirmed before the next month began.
        ends = starts[1:] + [now]
        rows = (
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .values("language")
            .annotate(
                total=Count("pk"),
                **{
                    f"month_{i}": Count("pk", filter=Q(confirmed_at__lt=end))
                    for i, end in enumerate(ends)
                },
            )
        )
        by_language = {row["language"]: row for row in rows}
        languages = [
            (code, get_language_info(code)["name_translated"])
            for code, _name in settings.LANGUAGES
        ]
        table = [
            {
                "name": name,
                "months": [
                    by_language.get(code, {}).get(f"month_{i}", 0)
                    for i in range(len(ends))
                ],
            }
            for code, name in languages
        ]
        return {
            "bars": bars(
                (name, by_language.get(code, {}).get("total", 0))
                for code, name in languages
            ),
            "months": starts,
            "table": table,
            "subscribers_url": reverse("newsletter_subscribers:index")
            if parent_context["request"].user.has_perm("mailinglist.view_subscriber")
            else "",
        }


class CampaignsPanel(DashboardPanel):
    """The last campaigns: how many emails were sent and how many failed."""

    name = "newsletter_campaigns"
    template_name = "mailinglist/admin/campaigns_panel.html"
    order = 110

    def is_shown_to(self, user) -> bool:
        return sends_the_newsletter(user)

    def get_context_data(self, parent_context):
        campaigns = services.with_progress(
            Campaign.objects.select_related("page").order_by("-created_at", "-pk")
        )[:CAMPAIGNS_ON_DASHBOARD]
        return {
            "campaigns": [
                {
                    "campaign": campaign,
                    "url": reverse("newsletter_campaigns:detail", args=[campaign.pk]),
                }
                for campaign in campaigns
            ],
            "campaigns_url": reverse("newsletter_campaigns:index"),
        }
