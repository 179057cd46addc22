from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("calendar/new-address/", views.revoke_calendar, name="revoke_calendar"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
