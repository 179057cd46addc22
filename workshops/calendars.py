"""iCalendar files of the public pages: one workshop's file, the index's feed.

Served by the pages' own routes (``calendar/``). They hold only what the
public pages show: never the online meeting link, never who booked. This
module knows the booking records, not the page classes, so the pages can
import it (the personal feed, which looks pages up, is in
``calendar_views``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext

from home.http import page_site_url
from home.i18n import localize

from . import ical
from .records import Audience, Workshop

if TYPE_CHECKING:
    from .models import WorkshopPage

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_FEED_EVENTS = 200
MAX_CITY_LENGTH = 100
# Public files and feeds may be cached briefly; a publish shows within minutes.
PUBLIC_MAX_AGE = 300


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
        event = ical.workshop_event(record, page, url=page_site_url(page, request))
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


def index_feed(request, pages: QuerySet) -> HttpResponse:
    """Upcoming published workshops (``pages``, every language's) as a feed, in
    the request's language.

    ``?city=`` (any case) and ``?audience=`` narrow it as they narrow the
    index page's list, whose feed link carries them. Each workshop appears
    once, in the request's language when translated, else in the default one.
    Organiser-cancelled workshops stay in as ``STATUS:CANCELLED`` until they
    end, so subscribers see the cancellation.
    """
    city, audience, error = _feed_filters(request)
    if error:
        return _plain(HttpResponseBadRequest, error)
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
            url=page_site_url(chosen[record.translation_key], request),
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
