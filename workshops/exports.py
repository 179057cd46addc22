"""Spreadsheets of bookings (CSV and XLSX) for coordinators, formulas
neutralised and CSVs readable by Excel (``home.exports``)."""

import zoneinfo
from collections import OrderedDict
from datetime import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.exports import SafeSpreadsheetMixin

from .models import Booking


def local_naive(
    instant: datetime | None, time_zone: zoneinfo.ZoneInfo
) -> datetime | None:
    """``instant`` as wall-clock time in ``time_zone``, without tzinfo (for cells)."""
    if instant is None:
        return None
    return instant.astimezone(time_zone).replace(tzinfo=None)


def person_name(booking: Booking) -> str:
    """The booker's name, or a placeholder once their account is deleted."""
    if booking.user is None:
        return gettext("Deleted account")
    return booking.user.get_full_name()


class BookingSpreadsheetMixin(SafeSpreadsheetMixin):
    """One row per booking: workshop, local start, person, seats, status, check-in."""

    list_export = [
        "workshop",
        "starts_at",
        "time_zone",
        "name",
        "email",
        "organisation",
        "seats",
        "attendee_names",
        "status",
        "waiting_position",
        "source",
        "checked_in",
        "language",
        "booked_at",
    ]
    export_headings = {
        "workshop": _("Workshop"),
        "starts_at": _("Start (local time)"),
        "time_zone": _("Time zone"),
        "name": _("Name"),
        "email": _("Email"),
        "organisation": _("Organisation"),
        "seats": _("Seats"),
        "attendee_names": _("Attendee names"),
        "status": _("Status"),
        "waiting_position": _("Waiting list position"),
        "source": _("Source"),
        "checked_in": _("People checked in"),
        "language": _("Language"),
        "booked_at": _("Booked at (local time)"),
    }
    export_filename = "bookings"

    def to_row_dict(self, item: Booking) -> OrderedDict:
        """The exported cells of one booking (times local to the workshop)."""
        workshop = item.workshop
        tz = workshop.tz
        user = item.user
        return OrderedDict(
            [
                ("workshop", workshop.title),
                ("starts_at", local_naive(workshop.starts_at, tz)),
                ("time_zone", tz.key),
                ("name", person_name(item)),
                ("email", user.email if user else ""),
                ("organisation", user.organisation if user else ""),
                ("seats", item.seats),
                ("attendee_names", "; ".join(item.attendee_names or [])),
                ("status", item.get_status_display()),
                ("waiting_position", getattr(item, "waiting_position", None) or ""),
                ("source", item.get_source_display()),
                ("checked_in", item.attended_seats),
                ("language", item.language),
                ("booked_at", local_naive(item.created_at, tz)),
            ]
        )

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class BookingSpreadsheet(BookingSpreadsheetMixin):
    """Exports a list of bookings outside a listing view (the attendee list)."""

    def __init__(self, filename: str):
        self.export_filename = filename

    def response(self, bookings, export_format: str):
        """An attachment response with ``bookings`` as CSV or XLSX."""
        return self.as_spreadsheet(bookings, export_format)
