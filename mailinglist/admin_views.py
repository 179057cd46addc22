"""The newsletter in the Wagtail admin: send a campaign, follow it, list subscribers.

Sending is a short flow on one URL: choose a page and an audience, then a
confirmation screen shows how many subscribers will receive it, sends a test
copy to the editor, and sends for real. The confirmation carries a signed
token saying when it was shown; sending again from the same screen (a double
click, a reload, the back button) finds the campaign it already created
instead of making a second one.
"""

import logging
import smtplib

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from home.choices import PROGRAMME_COUNTRIES

from . import services
from .admin_forms import CampaignForm, TestEmailForm, make_send_token, read_send_token
from .models import Campaign, Interest, Subscriber

logger = logging.getLogger(__name__)


def audience_by_language(campaign: Campaign) -> dict[str, int]:
    """How many subscribers the (unsaved) campaign reaches, per language."""
    rows = (
        services.audience(campaign)
        .order_by()
        .values_list("language")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def describe(choices, values) -> str:
    """The labels of ``values`` among ``choices``, or "All"."""
    labels = dict(choices)
    return ", ".join(str(labels.get(v, v)) for v in values) or pgettext(
        "campaign audience: no filter", "All"
    )


class ForbiddenMixin:
    """Answer 403 to a refused permission check.

    Wagtail turns a ``PermissionDenied`` into a redirect to the dashboard with
    a message; the newsletter answers 403 instead, so that nobody (and no
    test) can mistake a refusal for a success.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(
                request, "mailinglist/admin/forbidden.html", status=403
            )


class CampaignIndexView(ForbiddenMixin, generic.IndexView):
    """Every campaign with its progress figures (one query for the page)."""

    any_permission_required = ["add", "view"]
    page_title = gettext_lazy("Campaigns")
    add_item_label = gettext_lazy("Send a campaign")

    def get_base_queryset(self):
        return services.with_edition_number(
            services.with_progress(
                super().get_base_queryset().select_related("page", "created_by")
            )
        )


class CampaignCreateView(
    ForbiddenMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, View
):
    """Choose → confirm (count, test copy) → send; every step re-checks the choice."""

    model = Campaign
    permission_required = "add"
    index_url_name = None
    detail_url_name = None
    add_url_name = None
    header_icon = "mail"
    choose_template_name = "mailinglist/admin/campaign_choose.html"
    confirm_template_name = "mailinglist/admin/campaign_confirm.html"

    def get_page_title(self):
        return _("Send a campaign")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Campaigns")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        edition = services.default_edition()
        return self.render_choose(
            CampaignForm(initial={"page": edition.pk} if edition else None)
        )

    def post(self, request, *args, **kwargs):
        form = CampaignForm(request.POST)
        action = request.POST.get("action", "review")
        if not form.is_valid():
            return self.render_choose(form, status=400)
        if action == "change":
            return self.render_choose(form)
        if action == "test":
            return self.send_test(form)
        if action == "send":
            return self.send(form)
        return self.render_confirm(form)

    # -- steps ---------------------------------------------------------------

    def send_test(self, form: CampaignForm) -> HttpResponse:
        test_form = TestEmailForm(self.request.POST)
        if not test_form.is_valid():
            messages.error(self.request, _("Choose the language of the test email."))
            return self.render_confirm(form, test_form=test_form, status=400)
        email = self.request.user.email
        if not email:
            messages.error(self.request, _("Your account has no email address."))
            return self.render_confirm(form, test_form=test_form, status=400)
        language = test_form.cleaned_data["test_language"]
        try:
            services.send_test_email(form.campaign(), email, language=language)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Test campaign email to %s not sent: %s", email, error)
            messages.error(
                self.request,
                _("The test email could not be sent (%(error)s). Try again later.")
                % {"error": error},
            )
            return self.render_confirm(form, test_form=test_form, status=503)
        messages.success(
            self.request,
            _("A test copy was sent to %(email)s.") % {"email": email},
        )
        return self.render_confirm(form, test_form=test_form)

    def send(self, form: CampaignForm) -> HttpResponse:
        shown_at = read_send_token(self.request.POST.get("send_token", ""))
        if shown_at is None:
            messages.warning(
                self.request,
                _(
                    "This confirmation was too old to use. Check the figures "
                    "below and confirm again."
                ),
            )
            return self.render_confirm(form, status=400)
        candidate = form.campaign(created_by=self.request.user)
        if not services.audience(candidate).exists():
            messages.error(self.request, _("No subscriber matches this audience."))
            return self.render_confirm(form, status=400)
        try:
            campaign, created = services.send_campaign_once(
                candidate,
                shown_at=shown_at,
                send_again=bool(self.request.POST.get("send_again")),
            )
        except services.AlreadyReceived as refusal:
            messages.error(self.request, refusal.message)
            return self.render_confirm(form, status=400)
        if not created:
            messages.info(
                self.request,
                _("This campaign was already sent from this screen: here it is."),
            )
            return redirect(self.detail_url_name, campaign.pk)
        messages.success(
            self.request,
            _("Sending “%(campaign)s”. This page shows its progress.")
            % {"campaign": campaign},
        )
        return redirect(self.detail_url_name, campaign.pk)

    # -- rendering -----------------------------------------------------------

    def render_choose(self, form: CampaignForm, status: int = 200) -> HttpResponse:
        context = self.get_context_data(form=form, action_url=self.request.path)
        return TemplateResponse(
            self.request, self.choose_template_name, context, status=status
        )

    def render_confirm(
        self,
        form: CampaignForm,
        test_form: TestEmailForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        campaign = form.campaign()
        by_language = audience_by_language(campaign)
        languages = dict(CampaignForm.base_fields["languages"].choices)
        page = campaign.page
        if test_form is None:
            default = page.locale.language_code
            if campaign.languages and default not in campaign.languages:
                default = campaign.languages[0]
            test_form = TestEmailForm(initial={"test_language": default})
        context = self.get_context_data(
            form=form,
            hidden_form=CampaignForm(self.request.POST, auto_id=False),
            test_form=test_form,
            campaign=campaign,
            page=page,
            action_url=self.request.path,
            recipients=sum(by_language.values()),
            already_received=services.already_received(campaign),
            by_language=[
                (languages.get(code, code), count)
                for code, count in sorted(by_language.items())
            ],
            languages_label=describe(languages.items(), campaign.languages),
            interests_label=describe(Interest.choices, campaign.interests),
            countries_label=describe(
                CampaignForm.base_fields["countries"].choices, campaign.countries
            ),
            send_token=make_send_token(),
        )
        return TemplateResponse(
            self.request, self.confirm_template_name, context, status=status
        )


class CampaignDetailView(ForbiddenMixin, generic.InspectView):
    """One campaign: what, to whom, by whom, and its progress while it sends."""

    template_name = "mailinglist/admin/campaign_detail.html"
    any_permission_required = ["add", "view"]
    resume_url_name = None
    page_title = gettext_lazy("Campaign")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Campaign.objects.select_related("page", "created_by"), pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        figures = services.progress(campaign)
        done = figures["sent"] + figures["failed"] + figures["skipped"]
        languages = dict(CampaignForm.base_fields["languages"].choices)
        context.update(
            campaign=campaign,
            figures=figures,
            done=done,
            in_progress=campaign.status != Campaign.Status.SENT,
            languages_label=describe(languages.items(), campaign.languages),
            interests_label=describe(Interest.choices, campaign.interests),
            countries_label=describe(
                CampaignForm.base_fields["countries"].choices, campaign.countries
            ),
            can_resume=(
                campaign.status != Campaign.Status.SENT
                and self.user_has_permission("add")
            ),
            resume_url=reverse(self.resume_url_name, args=[campaign.pk]),
        )
        return context


class CampaignResumeView(ForbiddenMixin, PermissionCheckedMixin, View):
    """Queue a campaign's sending task again (after a worker died); safe to repeat."""

    model = Campaign
    permission_required = "add"
    detail_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk: int):
        campaign = get_object_or_404(Campaign, pk=pk)
        if campaign.status == Campaign.Status.SENT:
            messages.info(request, _("This campaign has been sent already."))
        else:
            services.start_campaign(campaign)
            messages.success(
                request,
                _("Sending queued again: nobody receives the campaign twice."),
            )
        return redirect(self.detail_url_name, campaign.pk)


class SubscriberFilterSet(WagtailFilterSet):
    """Status and language, plus an interest and a country (JSON lists)."""

    interest = django_filters.ChoiceFilter(
        label=gettext_lazy("Interest"),
        choices=Interest.choices,
        method="filter_interest",
    )

    country = django_filters.ChoiceFilter(
        label=gettext_lazy("Country"),
        choices=PROGRAMME_COUNTRIES,
        method="filter_country",
    )

    class Meta:
        model = Subscriber
        fields = ["status", "language"]

    def filter_interest(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(services.JSONListHasAny(F("interests"), [value]))

    def filter_country(self, queryset, name, value):
        """Interested in the country, or living there (as campaigns count them)."""
        if not value:
            return queryset
        return queryset.filter(
            Q(services.JSONListHasAny(F("countries"), [value]))
            | Q(residence_country=value)
        )


class SubscriberIndexView(ForbiddenMixin, generic.IndexView):
    """The list of subscribers, read-only, for those allowed to see it."""

    any_permission_required = ["view"]
    page_title = gettext_lazy("Subscribers")
