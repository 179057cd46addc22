"""Spreadsheets of bookings (CSV and XLSX) for coordinators.

Built on Wagtail's ``SpreadsheetExportMixin``. Cells that a spreadsheet
program would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return first) are neutralised: Wagtail's XLSX writer already stores them as
text, and the CSV writer here prefixes them with an apostrophe, as OWASP
recommends, since CSV has no cell types. CSV files start with a UTF-8 byte
order mark: without it, Excel garbles accented names.
"""

import zoneinfo
from collections import OrderedDict
from datetime import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .models import Booking

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` prefixed with ``'`` when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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


class BookingSpreadsheetMixin(SpreadsheetExportMixin):
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
        "attended",
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
        "attended": _("Attended"),
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
                ("attended", gettext("Yes") if item.attended else gettext("No")),
                ("language", item.language),
                ("booked_at", local_naive(item.created_at, tz)),
            ]
        )

    def stream_csv(self, queryset):
        """The CSV, after a byte order mark so that Excel reads accents as UTF-8."""
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        """Write a CSV row with formula-like text neutralised."""
        return super().write_csv_row(
            writer, {key: neutralise_formula(value) for key, value in row_dict.items()}
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
