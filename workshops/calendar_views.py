"""A user's own calendars (the public files are in ``calendars``).

The personal feed, at a secret and revocable address, holds the user's own
confirmed bookings and their online links; "My bookings" also offers each
booking's own file (``booking_file``).
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseNotFound
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext

from home.http import page_site_url
from home.i18n import localize, localize_one

from . import ical
from .calendars import _calendar_response, _filename, _plain
from .models import Booking, WorkshopPage

# Past bookings stay in the personal feed this long, then drop out.
PERSONAL_FEED_HISTORY = timedelta(days=90)
MAX_PERSONAL_EVENTS = 500
# ``new_calendar_token``: 32 random bytes, URL-safe base64 (43 characters).
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _private(response: HttpResponse) -> HttpResponse:
    """Keep a response out of shared caches, browser history and search engines."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def personal_feed(request, token: str) -> HttpResponse:
    """The user's confirmed bookings (upcoming and of the last 90 days).

    No login: calendar apps fetch it with the secret in the URL. An unknown,
    altered or revoked secret gets 404. Organiser-cancelled workshops show as
    ``STATUS:CANCELLED``; a booking the user cancelled drops out, which
    removes it from subscribed calendars. Texts follow the user's preferred
    language.
    """
    user = None
    if TOKEN_PATTERN.fullmatch(token):
        user = (
            get_user_model()
            .objects.filter(calendar_token=token, is_active=True)
            .only("pk", "preferred_language")
            .first()
        )
    if user is None:
        return _private(
            _plain(HttpResponseNotFound, gettext("This calendar address is not valid."))
        )
    bookings = (
        Booking.objects.filter(
            user=user,
            status=Booking.Status.CONFIRMED,
            workshop__is_live=True,
            workshop__ends_at__gte=timezone.now() - PERSONAL_FEED_HISTORY,
        )
        .select_related("workshop")
        .order_by("workshop__starts_at", "pk")[:MAX_PERSONAL_EVENTS]
    )
    records = [booking.workshop for booking in bookings]
    language = user.preferred_language
    pages = (
        WorkshopPage.objects.live()
        .filter(translation_key__in=[record.translation_key for record in records])
        .select_related("locale")
        .defer_streamfields()
    )
    # The person's own bookings: in whatever language the workshop exists.
    chosen = {
        page.translation_key: page for page in localize(pages, language, or_any=True)
    }
    events = []
    with translation.override(language):
        for record in records:
            page = chosen.get(record.translation_key)
            if page is None:
                continue
            events.append(
                ical.workshop_event(
                    record,
                    page,
                    url=page_site_url(page, request),
                    online_url=page.online_url,
                )
            )
        name = gettext("My workshops · One Stop Shops")
    body = ical.calendar_for(events, name=name, refresh=ical.FEED_REFRESH)
    return _private(_calendar_response(body, "my-workshops.ics"))


def booking_file(request, booking: Booking, language: str | None) -> HttpResponse:
    """One booking as an ``.ics`` file for its owner, in ``language``.

    The event is the one the feeds and emails carry (same ``UID`` and
    ``SEQUENCE``, so importing it twice updates one entry). A confirmed
    booking's file has the online link; a waiting one is ``TENTATIVE``; a
    cancelled one ``CANCELLED``, which removes the entry where it was imported.
    """
    record = booking.workshop
    pages = (
        WorkshopPage.objects.live()
        .filter(translation_key=record.translation_key)
        .select_related("locale")
    )
    page = localize_one(pages, language, or_any=True)
    confirmed = booking.status == Booking.Status.CONFIRMED
    status = None  # confirmed: follows the organiser's cancellation
    if booking.status == Booking.Status.CANCELLED:
        status = ical.CANCELLED
    elif not confirmed and not record.is_cancelled:
        status = ical.TENTATIVE
    with translation.override(language):
        event = ical.workshop_event(
            record,
            page,
            status=status,
            url=page_site_url(page, request) if page is not None else None,
            online_url=page.online_url if confirmed and page is not None else "",
        )
    slug = page.slug if page is not None else "workshop"
    return _private(_calendar_response(ical.calendar_for([event]), _filename(slug)))
