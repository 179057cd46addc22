from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("bookings/<int:pk>/change/", views.change_booking, name="change_booking"),
    path(
        "bookings/<int:pk>/calendar.ics",
        views.booking_calendar,
        name="booking_calendar",
    ),
    path(
        "bookings/<int:pk>/certificates/<int:seat>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "bookings/<int:pk>/certificates/<int:seat>/email/",
        views.email_certificate,
        name="email_certificate",
    ),
    path("calendar/new-address/", views.revoke_calendar, name="revoke_calendar"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
