"""Dashboard panel for coordinators: seats booked per week and per city.

Two queries whatever the number of bookings. (The next workshops and how
full each is: ``admin_views.UpcomingWorkshopsPanel``.)
"""

from datetime import timedelta

from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format

from home.dashboard import DashboardPanel, bars

from . import services
from .records import Booking

WEEKS_ON_DASHBOARD = 8
CITIES_ON_DASHBOARD = 8


class BookingActivityPanel(DashboardPanel):
    """Seats booked (confirmed or waiting, not cancelled) in each of the last
    weeks, and per city over the same weeks."""

    name = "booking_activity"
    template_name = "workshops/admin/booking_activity_panel.html"
    order = 95

    def is_shown_to(self, user) -> bool:
        return services.is_coordinator(user)

    def get_context_data(self, parent_context):
        now = timezone.localtime()
        this_week = (now - timedelta(days=now.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        weeks = [this_week - timedelta(weeks=n) for n in range(WEEKS_ON_DASHBOARD)][
            ::-1
        ]
        recent = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
            created_at__gte=weeks[0]
        )
        per_week = {
            timezone.localtime(row["week"]).date(): row["seats"]
            for row in recent.annotate(week=TruncWeek("created_at"))
            .values("week")
            .annotate(seats=Sum("seats"))
        }
        per_city = (
            recent.values("workshop__city")
            .annotate(seats=Sum("seats"))
            .order_by("-seats", "workshop__city")[:CITIES_ON_DASHBOARD]
        )
        return {
            "weeks": bars(
                (date_format(week, "SHORT_DATE_FORMAT"), per_week.get(week.date(), 0))
                for week in weeks
            ),
            "cities": bars((row["workshop__city"], row["seats"]) for row in per_city),
        }
