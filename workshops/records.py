"""The booking records behind workshop pages: ``Workshop``, ``Booking``, ``Notification``.

The lower layer of the workshops app: it knows no page, view or service. A
workshop is one ``WorkshopPage`` per language (``models.py``), all sharing a
``translation_key``; everything about seats lives on ``Workshop``, one row per
``translation_key``, which ``services.py`` locks before counting or changing
bookings. Page fields are copied onto it when a page is published, so a
publish never overwrites a counter. The figures every screen shows (seats
taken, the waiting list) are defined once, on ``BookingQuerySet``.
"""

import json
import zoneinfo
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_CAPACITY = 10_000
MAX_SEATS_PER_BOOKING = 100


# Where a venue's time zone name is no longer in the tz database.
FALLBACK_TIME_ZONE = "UTC"


def venue_time_zone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone called ``name`` (Europe/Madrid...), else UTC.

    Names are checked when a page is saved; one can only disappear if a later
    tz database drops it. Times then stay right, labelled UTC: show
    ``.key``, the name of the zone actually used.
    """
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(FALLBACK_TIME_ZONE)


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA time zone name (Europe/Madrid...), sorted."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Audience(models.TextChoices):
    PROFESSIONALS = "professionals", _("Professionals")
    RETURNEES = "returnees", _("People thinking of returning")
    EVERYONE = "everyone", _("Everyone")

    @classmethod
    def matching(cls, audience: str) -> list[str]:
        """Audiences a filter for ``audience`` shows: its own and "everyone"."""
        return sorted({audience, cls.EVERYONE.value})


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Workshop(models.Model):
    """The bookable side of a workshop: one row per ``translation_key``.

    ``services`` locks this row (``select_for_update``) before counting or
    changing bookings, so confirmed seats never exceed ``capacity``. Its
    fields are copied from the page when a translation in the default
    language (or the only one) is published; ``sequence`` grows whenever the
    time or the place changes, or the workshop is cancelled.
    """

    translation_key = models.UUIDField(_("translation key"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity"))
    max_seats_per_booking = models.PositiveSmallIntegerField(
        _("maximum seats per booking"), default=1
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    city = models.CharField(_("city"), max_length=100, db_index=True)
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    is_live = models.BooleanField(_("published"), default=True)
    is_cancelled = models.BooleanField(_("cancelled by the organiser"), default=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    schedule_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop booking record")
        verbose_name_plural = _("workshop booking records")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The venue's time zone (``venue_time_zone``)."""
        return venue_time_zone(self.time_zone)

    @property
    def uid(self) -> str:
        """The calendar UID: stable across languages and edits."""
        return f"workshop-{self.translation_key}@oss-portal"

    def pages(self):
        """Live pages of this workshop, one per language.

        The page model is looked up in the app registry, as a foreign key
        names its model: records sit below the pages and import none.
        """
        page_model = apps.get_model("workshops", "WorkshopPage")
        return page_model.objects.live().filter(translation_key=self.translation_key)

    def confirmed_seats(self) -> int:
        return self.bookings.figures().confirmed

    def seats_left(self) -> int:
        return self.bookings.figures().seats_left(self.capacity)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def registration_closes(self):
        """When registration closes: its closing time, else the start."""
        return self.registration_closes_at or self.starts_at

    def cancellation_open(self, now=None) -> bool:
        """Whether bookings can still be cancelled: until the workshop starts."""
        return (now or timezone.now()) < self.starts_at


@dataclass(frozen=True)
class SeatFigures:
    """The seat figures of a workshop, as ``BookingQuerySet`` defines them."""

    confirmed: int = 0  # seats of confirmed bookings
    waiting: int = 0  # bookings on the waiting list
    attended: int = 0  # people checked in on confirmed bookings

    def seats_left(self, capacity: int) -> int:
        """Seats that can still be confirmed (0 when full or over capacity)."""
        return max(capacity - self.confirmed, 0)


class Unaccent(Func):
    """PostgreSQL's ``unaccent()`` (the extension search/migrations/0001 installs)."""

    function = "UNACCENT"
    output_field = TextField()


# What a coordinator's search looks in: the booker's name and email, attendee names.
BOOKING_SEARCH_FIELDS = ("user__full_name", "user__email", "attendee_names")
NAMES_FIELD = BOOKING_SEARCH_FIELDS.index("attendee_names")


class BookingQuerySet(models.QuerySet):
    """The booking figures every screen shows, each defined here only.

    Listings, the booking rules, the admin and "My bookings" all read seats
    taken, the waiting list and a booking's place on it through these
    methods, so no two screens can disagree.
    """

    def active(self) -> "BookingQuerySet":
        """Bookings that are not cancelled (confirmed or waiting)."""
        return self.filter(active_q())

    def figures(self) -> SeatFigures:
        """The figures over every booking of the queryset (one query)."""
        return SeatFigures(**self.order_by().aggregate(**figure_expressions()))

    def figures_by_workshop(self) -> dict[int, SeatFigures]:
        """The figures per workshop id (one query, whatever the number of workshops)."""
        rows = self.order_by().values("workshop_id").annotate(**figure_expressions())
        return {row.pop("workshop_id"): SeatFigures(**row) for row in rows.iterator()}

    def matching(self, query: str) -> "BookingQuerySet":
        """Bookings where every word of ``query`` is in the booker's name or
        email or an attendee's name: any case, and on PostgreSQL any accents
        ("jose" finds "José"); elsewhere ``icontains``. An empty query
        matches all."""
        words = query.split()
        if not words:
            return self
        texts = {
            f"search_{i}": Cast(F(field), TextField())
            for i, field in enumerate(BOOKING_SEARCH_FIELDS)
        }
        if connections[self.db].vendor != "postgresql":
            bookings = self.alias(**texts)
            for word in words:
                # JSON text keeps non-ASCII letters escaped ("Mu\u00f1oz").
                escaped = json.dumps(word)[1:-1]
                bookings = bookings.filter(
                    reduce(or_, (Q(**{f"{k}__icontains": word}) for k in texts))
                    | Q(**{f"search_{NAMES_FIELD}__icontains": escaped})
                )
            return bookings
        bookings = self.alias(**{k: Unaccent(Lower(v)) for k, v in texts.items()})
        for word in words:
            folded = Unaccent(Lower(Value(word, output_field=TextField())))
            bookings = bookings.filter(
                reduce(or_, (Q(**{f"{k}__contains": folded}) for k in texts))
            )
        return bookings

    def with_waiting_position(self) -> "BookingQuerySet":
        """Annotate ``waiting_position``: 1 for the first on the waiting list, 2
        for the next... (first come, first served: ``id`` order); None for
        bookings not waiting. One subquery, in the same query."""
        waiting = Booking.Status.WAITLISTED
        ahead = (
            Booking.objects.filter(
                workshop_id=OuterRef("workshop_id"),
                status=waiting,
                id__lte=OuterRef("id"),
            )
            .order_by()
            .values("workshop_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        return self.annotate(
            waiting_position=Case(
                When(status=waiting, then=Subquery(ahead[:1])),
                default=None,
                output_field=models.IntegerField(),
            )
        )


def active_q() -> Q:
    """What makes a booking active: not cancelled."""
    return ~Q(status=Booking.Status.CANCELLED)


def figure_expressions() -> dict:
    """The booking figures as aggregate expressions over a workshop's bookings."""
    status = Booking.Status
    confirmed = Q(status=status.CONFIRMED)
    return {
        "confirmed": Coalesce(Sum("seats", filter=confirmed), 0),
        "waiting": Count("pk", filter=Q(status=status.WAITLISTED)),
        "attended": Coalesce(Sum("attended_seats", filter=confirmed), 0),
    }


class Booking(models.Model):
    """Seats on a workshop for one user; changed only through ``services``.

    At most one booking that is not cancelled per (workshop, user), enforced
    by a partial unique constraint. Waiting bookings are served in ``id``
    order (first come, first served).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("booking status", "Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        PHONE = "phone", _("Phone or email, entered by a coordinator")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    attendee_names = models.JSONField(_("attendee names"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.CONFIRMED
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source, default=Source.WEB
    )
    # Who came, per seat: written only by ``services.check_in``. The seat
    # numbers (0-based, in ``attendee_names`` order) name the people checked
    # in; their count is what every attendance figure sums.
    checked_in_seats = models.JSONField(_("seats checked in"), default=list, blank=True)
    attended_seats = models.PositiveSmallIntegerField(_("people checked in"), default=0)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, default="en", help_text=_("For emails.")
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["workshop__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=~Q(status="cancelled"),
                name="workshops_one_active_booking_per_user",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="workshops_booking_seats_positive"
            ),
            models.CheckConstraint(
                condition=Q(attended_seats__lte=F("seats")),
                name="workshops_booking_attended_within_seats",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status", "id"])]
        permissions = [
            ("view_personal_data", _("Can see who booked workshops")),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} – {self.user or _('deleted user')} ({self.seats})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def waitlist_position(self) -> int | None:
        """1-based position on the waiting list, or None when not waiting.

        Read from ``waiting_position`` when the booking was loaded with
        ``with_waiting_position()``, else in one query.
        """
        if self.status != self.Status.WAITLISTED:
            return None
        if getattr(self, "waiting_position", None) is not None:
            return self.waiting_position
        return (
            Booking.objects.filter(pk=self.pk)
            .with_waiting_position()
            .values_list("waiting_position", flat=True)
            .first()
        )


class Notification(models.Model):
    """An email owed to a booking: created in the transaction that changes the
    booking, sent once by ``tasks.deliver_notification``.

    The unique (booking, kind, key) makes every message exist once however
    often a change is retried; ``sent_at`` is set under a row lock, so two
    workers never send the same one.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Booking confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PROMOTED = "promoted", _("Moved from the waiting list")
        CANCELLED = "cancelled", _("Booking cancelled")
        BOOKING_CHANGED = "booking_changed", _("Booking changed")
        CHANGED = "changed", _("Workshop changed")
        WORKSHOP_CANCELLED = "workshop_cancelled", _("Workshop cancelled")
        REMINDER = "reminder", _("Reminder")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("booking email")
        verbose_name_plural = _("booking emails")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "key"], name="workshops_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.booking_id}"


# Certificate codes: no 0/O or 1/I/L, so a code read aloud or typed is unambiguous.
CERTIFICATE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CERTIFICATE_CODE_LENGTH = 10


class Certificate(models.Model):
    """An attendance certificate for one person (one seat) of a booking.

    Issued only through ``certificates.issue_certificate``: at most one per
    (booking, seat), whatever the number of requests (unique constraint).
    ``name`` is the name as issued; it is blanked when the person's account
    is deleted or the booking's retention period ends, after which the
    verification page no longer confirms it. ``code`` is public (printed on
    the PDF), unguessable and unique.
    """

    booking = models.ForeignKey(
        Booking,
        verbose_name=_("booking"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    seat = models.PositiveSmallIntegerField(_("seat number"))
    name = models.CharField(_("name as issued"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    code = models.CharField(
        _("verification code"), max_length=CERTIFICATE_CODE_LENGTH, unique=True
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        ordering = ["booking_id", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "seat"], name="workshops_one_certificate_per_seat"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_valid(self) -> bool:
        """What the verification page confirms: not revoked, and a name kept."""
        return not self.is_revoked and bool(self.name)
