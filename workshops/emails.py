"""Booking emails: one multipart (text + HTML) message per ``Notification``.

Written in the booking's language with the workshop's texts in that language,
times in the venue's time zone (named), and an ``.ics`` attached whenever the
person's calendar should gain, update or drop the event. ``tasks`` sends them.

A notification can go stale before it is sent (a worker was down, SMTP
failed): ``skip_reason`` says when sending it would now mislead, for
instance a "confirmed" email with a calendar entry for a booking cancelled
since, or a reminder for a workshop that moved.
"""

from __future__ import annotations

import re
from email.mime.text import MIMEText
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.http import page_site_url, site_url
from home.i18n import localize_one

from . import ical
from .records import Booking, Format, Notification, Workshop

if TYPE_CHECKING:
    from .models import WorkshopPage

Kind = Notification.Kind

SUBJECTS = {
    Kind.CONFIRMED: _("Booking confirmed: %(title)s"),
    Kind.WAITLISTED: _("On the waiting list: %(title)s"),
    Kind.PROMOTED: _("A seat is yours: %(title)s"),
    Kind.CANCELLED: _("Booking cancelled: %(title)s"),
    Kind.BOOKING_CHANGED: _("Booking changed: %(title)s"),
    Kind.CHANGED: _("Workshop changed: %(title)s"),
    Kind.WORKSHOP_CANCELLED: _("Workshop cancelled: %(title)s"),
    Kind.REMINDER: _("Reminder: %(title)s, %(date)s"),
}
SUBJECT_REINSTATED = _("Workshop going ahead: %(title)s")
# Kinds whose email carries the calendar entry (when the booking has a seat).
WITH_CALENDAR = {
    Kind.CONFIRMED,
    Kind.PROMOTED,
    Kind.CHANGED,
    Kind.WORKSHOP_CANCELLED,
    Kind.CANCELLED,
    Kind.REMINDER,
}
ICS_CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"


def email_language(booking: Booking) -> str:
    """The booking's language if supported, else the user's, else the site's."""
    supported = dict(settings.LANGUAGES)
    for code in (
        booking.language,
        booking.user.preferred_language if booking.user else None,
    ):
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def _sequence_of(notification: Notification) -> int | None:
    """The ``N`` of a ``seq-N`` key (CHANGED, WORKSHOP_CANCELLED), else None."""
    match = re.fullmatch(r"seq-(\d+)", notification.key)
    return int(match.group(1)) if match else None


def _later_change_owed(notification: Notification) -> bool:
    """Whether a newer "changed"/"cancelled by the organiser" email supersedes this one."""
    sequence = _sequence_of(notification)
    if sequence is None:
        return False
    keys = Notification.objects.filter(
        booking_id=notification.booking_id,
        kind__in=[Kind.CHANGED, Kind.WORKSHOP_CANCELLED],
    ).values_list("key", flat=True)
    return any(
        (match := re.fullmatch(r"seq-(\d+)", key)) and int(match.group(1)) > sequence
        for key in keys
    )


def skip_reason(notification: Notification) -> str | None:
    """Why this email should not be sent (any more), or None to send it."""
    booking = notification.booking
    record = booking.workshop
    kind = notification.kind
    if booking.user is None or not booking.user.email:
        return "no recipient (account deleted)"
    if kind != Kind.CANCELLED and booking.status == Booking.Status.CANCELLED:
        return "booking cancelled since"
    if kind in (Kind.CONFIRMED, Kind.PROMOTED, Kind.REMINDER) and (
        booking.status != Booking.Status.CONFIRMED
    ):
        return "booking no longer confirmed"
    if kind == Kind.WAITLISTED and booking.status != Booking.Status.WAITLISTED:
        return "no longer on the waiting list"
    if kind in (Kind.CHANGED, Kind.WORKSHOP_CANCELLED) and _later_change_owed(
        notification
    ):
        return "superseded by a later change"
    if (
        kind == Kind.BOOKING_CHANGED
        and Notification.objects.filter(
            booking_id=notification.booking_id, kind=kind, pk__gt=notification.pk
        ).exists()
    ):
        # Each shows the booking as it is when sent: the last one suffices.
        return "superseded by a later change of the booking"
    if kind == Kind.WORKSHOP_CANCELLED and not record.is_cancelled:
        return "workshop reinstated since"
    if kind == Kind.REMINDER:
        if record.is_cancelled or not record.is_live:
            return "workshop cancelled or withdrawn"
        if record.starts_at <= timezone.now():
            return "workshop started"
        if notification.key != record.starts_at.isoformat():
            return "workshop moved since (a new reminder is owed)"
    return None


def format_when(record: Workshop) -> str:
    """Date and times in the venue's time zone, named; in the active language."""
    tz = record.tz
    start = record.starts_at.astimezone(tz)
    end = record.ends_at.astimezone(tz)

    def day(value) -> str:
        return f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'DATE_FORMAT')}"

    abbreviation = start.tzname() or ""
    zone = (
        gettext("%(zone)s time, %(abbreviation)s")
        % {"zone": tz.key, "abbreviation": abbreviation}
        if abbreviation.isalpha()
        else gettext("%(zone)s time") % {"zone": tz.key}
    )
    values = {
        "day": day(start),
        "start": formats.date_format(start, "H:i"),
        "end": formats.date_format(end, "H:i"),
        "end_day": day(end),
        "zone": zone,
    }
    if start.date() == end.date():
        return gettext("%(day)s, %(start)s–%(end)s (%(zone)s)") % values
    return gettext("%(day)s, %(start)s to %(end_day)s, %(end)s (%(zone)s)") % values


def _reinstated(notification: Notification) -> bool:
    """Whether this "changed" email follows an organiser cancellation (reinstated)."""
    sequence = _sequence_of(notification)
    if notification.kind != Kind.CHANGED or sequence is None:
        return False
    previous = {
        _sequence_of(n): n.kind
        for n in Notification.objects.filter(
            booking_id=notification.booking_id,
            kind__in=[Kind.CHANGED, Kind.WORKSHOP_CANCELLED],
        )
    }
    earlier = [seq for seq in previous if seq is not None and seq < sequence]
    return bool(earlier) and previous[max(earlier)] == Kind.WORKSHOP_CANCELLED


def _calendar_file(
    notification: Notification, page: WorkshopPage | None, url: str, online_url: str
) -> MIMEText | None:
    """The ``.ics`` attachment this email carries, or None."""
    booking = notification.booking
    record = booking.workshop
    if notification.kind not in WITH_CALENDAR:
        return None
    if notification.kind == Kind.CANCELLED:
        if booking.confirmed_at is None:  # was only waiting: nothing to remove
            return None
        status = ical.CANCELLED
    elif booking.status != Booking.Status.CONFIRMED:
        return None  # waiting: not in their calendar
    else:
        status = None  # follows the organiser's cancellation
    event = ical.workshop_event(
        record, page, status=status, url=url or None, online_url=online_url
    )
    part = MIMEText(ical.calendar_for([event]).decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    slug = page.slug if page is not None else "workshop"
    part.add_header("Content-Disposition", "attachment", filename=f"{slug}.ics")
    return part


def _clean_text(text: str) -> str:
    """Template output as plain text: no trailing spaces, at most one blank line."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def build_message(notification: Notification) -> EmailMultiAlternatives | None:
    """The email for ``notification``, or None when nothing should be sent."""
    if skip_reason(notification) is not None:
        return None
    booking = notification.booking
    record = booking.workshop
    user = booking.user
    language = email_language(booking)
    with translation.override(language):
        page = localize_one(record.pages(), language, or_any=True)
        url = page_site_url(page) if page is not None else ""
        title = page.title if page is not None else record.title
        confirmed = (
            booking.status == Booking.Status.CONFIRMED and not record.is_cancelled
        )
        online_url = ""
        if confirmed and page is not None and page.format == Format.ONLINE:
            online_url = page.online_url
        reinstated = _reinstated(notification)
        when = format_when(record)
        context = {
            "kind": notification.kind,
            "language": language,
            "name": user.get_full_name(),
            "title": title,
            "page_url": url,
            "bookings_url": site_url(reverse("accounts:bookings")),
            "when": when,
            "place": ical.location_text(page, record),
            "is_online": page is not None and page.format == Format.ONLINE,
            "online_url": online_url,
            "seats": booking.seats,
            "attendee_names": [name for name in booking.attendee_names if name],
            "status": booking.status,
            "position": booking.waitlist_position(),
            # Waiting while seats are free: the group is larger than they are
            # (one seat waits only when none is free).
            "seats_free": (
                record.seats_left()
                if booking.status == Booking.Status.WAITLISTED and booking.seats > 1
                else 0
            ),
            "workshop_cancelled": record.is_cancelled,
            "cancelled_by_someone_else": (
                booking.cancelled_by_id is not None
                and booking.cancelled_by_id != booking.user_id
            ),
            "reinstated": reinstated,
        }
        calendar_file = _calendar_file(notification, page, url, online_url)
        context["has_calendar"] = calendar_file is not None
        subject_format = SUBJECTS[notification.kind]
        if reinstated:
            subject_format = SUBJECT_REINSTATED
        subject = str(subject_format) % {
            "title": title,
            "date": formats.date_format(
                record.starts_at.astimezone(record.tz),
                "DATE_FORMAT",
            ),
        }
        subject = " ".join(subject.split())
        context["subject"] = subject
        template = f"emails/workshops/{notification.kind}"
        text = _clean_text(render_to_string(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Auto-Submitted": "auto-generated",
            # Outlook and Exchange: no out-of-office replies to this.
            "X-Auto-Response-Suppress": "All",
            "Content-Language": language,
        },
    )
    message.attach_alternative(html, "text/html")
    if calendar_file is not None:
        message.attach(calendar_file)
    return message
