from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.refer, name="refer"),
    path("consent/<str:token>/", views.consent, name="consent"),
]
