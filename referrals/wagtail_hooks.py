"""Referrals in the admin menu, for the One Stop Shops' teams only."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import admin_views, services


class TeamMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return services.sees_referrals(request.user)


class ReferralViewSet(ViewSet):
    name = "referrals"
    url_prefix = "referrals"
    url_namespace = admin_views.URL_NAMESPACE
    icon = "mail"
    menu_label = _("Referrals")
    menu_name = "referrals"
    menu_order = 260
    add_to_admin_menu = True
    menu_item_class = TeamMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ReferralIndexView.as_view(), name="index"),
            path("<int:pk>/", admin_views.ReferralDetailView.as_view(), name="detail"),
        ]


@hooks.register("register_admin_viewset")
def register_referral_viewset():
    return ReferralViewSet()
