"""Coordinator tools in the Wagtail admin: bookings, attendee lists, check-in,
attendance certificates (issue, download, revoke).

Every view here answers 403 unless the user may see personal data
(``workshops.view_personal_data``, given by the "Workshop coordinators"
group). Changes to bookings go through ``services`` only.
"""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from uuid import UUID

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import Button

from home.dashboard import DashboardPanel
from home.i18n import localize_one

from . import certificates, services
from .admin_forms import BookingSearchForm, ManualBookingForm
from .certificate_views import pdf_download
from .exports import BookingSpreadsheet, BookingSpreadsheetMixin
from .models import Booking, Workshop, WorkshopPage

URL_NAMESPACE = "workshops_admin"
UPCOMING_ON_DASHBOARD = 10


def admin_url(name: str, *args) -> str:
    """The URL of one of the coordinator views."""
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


# -- figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Fullness:
    """How full a workshop is: confirmed seats, capacity, waiting bookings."""

    workshop_id: int
    confirmed: int
    capacity: int
    waiting: int

    @property
    def label(self) -> str:
        """Bookings: 7/10 (3 waiting)."""
        return gettext("Bookings: %(confirmed)s/%(capacity)s (%(waiting)s waiting)") % {
            "confirmed": self.confirmed,
            "capacity": self.capacity,
            "waiting": self.waiting,
        }

    @property
    def bar_value(self) -> int:
        """Confirmed seats, capped at capacity (a meter's value cannot exceed it)."""
        return min(self.confirmed, self.capacity)

    @property
    def percent(self) -> int:
        """Confirmed seats as a share of capacity, 0 to 100."""
        if self.capacity <= 0:
            return 100
        return min(round(100 * self.confirmed / self.capacity), 100)


def fullness_by_workshop(workshops: Iterable[Workshop]) -> dict[int, Fullness]:
    """Fullness of each workshop record, in one query whatever their number."""
    workshops = list(workshops)
    figures = services.seat_figures(w.pk for w in workshops)
    return {
        w.pk: Fullness(w.pk, figures[w.pk].confirmed, w.capacity, figures[w.pk].waiting)
        for w in workshops
    }


def fullness_by_translation_key(keys: Iterable[UUID]) -> dict[UUID, Fullness]:
    """Fullness keyed on the pages' ``translation_key``, in two queries."""
    records = list(Workshop.objects.filter(translation_key__in=set(keys)))
    figures = fullness_by_workshop(records)
    return {record.translation_key: figures[record.pk] for record in records}


# -- permission ------------------------------------------------------------


def forbidden(request) -> HttpResponse:
    """The 403 page of the coordinator tools."""
    return TemplateResponse(
        request,
        "workshops/admin/forbidden.html",
        {"page_title": _("Bookings")},
        status=403,
    )


class CoordinatorRequiredMixin:
    """403 unless the user may see who booked (``view_personal_data``)."""

    def dispatch(self, request, *args, **kwargs):
        if not services.is_coordinator(request.user):
            return forbidden(request)
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs) -> None:
        """Load what the URL names (after the permission check: no 404 leaks)."""


# -- the bookings report ---------------------------------------------------


class WorkshopChoiceField(ModelChoiceField):
    """Workshops named with their city and local date."""

    def label_from_instance(self, obj: Workshop) -> str:
        local = obj.starts_at.astimezone(obj.tz)
        return f"{obj.title} – {obj.city}, {date_format(local, 'DATE_FORMAT')}"


class WorkshopFilter(django_filters.ModelChoiceFilter):
    field_class = WorkshopChoiceField


class BookingFilterSet(WagtailFilterSet):
    """Filters of the bookings report: workshop, status, workshop date."""

    workshop = WorkshopFilter(
        label=_("Workshop"),
        queryset=Workshop.objects.order_by("-starts_at", "id"),
        empty_label=_("All workshops"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Booking.Status.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    starts = django_filters.DateFromToRangeFilter(
        label=_("Workshop date"),
        field_name="workshop__starts_at",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = Booking
        fields = ["workshop", "status", "starts"]


def local_time(instant: datetime | None, tz: zoneinfo.ZoneInfo) -> str:
    """``instant`` as the workshop's wall-clock time, with the zone named."""
    if instant is None:
        return ""
    local = instant.astimezone(tz)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({tz.key})"


class WorkshopColumn(Column):
    """The workshop's title, linking to its attendee list, and its local start."""

    cell_template_name = "workshops/admin/cells/workshop.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        workshop = instance.workshop
        context["url"] = admin_url("attendees", workshop.pk)
        context["starts"] = local_time(workshop.starts_at, workshop.tz)
        return context


class PersonColumn(Column):
    """The booker's name and email address."""

    cell_template_name = "workshops/admin/cells/person.html"


class NamesColumn(Column):
    """The attendee names, one per line."""

    cell_template_name = "workshops/admin/cells/names.html"


def booking_status(booking: Booking) -> str:
    """The status, with the position when on the waiting list."""
    if booking.status == Booking.Status.WAITLISTED and booking.waiting_position:
        return gettext("On the waiting list (position %(n)s)") % {
            "n": booking.waiting_position
        }
    return booking.get_status_display()


def booking_checked_in(booking: Booking) -> str:
    """Who came, for confirmed bookings: Yes/No for one seat, "1 of 2" for
    several; empty for the others."""
    if booking.status != Booking.Status.CONFIRMED:
        return ""
    if booking.seats == 1:
        return gettext("Yes") if booking.attended_seats else gettext("No")
    return gettext("%(checked)s of %(seats)s") % {
        "checked": booking.attended_seats,
        "seats": booking.seats,
    }


# Cells whose long names wrap anywhere (static/css/admin-bookings.css).
WRAP = "booking-wrap"

BOOKING_COLUMNS = [
    WorkshopColumn(
        "workshop",
        label=_("Workshop and start (local time)"),
        accessor="workshop",
        classname=WRAP,
    ),
    PersonColumn("person", label=_("Person"), accessor="user", classname=WRAP),
    Column(
        "organisation",
        label=_("Organisation"),
        accessor=lambda b: b.user.organisation if b.user else "",
        classname=WRAP,
    ),
    Column("seats", label=_("Seats")),
    NamesColumn("attendee_names", label=_("Attendee names"), classname=WRAP),
    Column("status", label=_("Status"), accessor=booking_status),
    Column("source", label=_("Source"), accessor="get_source_display"),
    Column("checked_in", label=_("Checked in"), accessor=booking_checked_in),
    Column(
        "booked_at",
        label=_("Booked at (local time)"),
        accessor=lambda b: local_time(b.created_at, b.workshop.tz),
    ),
]


class BookingsView(CoordinatorRequiredMixin, BookingSpreadsheetMixin, ReportView):
    """Every booking, filtered by workshop, status and date; CSV and XLSX export."""

    page_title = _("Bookings")
    header_icon = "group"
    index_url_name = f"{URL_NAMESPACE}:bookings"
    index_results_url_name = f"{URL_NAMESPACE}:bookings_results"
    filterset_class = BookingFilterSet
    columns = BOOKING_COLUMNS
    paginate_by = 50
    verbose_name_plural = _("bookings")
    export_filename = "bookings"

    def get_queryset(self):
        bookings = Booking.objects.select_related("workshop", "user").order_by(
            "workshop__starts_at", "id"
        )
        return self.filter_queryset(bookings).with_waiting_position()

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        if self.is_export and self.filters and not self.filters.is_valid():
            return HttpResponseBadRequest(
                gettext("The filters are not valid; nothing was exported."),
                content_type="text/plain; charset=utf-8",
            )
        return super().get(request, *args, **kwargs)


# -- one workshop's attendee list ------------------------------------------


class WorkshopMixin(CoordinatorRequiredMixin):
    """Loads the ``Workshop`` record named in the URL (404 when unknown)."""

    def load_objects(self, **kwargs) -> None:
        super().load_objects(**kwargs)
        self.workshop = get_object_or_404(Workshop, pk=kwargs["workshop_id"])

    def attendees_url(self) -> str:
        return admin_url("attendees", self.workshop.pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("bookings"), "label": _("Bookings")},
            {"url": self.attendees_url(), "label": self.workshop.title},
        ]


class AttendeesView(WorkshopMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who comes to one workshop: check-in, waiting list, cancelled; export."""

    template_name = "workshops/admin/attendees.html"
    header_icon = "group"
    EXPORT_FORMATS = BookingSpreadsheet.FORMATS

    def get_page_title(self):
        return gettext("Attendees: %(title)s") % {"title": self.workshop.title}

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {"url": "", "label": self.workshop.title}
        return items

    @cached_property
    def search_form(self) -> BookingSearchForm:
        return BookingSearchForm(self.request.GET)

    @cached_property
    def query(self) -> str:
        return self.search_form.query()

    def export_url(self, export_format: str) -> str:
        params = {"export": export_format}
        if self.query:
            params["q"] = self.query
        return f"{self.attendees_url()}?{urlencode(params)}"

    @cached_property
    def booking_refusal(self) -> services.BookingError | None:
        return services.booking_refusal(self.workshop)

    def get_header_buttons(self):
        buttons = []
        if self.booking_refusal is None:
            buttons.append(
                HeaderButton(
                    _("Add a phone booking"),
                    url=admin_url("manual_booking", self.workshop.pk),
                    icon_name="plus",
                )
            )
        return buttons + super().get_header_buttons()

    def get_header_more_buttons(self):
        buttons = [
            Button(
                _("Download XLSX"),
                url=self.export_url("xlsx"),
                icon_name="download",
                priority=90,
            ),
            Button(
                _("Download CSV"),
                url=self.export_url("csv"),
                icon_name="download",
                priority=100,
            ),
        ]
        page = self.page
        if page is not None and page.permissions_for_user(self.request.user).can_edit():
            buttons.append(
                Button(
                    _("Edit the workshop page"),
                    url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    icon_name="edit",
                    priority=110,
                )
            )
        return buttons

    @cached_property
    def page(self) -> WorkshopPage | None:
        """A page of this workshop in the admin's language, else the default, else any."""
        return localize_one(
            self.workshop.pages(), self.request.LANGUAGE_CODE, or_any=True
        )

    def bookings(self):
        return (
            self.workshop.bookings.select_related("workshop", "user")
            .with_waiting_position()
            .matching(self.query)
            .order_by("id")
        )

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format is not None:
            if export_format not in self.EXPORT_FORMATS:
                return HttpResponseBadRequest(
                    gettext("Choose CSV or XLSX."),
                    content_type="text/plain; charset=utf-8",
                )
            spreadsheet = BookingSpreadsheet(
                filename=f"attendees-workshop-{self.workshop.pk}"
            )
            return spreadsheet.response(
                self.rows(list(self.bookings()))["all"], export_format
            )
        return super().get(request, *args, **kwargs)

    @staticmethod
    def rows(bookings: list[Booking]) -> dict[str, list[Booking]]:
        """Bookings split by status (waiting ones in their order on the list)."""
        confirmed, waiting, cancelled = [], [], []
        for booking in bookings:
            tz = booking.workshop.tz
            booking.booked_local = local_time(booking.created_at, tz)
            booking.cancelled_local = local_time(booking.cancelled_at, tz)
            if booking.status == Booking.Status.CONFIRMED:
                checked_in = set(booking.checked_in_seats)
                booking.seat_rows = [
                    {"number": n, "name": name, "checked_in": n in checked_in}
                    for n, name in enumerate(seat_names(booking))
                ]
                confirmed.append(booking)
            elif booking.status == Booking.Status.WAITLISTED:
                waiting.append(booking)
            else:
                cancelled.append(booking)
        return {
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled": cancelled,
            "all": confirmed + waiting + cancelled,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.rows(list(self.bookings()))
        holders = (
            certificates.holders(rows["confirmed"]) if self.workshop.is_past else {}
        )
        for booking in rows["confirmed"]:
            booking.certificate_holders = holders.get(booking.pk, [])
        figures = self.workshop.bookings.figures()
        now = timezone.now()
        context.update(
            {
                "workshop": self.workshop,
                "workshop_page": self.page,
                "starts": local_time(self.workshop.starts_at, self.workshop.tz),
                "confirmed": rows["confirmed"],
                "waiting": rows["waiting"],
                "cancelled": rows["cancelled"],
                "confirmed_seats": figures.confirmed,
                "capacity": self.workshop.capacity,
                "seats_left": figures.seats_left(self.workshop.capacity),
                "waiting_seats": sum(b.seats for b in rows["waiting"]),
                "attended_seats": figures.attended,
                "can_cancel": self.workshop.cancellation_open(now),
                "booking_refusal": self.booking_refusal,
                "search_form": self.search_form,
                "query": self.query,
                "matches": len(rows["all"]),
            }
        )
        return context


class BookingActionMixin(WorkshopMixin):
    """Loads the booking named in the URL; it must belong to the workshop."""

    def load_objects(self, **kwargs) -> None:
        super().load_objects(**kwargs)
        self.booking = get_object_or_404(
            Booking.objects.select_related("user", "workshop"),
            pk=kwargs["booking_id"],
            workshop=self.workshop,
        )

    def back(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(f"{self.attendees_url()}#booking-{self.booking.pk}")


class AttendanceView(BookingActionMixin, View):
    """POST the seat numbers of the people who came (``seat``, one value per
    person ticked; none undoes the check-in) for a confirmed booking."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        values = request.POST.getlist("seat")
        if not all(value.isascii() and value.isdigit() for value in values):
            return HttpResponseBadRequest(
                services.UnknownAttendee.message,
                content_type="text/plain; charset=utf-8",
            )
        try:
            booking = services.check_in(
                self.booking, [int(value) for value in values], by=request.user
            )
        except services.UnknownAttendee as error:
            return HttpResponseBadRequest(
                error.message, content_type="text/plain; charset=utf-8"
            )
        except services.BookingError as error:
            messages.error(request, str(error.message))
            return self.back()
        messages.success(request, check_in_message(booking))
        return self.back()


def check_in_message(booking: Booking) -> str:
    """What a coordinator is told after recording who came on ``booking``."""
    if booking.seats == 1:
        name = seat_names(booking)[0]
        if booking.attended_seats:
            return gettext("%(name)s is checked in.") % {"name": name}
        return gettext("%(name)s is no longer checked in.") % {"name": name}
    return gettext(
        "Booking of %(name)s: %(checked)s of %(seats)s people checked in."
    ) % {
        "name": str(booking.user or gettext("Deleted account")),
        "checked": booking.attended_seats,
        "seats": booking.seats,
    }


def seat_names(booking: Booking) -> list[str]:
    """One name per seat: the attendee's, else the booker's for a single
    seat, else "Person N" (names are blanked when an account is deleted)."""
    names = list(booking.attendee_names or [])
    if booking.seats == 1 and not names and booking.user is not None:
        names = [str(booking.user)]
    return [
        names[n] if n < len(names) else gettext("Person %(n)s") % {"n": n + 1}
        for n in range(booking.seats)
    ]


class CancelBookingView(BookingActionMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: confirm; POST: cancel the booking and promote waiting ones."""

    template_name = "workshops/admin/cancel_booking.html"
    header_icon = "group"

    def get_page_title(self):
        return gettext("Cancel a booking")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": _("Cancel")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "workshop": self.workshop,
                "booking": self.booking,
                "attendees_url": self.attendees_url(),
                "action_url": admin_url(
                    "cancel_booking", self.workshop.pk, self.booking.pk
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.cancel_booking(self.booking, by=request.user)
        except services.BookingError as error:
            messages.error(request, str(error.message))
            return self.back()
        messages.success(
            request,
            gettext("The booking of %(name)s is cancelled; they will be told by email.")
            % {"name": self.booking.user or gettext("Deleted account")},
        )
        return self.back()


class CertificateMixin(BookingActionMixin):
    """The seat named in the URL, and its certificate if one was issued."""

    def load_objects(self, **kwargs) -> None:
        super().load_objects(**kwargs)
        self.seat = kwargs["seat"]
        self.certificate = self.booking.certificates.filter(seat=self.seat).first()

    def issued(self):
        """The seat's certificate; 404 when none was issued."""
        if self.certificate is None:
            raise Http404
        return self.certificate


class IssueCertificateView(CertificateMixin, View):
    """POST: issue the certificate of a person checked in (idempotent)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            certificate = certificates.issue_certificate(
                self.booking, self.seat, by=request.user
            )
        except certificates.CertificateError as error:
            messages.error(request, str(error.message))
            return self.back()
        messages.success(
            request,
            gettext("Certificate %(code)s issued to %(name)s.")
            % {"code": certificate.code, "name": certificate.name},
        )
        return self.back()


class CertificateDownloadView(CertificateMixin, View):
    """GET: the PDF of an issued certificate that is not revoked."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return pdf_download(self.issued())


class RevokeCertificateView(CertificateMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: confirm; POST: revoke the certificate (the verification page then
    says so)."""

    template_name = "workshops/admin/revoke_certificate.html"
    header_icon = "group"

    def get_page_title(self):
        return gettext("Revoke a certificate")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": _("Revoke")}]

    def not_issued(self) -> HttpResponseRedirect:
        messages.error(
            request=self.request,
            message=gettext("No certificate has been issued to this person."),
        )
        return self.back()

    def get(self, request, *args, **kwargs):
        if self.certificate is None:
            return self.not_issued()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "workshop": self.workshop,
                "certificate": self.certificate,
                "attendees_url": self.attendees_url(),
                "action_url": admin_url(
                    "revoke_certificate", self.workshop.pk, self.booking.pk, self.seat
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.certificate is None:
            return self.not_issued()
        certificate = certificates.revoke_certificate(self.certificate, by=request.user)
        messages.success(
            request,
            gettext("Certificate %(code)s is revoked.") % {"code": certificate.code},
        )
        return self.back()


class ManualBookingView(WorkshopMixin, WagtailAdminTemplateMixin, FormView):
    """A booking taken by phone: same rules as the website (``book_seats``)."""

    template_name = "workshops/admin/manual_booking.html"
    form_class = ManualBookingForm
    header_icon = "group"

    def get_page_title(self):
        return gettext("Add a phone booking")

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": _("Add a phone booking")},
        ]

    def refused(self) -> HttpResponse | None:
        """Back to the attendee list when the workshop cannot be booked (cancelled, ended...)."""
        refusal = services.booking_refusal(self.workshop)
        if refusal is None:
            return None
        messages.error(
            self.request,
            gettext("No phone booking can be taken: %(reason)s")
            % {"reason": refusal.message},
        )
        return HttpResponseRedirect(self.attendees_url())

    def get(self, request, *args, **kwargs):
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({"workshop": self.workshop, "coordinator": self.request.user})
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "workshop": self.workshop,
                "starts": local_time(self.workshop.starts_at, self.workshop.tz),
                "action_url": admin_url("manual_booking", self.workshop.pk),
                "attendees_url": self.attendees_url(),
                "submit_button_label": _("Book"),
                "submit_button_active_label": _("Booking…"),
            }
        )
        return context

    def form_valid(self, form):
        booking = form.save()
        if booking is None:
            return self.form_invalid(form)
        name = booking.user
        if booking.status == Booking.Status.CONFIRMED:
            message = ngettext(
                "%(name)s is booked: %(seats)s seat confirmed.",
                "%(name)s is booked: %(seats)s seats confirmed.",
                booking.seats,
            )
        else:
            message = gettext(
                "The workshop is full: %(name)s is on the waiting list "
                "(position %(position)s)."
            )
        messages.success(
            request=self.request,
            message=message
            % {
                "name": name,
                "seats": booking.seats,
                "position": booking.waitlist_position(),
            },
        )
        return HttpResponseRedirect(f"{self.attendees_url()}#booking-{booking.pk}")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# -- the page explorer: seats taken / capacity -----------------------------


class FullnessColumn(Column):
    """Seats taken / capacity and waiting bookings, from ``page.fullness``."""

    cell_template_name = "workshops/admin/cells/fullness.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        fullness = getattr(instance, "fullness", None)
        context["fullness"] = fullness
        request = parent_context.get("request")
        context["url"] = (
            admin_url("attendees", fullness.workshop_id)
            if fullness and request and services.is_coordinator(request.user)
            else ""
        )
        return context


class WorkshopExplorerView(ExplorableIndexView):
    """The explorer listing of a workshop index: adds seats taken / capacity."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_fullness(context["object_list"])
        return context


def attach_fullness(pages) -> None:
    """Set ``fullness`` on each workshop page listed, in three queries in all."""
    pages = [page for page in pages if isinstance(page, WorkshopPage)]
    figures = fullness_by_translation_key(page.translation_key for page in pages)
    for page in pages:
        page.fullness = figures.get(page.translation_key)


# -- dashboard -------------------------------------------------------------


class UpcomingWorkshopsPanel(DashboardPanel):
    """Dashboard panel: the next workshops and how full each one is."""

    name = "upcoming_workshops"
    template_name = "workshops/admin/upcoming_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        now = timezone.now()
        workshops = list(
            Workshop.objects.filter(is_live=True, ends_at__gt=now).order_by(
                "starts_at", "id"
            )[:UPCOMING_ON_DASHBOARD]
        )
        figures = fullness_by_workshop(workshops)
        rows = [
            {
                "workshop": workshop,
                "starts": local_time(workshop.starts_at, workshop.tz),
                "fullness": figures[workshop.pk],
                "url": admin_url("attendees", workshop.pk),
            }
            for workshop in workshops
        ]
        return {"rows": rows, "bookings_url": admin_url("bookings")}

    def is_shown_to(self, user) -> bool:
        return services.is_coordinator(user)


# -- publishing a change that emails the people booked ---------------------


def confirm_publish_url(page: WorkshopPage, revision) -> str:
    return admin_url("confirm_publish", page.pk, revision.pk)


class ConfirmPublishView(WagtailAdminTemplateMixin, TemplateView):
    """GET: "Publishing this will email 12 people"; POST: publish that draft.

    The edit view saved the draft (``before_publish_page`` sent the editor
    here), so nothing is lost and nobody is emailed until this is confirmed.
    Only a user who may publish the page can confirm; a draft that is no
    longer the latest is refused.
    """

    template_name = "workshops/admin/confirm_publish.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(WorkshopPage, pk=kwargs["page_id"])
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        self.revision = get_object_or_404(self.page.revisions, pk=kwargs["revision_id"])
        if self.revision.pk != self.page.latest_revision_id:
            messages.error(
                request,
                gettext(
                    "This draft is no longer the latest version of the page: "
                    "check the page and publish it again."
                ),
            )
            return HttpResponseRedirect(self.edit_url())
        self.draft = self.revision.as_object()
        self.emails = services.people_to_email_on_publish(self.draft)
        return super().dispatch(request, *args, **kwargs)

    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def get_page_title(self):
        return gettext("Publish and email the people booked?")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "draft": self.draft,
                "emails": self.emails,
                "cancelling": self.draft.is_cancelled and not self.page.is_cancelled,
                "starts": local_time(self.draft.starts_at, self.draft.tz),
                "action_url": confirm_publish_url(self.page, self.revision),
                "edit_url": self.edit_url(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm_notify") != "1":
            return HttpResponseRedirect(confirm_publish_url(self.page, self.revision))
        PublishPageRevisionAction(
            self.revision,
            user=request.user,
            changed=True,
            previous_revision=self.page.live_revision,
        ).execute()
        messages.success(
            request,
            ngettext(
                "Page “%(title)s” published; %(count)s person will be emailed.",
                "Page “%(title)s” published; %(count)s people will be emailed.",
                self.emails,
            )
            % {"title": self.draft.get_admin_display_title(), "count": self.emails},
        )
        return HttpResponseRedirect(
            reverse("wagtailadmin_explore", args=[self.page.get_parent().pk])
        )
