"""What the public workshop pages show: the listings, seat status, booking panel.

The index lists upcoming workshops (filters ``city``, ``audience``, ``month``)
and, under ``past/``, the archive with attendance. Seat figures come from the
``Workshop`` records in a fixed number of queries whatever the number of
workshops; the rules deciding whether a workshop is open are the booking
services' own (``services.check_open``), never repeated here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.http import page_site_url
from home.i18n import localized_url
from home.listings import paginate
from home.text import echo

from . import services
from .forms import BookingForm
from .records import Audience, Format, SeatFigures, Workshop

if TYPE_CHECKING:
    from .models import WorkshopIndexPage, WorkshopPage

WORKSHOPS_PER_PAGE = 12
ORGANISATION_NAME = "One Stop Shops"
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
SCHEMA = "https://schema.org/"


# -- seat status -------------------------------------------------------------


class State:
    """Where a workshop stands for someone who would like to book."""

    OPEN = "open"
    FULL = "full"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ENDED = "ended"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class SeatStatus:
    """A workshop's bookability and seat figures at one moment."""

    state: str
    capacity: int = 0
    confirmed: int = 0
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def seats_left(self) -> int:
        return SeatFigures(confirmed=self.confirmed).seats_left(self.capacity)

    @property
    def can_book(self) -> bool:
        """Whether a booking can be made now (confirmed or on the waiting list)."""
        return self.state in (State.OPEN, State.FULL)

    @property
    def is_cancelled(self) -> bool:
        return self.state == State.CANCELLED


def seat_status(record: Workshop | None, confirmed: int, now: datetime) -> SeatStatus:
    """The status of ``record`` with ``confirmed`` seats taken, at ``now``."""
    if record is None:
        return SeatStatus(State.UNAVAILABLE)
    figures = {
        "capacity": record.capacity,
        "confirmed": confirmed,
        "opens_at": record.registration_opens_at,
        "closes_at": record.registration_closes,
    }
    try:
        services.check_open(record, now)
    except services.WorkshopCancelled:
        state = State.CANCELLED
    except services.RegistrationNotOpen:
        state = State.NOT_OPEN
    except services.RegistrationClosed:
        state = State.ENDED if record.ends_at <= now else State.CLOSED
    except services.BookingError:
        state = State.UNAVAILABLE
    else:
        state = State.FULL if confirmed >= record.capacity else State.OPEN
    return SeatStatus(state, **figures)


def seat_status_of(page: WorkshopPage) -> SeatStatus:
    """The seat status of one workshop page (two queries)."""
    record = page.workshop
    confirmed = record.confirmed_seats() if record is not None else 0
    return seat_status(record, confirmed, timezone.now())


def attach_seat_status(pages: list[WorkshopPage], now: datetime) -> None:
    """Set ``seat_status`` on each page: two queries for the whole list."""
    records = {
        record.translation_key: record
        for record in Workshop.objects.filter(
            translation_key__in={page.translation_key for page in pages}
        )
    }
    figures = services.seat_figures(r.pk for r in records.values())
    for page in pages:
        record = records.get(page.translation_key)
        confirmed = figures[record.pk].confirmed if record is not None else 0
        page.seat_status = seat_status(record, confirmed, now)


def attach_attendance(pages: list[WorkshopPage]) -> None:
    """Set ``attendance`` on each page: the figure reported, else checked-in seats.

    Two queries for the whole list; ``None`` when nobody was checked in and no
    figure was reported.
    """
    records = dict(
        Workshop.objects.filter(
            translation_key__in={page.translation_key for page in pages}
        ).values_list("translation_key", "pk")
    )
    figures = services.seat_figures(records.values())
    for page in pages:
        if page.reported_attendance is not None:
            page.attendance = page.reported_attendance
        elif page.translation_key in records:
            page.attendance = figures[records[page.translation_key]].attended or None
        else:
            page.attendance = None


# -- the index ---------------------------------------------------------------


@dataclass
class Filters:
    """The filters asked for, as understood; ``not_understood`` explains the rest."""

    city: str = ""
    audience: str = ""
    month: date | None = None
    not_understood: list[str] = field(default_factory=list)

    @property
    def is_active(self) -> bool:
        return bool(self.city or self.audience or self.month)

    @property
    def month_value(self) -> str:
        return self.month.strftime("%Y-%m") if self.month else ""

    @property
    def audience_label(self) -> str:
        return str(Audience(self.audience).label) if self.audience else ""

    def calendar_query(self) -> str:
        """The query string of the calendar feed for these filters (no month)."""
        params = {"city": self.city, "audience": self.audience}
        return urlencode({key: value for key, value in params.items() if value})


def _param(params: Mapping, name: str) -> str:
    value = params.get(name, "")
    return echo(value.strip(), 60) if isinstance(value, str) else ""


def read_filters(params: Mapping, cities: Iterable[str]) -> Filters:
    """The ``city``/``audience``/``month`` filters of ``params``.

    Values are compared with known choices only: a city with no upcoming
    workshop, an unknown audience or a month that is not ``YYYY-MM`` is left
    out, with a message saying so.
    """
    filters = Filters()
    if city := _param(params, "city"):
        known = {name.casefold(): name for name in cities}
        if city.casefold() in known:
            filters.city = known[city.casefold()]
        else:
            filters.not_understood.append(
                _(
                    "There is no upcoming workshop in “%(city)s”, so workshops in "
                    "every city are shown."
                )
                % {"city": city}
            )
    if audience := _param(params, "audience"):
        if audience in Audience.values:
            filters.audience = audience
        else:
            filters.not_understood.append(
                _(
                    "“%(audience)s” is not an audience we know, so workshops for "
                    "everyone are shown."
                )
                % {"audience": audience}
            )
    if month := _param(params, "month"):
        match = _MONTH.fullmatch(month)
        try:
            filters.month = date(int(match[1]), int(match[2]), 1) if match else None
        except ValueError:
            filters.month = None
        if filters.month is None:
            filters.not_understood.append(
                _(
                    "“%(month)s” is not a month we understand (write it as "
                    "YYYY-MM, for example 2026-12), so every month is shown."
                )
                % {"month": month}
            )
    return filters


def filter_workshops(workshops: QuerySet, filters: Filters) -> QuerySet:
    """``workshops`` narrowed to the understood filters."""
    if filters.city:
        workshops = workshops.filter(city__iexact=filters.city)
    if filters.audience:
        workshops = workshops.filter(audience__in=Audience.matching(filters.audience))
    if filters.month:
        workshops = workshops.filter(
            start_date__year=filters.month.year, start_date__month=filters.month.month
        )
    return workshops


def _cities(workshops: QuerySet) -> list[str]:
    """Distinct city names of ``workshops`` (ignoring case), sorted."""
    names: dict[str, str] = {}
    for name in workshops.order_by("city").values_list("city", flat=True).distinct():
        names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def _months(workshops: QuerySet, chosen: date | None) -> list[date]:
    """Months with a workshop (local start date), plus the chosen one."""
    months = set(workshops.order_by().dates("start_date", "month"))
    if chosen:
        months.add(chosen)
    return sorted(months)


def _urls(index, request) -> dict[str, str]:
    index_url = localized_url(index, request)
    return {
        "index_url": index_url,
        "archive_url": index_url + index.reverse_subpage("archive"),
        "calendar_url": index_url + index.reverse_subpage("calendar"),
    }


def index_context(index: WorkshopIndexPage, request) -> dict:
    """The upcoming workshops of ``index`` filtered by the request's GET params."""
    now = timezone.now()
    upcoming = index.upcoming_workshops(now)
    cities = _cities(upcoming)
    filters = read_filters(request.GET, cities)
    results = paginate(
        request, filter_workshops(upcoming, filters), per_page=WORKSHOPS_PER_PAGE
    )
    results.object_list = list(results.object_list)
    attach_seat_status(results.object_list, now)
    query = filters.calendar_query()
    context = _urls(index, request)
    if query:
        context["calendar_url"] += "?" + query
    context.update(
        {
            "filters": filters,
            "workshops": results,
            "city_choices": cities,
            "audience_choices": Audience.choices,
            "month_choices": _months(upcoming, filters.month),
        }
    )
    return context


def archive_context(index: WorkshopIndexPage, request) -> dict:
    """The ended workshops of ``index``, newest first, with attendance."""
    results = paginate(
        request, index.past_workshops(timezone.now()), per_page=WORKSHOPS_PER_PAGE
    )
    results.object_list = list(results.object_list)
    attach_attendance(results.object_list)
    return {**_urls(index, request), "workshops": results, "is_archive": True}


# -- one workshop ------------------------------------------------------------


class Panel:
    """What the booking panel of a workshop page offers the visitor."""

    ENDED = "ended"
    BOOKED = "booked"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ANONYMOUS = "anonymous"
    UNVERIFIED = "unverified"
    FORM = "form"


_PANEL_FOR_STATE = {
    State.ENDED: Panel.ENDED,
    State.CANCELLED: Panel.CANCELLED,
    State.UNAVAILABLE: Panel.UNAVAILABLE,
    State.NOT_OPEN: Panel.NOT_OPEN,
    State.CLOSED: Panel.CLOSED,
}


def booking_panel(
    page: WorkshopPage,
    request,
    form=None,
    error: str = "",
    waiting_list_offer: int | None = None,
) -> dict:
    """The per-visitor part of a workshop page: a booking, a form, or why not.

    ``form`` is a bound ``BookingForm`` to show again with its errors, and
    ``error`` a refusal from the booking services; ``waiting_list_offer``,
    the seats asked when fewer were left (``services.NotEnoughSeats``): the
    form then also offers to join the waiting list for all of them.
    """
    status = page.seat_status
    user = request.user
    page_url = localized_url(page, request)
    panel: dict = {
        "error": error,
        "page_url": page_url,
        "book_url": page.get_booking_url(),
        "waiting_list_offer": waiting_list_offer,
    }
    booking = None
    if user.is_authenticated and page.workshop is not None:
        booking = services.active_booking(page.workshop, user)
    if status.state == State.ENDED:
        panel["state"] = Panel.ENDED
    elif booking is not None:
        panel.update(
            state=Panel.BOOKED,
            booking=booking,
            waitlist_position=booking.waiting_position,
            can_cancel=page.workshop.cancellation_open(),
            can_change=services.change_open(page.workshop),
            # Both ask before they change anything, and come back here.
            cancel_url=_with_next(
                reverse("accounts:cancel_booking", args=[booking.pk]), page_url
            ),
            change_url=_with_next(
                reverse("accounts:change_booking", args=[booking.pk]), page_url
            ),
            bookings_url=reverse("accounts:bookings"),
        )
    elif status.state in _PANEL_FOR_STATE:
        panel["state"] = _PANEL_FOR_STATE[status.state]
    elif not user.is_authenticated:
        query = urlencode({"next": page_url})
        panel.update(
            state=Panel.ANONYMOUS,
            login_url=f"{reverse('account_login')}?{query}",
            signup_url=f"{reverse('account_signup')}?{query}",
        )
    elif not services.has_verified_email(user):
        panel.update(state=Panel.UNVERIFIED, email_url=reverse("account_email"))
    else:
        max_seats = page.workshop.max_seats_per_booking
        panel.update(
            state=Panel.FORM,
            form=form or BookingForm(max_seats=max_seats),
            max_seats=max_seats,
        )
    return {"panel": panel}


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def detail_context(
    page: WorkshopPage,
    request,
    form=None,
    error: str = "",
    waiting_list_offer: int | None = None,
) -> dict:
    """Everything a workshop page shows besides the page's own fields."""
    index = page.get_parent()
    index_url = localized_url(index, request) if index else ""
    panel = booking_panel(
        page, request, form=form, error=error, waiting_list_offer=waiting_list_offer
    )
    return {
        "index_url": index_url,
        "is_online": page.format == Format.ONLINE,
        **panel,
    }


def language_names(codes: Iterable[str]) -> list[str]:
    """The names of the site languages in ``codes``, in the interface language."""
    names = dict(settings.LANGUAGES)
    return [str(names[code]) for code in codes if code in names]


def event_json_ld(page: WorkshopPage, request=None) -> dict:
    """schema.org ``Event`` data for a workshop page (never the meeting link)."""
    status = page.seat_status
    url = page_site_url(page, request)
    online = page.format == Format.ONLINE
    if online:
        location: dict = {"@type": "VirtualLocation"}
    else:
        address = {"@type": "PostalAddress", "addressLocality": page.city}
        if page.address:
            address["streetAddress"] = ", ".join(page.address.split("\n")).strip()
        location = {
            "@type": "Place",
            "name": page.venue or page.city,
            "address": address,
        }
    if page.partner is not None:
        organizer = {"@type": "Organization", "name": page.partner.name}
        if page.partner.website:
            organizer["url"] = page.partner.website
    else:
        organizer = {"@type": "Organization", "name": ORGANISATION_NAME}
    available = status.state in (State.OPEN, State.NOT_OPEN) and status.seats_left
    offer = {
        "@type": "Offer",
        "url": url,
        "price": 0,
        "priceCurrency": "EUR",
        "availability": SCHEMA + ("InStock" if available else "SoldOut"),
    }
    if status.opens_at:
        offer["validFrom"] = status.opens_at.astimezone(page.tz).isoformat()
    cancelled = page.is_cancelled or status.is_cancelled
    start, end = page.compute_instants()
    languages = [code for code in page.languages if code in dict(settings.LANGUAGES)]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": url,
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": location,
        "organizer": organizer,
        "offers": offer,
        "audience": {
            "@type": "Audience",
            "audienceType": str(page.get_audience_display()),
        },
        "inLanguage": languages or [page.locale.language_code],
    }
    if page.summary:
        data["description"] = page.summary
    if status.capacity:
        data["maximumAttendeeCapacity"] = status.capacity
        data["remainingAttendeeCapacity"] = status.seats_left
    if page.listing_image is not None:
        data["image"] = [page.listing_image.get_rendition("fill-1200x630").full_url]
    return data
