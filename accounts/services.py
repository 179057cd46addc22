"""A person's own data: their bookings listed, exported, and the account deleted.

Bookings are changed only through ``workshops.services``; this module reads
them, and on deletion cancels the future ones there before removing the
person's name from what is kept for attendance figures.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts import outbox
from home import questions
from home.i18n import localize, localize_one, localized_url
from home.pages import visible
from mailinglist import services as mailing_list
from referrals import services as referrals
from workshops import certificates
from workshops import services as workshop_services
from workshops.models import Booking, Workshop, WorkshopIndexPage, WorkshopPage

PROFILE_FIELDS = (
    "email",
    "full_name",
    "first_name",
    "last_name",
    "organisation",
    "job_role",
    "country",
    "preferred_language",
    "date_joined",
    "last_login",
)


@dataclass(frozen=True)
class BookingRow:
    """One booking as "My bookings" shows it: times are the venue's local times."""

    booking: Booking
    title: str
    url: str
    starts: datetime
    ends: datetime
    time_zone: str
    city: str
    position: int | None
    # Past bookings: the people checked in, who get a certificate.
    certificate_holders: tuple[certificates.Holder, ...] = ()

    @property
    def same_day(self) -> bool:
        return self.starts.date() == self.ends.date()

    @property
    def workshop(self) -> Workshop:
        return self.booking.workshop

    @property
    def can_cancel(self) -> bool:
        """Whether a Cancel button makes sense (the service has the last word)."""
        return (
            self.booking.is_active
            and not self.workshop.is_cancelled
            and self.workshop.cancellation_open()
        )

    @property
    def can_change(self) -> bool:
        """Whether a Change link makes sense: while registration is open."""
        return self.booking.is_active and workshop_services.change_open(self.workshop)

    @property
    def attendee_names(self) -> list[str]:
        return [name for name in self.booking.attendee_names or [] if name]


@dataclass(frozen=True)
class BookingsOverview:
    upcoming: list[BookingRow]
    cancelled: list[BookingRow]
    past: list[BookingRow]


def live_pages(
    workshops: list[Workshop], language: str | None
) -> dict[Any, WorkshopPage]:
    """Each workshop's live page in ``language``, else the default language's,
    else any: the person booked it in whatever language it exists (one query)."""
    keys = {w.translation_key for w in workshops}
    if not keys:
        return {}
    pages = WorkshopPage.objects.live().filter(translation_key__in=keys)
    return {
        page.translation_key: page
        for page in localize(pages, language, or_any=True).select_related("locale")
    }


def account_for_phone_booking(
    email: str, *, full_name: str, organisation: str = "", language: str
):
    """The account with ``email`` (any case), or a new one for a booking taken
    by phone: no password and the address not verified, so the person sets a
    password through "forgot my password" (which proves the address).

    An existing account keeps its name and details. Safe under a race with a
    sign-up or another coordinator: the unique address decides.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(
        email=email,
        full_name=full_name,
        organisation=organisation,
        preferred_language=language,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Created meanwhile by a sign-up or another coordinator.
        return User.objects.get(email__iexact=email)
    return user


def workshops_url(request=None) -> str:
    """The workshop listing's address in the active language ("" when none)."""
    index = localize_one(visible(WorkshopIndexPage.objects.all()))
    return localized_url(index, request) if index else ""


def bookings_of(user) -> models.QuerySet[Booking]:
    """The user's bookings with their workshop and waiting-list position (one query)."""
    return (
        Booking.objects.filter(user=user)
        .select_related("workshop", "user")
        .with_waiting_position()
        .order_by("workshop__starts_at", "id")
    )


def _row(
    booking: Booking,
    page: WorkshopPage | None,
    request=None,
    holders: list[certificates.Holder] = (),
) -> BookingRow:
    workshop = booking.workshop
    tz = workshop.tz
    return BookingRow(
        booking=booking,
        title=page.title if page else workshop.title,
        url=localized_url(page, request) if page else "",
        starts=workshop.starts_at.astimezone(tz),
        ends=workshop.ends_at.astimezone(tz),
        time_zone=tz.key,
        city=workshop.city,
        position=booking.waiting_position,
        certificate_holders=tuple(holders),
    )


def booking_row(booking: Booking, language: str | None, request=None) -> BookingRow:
    """One booking (from ``bookings_of``) as "My bookings" shows it."""
    pages = live_pages([booking.workshop], language)
    return _row(booking, pages.get(booking.workshop.translation_key), request)


def bookings_overview(user, language: str | None, request=None) -> BookingsOverview:
    """The user's bookings split into upcoming, cancelled (upcoming) and past.

    Past bookings list the people checked in, who get a certificate. A fixed
    number of queries whatever the number of bookings.
    """
    bookings = list(bookings_of(user))
    pages = live_pages([b.workshop for b in bookings], language)
    now = timezone.now()
    ended = [b for b in bookings if b.workshop.ends_at <= now and b.attended_seats]
    holders = certificates.holders(ended, now) if ended else {}
    upcoming, cancelled, past = [], [], []
    for booking in bookings:
        row = _row(
            booking,
            pages.get(booking.workshop.translation_key),
            request,
            holders.get(booking.pk, ()),
        )
        if booking.workshop.ends_at <= now:
            past.append(row)
        elif booking.is_active:
            upcoming.append(row)
        else:
            cancelled.append(row)
    past.reverse()  # most recent first
    return BookingsOverview(upcoming=upcoming, cancelled=cancelled, past=past)


def _iso(value: datetime | None, tz: zoneinfo.ZoneInfo | None = None) -> str | None:
    if value is None:
        return None
    return value.astimezone(tz).isoformat() if tz else value.isoformat()


def proven_addresses(user) -> list[str]:
    """The addresses ``user`` has verified: what their export and deletion
    reach beyond the account (newsletter, questions). An address merely
    typed into the account proves nothing, and must not give anyone else's
    subscription or questions away."""
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )


def export_data(user) -> dict[str, Any]:
    """Everything the site holds about ``user``, as JSON-ready data: the
    account, its bookings and attendance certificates, and the newsletter subscriptions and questions
    of its verified addresses.

    Workshop times are given in the venue's time zone; other times in UTC.
    """
    profile = {}
    for name in PROFILE_FIELDS:
        value = getattr(user, name)
        profile[name] = _iso(value) if isinstance(value, datetime) else value
    emails = [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]
    bookings = []
    for booking in bookings_of(user):
        workshop = booking.workshop
        tz = workshop.tz
        bookings.append(
            {
                "workshop": workshop.title,
                "starts_at": _iso(workshop.starts_at, tz),
                "ends_at": _iso(workshop.ends_at, tz),
                "time_zone": tz.key,
                "city": workshop.city,
                "workshop_cancelled_by_organiser": workshop.is_cancelled,
                "seats": booking.seats,
                "attendee_names": list(booking.attendee_names or []),
                "status": booking.status,
                "waiting_list_position": booking.waiting_position,
                "language": booking.language,
                "booked_at": _iso(booking.created_at),
                "confirmed_at": _iso(booking.confirmed_at),
                "cancelled_at": _iso(booking.cancelled_at),
                "people_checked_in": booking.attended_seats,
                "checked_in_at": _iso(booking.checked_in_at),
            }
        )
    return {
        "exported_at": _iso(timezone.now()),
        "profile": profile,
        "email_addresses": emails,
        "bookings": bookings,
        "certificates": certificates.export_certificates(user),
        "newsletter_subscriptions": mailing_list.export_subscriptions(
            proven_addresses(user)
        ),
        "questions_sent": questions.export_submissions(proven_addresses(user)),
        "referrals": referrals.export_referrals(user, proven_addresses(user)),
    }


def release_bookings(user) -> int:
    """Cancel the user's bookings of workshops not yet started (freeing seats and
    promoting waiting people), then blank the names on every booking of theirs.

    Returns how many bookings were cancelled. Safe to call twice.
    """
    with transaction.atomic():
        cancelled = workshop_services.cancel_future_bookings(user)
        # What stays (past bookings, for attendance figures) loses the names.
        workshop_services.forget_attendee_names(user)
    return cancelled


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` ``months`` calendar months earlier (the last day of the
    month when that month is shorter: 31 March less one month is 28 or 29
    February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass(frozen=True)
class Purged:
    bookings_anonymised: int
    questions_deleted: int
    subscription_requests_deleted: int
    referrals_deleted: int


def purge_personal_data(
    *,
    booking_months: int,
    question_months: int,
    referral_months: int,
    now: datetime | None = None,
) -> Purged:
    """What retention removes (``manage.py purge_personal_data``): who booked
    the workshops that ended ``booking_months`` ago, the questions older than
    ``question_months``, the newsletter requests never confirmed, and the
    referrals never agreed to or unchanged for ``referral_months``."""
    now = now or timezone.now()
    with transaction.atomic():
        return Purged(
            bookings_anonymised=workshop_services.anonymise_bookings_ended_before(
                months_before(now, booking_months)
            ),
            questions_deleted=questions.delete_submissions_before(
                months_before(now, question_months)
            ),
            subscription_requests_deleted=mailing_list.purge_unconfirmed(),
            referrals_deleted=referrals.purge(
                unchanged_before=months_before(now, referral_months), now=now
            ),
        )


def delete_account(user) -> None:
    """Delete ``user``: future bookings cancelled, past ones kept without names
    (their attendance certificates revoked, without names); the referrals
    about them withdrawn, those they made kept without their name;
    the newsletter subscriptions of their verified addresses ended as leaving
    does (a suppression hash kept); the questions they sent deleted.

    Past bookings keep their seats and check-ins with no user attached
    (``Booking.user`` is ``SET_NULL``), so attendance figures survive.
    """
    with transaction.atomic():
        release_bookings(user)
        user._bookings_released = True
        addresses = proven_addresses(user)
        mailing_list.forget_subscriptions(addresses)
        # Referrals about them are withdrawn; those they made lose their name.
        referrals.forget_person(addresses)
        referrals.forget_referrer(user)
        questions.submissions_from(addresses).delete()
        # Emails still waiting for the mail server (a password reset...).
        outbox.forget(
            [
                user.email,
                *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
            ]
        )
        user.delete()
