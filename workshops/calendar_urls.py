from django.urls import path

from . import calendar_views

app_name = "calendar"

urlpatterns = [
    path(
        "<str:token>/bookings.ics",
        calendar_views.personal_feed,
        name="personal_feed",
    ),
]
