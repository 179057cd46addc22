from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"

urlpatterns = [
    path(
        "bookings/",
        TemplateView.as_view(template_name="accounts/bookings.html"),
        name="bookings",
    ),
]
