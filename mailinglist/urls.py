from django.urls import path
from django.views.generic import TemplateView

app_name = "mailinglist"

urlpatterns = [
    path(
        "",
        TemplateView.as_view(template_name="mailinglist/subscribe.html"),
        name="subscribe",
    ),
]
