"""The booking rules: the only code that creates or changes a ``Booking``.

Views, the Wagtail admin and management commands call these functions. Each
change runs in one transaction holding a row lock on the workshop's
``Workshop`` record, so confirmed seats never exceed its capacity however many
requests arrive at once. Emails are recorded as ``Notification`` rows in the
same transaction and sent by a task once it commits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .records import (
    Booking,
    Certificate,
    Notification,
    SeatFigures,
    Workshop,
    active_q,
    figure_expressions,
)
from .tasks import deliver_notification

if TYPE_CHECKING:
    from .models import WorkshopPage

MAX_NAME_LENGTH = 200
REMINDER_LEAD = timedelta(hours=24)
# How long a booking waits for another one's lock on the workshop record.
LOCK_TIMEOUT = timedelta(seconds=3)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout


class BookingError(Exception):
    """A refusal with a message that can be shown to the person booking."""

    message = _("This booking could not be made.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class WorkshopNotAvailable(BookingError):
    message = _("This workshop is not open for booking.")


class WorkshopCancelled(BookingError):
    message = _("This workshop has been cancelled by the organiser.")


class RegistrationNotOpen(BookingError):
    message = _("Registration for this workshop has not opened yet.")


class RegistrationClosed(BookingError):
    message = _("Registration for this workshop has closed.")


class NotVerified(BookingError):
    message = _("Please confirm your email address before booking a seat.")


class InvalidSeats(BookingError):
    message = _("Please ask for at least one seat.")


class TooManySeats(BookingError):
    message = _("You can book at most %(max)s seats on this workshop.")

    def __init__(self, maximum: int):
        super().__init__(
            ngettext_lazy(
                "You can book at most %(max)s seat on this workshop.",
                "You can book at most %(max)s seats on this workshop.",
                "max",
            )
            % {"max": maximum}
        )


class NotEnoughSeats(BookingError):
    """Some seats are free, but fewer than asked: the person chooses between
    booking those or waiting for all (``book_seats(wait_when_short=True)``)."""

    def __init__(self, left: int, asked: int):
        self.left = left
        self.asked = asked
        super().__init__(
            ngettext_lazy(
                "Only %(left)s seat is left: book %(left)s, or join the waiting "
                "list for %(asked)s.",
                "Only %(left)s seats are left: book %(left)s, or join the waiting "
                "list for %(asked)s.",
                "left",
            )
            % {"left": left, "asked": asked}
        )


class SeatsNotFree(BookingError):
    """A confirmed booking asks for more seats than are free for it."""

    def __init__(self, available: int):
        self.available = available
        super().__init__(
            ngettext_lazy(
                "Only %(available)s seat is free for your booking: ask for "
                "%(available)s at most, or keep your booking as it is.",
                "Only %(available)s seats are free for your booking: ask for "
                "%(available)s at most, or keep your booking as it is.",
                "available",
            )
            % {"available": available}
        )


class AttendeeNamesMismatch(BookingError):
    message = _("Please give the name of each person attending, one per seat.")


class AlreadyBooked(BookingError):
    message = _(
        "You already have a booking for this workshop. Cancel it first to "
        "book a different number of seats."
    )


class AlreadyCancelled(BookingError):
    message = _("This booking is already cancelled.")


class CancellationClosed(BookingError):
    message = _(
        "This workshop has already started; the booking can no longer be cancelled."
    )


class NotAllowed(BookingError):
    message = _("You cannot change this booking.")


class NotConfirmed(BookingError):
    message = _("Only confirmed bookings can be checked in.")


class UnknownAttendee(BookingError):
    message = _("Choose among the people on this booking.")


class WorkshopBusy(BookingError):
    message = _(
        "Many people are booking this workshop right now. Please try again in "
        "a few seconds."
    )


# -- reading ---------------------------------------------------------------


def is_coordinator(user) -> bool:
    """Whether ``user`` may see and change other people's bookings."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("workshops.view_personal_data")
    )


def workshop_record(workshop: Workshop | WorkshopPage) -> Workshop:
    """The ``Workshop`` record of a page (any translation) or the record itself.

    :raises WorkshopNotAvailable: when the page was never published.
    """
    if isinstance(workshop, Workshop):
        return workshop
    record = Workshop.objects.filter(translation_key=workshop.translation_key).first()
    if record is None:
        raise WorkshopNotAvailable()
    return record


def seats_left(workshop: Workshop | WorkshopPage) -> int:
    """Seats that can still be confirmed (0 when full or over capacity)."""
    try:
        return workshop_record(workshop).seats_left()
    except WorkshopNotAvailable:
        return 0


def seat_figures(workshop_ids: Iterable[int]) -> dict[int, SeatFigures]:
    """Seat figures per workshop record id, in one query (for listings)."""
    ids = list(workshop_ids)
    figures = Booking.objects.filter(workshop_id__in=ids).figures_by_workshop()
    return {pk: figures.get(pk, SeatFigures()) for pk in ids}


def active_booking(workshop: Workshop | WorkshopPage, user) -> Booking | None:
    """The user's booking that is not cancelled, if any, with its waiting position."""
    if not user or not user.is_authenticated:
        return None
    try:
        record = workshop_record(workshop)
    except WorkshopNotAvailable:
        return None
    return (
        Booking.objects.filter(workshop=record, user=user)
        .active()
        .with_waiting_position()
        .first()
    )


def verified_addresses(user_id, email: str) -> QuerySet[EmailAddress]:
    """The user's address ``email``, when they confirmed it through allauth."""
    return EmailAddress.objects.filter(
        user_id=user_id, email__iexact=email, verified=True
    )


def has_verified_email(user) -> bool:
    """Whether the user confirmed their address through allauth."""
    return verified_addresses(user.pk, user.email).exists()


# -- changing --------------------------------------------------------------


def _lock(workshop: Workshop | WorkshopPage | int, *, give_up: bool = True) -> Workshop:
    """Lock and return the record of a workshop (a page in any language, the
    record or its id) in one query; only inside a transaction.

    With ``give_up`` (a person booking or cancelling), waiting for another
    transaction's lock stops after ``LOCK_TIMEOUT`` on PostgreSQL, as pretix
    does: the person gets "try again" rather than a request that hangs. The
    timeout is set only when the booking's transaction is the outermost one:
    ``SET LOCAL`` lasts until the top-level transaction ends, and a caller's
    own transaction (account deletion, a phone booking, publishing) must keep
    its own waiting rules.

    :raises WorkshopNotAvailable: when the page was never published.
    :raises WorkshopBusy: when the lock was not free in time.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Workshop records are locked only inside a transaction.")
    if isinstance(workshop, int):
        records = Workshop.objects.filter(pk=workshop)
    elif isinstance(workshop, Workshop):
        records = Workshop.objects.filter(pk=workshop.pk)
    else:
        records = Workshop.objects.filter(translation_key=workshop.translation_key)
    give_up = give_up and connection.vendor == "postgresql"
    give_up = give_up and not connection.savepoint_ids  # our transaction is the top
    if give_up:
        with connection.cursor() as cursor:
            # LOCAL: the setting ends with this transaction.
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)",
                [f"{int(LOCK_TIMEOUT.total_seconds() * 1000)}ms"],
            )
    try:
        return records.select_for_update().get()
    except Workshop.DoesNotExist:
        raise WorkshopNotAvailable() from None
    except OperationalError as error:
        if give_up and getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise WorkshopBusy() from error
        raise


def _clean_names(seats: int, attendee_names: Sequence[str], user) -> list[str]:
    names = [
        " ".join(str(name).split())[:MAX_NAME_LENGTH]
        for name in attendee_names
        if name is not None
    ]
    names = [name for name in names if name]
    if seats == 1 and not names:
        fallback = user.get_full_name() if user else ""
        return [fallback] if fallback else []
    if len(names) != seats:
        raise AttendeeNamesMismatch()
    return names


def _notify(
    booking: Booking, kind: str, key: str = "", *, new_booking: bool = False
) -> Notification | None:
    """Record an email owed to ``booking`` and send it once the transaction commits.

    ``new_booking``: the booking was created in this transaction, so it owes
    nothing yet (one INSERT instead of a SELECT and a guarded INSERT).
    """
    if new_booking:
        notification = Notification.objects.create(booking=booking, kind=kind, key=key)
        created = True
    else:
        notification, created = Notification.objects.get_or_create(
            booking=booking, kind=kind, key=key
        )
    if created:
        transaction.on_commit(lambda: _enqueue(notification.pk))
        return notification
    return None


def _enqueue(notification_id: int) -> None:
    deliver_notification.enqueue(notification_id)


def check_open(record: Workshop, now: datetime) -> None:
    """Raise the reason ``record`` cannot be booked at ``now``, if any.

    :raises BookingError: WorkshopNotAvailable, WorkshopCancelled,
        RegistrationNotOpen or RegistrationClosed.
    """
    if not record.is_live:
        raise WorkshopNotAvailable()
    if record.is_cancelled:
        raise WorkshopCancelled()
    if record.registration_opens_at and now < record.registration_opens_at:
        raise RegistrationNotOpen()
    if now >= record.registration_closes or now >= record.starts_at:
        raise RegistrationClosed()


def booking_refusal(
    record: Workshop, now: datetime | None = None
) -> BookingError | None:
    """Why ``record`` cannot be booked now (``check_open``), or None when it can.

    The coordinator tools offer a phone booking only when this is None.
    """
    try:
        check_open(record, now or timezone.now())
    except BookingError as error:
        return error
    return None


def book_seats(
    workshop: Workshop | WorkshopPage,
    user,
    seats: int = 1,
    attendee_names: Sequence[str] = (),
    *,
    by=None,
    language: str | None = None,
    source: str = Booking.Source.WEB,
    wait_when_short: bool = True,
) -> Booking:
    """Book ``seats`` for ``user``: confirmed if they fit, else on the waiting list.

    ``by`` is who acts (the user, or a coordinator entering a phone booking;
    a coordinator vouches for the address, so it need not be verified yet).
    Several seats need one attendee name each. A booking that does not fit
    waits whole: seats are never split between confirmed and waiting.
    ``wait_when_short=False`` (the website, until the visitor chooses the
    waiting list): when some seats are free but fewer than asked, refuse with
    ``NotEnoughSeats`` rather than wait, so that the person chooses; a full
    workshop still puts the booking on the waiting list.

    :raises BookingError: WorkshopNotAvailable, WorkshopCancelled,
        RegistrationNotOpen, RegistrationClosed, NotVerified, InvalidSeats,
        TooManySeats, AttendeeNamesMismatch, AlreadyBooked or NotEnoughSeats.
    """
    by = by or user
    if not user or not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Please log in to book a seat."))
    if by != user and not is_coordinator(by):
        raise NotAllowed()
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise InvalidSeats()

    with transaction.atomic():
        record = _lock(workshop)
        counts = _counts_for_booking(record, user)
        # Checked in the order a person fixes them: seats, names, address, dates.
        if seats > record.max_seats_per_booking:
            raise TooManySeats(record.max_seats_per_booking)
        names = _clean_names(seats, attendee_names, user)
        if by == user and not counts.verified:
            raise NotVerified()
        now = timezone.now()
        check_open(record, now)
        if counts.already_booked:
            raise AlreadyBooked()
        left = max(record.capacity - counts.confirmed, 0)
        fits = seats <= left
        if not fits and left and not wait_when_short:
            raise NotEnoughSeats(left, seats)
        status = Booking.Status.CONFIRMED if fits else Booking.Status.WAITLISTED
        try:
            # No savepoint: on a clash the whole transaction is rolled back.
            booking = Booking.objects.create(
                workshop=record,
                user=user,
                seats=seats,
                attendee_names=names,
                status=status,
                source=source,
                language=language or user.preferred_language,
                created_at=now,
                confirmed_at=now if fits else None,
            )
        except IntegrityError:
            raise AlreadyBooked() from None
        kind = Notification.Kind.CONFIRMED if fits else Notification.Kind.WAITLISTED
        _notify(booking, kind, new_booking=True)
    return booking


class _BookingCounts(NamedTuple):
    confirmed: int  # confirmed seats
    already_booked: bool  # the user holds an active booking
    verified: bool  # the user's address is verified (as ``has_verified_email``)


class _PreparedChecks:
    """What every booking checks, in one statement: the workshop's confirmed
    seats (as ``BookingQuerySet`` defines them), whether the user holds an
    active booking, and whether their address is verified
    (``verified_addresses``).

    The query is built with the ORM from those definitions once per process
    and database, then run with each booking's values: on the busiest path of
    the site the ORM took longer to build it (1.8 ms) than the database took
    to answer it (0.3 ms). Sentinel values mark where each value goes.
    """

    WORKSHOP, USER, EMAIL = -2_000_000_001, -2_000_000_002, "sentinel@example.invalid"

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def _compile(self) -> tuple[str, tuple]:
        of_workshop = Booking.objects.filter(workshop_id=OuterRef("pk")).order_by()

        def per_workshop(expression):
            grouped = of_workshop.values("workshop_id").annotate(value=expression)
            return Coalesce(Subquery(grouped.values("value")[:1]), 0)

        mine = Count("pk", filter=Q(user_id=self.USER) & active_q())
        query = (
            Workshop.objects.filter(pk=self.WORKSHOP)
            .annotate(
                confirmed=per_workshop(figure_expressions()["confirmed"]),
                mine=per_workshop(mine),
                verified=Exists(verified_addresses(self.USER, self.EMAIL)),
            )
            .values_list("confirmed", "mine", "verified")
            .query
        )
        return query.sql_with_params()

    def run(self, record: Workshop, user) -> _BookingCounts:
        connection = transaction.get_connection()
        if connection.vendor not in self._compiled:
            self._compiled[connection.vendor] = self._compile()
        sql, template = self._compiled[connection.vendor]
        email = connection.ops.prep_for_iexact_query(user.email)
        values = {self.WORKSHOP: record.pk, self.USER: user.pk, self.EMAIL: email}
        params = [values.get(value, value) for value in template]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            confirmed, mine, verified = cursor.fetchone()
        return _BookingCounts(confirmed, mine > 0, bool(verified))


_counts_for_booking = _PreparedChecks().run


def _promote_waiting(record: Workshop, now: datetime) -> list[Booking]:
    """Confirm waiting bookings that fit, oldest first; ``record`` must be locked.

    A group too large for the free seats keeps its place while smaller,
    later bookings that fit go ahead.
    """
    if record.is_cancelled or not record.is_live or not record.cancellation_open(now):
        return []
    free = record.capacity - record.confirmed_seats()
    promoted = []
    if free <= 0:
        return promoted
    waiting = Booking.objects.filter(
        workshop=record, status=Booking.Status.WAITLISTED
    ).order_by("id")
    for booking in waiting:
        if booking.seats > free:
            continue
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        _notify(booking, Notification.Kind.PROMOTED)
        promoted.append(booking)
        free -= booking.seats
        if free <= 0:
            break
    return promoted


def cancel_booking(booking: Booking, by, *, give_up: bool = True) -> Booking:
    """Cancel ``booking`` (by its owner or a coordinator) and promote waiting ones.

    ``give_up=False`` waits for the workshop's lock however long other
    bookings hold it (account deletion must not skip a booking).

    :raises NotAllowed: when ``by`` is neither the owner nor a coordinator.
    :raises AlreadyCancelled: when it is cancelled already.
    :raises CancellationClosed: when the workshop has started.
    :raises WorkshopBusy: with ``give_up``, when the lock was not free in time.
    """
    owner = by is not None and by.is_authenticated and booking.user_id == by.pk
    if not owner and not is_coordinator(by):
        raise NotAllowed()
    with transaction.atomic():
        record = _lock(booking.workshop_id, give_up=give_up)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            raise AlreadyCancelled()
        now = timezone.now()
        if not record.cancellation_open(now):
            raise CancellationClosed()
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by if by is not None and by.is_authenticated else None
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        _notify(booking, Notification.Kind.CANCELLED)
        _promote_waiting(record, now)
    return booking


def change_open(record: Workshop, now: datetime | None = None) -> bool:
    """Whether bookings of ``record`` can be changed now: while it can be booked
    (``booking_refusal``; the service has the last word)."""
    return booking_refusal(record, now) is None


def change_booking(
    booking: Booking,
    seats: int,
    attendee_names: Sequence[str] = (),
    *,
    by,
    language: str | None = None,
) -> Booking:
    """Change the seats and attendee names of ``booking`` (by its owner or a
    coordinator), under the workshop's lock and with the rules of ``book_seats``.

    - While registration is open only (``check_open``): afterwards the booking
      can still be cancelled, not changed.
    - A confirmed booking keeps its seats: fewer seats free the rest, which go
      to the waiting list (``_promote_waiting``, with its emails); more seats
      only when enough are free, else ``SeatsNotFree`` and nothing changes. A
      confirmed booking is never moved back to the waiting list.
    - A waiting booking keeps its place in line (bookings wait in ``id``
      order) whatever its new size, and is confirmed at once if it now fits,
      as promotion would confirm it.

    The person is emailed the new details (``BOOKING_CHANGED``), or the
    "a seat is yours" email instead when the change confirmed a waiting
    booking. Nothing changes, and no email goes, when the seats and names are
    the ones the booking has. ``language`` becomes the booking's language for
    emails.

    :raises BookingError: NotAllowed, InvalidSeats, AlreadyCancelled,
        TooManySeats, AttendeeNamesMismatch, WorkshopNotAvailable,
        WorkshopCancelled, RegistrationNotOpen, RegistrationClosed,
        SeatsNotFree or WorkshopBusy.
    """
    owner = by is not None and by.is_authenticated and booking.user_id == by.pk
    if not owner and not is_coordinator(by):
        raise NotAllowed()
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise InvalidSeats()
    with transaction.atomic():
        record = _lock(booking.workshop_id)
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=booking.pk)
        )
        if booking.status == Booking.Status.CANCELLED:
            raise AlreadyCancelled()
        # Checked in the order a person fixes them, as ``book_seats`` does.
        # A maximum lowered since the booking was made allows its own size.
        if seats > max(record.max_seats_per_booking, booking.seats):
            raise TooManySeats(record.max_seats_per_booking)
        names = _clean_names(seats, attendee_names, booking.user)
        now = timezone.now()
        check_open(record, now)
        if (seats, names) == (booking.seats, list(booking.attendee_names or [])):
            return booking
        if booking.status == Booking.Status.CONFIRMED and seats > booking.seats:
            available = record.capacity - record.confirmed_seats() + booking.seats
            if seats > available:
                raise SeatsNotFree(max(available, booking.seats))
        booking.seats = seats
        booking.attendee_names = names
        booking.language = language or booking.language
        # People already checked in keep their seat, if it is still there.
        _record_check_in(
            booking, [n for n in booking.checked_in_seats if n < seats], now
        )
        booking.save(
            update_fields=[
                "seats",
                "attendee_names",
                "language",
                "checked_in_seats",
                "attended_seats",
                "checked_in_at",
            ]
        )
        promoted = _promote_waiting(record, now)
        if booking.pk in {b.pk for b in promoted}:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
        else:
            # One email per change: the key counts this booking's changes.
            changes = Notification.objects.filter(
                booking=booking, kind=Notification.Kind.BOOKING_CHANGED
            ).count()
            _notify(
                booking, Notification.Kind.BOOKING_CHANGED, key=f"change-{changes + 1}"
            )
    return booking


def _record_check_in(booking: Booking, seats: Collection[int], now) -> None:
    """Set who came on ``booking`` (not saved): the seat numbers, their count,
    and when the first of them was checked in."""
    booking.checked_in_seats = sorted(set(seats))
    booking.attended_seats = len(booking.checked_in_seats)
    if not booking.attended_seats:
        booking.checked_in_at = None
    elif booking.checked_in_at is None:
        booking.checked_in_at = now


def check_in(booking: Booking, seats: Collection[int], by) -> Booking:
    """Record which people of a confirmed booking came (coordinators only).

    ``seats`` are seat numbers, 0-based in the order of ``attendee_names``;
    the ones not named are not checked in (an empty collection undoes the
    check-in). Attendance counts people: a booking of three seats with two
    checked in adds two to every attendance figure.

    :raises BookingError: NotAllowed, NotConfirmed or UnknownAttendee.
    """
    if not is_coordinator(by):
        raise NotAllowed()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.CONFIRMED:
            raise NotConfirmed()
        if any(
            isinstance(seat, bool)
            or not isinstance(seat, int)
            or not 0 <= seat < booking.seats
            for seat in seats
        ):
            raise UnknownAttendee()
        _record_check_in(booking, seats, timezone.now())
        booking.save(
            update_fields=["checked_in_seats", "attended_seats", "checked_in_at"]
        )
    return booking


def cancel_future_bookings(user) -> int:
    """Cancel every booking of ``user`` for workshops not yet started (account
    deletion): each waits for its workshop's lock, so none is left active."""
    now = timezone.now()
    count = 0
    bookings = Booking.objects.filter(user=user, workshop__starts_at__gt=now).active()
    for booking in bookings:
        try:
            cancel_booking(booking, by=user, give_up=False)
        except (AlreadyCancelled, CancellationClosed):
            continue  # cancelled meanwhile, or started meanwhile: kept as past
        count += 1
    return count


def forget_attendee_names(user) -> int:
    """Blank the attendee names on every booking of ``user`` (account deletion),
    and revoke the certificates issued on them, blanking the names they carry
    (the verification page then says "revoked" and shows no name).

    The bookings themselves stay, so attendance figures survive anonymously.
    """
    certificates = Certificate.objects.filter(booking__user=user)
    certificates.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    certificates.exclude(name="").update(name="")
    return Booking.objects.filter(user=user).update(attendee_names=[])


def anonymise_bookings_ended_before(cutoff) -> int:
    """Blank who booked the workshops that ended before ``cutoff``: attendee
    names, the booker's account, who cancelled, and the emails' records
    (their errors can quote an address), and the names on their attendance
    certificates (which the verification page then no longer confirms).
    Seats, statuses and check-ins stay, so attendance figures are unchanged.
    Returns how many bookings changed; running it again changes none.
    """
    bookings = Booking.objects.filter(workshop__ends_at__lt=cutoff)
    with transaction.atomic():
        Notification.objects.filter(booking__in=bookings).delete()
        Certificate.objects.filter(booking__in=bookings).exclude(name="").update(
            name=""
        )
        return bookings.filter(
            ~Q(attendee_names=[])
            | Q(user__isnull=False)
            | Q(cancelled_by__isnull=False)
        ).update(attendee_names=[], user=None, cancelled_by=None)


# -- publishing ------------------------------------------------------------


def _source_page(page: WorkshopPage) -> WorkshopPage:
    """The translation whose fields the booking record follows.

    The default language's live page when there is one, else ``page``.
    """
    default = (
        type(page)
        .objects.live()
        .filter(
            translation_key=page.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .first()
    )
    return default or page


class ScheduleChange(NamedTuple):
    """What publishing ``source`` over ``record`` changes that bookers are told."""

    moved: bool  # the time or the place changed
    cancelled_now: bool
    reinstated: bool

    @property
    def notifies(self) -> bool:
        return self.moved or self.cancelled_now or self.reinstated

    @property
    def kind(self) -> str:
        if self.cancelled_now:
            return Notification.Kind.WORKSHOP_CANCELLED
        return Notification.Kind.CHANGED


def _schedule_change(
    record: Workshop, source: WorkshopPage, fingerprint: str
) -> ScheduleChange:
    return ScheduleChange(
        moved=record.schedule_fingerprint != fingerprint,
        cancelled_now=source.is_cancelled and not record.is_cancelled,
        reinstated=record.is_cancelled and not source.is_cancelled,
    )


def people_to_email_on_publish(page: WorkshopPage) -> int:
    """How many bookers publishing ``page`` (as edited, not yet saved live) emails.

    The same decision as ``sync_workshop``: a change of time or place, a
    cancellation or a reinstatement of a workshop that has not ended emails
    every active booking once. 0 on a first publish, or when ``page`` is a
    translation that the booking record does not follow.
    """
    record = Workshop.objects.filter(translation_key=page.translation_key).first()
    if record is None:
        return 0
    in_default = page.locale.language_code == settings.LANGUAGE_CODE
    source = page if in_default else _source_page(page)
    if source is page and page.start_date and page.start_time and page.end_time:
        # As ``clean`` does: the instants of the times being edited.
        page.starts_at, page.ends_at = page.compute_instants()
    if not _schedule_change(record, source, source.schedule_fingerprint()).notifies:
        return 0
    if source.ends_at <= timezone.now():
        return 0
    return Booking.objects.filter(workshop=record).active().count()


def sync_workshop(page: WorkshopPage) -> Workshop:
    """Copy a published workshop's fields to its record (called on publish).

    Creates the record on first publish. When the time or place changed, or
    the organiser cancelled or reinstated it, ``sequence`` grows and everyone
    booked is told; raising capacity promotes waiting bookings.
    """
    source = _source_page(page)
    fields = {
        "title": source.title[:255],
        "capacity": source.capacity,
        "max_seats_per_booking": source.max_seats_per_booking,
        "starts_at": source.starts_at,
        "ends_at": source.ends_at,
        "time_zone": source.time_zone,
        "city": source.city,
        "registration_opens_at": source.registration_opens_at,
        "registration_closes_at": source.registration_closes_at,
        "is_cancelled": source.is_cancelled,
        "is_live": True,
    }
    fingerprint = source.schedule_fingerprint()
    with transaction.atomic():
        record, created = Workshop.objects.get_or_create(
            translation_key=page.translation_key,
            defaults={**fields, "schedule_fingerprint": fingerprint},
        )
        if created:
            return record
        record = _lock(record, give_up=False)
        change = _schedule_change(record, source, fingerprint)
        for name, value in fields.items():
            setattr(record, name, value)
        record.schedule_fingerprint = fingerprint
        if change.notifies:
            record.sequence += 1
        record.save()
        if change.moved:
            # A new time deserves a new reminder.
            Booking.objects.filter(workshop=record).update(reminder_sent_at=None)
        if change.notifies:
            active = Booking.objects.filter(workshop=record).active()
            if not record.is_past:
                for booking in active:
                    _notify(booking, change.kind, key=f"seq-{record.sequence}")
        _promote_waiting(record, timezone.now())
    return record


def withdraw_workshop(page: WorkshopPage) -> None:
    """Stop bookings when no translation of the workshop is live any more."""
    if type(page).objects.live().filter(translation_key=page.translation_key).exists():
        return
    Workshop.objects.filter(translation_key=page.translation_key).update(is_live=False)


# -- reminders -------------------------------------------------------------


def queue_reminders(now: datetime | None = None) -> int:
    """Owe a reminder to each confirmed booking of a workshop starting within a day.

    Safe to run every few minutes from cron, and from two machines at once:
    each booking is claimed by one conditional update, and the notification's
    unique key (the start time) makes a second run a no-op. A workshop moved to
    a new time gets a new reminder.
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        workshop__is_live=True,
        workshop__is_cancelled=False,
        workshop__starts_at__gt=now,
        workshop__starts_at__lte=now + REMINDER_LEAD,
    ).select_related("workshop")
    queued = 0
    for booking in due:
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            if _notify(
                booking,
                Notification.Kind.REMINDER,
                key=booking.workshop.starts_at.isoformat(),
            ):
                queued += 1
    return queued
