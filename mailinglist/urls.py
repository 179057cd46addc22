from django.urls import path

from . import views

app_name = "mailinglist"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("send-my-link/", views.send_link, name="send_link"),
    path("send-my-link/sent/", views.link_sent, name="link_sent"),
]
