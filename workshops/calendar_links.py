"""Addresses that put a workshop in someone's calendar.

"Add to Google Calendar" and "Add to Outlook" are plain links the visitor
follows: the event's details travel in the query string and our server sends
nothing to either service. The personal feed's address is secret: it is shown
only to its owner.
"""

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext

from home.http import page_site_url, site_url

from .ical import location_text
from .models import Workshop, WorkshopPage

GOOGLE_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_URL = "https://outlook.live.com/calendar/0/deeplink/compose"
# Browsers and both services cut query strings far longer than this.
MAX_DETAILS = 1000


def _details(page: WorkshopPage, url: str) -> str:
    """The summary (shortened) and a link back to the page."""
    summary = page.summary.strip()
    if len(summary) > MAX_DETAILS:
        summary = summary[: MAX_DETAILS - 1].rstrip() + "…"
    link = gettext("Details: %(link)s") % {"link": url}
    return f"{summary}\n\n{link}" if summary else link


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def google_calendar_url(record: Workshop, page: WorkshopPage, request=None) -> str:
    """Google Calendar's "new event" form filled in with the workshop."""
    dates = "/".join(
        _utc(moment).strftime("%Y%m%dT%H%M%SZ")
        for moment in (record.starts_at, record.ends_at)
    )
    params = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": dates,
        "details": _details(page, page_site_url(page, request)),
        "location": location_text(page, record),
        "ctz": record.tz.key,
    }
    return f"{GOOGLE_URL}?{urlencode(params, quote_via=quote)}"


def outlook_calendar_url(record: Workshop, page: WorkshopPage, request=None) -> str:
    """Outlook on the web's "new event" form filled in with the workshop."""
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": page.title,
        "startdt": _utc(record.starts_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(record.ends_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": _details(page, page_site_url(page, request)),
        "location": location_text(page, record),
    }
    return f"{OUTLOOK_URL}?{urlencode(params, quote_via=quote)}"


def personal_feed_url(user, *, webcal: bool = False) -> str:
    """The absolute address of ``user``'s personal feed (secret: show it only to them).

    ``webcal=True`` gives the ``webcal://`` form that opens a calendar app's
    "subscribe" dialog.
    """
    path = reverse("calendar:personal_feed", args=[user.calendar_token])
    url = site_url(path)
    if webcal:
        url = "webcal://" + url.split("://", 1)[1]
    return url
