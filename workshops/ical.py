"""iCalendar (RFC 5545) for workshops, built with the icalendar library.

Every ``.ics`` the site emits comes from here: the file of one workshop, the
public feed of upcoming workshops, a user's personal feed and the files
attached to booking emails.

- ``UID`` is ``Workshop.uid``, derived from the pages' ``translation_key``:
  the same event in every language and after every edit.
- ``SEQUENCE`` is ``Workshop.sequence``, which grows when the time or place
  changes or the organiser cancels or reinstates the workshop, so calendar
  apps replace the entry they hold.
- ``DTSTART``/``DTEND`` carry the venue's ``TZID``, and the calendar a
  matching ``VTIMEZONE``.
- There is never an ``ORGANIZER`` or ``ATTENDEE``: with them, calendar apps
  offer to send replies, and shared feeds would leak who booked.
- ``METHOD:PUBLISH`` everywhere, emails included. ``REQUEST`` (an
  invitation) needs an ``ORGANIZER`` to reply to (RFC 5546, section 3.2.2),
  and clients that get one without it show broken "accept/decline" buttons or
  reject the file; ``PUBLISH`` with a growing ``SEQUENCE`` and the same
  ``UID`` still updates, or with ``STATUS:CANCELLED`` removes, the entry in
  clients that imported it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from icalendar import Calendar, Event, vDuration

from home.http import page_site_url

from .records import Format, Workshop

if TYPE_CHECKING:
    from .models import WorkshopPage

PRODID = "-//One Stop Shops//Workshops//EN"
CONFIRMED = "CONFIRMED"
TENTATIVE = "TENTATIVE"  # a booking on the waiting list, in its owner's file
CANCELLED = "CANCELLED"
# Calendar apps that honour it poll subscribed feeds this often.
FEED_REFRESH = timedelta(hours=1)


def location_text(page: WorkshopPage | None, record: Workshop) -> str:
    """Where it happens in one line: venue, address and city, or "Online"."""
    if page is None:
        return record.city
    if page.format == Format.ONLINE:
        return gettext("Online")
    address = ", ".join(
        line.strip(" ,") for line in page.address.splitlines() if line.strip(" ,")
    )
    parts = [page.venue.strip(), address]
    city = page.city.strip()
    if city.casefold() not in address.casefold():
        parts.append(city)
    return ", ".join(part for part in parts if part)


def workshop_event(
    record: Workshop,
    page: WorkshopPage | None,
    *,
    status: str | None = None,
    url: str | None = None,
    online_url: str = "",
) -> Event:
    """One ``VEVENT`` for ``record``, with its texts from ``page`` (one language).

    ``status`` forces ``CANCELLED`` (a booking the user cancelled) or
    ``TENTATIVE`` (one on the waiting list); by default it follows the
    organiser's cancellation. ``online_url`` is added to the
    description only for a confirmed participant's own calendar (emails, the
    personal feed); shared files and feeds never pass it. Call inside
    ``translation.override`` for the words the event adds ("Online"...).
    """
    if status is None:
        status = CANCELLED if record.is_cancelled else CONFIRMED
    tz = record.tz
    if page is not None and url is None:
        url = page_site_url(page)
    summary = page.title if page is not None else record.title
    if status == CANCELLED:
        summary = gettext("Cancelled: %(title)s") % {"title": summary}
    description = [page.summary.strip()] if page is not None and page.summary else []
    if online_url and status == CONFIRMED:
        description.append(
            gettext("Join online: %(link)s") % {"link": online_url},
        )
    if url:
        description.append(gettext("Details: %(link)s") % {"link": url})
    event = Event.new(
        uid=record.uid,
        sequence=record.sequence,
        start=record.starts_at.astimezone(tz),
        end=record.ends_at.astimezone(tz),
        summary=summary,
        description="\n\n".join(description) or None,
        location=location_text(page, record) or None,
        status=status,
        url=url,
        last_modified=record.updated_at,
    )
    return event


def calendar_for(
    events: Iterable[Event],
    *,
    method: str | None = None,
    name: str | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    """A ``VCALENDAR`` holding ``events`` and the ``VTIMEZONE`` each ``TZID`` needs.

    ``method`` defaults to ``PUBLISH`` (see the module docstring for why never
    ``REQUEST``). ``name`` becomes ``NAME``/``X-WR-CALNAME`` (feeds);
    ``refresh`` the ``REFRESH-INTERVAL``/``X-PUBLISHED-TTL`` hint for
    subscribed feeds.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method or "PUBLISH")
    if name:
        calendar.calendar_name = name
    if refresh is not None:
        # RFC 7986 requires the VALUE parameter; X-PUBLISHED-TTL is Outlook's.
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    events = list(events)
    for event in events:
        calendar.add_component(event)
    if events:
        # Only the years the events need: the full default range (1970-2038)
        # makes every VTIMEZONE ten times longer.
        first = min(e.start for e in events).date()
        last = max(e.end for e in events).date()
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1),
            last_date=date(last.year + 2, 1, 1),
        )
    return calendar.to_ical()
