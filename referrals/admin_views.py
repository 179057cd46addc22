"""Referrals in the Wagtail admin, for the One Stop Shops' teams.

Each view reads through ``services.visible_to(user)``: a member of one
country's team sees that country's confirmed referrals and nothing else
(another country's referral is a 404, as an unknown one); anyone outside the
teams gets a 403.
"""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from home.http import SeeOther

from . import services
from .forms import StatusForm
from .models import Referral

URL_NAMESPACE = "referrals_admin"


def admin_url(name: str, *args) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


class TeamRequiredMixin:
    """403 unless the user is on a One Stop Shop team (or a superuser)."""

    def dispatch(self, request, *args, **kwargs):
        if not services.sees_referrals(request.user):
            return TemplateResponse(
                request,
                "referrals/admin/forbidden.html",
                {"page_title": _("Referrals")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ReferralIndexView(TeamRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The team's referrals, newest first, filtered by status."""

    template_name = "referrals/admin/index.html"
    page_title = _("Referrals")
    header_icon = "mail"

    @cached_property
    def status(self) -> str:
        status = self.request.GET.get("status", "")
        return status if status in services.FORWARDED_STATUSES else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referrals = services.visible_to(self.request.user).select_related("country")
        if self.status:
            referrals = referrals.filter(status=self.status)
        context.update(
            referrals=referrals.order_by("-confirmed_at", "-pk")[:500],
            status=self.status,
            statuses=[
                (s.value, s.label)
                for s in [Referral.Status.SENT, *services.STAFF_STATUSES]
            ],
        )
        return context


class ReferralDetailView(TeamRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One referral: what the person agreed to share, and its status.

    Another country's referral, or one not yet agreed to, is a 404 like an
    unknown one."""

    template_name = "referrals/admin/detail.html"
    header_icon = "mail"

    @cached_property
    def referral(self) -> Referral:
        return get_object_or_404(
            services.visible_to(self.request.user).select_related("country"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return gettext("Referral %(reference)s") % {
            "reference": self.referral.reference
        }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": _("Referrals")},
            {"url": "", "label": self.referral.reference},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.referral
        can_change = services.can_change_status(self.request.user, referral)
        context.update(
            referral=referral,
            needs=services.need_names(referral),
            office_address=referral.forwarded_to,
            can_change=can_change,
            form=form
            or (
                StatusForm(initial={"status": referral.status}) if can_change else None
            ),
            action_url=admin_url("detail", referral.pk),
        )
        return context

    def post(self, request, *args, **kwargs):
        referral = self.referral
        form = StatusForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.set_status(referral, form.cleaned_data["status"], by=request.user)
        except services.NotAllowed as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(), status=403)
        messages.success(
            request,
            gettext("Referral %(reference)s: status saved.")
            % {"reference": referral.reference},
        )
        return SeeOther(admin_url("detail", referral.pk))
