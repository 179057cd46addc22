"""Public workshop views: a workshop page and its booking form.

Both are reached through ``WorkshopPage``'s routes (``""`` and ``book/``).
Booking reads the form, calls ``services.book_seats`` and answers: 303 back
to the page on success, 400 for a form that does not validate, 409 for a
refusal of the booking rules; a refusal changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext

from home.i18n import localized_url

from . import services
from .forms import BookingForm
from .models import Booking, WorkshopPage


def workshop_detail(request, page: WorkshopPage, status: int = 200, **context):
    """The workshop page; ``context`` (``booking_form``, ``booking_error``) for errors."""
    return TemplateResponse(
        request,
        page.get_template(request),
        page.get_context(request, **context),
        status=status,
    )


def book(request, page: WorkshopPage):
    """POST: book seats for the logged-in user; GET: back to the page."""
    page_url = localized_url(page, request)
    if request.method in ("GET", "HEAD"):
        return redirect(page_url)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(page_url, login_url=reverse("account_login"))
    record = page.workshop
    form = BookingForm(
        request.POST, max_seats=record.max_seats_per_booking if record else 1
    )
    if not form.is_valid():
        return workshop_detail(request, page, status=400, booking_form=form)
    try:
        booking = services.book_seats(
            page,
            request.user,
            form.cleaned_data["seats"],
            form.cleaned_data["attendee_names"],
            language=request.LANGUAGE_CODE,
        )
    except services.BookingError as error:
        return workshop_detail(
            request, page, status=409, booking_form=form, booking_error=error.message
        )
    messages.success(request, booking_message(booking))
    return HttpResponseRedirect(page_url, status=303)


def booking_message(booking: Booking) -> str:
    """What to tell someone who just booked: confirmed, or their place in line."""
    if booking.status == Booking.Status.CONFIRMED:
        return ngettext(
            "Your seat is confirmed. We are emailing you the details.",
            "Your %(count)s seats are confirmed. We are emailing you the details.",
            booking.seats,
        ) % {"count": booking.seats}
    return ngettext(
        "The workshop is full: you are number %(position)s on the waiting list. "
        "We will email you if a seat frees up.",
        "The workshop is full: you are number %(position)s on the waiting list. "
        "We will email you if seats free up.",
        booking.seats,
    ) % {"position": booking.waitlist_position()}
