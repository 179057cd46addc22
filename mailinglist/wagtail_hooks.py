"""The "Newsletter" menu of the Wagtail admin: campaigns and subscribers.

Permissions (Settings → Groups): "Can add campaign" lets an editor send
campaigns (and see them), "Can view campaign" only follow them, "Can view
subscriber" read the list of subscribers. Editors with none of these see no
Newsletter menu and get 403 on its addresses.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import (
    CampaignCreateView,
    CampaignDetailView,
    CampaignIndexView,
    CampaignResumeView,
    SubscriberFilterSet,
    SubscriberIndexView,
)
from .models import Campaign, Interest, Subscriber


class ReadOnlyViewSet(ModelViewSet):
    """A model viewset with only the views its ``get_urlpatterns`` lists."""

    copy_view_enabled = False
    #: The actions whose permissions appear in the group settings.
    permission_actions: tuple[str, ...] = ("view",)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(self.model)
        codenames = [
            get_permission_codename(action, self.model_opts)
            for action in self.permission_actions
        ]
        return Permission.objects.filter(
            content_type=content_type, codename__in=codenames
        )

    def register_admin_url_finder(self):
        """Nothing here has an edit view for the admin's "edit" links."""


def campaign_url(campaign: Campaign) -> str:
    return reverse("newsletter_campaigns:detail", args=[campaign.pk])


def figure(name: str, label: str) -> Column:
    return Column(f"{name}_count", label=label, sort_key=f"{name}_count")


class CampaignViewSet(ReadOnlyViewSet):
    model = Campaign
    name = "newsletter_campaigns"
    url_prefix = "newsletter/campaigns"
    icon = "mail"
    menu_label = _("Campaigns")
    menu_order = 100
    permission_actions = ("add", "view")
    index_view_class = CampaignIndexView
    inspect_view_class = CampaignDetailView
    inspect_view_enabled = True
    ordering = "-created_at"
    list_display = [
        TitleColumn(
            "campaign", label=_("Campaign"), accessor=str, get_url=campaign_url
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        figure("sent", pgettext_lazy("number of deliveries", "Sent")),
        figure("failed", pgettext_lazy("number of deliveries", "Failed")),
        figure("skipped", pgettext_lazy("number of deliveries", "Skipped")),
        figure("total", _("Total")),
        UserColumn("created_by", label=_("Sent by")),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            inspect_url_name=self.get_url_name("detail"), **kwargs
        )

    @property
    def add_view(self):
        return self.construct_view(
            CampaignCreateView,
            index_url_name=self.get_url_name("index"),
            detail_url_name=self.get_url_name("detail"),
            add_url_name=self.get_url_name("add"),
        )

    @property
    def detail_view(self):
        return self.construct_view(
            self.inspect_view_class,
            **self.get_inspect_view_kwargs(),
            resume_url_name=self.get_url_name("resume"),
        )

    @property
    def resume_view(self):
        return self.construct_view(
            CampaignResumeView, detail_url_name=self.get_url_name("detail")
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/", self.detail_view, name="detail"),
            path("<int:pk>/resume/", self.resume_view, name="resume"),
        ]


def interests_label(subscriber: Subscriber) -> str:
    labels = dict(Interest.choices)
    return ", ".join(str(labels.get(i, i)) for i in subscriber.interests)


class SubscriberViewSet(ReadOnlyViewSet):
    model = Subscriber
    name = "newsletter_subscribers"
    url_prefix = "newsletter/subscribers"
    icon = "user"
    menu_label = _("Subscribers")
    menu_order = 200
    index_view_class = SubscriberIndexView
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    search_backend_name = None
    ordering = "-created_at"
    list_display = [
        Column("email", label=_("Email address"), sort_key="email"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("interests", label=_("Interests"), accessor=interests_label),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("confirmed_at", label=_("Confirmed at"), sort_key="confirmed_at"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(add_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class NewsletterViewSetGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 300
    items = (CampaignViewSet, SubscriberViewSet)


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_newsletter_panels(request, panels) -> None:
    """Subscribers per language and the last campaigns (counts, no address)."""
    from .dashboard import CampaignsPanel, SubscribersPanel

    panels.extend([SubscribersPanel(), CampaignsPanel()])
