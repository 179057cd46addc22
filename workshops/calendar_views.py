"""iCalendar responses: one workshop's file, the public feed, a user's personal feed.

Shared files and feeds hold only what the public pages show: never the online
meeting link, never who booked. The personal feed, at a secret and revocable
address, holds the user's own confirmed bookings and their online links.
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext

from home.i18n import localize
from home.pages import visible

from . import ical
from .models import Audience, Booking, Workshop, WorkshopIndexPage, WorkshopPage

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_FEED_EVENTS = 200
MAX_CITY_LENGTH = 100
# Past bookings stay in the personal feed this long, then drop out.
PERSONAL_FEED_HISTORY = timedelta(days=90)
MAX_PERSONAL_EVENTS = 500
# Public files and feeds may be cached briefly; a publish shows within minutes.
PUBLIC_MAX_AGE = 300
# ``new_calendar_token``: 32 random bytes, URL-safe base64 (43 characters).
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    """``body`` as a downloadable ``text/calendar`` file named ``filename``."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _plain(response_class, message: str) -> HttpResponse:
    return response_class(message, content_type="text/plain; charset=utf-8")


def _filename(slug: str) -> str:
    """A file name safe in any header and on any disk: ``<slug>.ics``."""
    return f"{slugify(slug)[:80] or 'workshop'}.ics"


def workshop_file(request, page: WorkshopPage) -> HttpResponse:
    """The ``.ics`` of one workshop, in the page's language (public: no online link)."""
    record = page.workshop
    if record is None or not record.is_live:
        return _plain(HttpResponseNotFound, gettext("This workshop is not published."))
    with translation.override(page.locale.language_code):
        event = ical.workshop_event(record, page, url=ical.page_url(page, request))
    response = _calendar_response(ical.calendar_for([event]), _filename(page.slug))
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _feed_filters(request) -> tuple[str, str, str | None]:
    """``(city, audience, error)`` from the query string.

    Audience has a fixed list: an unknown value is an error (a typo would
    otherwise silently subscribe someone to every workshop). Any city is
    accepted, because a city with no workshop today may have one next month;
    only overlong or unprintable values are refused.
    """
    city = " ".join(request.GET.get("city", "").split())
    audience = request.GET.get("audience", "").strip()
    error = None
    if audience and audience not in Audience.values:
        error = gettext("Unknown audience. Use one of: %(choices)s.") % {
            "choices": ", ".join(Audience.values)
        }
    elif len(city) > MAX_CITY_LENGTH or not city.isprintable():
        error = gettext("That city name is not valid.")
    return city, audience, error


def index_feed(request, index_page: WorkshopIndexPage) -> HttpResponse:
    """Upcoming published workshops as a feed, in the request's language.

    ``?city=`` (any case) and ``?audience=`` narrow it as they narrow the
    index page's list, whose feed link carries them. Each workshop appears
    once, in the request's language when translated, else in the default one.
    Organiser-cancelled workshops stay in as ``STATUS:CANCELLED`` until they
    end, so subscribers see the cancellation.
    """
    city, audience, error = _feed_filters(request)
    if error:
        return _plain(HttpResponseBadRequest, error)
    index_paths = WorkshopIndexPage.objects.filter(
        translation_key=index_page.translation_key
    ).values_list("path", flat=True)
    under_index = Q()
    for path in index_paths:
        under_index |= Q(path__startswith=path)
    pages = (
        visible(WorkshopPage.objects.filter(under_index))
        .filter(ends_at__gt=timezone.now())
        .defer_streamfields()
        .order_by("starts_at", "pk")
    )
    if audience:
        pages = pages.filter(audience__in=Audience.matching(audience))
    if city:
        in_city = Workshop.objects.filter(city__iexact=city).values("translation_key")
        pages = pages.filter(Q(city__iexact=city) | Q(translation_key__in=in_city))
    chosen = {page.translation_key: page for page in localize(pages)[:MAX_FEED_EVENTS]}
    records = Workshop.objects.filter(
        translation_key__in=chosen, is_live=True
    ).order_by("starts_at", "pk")[:MAX_FEED_EVENTS]
    events = [
        ical.workshop_event(
            record,
            chosen[record.translation_key],
            url=ical.page_url(chosen[record.translation_key], request),
        )
        for record in records
    ]
    name_parts = [gettext("One Stop Shops workshops")]
    if city:
        name_parts.append(city)
    if audience:
        name_parts.append(str(Audience(audience).label))
    body = ical.calendar_for(
        events, name=" · ".join(name_parts), refresh=ical.FEED_REFRESH
    )
    response = _calendar_response(body, "workshops.ics")
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


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
                    url=ical.page_url(page, request),
                    online_url=page.online_url,
                )
            )
        name = gettext("My workshops · One Stop Shops")
    body = ical.calendar_for(events, name=name, refresh=ical.FEED_REFRESH)
    return _private(_calendar_response(body, "my-workshops.ics"))
