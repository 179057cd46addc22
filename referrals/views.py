"""The public side of referrals: the professional's form and list (their
account), and the person's consent page (their link, no account needed).

Every page is private: never cached, never indexed. Bad input is a 400 in
the visitor's language, a link that names nothing a 404, an expired one a
410; none changes anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from countries.services import localized_needs
from home import spam
from home.http import SeeOther

from . import services
from .forms import ReferralForm

RATE_LIMIT = "referral"


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Not "no-referrer": browsers then send "Origin: null" with the forms,
    # which the CSRF check refuses. The link never leaves the site.
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def refer(request):
    """GET: the form (or what to add to the profile first); POST: record
    the referral and email the person their consent link."""
    if not services.is_professional(request.user):
        return _private(
            TemplateResponse(
                request,
                "referrals/not_professional.html",
                status=403 if request.method == "POST" else 200,
            )
        )
    needs = localized_needs()
    form = ReferralForm(request.POST if request.method == "POST" else None, needs=needs)
    if request.method == "POST" and form.is_valid():
        if not spam.allow(request, RATE_LIMIT, key=str(request.user.pk)):
            return spam.too_many_requests(request, RATE_LIMIT)
        referral = services.make_referral(request.user, form.person())
        messages.success(
            request,
            _(
                "Referral %(reference)s recorded. We have emailed %(email)s a link "
                "to agree: nothing goes to the One Stop Shop before that."
            )
            % {"reference": referral.reference, "email": referral.person_email},
        )
        return SeeOther(reverse("referrals:list"))
    return _private(
        TemplateResponse(
            request,
            "referrals/refer.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


@never_cache
@login_required
@require_GET
def referral_list(request):
    """The professional's referrals: reference, person, country, date, status."""
    return _private(
        TemplateResponse(
            request,
            "referrals/list.html",
            {
                "referrals": services.made_by(request.user).select_related("country"),
                "can_refer": services.is_professional(request.user),
            },
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request, token: str):
    """The person's page: exactly what would be shared, and yes or no.

    POST ``action=confirm`` forwards the referral; ``action=withdraw``
    blanks it. Anything else is a 400.
    """
    referral = services.referral_for_token(token)
    if referral is None:
        return _private(
            TemplateResponse(request, "referrals/unknown_link.html", status=404)
        )
    status = 200
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                referral = services.confirm(referral)
                messages.success(
                    request,
                    _(
                        "Thank you. The One Stop Shop has your details and will contact you."
                    ),
                )
                return SeeOther(request.path)
            if action == "withdraw":
                referral = services.withdraw(referral)
                messages.success(
                    request,
                    _(
                        "Done: we have deleted your details and will share nothing more."
                    ),
                )
                return SeeOther(request.path)
            error = _("Choose one of the two buttons.")
            status = 400
        except services.ReferralError as refusal:
            error = str(refusal.message)
            status = 410 if isinstance(refusal, services.ConsentExpired) else 409
    expired = (
        referral.status == referral.Status.AWAITING_CONSENT
        and not services.consent_open(referral)
    )
    if expired and status == 200:
        status = 410
    return _private(
        TemplateResponse(
            request,
            "referrals/consent.html",
            {
                "referral": referral,
                "needs": services.need_names(referral),
                "office_name": services.office_name(referral.country_id),
                "expired": expired,
                "deadline": services.consent_deadline(referral),
                "error": error,
            },
            status=status,
        )
    )
