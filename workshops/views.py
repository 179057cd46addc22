"""Public workshop views: a workshop page and its booking form.

The page is served by Wagtail (``WorkshopPage``'s own index route). Booking is a plain
Django URL, ``/<lang>/workshops/<translation_key>/book/`` (``workshops:book``),
so that a booking does not walk Wagtail's page tree: it is the busiest POST of
the site. It reads the form, calls ``services.book_seats`` and answers: 303
back to the page on success, 400 for a form that does not validate, 409 for a
refusal of the booking rules; a refusal changes nothing. The form posts to
``#booking-errors``: a refused booking's answer opens on the error summary,
which the browser scrolls to and focuses (no JavaScript needed); after a
booking the fragment matches nothing and the page opens at its top, on the
confirmation message.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail.models import PageViewRestriction

from home.http import SeeOther
from home.i18n import localize_one, localized_url

from . import services
from .forms import BookingForm
from .models import Booking, Workshop, WorkshopPage


def workshop_detail(request, page: WorkshopPage, status: int = 200, **context):
    """The workshop page; ``context`` (``booking_form``, ``booking_error``,
    ``waiting_list_offer``) for errors."""
    return TemplateResponse(
        request,
        page.get_template(request),
        page.get_context(request, **context),
        status=status,
    )


# What the booking path reads of a page; the error paths load the whole page.
_BOOKING_FIELDS = (
    "path",
    "depth",
    "url_path",
    "translation_key",
    "locale",
    "live",
    "alias_of",
)


def bookable_page(translation_key) -> WorkshopPage:
    """The live page of a workshop in the active language, else the default one.

    Only the fields booking needs are loaded (see ``full_page``), in one query.

    :raises Http404: when no such page is live.
    """
    pages = (
        WorkshopPage.objects.live()
        .filter(translation_key=translation_key)
        .select_related("locale")
        .only(*_BOOKING_FIELDS)
    )
    page = localize_one(pages)
    if page is None:
        raise Http404
    return page


def full_page(page: WorkshopPage) -> WorkshopPage:
    """``page`` with every field, to render it."""
    return WorkshopPage.objects.select_related("locale").get(pk=page.pk)


def restricted(page: WorkshopPage, request) -> bool:
    """Whether a privacy setting of the page (or above it) turns the visitor away.

    The page itself then asks for the password, login or group, as Wagtail
    does. Sites have a handful of restrictions at most: one query reads where
    they sit (their pages and those pages' aliases), and Wagtail's own rules
    (``Page.get_view_restrictions``) are asked only when one sits on the page
    or above it.
    """
    places = PageViewRestriction.objects.values_list(
        "page__path", "page__aliases__path"
    )
    if not any(
        path and page.path.startswith(path) for paths in places for path in paths
    ):
        return False
    return any(
        not restriction.accept_request(request)
        for restriction in page.get_view_restrictions()
    )


def book(request, key):
    """POST: book seats on the workshop ``key`` for the logged-in user.

    GET and HEAD go back to the page; ``key`` is the workshop's ``translation_key``.
    """
    page = bookable_page(key)
    page_url = localized_url(page)
    if not page_url:  # live, but on no site
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method != "POST":
        return redirect(page_url)
    if restricted(page, request):
        return SeeOther(page_url)
    if not request.user.is_authenticated:
        return redirect_to_login(page_url, login_url=reverse("account_login"))
    # The form allows what the booking panel offers: the record's maximum
    # (translations of the page may hold an older one).
    max_seats = (
        Workshop.objects.filter(translation_key=page.translation_key)
        .values_list("max_seats_per_booking", flat=True)
        .first()
    )
    form = BookingForm(request.POST, max_seats=max_seats or 1)
    if not form.is_valid():
        return workshop_detail(request, full_page(page), status=400, booking_form=form)
    try:
        booking = services.book_seats(
            page,
            request.user,
            form.cleaned_data["seats"],
            form.cleaned_data["attendee_names"],
            language=request.LANGUAGE_CODE,
            wait_when_short=form.cleaned_data["join_waiting_list"],
        )
    except services.BookingError as error:
        return workshop_detail(
            request,
            full_page(page),
            status=409,
            booking_form=form,
            booking_error=error.message,
            # Fewer seats left than asked: offer to wait for all of them.
            waiting_list_offer=getattr(error, "asked", None),
        )
    messages.success(request, booking_message(booking))
    return SeeOther(page_url)


def booking_message(booking: Booking) -> str:
    """What to tell someone who just booked: confirmed, or their place in line."""
    if booking.status == Booking.Status.CONFIRMED:
        return ngettext(
            "Your seat is confirmed. We are emailing you the details.",
            "Your %(count)s seats are confirmed. We are emailing you the details.",
            booking.seats,
        ) % {"count": booking.seats}
    # One seat waits only when none is left; a group, also when fewer are.
    if booking.seats > 1 and services.seats_left(booking.workshop):
        return ngettext(
            "Fewer seats are left than you asked for: you are number "
            "%(position)s on the waiting list. We will email you if a seat "
            "frees up.",
            "Fewer seats are left than you asked for: you are number "
            "%(position)s on the waiting list. We will email you if seats "
            "free up.",
            booking.seats,
        ) % {"position": booking.waitlist_position()}
    return ngettext(
        "The workshop is full: you are number %(position)s on the waiting list. "
        "We will email you if a seat frees up.",
        "The workshop is full: you are number %(position)s on the waiting list. "
        "We will email you if seats free up.",
        booking.seats,
    ) % {"position": booking.waitlist_position()}
