"""A person's own pages: profile, "My bookings", changing and cancelling a
booking, attendance certificates, export and deletion.

Every page is private (login required, never cached) and shows only the
person's own data: another person's booking is a 404, never a 403.
"""

import json
from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home import spam
from home.http import SeeOther, inside_site
from home.i18n import current_language
from workshops import certificates
from workshops import services as workshop_services
from workshops.calendar_links import personal_feed_url
from workshops.calendar_views import booking_file
from workshops.certificate_views import pdf_download
from workshops.forms import BookingForm

from . import services
from .adapter import home_url
from .forms import DeleteAccountForm, ProfileForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's details; saving shows a confirmation."""
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return SeeOther(reverse("accounts:profile"))
    return TemplateResponse(
        request,
        "accounts/profile.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_GET
def bookings(request):
    """Upcoming, cancelled and past bookings, and the personal calendar feed."""
    overview = services.bookings_overview(
        request.user, current_language(), request=request
    )
    feed_url = personal_feed_url(request.user)
    return TemplateResponse(
        request,
        "accounts/bookings.html",
        {
            "overview": overview,
            "calendar_feed_url": feed_url,
            "calendar_feed_webcal_url": personal_feed_url(request.user, webcal=True),
            "workshops_url": services.workshops_url(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel_booking(request, pk: int):
    """GET: ask for confirmation; POST: cancel through the booking rules."""
    booking = get_object_or_404(services.bookings_of(request.user), pk=pk)
    if request.method == "POST":
        try:
            workshop_services.cancel_booking(booking, by=request.user)
        except workshop_services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your booking has been cancelled."))
        return SeeOther(
            inside_site(request, request.POST.get("next", ""))
            or reverse("accounts:bookings")
        )
    row = services.booking_row(booking, current_language(), request=request)
    return TemplateResponse(
        request,
        "accounts/cancel_booking.html",
        {"row": row, "next": inside_site(request, request.GET.get("next", ""))},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def change_booking(request, pk: int):
    """GET: the booking's seats and names in a form; POST: change them through
    the booking rules (400 for a form that does not validate, 409 for a
    refusal; either changes nothing)."""
    booking = get_object_or_404(services.bookings_of(request.user), pk=pk)
    row = services.booking_row(booking, current_language(), request=request)
    back = inside_site(request, request.POST.get("next") or request.GET.get("next"))
    max_seats = max(booking.workshop.max_seats_per_booking, booking.seats)
    initial = {
        "seats": booking.seats,
        "attendee_names": "\n".join(row.attendee_names),
    }
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        max_seats=max_seats,
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            workshop_services.change_booking(
                booking,
                form.cleaned_data["seats"],
                form.cleaned_data["attendee_names"],
                by=request.user,
                language=request.LANGUAGE_CODE,
            )
        except workshop_services.BookingError as error_:
            error = error_.message
        else:
            messages.success(request, _("Your booking has been changed."))
            return SeeOther(back or reverse("accounts:bookings"))
    status = 200
    if form.is_bound:
        status = 409 if error else 400
    return TemplateResponse(
        request,
        "accounts/change_booking.html",
        {
            "row": row,
            "form": form,
            "error": error,
            "max_seats": max_seats,
            "next": back,
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def booking_calendar(request, pk: int):
    """One booking of the person as an ``.ics`` file (with the online link
    when it is confirmed)."""
    booking = get_object_or_404(services.bookings_of(request.user), pk=pk)
    return booking_file(request, booking, current_language())


# settings.FORM_RATE_LIMITS: "email me my certificate", per account.
CERTIFICATE_EMAIL_RATE_LIMIT = "certificate_email"


def _own_certificate(request, pk: int, seat: int):
    """The certificate of ``seat`` on the person's own booking ``pk``, issued
    now if need be; 404 for another person's booking, or a seat that gets
    none (not checked in, the workshop not over, revoked)."""
    booking = get_object_or_404(services.bookings_of(request.user), pk=pk)
    try:
        certificate = certificates.issue_certificate(booking, seat, by=request.user)
    except certificates.CertificateError:
        raise Http404 from None
    if certificate.is_revoked:
        raise Http404
    return certificate


@never_cache
@login_required
@require_GET
def certificate_pdf(request, pk: int, seat: int):
    """Download the attendance certificate of one person on a past booking."""
    return pdf_download(_own_certificate(request, pk, seat))


@never_cache
@login_required
@require_POST
def email_certificate(request, pk: int, seat: int):
    """Email the attendance certificate to the person's address, once per
    request (rate limited per account); a mail server that fails is told,
    never a 500."""
    certificate = _own_certificate(request, pk, seat)
    if not spam.allow(request, CERTIFICATE_EMAIL_RATE_LIMIT, key=str(request.user.pk)):
        return spam.too_many_requests(request, CERTIFICATE_EMAIL_RATE_LIMIT)
    if certificates.email_certificate(certificate, request.user.email):
        messages.success(
            request,
            _("The certificate of %(name)s has been emailed to %(email)s.")
            % {"name": certificate.name, "email": request.user.email},
        )
    else:
        messages.error(
            request,
            _(
                "The certificate could not be emailed just now. Please try again "
                "later, or download it."
            ),
        )
    return SeeOther(reverse("accounts:bookings"))


@never_cache
@login_required
@require_POST
def revoke_calendar(request):
    """Give the personal calendar feed a new secret address."""
    request.user.revoke_calendar_token()
    messages.success(
        request,
        _(
            "Your calendar feed has a new address. The old one no longer works: "
            "subscribe again with the address below."
        ),
    )
    return SeeOther(reverse("accounts:bookings"))


@never_cache
@login_required
@require_GET
def export(request):
    """Download everything the site holds about the person, as JSON."""
    data = services.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"one-stop-shops-account-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Explain what deletion does; a ticked box and POST delete the account."""
    user = request.user
    if user.is_staff or user.is_superuser:
        return TemplateResponse(
            request, "accounts/delete.html", {"staff": True}, status=403
        )
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return SeeOther(home_url())
    return TemplateResponse(
        request,
        "accounts/delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
def admin_login(request):
    """``/admin/login/``: Wagtail's own login is not used.

    Staff sign in where everybody does, at allauth's login: one flow with its
    rate limits (``ACCOUNT_RATE_LIMITS``), and unverified addresses refused.
    Wagtail then lets in only accounts with admin access. This answers every
    method with a redirect there, keeping a ``next`` inside the site, so a
    form posted here authenticates nobody. A person signed in without admin
    access is refused (403) rather than sent round to the login again.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    target = inside_site(request, request.GET.get("next", ""), "/admin/")
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode({'next': target})}"
    )
