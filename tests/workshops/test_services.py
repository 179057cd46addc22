"""The booking rules (``workshops.services``): one behaviour per test.

Pages are created and published through Wagtail (``make_workshop``), so the
booking record is the one the publish signal keeps in step; bookings are made
and changed only through the services.
"""

import datetime as dt
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale

from tests.workshop_fixtures import record_of, republish, shifted, translate
from workshops import services
from workshops.models import Booking, Notification, Workshop, WorkshopPage

pytestmark = pytest.mark.django_db

Status = Booking.Status
Kind = Notification.Kind


# -- helpers -----------------------------------------------------------------


def status_of(booking: Booking) -> str:
    booking.refresh_from_db()
    return booking.status


def notifications(page: WorkshopPage, kind: str):
    """The ``kind`` notifications of this workshop's bookings."""
    return Notification.objects.filter(
        booking__workshop__translation_key=page.translation_key, kind=kind
    )


def kinds_of(booking: Booking) -> list[str]:
    return sorted(
        Notification.objects.filter(booking=booking).values_list("kind", flat=True)
    )


def confirmed_seats(page: WorkshopPage) -> int:
    return record_of(page).confirmed_seats()


def all_error_classes(cls: type = services.BookingError) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_error_classes(subclass)


def make_error(cls: type) -> services.BookingError:
    if cls is services.NotEnoughSeats:
        return cls(2, 3)
    if cls in (services.TooManySeats, services.SeatsNotFree):
        return cls(3)
    return cls()


@pytest.fixture
def spanish() -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code="es")
    return locale


# -- confirmed or waiting ------------------------------------------------------


def test_booking_is_confirmed_while_seats_fit(make_workshop, make_user):
    page = make_workshop(capacity=2)
    services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    assert second.status == Status.CONFIRMED
    assert second.confirmed_at is not None


def test_booking_is_waitlisted_when_full(make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    assert second.status == Status.WAITLISTED
    assert second.confirmed_at is None


def test_group_booking_waits_whole_when_it_does_not_fit(make_workshop, make_user):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user(), seats=2, attendee_names=["A", "B"])
    group = services.book_seats(page, make_user(), seats=2, attendee_names=["C", "D"])
    assert group.status == Status.WAITLISTED
    assert group.seats == 2
    assert confirmed_seats(page) == 2


def test_booking_fills_capacity_exactly(make_workshop, make_user):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user())
    group = services.book_seats(page, make_user(), seats=2, attendee_names=["C", "D"])
    assert group.status == Status.CONFIRMED
    assert services.seats_left(page) == 0


def test_booking_records_a_confirmation_notification(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    assert kinds_of(booking) == [Kind.CONFIRMED]


def test_waitlisted_booking_records_a_waiting_list_notification(
    make_workshop, make_user
):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    waiting = services.book_seats(page, make_user())
    assert kinds_of(waiting) == [Kind.WAITLISTED]


def test_waitlist_position_follows_arrival_order(make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    first = services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    assert (first.waitlist_position(), second.waitlist_position()) == (1, 2)


def test_booking_email_is_sent_only_after_commit(
    make_workshop, booker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booking = services.book_seats(make_workshop(), booker)
    notification = Notification.objects.get(booking=booking)
    assert notification.sent_at is None
    assert len(callbacks) == 1
    callbacks[0]()
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_booking_language_defaults_to_the_users_preference(make_workshop, make_user):
    user = make_user(preferred_language="pt")
    booking = services.book_seats(make_workshop(), user)
    assert booking.language == "pt"


# -- seats and names -------------------------------------------------------------


def test_too_many_seats_are_refused_with_the_maximum_in_the_message(
    make_workshop, booker
):
    page = make_workshop(max_seats_per_booking=2)
    with pytest.raises(services.TooManySeats) as error:
        services.book_seats(page, booker, seats=3, attendee_names=["A", "B", "C"])
    assert "2" in str(error.value.message)
    assert not Booking.objects.filter(user=booker).exists()


def test_huge_seat_count_is_refused_as_too_many(make_workshop, booker):
    with pytest.raises(services.TooManySeats):
        services.book_seats(make_workshop(), booker, seats=10**9)


@pytest.mark.parametrize("seats", [0, -1, True, False, "3", 1.0, None])
def test_invalid_seat_count_is_refused(make_workshop, booker, seats):
    with pytest.raises(services.InvalidSeats):
        services.book_seats(make_workshop(), booker, seats=seats)
    assert not Booking.objects.filter(user=booker).exists()


def test_group_booking_needs_one_name_per_seat(make_workshop, booker):
    with pytest.raises(services.AttendeeNamesMismatch):
        services.book_seats(make_workshop(), booker, seats=3, attendee_names=["A"])
    assert not Booking.objects.filter(user=booker).exists()


def test_blank_attendee_names_do_not_count(make_workshop, booker):
    with pytest.raises(services.AttendeeNamesMismatch):
        services.book_seats(
            make_workshop(), booker, seats=2, attendee_names=["Ana", "   "]
        )


def test_single_seat_refuses_two_names(make_workshop, booker):
    with pytest.raises(services.AttendeeNamesMismatch):
        services.book_seats(make_workshop(), booker, attendee_names=["A", "B"])


def test_attendee_names_are_stripped_and_truncated(make_workshop, booker):
    booking = services.book_seats(
        make_workshop(),
        booker,
        seats=2,
        attendee_names=["  Ana \t  María  ", "x" * 500],
    )
    booking.refresh_from_db()
    assert booking.attendee_names == ["Ana María", "x" * services.MAX_NAME_LENGTH]


def test_single_seat_without_names_takes_the_users_name(make_workshop, make_user):
    user = make_user(full_name="Lucía Pérez")
    booking = services.book_seats(make_workshop(), user)
    assert booking.attendee_names == ["Lucía Pérez"]


# -- who may book ------------------------------------------------------------------


def test_unverified_user_is_refused(make_workshop, make_user):
    user = make_user(verified=False)
    with pytest.raises(services.NotVerified):
        services.book_seats(make_workshop(), user)
    assert not Booking.objects.filter(user=user).exists()


def test_an_address_verified_in_another_case_counts(make_workshop, make_user):
    user = make_user(verified=False)
    EmailAddress.objects.create(user=user, email=user.email.upper(), verified=True)
    booking = services.book_seats(make_workshop(), user)
    assert booking.status == Status.CONFIRMED


def test_only_the_current_address_counts_as_verified(make_workshop, make_user):
    """A verified old address does not stand for an unverified new one."""
    user = make_user(verified=False)
    EmailAddress.objects.create(user=user, email="old@example.org", verified=True)
    other = make_user()  # verified, and holding the same address elsewhere
    EmailAddress.objects.filter(user=other).update(email=user.email)
    with pytest.raises(services.NotVerified):
        services.book_seats(make_workshop(), user)
    assert not Booking.objects.filter(user=user).exists()


def test_coordinator_may_book_for_an_unverified_user(
    make_workshop, make_user, coordinator
):
    user = make_user(verified=False)
    booking = services.book_seats(
        make_workshop(), user, by=coordinator, source=Booking.Source.PHONE
    )
    assert booking.status == Status.CONFIRMED
    assert booking.user == user
    assert booking.source == Booking.Source.PHONE


def test_user_may_not_book_for_someone_else(make_workshop, make_user):
    other = make_user()
    with pytest.raises(services.NotAllowed):
        services.book_seats(make_workshop(), other, by=make_user())
    assert not Booking.objects.filter(user=other).exists()


def test_anonymous_user_is_refused(make_workshop):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.NotAllowed):
        services.book_seats(make_workshop(), AnonymousUser())


def test_inactive_user_is_refused(make_workshop, make_user):
    with pytest.raises(services.NotAllowed):
        services.book_seats(make_workshop(), make_user(is_active=False))


# -- when booking is open ------------------------------------------------------------


def test_booking_is_refused_before_registration_opens(make_workshop, booker):
    page = make_workshop(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(services.RegistrationNotOpen):
        services.book_seats(page, booker)
    assert not Booking.objects.filter(user=booker).exists()


def test_booking_is_accepted_once_registration_opened(make_workshop, booker):
    page = make_workshop(registration_opens_at=timezone.now() - dt.timedelta(days=1))
    assert services.book_seats(page, booker).status == Status.CONFIRMED


def test_booking_is_refused_after_registration_closes(make_workshop, booker):
    page = make_workshop(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(services.RegistrationClosed):
        services.book_seats(page, booker)
    assert not Booking.objects.filter(user=booker).exists()


def test_booking_is_refused_once_the_workshop_started(make_workshop, booker):
    page = make_workshop(starts_in=-dt.timedelta(minutes=10))
    with pytest.raises(services.RegistrationClosed):
        services.book_seats(page, booker)


def test_booking_is_refused_once_started_even_with_a_later_closing_time(
    make_workshop, booker, travel
):
    page = make_workshop(
        starts_in=dt.timedelta(days=1),
        registration_closes_at=timezone.now() + dt.timedelta(days=3),
    )
    travel(dt.timedelta(days=1, hours=1))
    with pytest.raises(services.RegistrationClosed):
        services.book_seats(page, booker)


def test_booking_is_refused_when_the_organiser_cancelled(make_workshop, booker):
    page = republish(make_workshop(), is_cancelled=True)
    with pytest.raises(services.WorkshopCancelled):
        services.book_seats(page, booker)
    assert not Booking.objects.filter(user=booker).exists()


def test_booking_is_refused_when_the_workshop_is_unpublished(make_workshop, booker):
    page = make_workshop()
    page.unpublish()
    with pytest.raises(services.WorkshopNotAvailable):
        services.book_seats(page, booker)
    assert not Booking.objects.filter(user=booker).exists()


def test_booking_is_accepted_again_when_republished(make_workshop, booker):
    page = make_workshop()
    page.unpublish()
    page = republish(page)
    assert services.book_seats(page, booker).status == Status.CONFIRMED


def test_booking_is_refused_when_never_published(make_workshop, booker):
    page = make_workshop(publish=False)
    with pytest.raises(services.WorkshopNotAvailable):
        services.book_seats(page, booker)


# -- one active booking per user ------------------------------------------------------


def test_second_booking_by_the_same_user_is_refused(make_workshop, booker):
    page = make_workshop()
    services.book_seats(page, booker)
    with pytest.raises(services.AlreadyBooked):
        services.book_seats(page, booker)
    assert Booking.objects.filter(user=booker).count() == 1


def test_waiting_user_cannot_book_again(make_workshop, make_user, booker):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    services.book_seats(page, booker)
    with pytest.raises(services.AlreadyBooked):
        services.book_seats(page, booker)


def test_database_refuses_a_second_active_booking_row(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(workshop=booking.workshop, user=booker, seats=1)


def test_database_allows_a_cancelled_row_beside_an_active_one(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    Booking.objects.create(
        workshop=booking.workshop, user=booker, seats=1, status=Status.CANCELLED
    )
    assert Booking.objects.filter(user=booker).count() == 2


def test_database_refuses_zero_seats(make_workshop, booker):
    record = record_of(make_workshop())
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(workshop=record, user=booker, seats=0)


def test_user_can_book_again_after_cancelling(make_workshop, booker):
    page = make_workshop()
    first = services.book_seats(page, booker)
    services.cancel_booking(first, by=booker)
    again = services.book_seats(page, booker)
    assert again.pk != first.pk
    assert again.status == Status.CONFIRMED


# -- cancelling ---------------------------------------------------------------------------


def test_owner_cancels_and_frees_the_seat(make_workshop, booker):
    page = make_workshop(capacity=1)
    booking = services.book_seats(page, booker)
    services.cancel_booking(booking, by=booker)
    assert status_of(booking) == Status.CANCELLED
    assert booking.cancelled_by == booker
    assert services.seats_left(page) == 1


def test_cancelling_records_a_cancellation_notification(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    services.cancel_booking(booking, by=booker)
    assert kinds_of(booking) == sorted([Kind.CONFIRMED, Kind.CANCELLED])


def test_coordinator_may_cancel_someone_elses_booking(
    make_workshop, booker, coordinator
):
    booking = services.book_seats(make_workshop(), booker)
    services.cancel_booking(booking, by=coordinator)
    assert status_of(booking) == Status.CANCELLED
    assert booking.cancelled_by == coordinator


def test_other_user_cannot_cancel_a_booking(make_workshop, booker, make_user):
    booking = services.book_seats(make_workshop(), booker)
    with pytest.raises(services.NotAllowed):
        services.cancel_booking(booking, by=make_user())
    assert status_of(booking) == Status.CONFIRMED


def test_anonymous_user_cannot_cancel_a_booking(make_workshop, booker):
    from django.contrib.auth.models import AnonymousUser

    booking = services.book_seats(make_workshop(), booker)
    with pytest.raises(services.NotAllowed):
        services.cancel_booking(booking, by=AnonymousUser())
    assert status_of(booking) == Status.CONFIRMED


def test_cancelling_twice_is_refused(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    services.cancel_booking(booking, by=booker)
    with pytest.raises(services.AlreadyCancelled):
        services.cancel_booking(booking, by=booker)


def test_cancelling_a_stale_copy_twice_is_refused(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    stale = Booking.objects.get(pk=booking.pk)
    services.cancel_booking(booking, by=booker)
    with pytest.raises(services.AlreadyCancelled):
        services.cancel_booking(stale, by=booker)


def test_cancelling_after_the_start_is_refused(make_workshop, booker, travel):
    booking = services.book_seats(
        make_workshop(starts_in=dt.timedelta(hours=2)), booker
    )
    travel(dt.timedelta(hours=3))
    with pytest.raises(services.CancellationClosed):
        services.cancel_booking(booking, by=booker)
    assert status_of(booking) == Status.CONFIRMED


# -- the waiting list ---------------------------------------------------------------------


def test_cancelling_promotes_the_oldest_waiting_booking(make_workshop, make_user):
    page = make_workshop(capacity=1)
    confirmed = services.book_seats(page, make_user())
    first = services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    services.cancel_booking(confirmed, by=confirmed.user)
    assert status_of(first) == Status.CONFIRMED
    assert status_of(second) == Status.WAITLISTED


def test_promoted_booking_records_a_promotion_notification(make_workshop, make_user):
    page = make_workshop(capacity=1)
    confirmed = services.book_seats(page, make_user())
    waiting = services.book_seats(page, make_user())
    services.cancel_booking(confirmed, by=confirmed.user)
    assert kinds_of(waiting) == sorted([Kind.WAITLISTED, Kind.PROMOTED])


def test_promotion_skips_a_group_too_large_for_the_free_seats(make_workshop, make_user):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user(), seats=2, attendee_names=["A", "B"])
    single = services.book_seats(page, make_user())
    group = services.book_seats(page, make_user(), seats=2, attendee_names=["C", "D"])
    later = services.book_seats(page, make_user())
    services.cancel_booking(single, by=single.user)
    assert status_of(group) == Status.WAITLISTED
    assert status_of(later) == Status.CONFIRMED


def test_skipped_group_keeps_its_turn_when_enough_seats_free(make_workshop, make_user):
    page = make_workshop(capacity=3)
    pair = services.book_seats(page, make_user(), seats=2, attendee_names=["A", "B"])
    single = services.book_seats(page, make_user())
    group = services.book_seats(page, make_user(), seats=2, attendee_names=["C", "D"])
    later = services.book_seats(page, make_user())
    services.cancel_booking(single, by=single.user)  # ``later`` takes the seat
    services.cancel_booking(pair, by=pair.user)
    assert status_of(group) == Status.CONFIRMED
    assert status_of(later) == Status.CONFIRMED
    assert confirmed_seats(page) == 3


def test_cancelling_promotes_several_small_bookings_in_order(make_workshop, make_user):
    page = make_workshop(capacity=3)
    group = services.book_seats(
        page, make_user(), seats=3, attendee_names=["A", "B", "C"]
    )
    waiting = [services.book_seats(page, make_user()) for _ in range(4)]
    services.cancel_booking(group, by=group.user)
    assert [status_of(b) for b in waiting] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]


def test_a_waiting_booking_knows_its_place_in_line_when_made(make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    waiting, when_made = [], []
    for _ in range(3):
        waiting.append(services.book_seats(page, make_user()))
        when_made.append(waiting[-1].waitlist_position())
    services.cancel_booking(waiting[0], by=waiting[0].user)
    waiting.append(services.book_seats(page, make_user()))
    when_made.append(waiting[-1].waitlist_position())
    assert when_made == [1, 2, 3, 3]
    assert [Booking.objects.get(pk=b.pk).waitlist_position() for b in waiting[1:]] == [
        1,
        2,
        3,
    ]


def test_cancelling_a_waiting_booking_promotes_nobody(make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    first = services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    services.cancel_booking(first, by=first.user)
    assert status_of(second) == Status.WAITLISTED
    assert second.waitlist_position() == 1


def test_raising_capacity_on_publish_promotes_waiting_bookings(
    make_workshop, make_user
):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    first = services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    republish(page, capacity=2)
    assert status_of(first) == Status.CONFIRMED
    assert status_of(second) == Status.WAITLISTED


def test_lowering_capacity_below_confirmed_cancels_nobody(make_workshop, make_user):
    page = make_workshop(capacity=3)
    bookings = [services.book_seats(page, make_user()) for _ in range(3)]
    republish(page, capacity=1)
    assert [status_of(b) for b in bookings] == [Status.CONFIRMED] * 3


def test_lowering_capacity_below_confirmed_waitlists_new_bookings(
    make_workshop, make_user
):
    page = make_workshop(capacity=3)
    for _ in range(3):
        services.book_seats(page, make_user())
    page = republish(page, capacity=1)
    assert services.book_seats(page, make_user()).status == Status.WAITLISTED


def test_cancelling_while_over_capacity_promotes_nobody(make_workshop, make_user):
    page = make_workshop(capacity=3)
    bookings = [services.book_seats(page, make_user()) for _ in range(3)]
    page = republish(page, capacity=1)
    waiting = services.book_seats(page, make_user())
    services.cancel_booking(bookings[0], by=bookings[0].user)
    assert status_of(waiting) == Status.WAITLISTED
    assert confirmed_seats(page) == 2


def test_organiser_cancelled_workshop_promotes_nobody(make_workshop, make_user):
    page = make_workshop(capacity=1)
    confirmed = services.book_seats(page, make_user())
    waiting = services.book_seats(page, make_user())
    republish(page, is_cancelled=True)
    services.cancel_booking(confirmed, by=confirmed.user)
    assert status_of(waiting) == Status.WAITLISTED


# -- translations ----------------------------------------------------------------------------


def test_translations_share_one_booking_record(make_workshop, spanish):
    page = make_workshop()
    translation = translate(page, spanish)
    assert translation.locale == spanish
    assert services.workshop_record(translation) == services.workshop_record(page)
    assert Workshop.objects.filter(translation_key=page.translation_key).count() == 1


def test_bookings_through_either_translation_count_against_one_capacity(
    make_workshop, make_user, spanish
):
    page = make_workshop(capacity=2)
    translation = translate(page, spanish)
    services.book_seats(page, make_user())
    services.book_seats(translation, make_user())
    third = services.book_seats(translation, make_user())
    assert third.status == Status.WAITLISTED
    assert services.seats_left(page) == services.seats_left(translation) == 0


def test_user_cannot_book_the_same_workshop_in_another_language(
    make_workshop, booker, spanish
):
    page = make_workshop()
    translation = translate(page, spanish)
    services.book_seats(page, booker)
    with pytest.raises(services.AlreadyBooked):
        services.book_seats(translation, booker)


def test_translation_capacity_does_not_override_the_default_language(
    make_workshop, spanish
):
    page = make_workshop(capacity=5)
    translate(page, spanish, capacity=50)
    assert record_of(page).capacity == 5


def test_later_translation_edit_does_not_override_the_default_language(
    make_workshop, spanish
):
    page = make_workshop(capacity=5)
    translation = translate(page, spanish)
    republish(translation, capacity=50, max_seats_per_booking=9)
    record = record_of(page)
    assert (record.capacity, record.max_seats_per_booking) == (5, 5)


def test_default_language_edit_changes_the_shared_capacity(make_workshop, spanish):
    page = make_workshop(capacity=5)
    translate(page, spanish)
    republish(page, capacity=7)
    assert record_of(page).capacity == 7


def test_unpublishing_one_translation_keeps_booking_open(
    make_workshop, booker, spanish
):
    page = make_workshop()
    translation = translate(page, spanish)
    page.unpublish()
    assert services.book_seats(translation, booker).status == Status.CONFIRMED


# -- publishing changes (sequence and notifications) -----------------------------------------


def test_sync_keeps_sequence_when_title_or_capacity_change(make_workshop, booker):
    page = make_workshop(capacity=5)
    services.book_seats(page, booker)
    republish(page, title="A better title", capacity=8)
    record = record_of(page)
    assert record.sequence == 0
    assert record.title == "A better title"
    assert not notifications(page, Kind.CHANGED).exists()


def test_sync_keeps_sequence_when_republished_unchanged(make_workshop):
    page = make_workshop()
    republish(page)
    assert record_of(page).sequence == 0


def test_sync_bumps_sequence_when_the_venue_changes(make_workshop):
    page = make_workshop(venue="City Hall")
    republish(page, venue="Public Library")
    assert record_of(page).sequence == 1


def test_sync_bumps_sequence_when_the_start_time_changes(make_workshop):
    page = make_workshop()
    republish(page, **shifted(page, dt.timedelta(hours=-1)))
    record = record_of(page)
    assert record.sequence == 1
    assert record.starts_at == page.starts_at - dt.timedelta(hours=1)


def test_sync_bumps_sequence_when_the_organiser_cancels(make_workshop):
    page = make_workshop()
    republish(page, is_cancelled=True)
    record = record_of(page)
    assert record.sequence == 1
    assert record.is_cancelled


def test_sync_bumps_sequence_when_the_organiser_reinstates(make_workshop):
    page = republish(make_workshop(), is_cancelled=True)
    republish(page, is_cancelled=False)
    assert record_of(page).sequence == 2


def test_sync_notifies_active_bookings_when_the_workshop_moves(
    make_workshop, make_user
):
    page = make_workshop(capacity=1)
    confirmed = services.book_seats(page, make_user())
    waiting = services.book_seats(page, make_user())
    republish(page, venue="Somewhere else")
    for booking in (confirmed, waiting):
        notification = Notification.objects.get(booking=booking, kind=Kind.CHANGED)
        assert notification.key == "seq-1"


def test_sync_does_not_notify_cancelled_bookings(make_workshop, booker):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    services.cancel_booking(booking, by=booker)
    republish(page, venue="Somewhere else")
    assert not notifications(page, Kind.CHANGED).exists()


def test_sync_notifies_each_change_once(make_workshop, booker):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    page = republish(page, venue="Somewhere else")
    page = republish(page, venue="A third place")
    keys = Notification.objects.filter(booking=booking, kind=Kind.CHANGED)
    assert sorted(keys.values_list("key", flat=True)) == ["seq-1", "seq-2"]


def test_sync_notifies_everyone_booked_when_the_organiser_cancels(
    make_workshop, make_user
):
    page = make_workshop(capacity=1)
    bookings = [services.book_seats(page, make_user()) for _ in range(2)]
    republish(page, is_cancelled=True)
    notified = notifications(page, Kind.WORKSHOP_CANCELLED)
    assert sorted(notified.values_list("booking_id", flat=True)) == sorted(
        b.pk for b in bookings
    )
    assert set(notified.values_list("key", flat=True)) == {"seq-1"}


def test_sync_sends_changes_after_commit(
    make_workshop, booker, django_capture_on_commit_callbacks
):
    page = make_workshop()
    services.book_seats(page, booker)
    with django_capture_on_commit_callbacks(execute=True):
        republish(page, venue="Somewhere else")
    notification = notifications(page, Kind.CHANGED).get()
    assert notification.sent_at is not None


def test_translation_publish_does_not_bump_sequence(make_workshop, spanish):
    page = make_workshop()
    translate(page, spanish, venue="Ayuntamiento")
    assert record_of(page).sequence == 0


# -- messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error_class", list(all_error_classes()), ids=lambda cls: cls.__name__
)
def test_every_refusal_has_its_own_readable_message(error_class):
    message = str(make_error(error_class).message)
    assert len(message.strip()) > 10
    assert message != str(services.BookingError.message)
    assert "%(" not in message


def test_refusal_messages_are_all_different():
    messages = [str(make_error(cls).message) for cls in all_error_classes()]
    assert len(messages) == len(set(messages))


def test_refusal_message_is_the_exception_text():
    error = services.AlreadyBooked()
    assert str(error) == str(error.message)


# -- reminders -----------------------------------------------------------------------------------


def test_reminders_queued_twice_give_one_reminder_per_booking(make_workshop, make_user):
    page = make_workshop(capacity=2, starts_in=dt.timedelta(hours=12))
    bookings = [services.book_seats(page, make_user()) for _ in range(2)]
    services.queue_reminders()
    second = services.queue_reminders()
    reminders = notifications(page, Kind.REMINDER)
    assert second == 0
    assert sorted(reminders.values_list("booking_id", flat=True)) == sorted(
        b.pk for b in bookings
    )


def test_reminders_skip_waiting_and_cancelled_bookings(make_workshop, make_user):
    page = make_workshop(capacity=1, starts_in=dt.timedelta(hours=12))
    confirmed = services.book_seats(page, make_user())
    services.book_seats(page, make_user())
    services.cancel_booking(confirmed, by=confirmed.user)  # promotes the other
    services.queue_reminders()
    reminded = notifications(page, Kind.REMINDER)
    assert list(reminded.values_list("booking__status", flat=True)) == [
        Status.CONFIRMED
    ]


def test_reminders_wait_until_a_day_before(make_workshop, booker):
    page = make_workshop(starts_in=dt.timedelta(days=3))
    services.book_seats(page, booker)
    services.queue_reminders()
    assert not notifications(page, Kind.REMINDER).exists()


def test_reminders_skip_organiser_cancelled_workshops(make_workshop, booker):
    page = make_workshop(starts_in=dt.timedelta(hours=12))
    services.book_seats(page, booker)
    republish(page, is_cancelled=True)
    services.queue_reminders()
    assert not notifications(page, Kind.REMINDER).exists()


def test_moved_workshop_gets_a_new_reminder(make_workshop, booker):
    page = make_workshop(starts_in=dt.timedelta(hours=12))
    booking = services.book_seats(page, booker)
    services.queue_reminders()
    republish(page, **shifted(page, dt.timedelta(hours=1)))
    services.queue_reminders()
    assert Notification.objects.filter(booking=booking, kind=Kind.REMINDER).count() == 2


# -- account deletion -----------------------------------------------------------------------------


def test_cancel_future_bookings_frees_the_seats(make_workshop, make_user, booker):
    page = make_workshop(capacity=1)
    booking = services.book_seats(page, booker)
    waiting = services.book_seats(page, make_user())
    assert services.cancel_future_bookings(booker) == 1
    assert status_of(booking) == Status.CANCELLED
    assert status_of(waiting) == Status.CONFIRMED


def test_cancel_future_bookings_covers_every_workshop(make_workshop, booker):
    bookings = [services.book_seats(make_workshop(), booker) for _ in range(2)]
    assert services.cancel_future_bookings(booker) == 2
    assert [status_of(b) for b in bookings] == [Status.CANCELLED] * 2


def test_cancel_future_bookings_keeps_past_bookings(make_workshop, booker, travel):
    booking = services.book_seats(
        make_workshop(starts_in=dt.timedelta(hours=1)), booker
    )
    travel(dt.timedelta(hours=2))
    assert services.cancel_future_bookings(booker) == 0
    assert status_of(booking) == Status.CONFIRMED


def test_cancel_future_bookings_leaves_other_users_alone(
    make_workshop, make_user, booker
):
    page = make_workshop()
    services.book_seats(page, booker)
    other = services.book_seats(page, make_user())
    services.cancel_future_bookings(booker)
    assert status_of(other) == Status.CONFIRMED


# -- check-in ------------------------------------------------------------------------------------


def test_coordinator_records_attendance(make_workshop, booker, coordinator):
    booking = services.book_seats(make_workshop(), booker)
    services.check_in(booking, [0], by=coordinator)
    booking.refresh_from_db()
    assert booking.attended_seats == 1
    assert booking.checked_in_at is not None


def test_check_in_counts_the_people_ticked(make_workshop, make_user, coordinator):
    page = make_workshop(capacity=5, max_seats_per_booking=3)
    booking = services.book_seats(page, make_user(), 3, ["A", "B", "C"])
    services.check_in(booking, [2, 0, 2], by=coordinator)
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (2, [0, 2])
    assert booking.workshop.bookings.figures().attended == 2


@pytest.mark.parametrize("seats", [[3], [-1], [True], ["0"], [0.0]])
def test_check_in_of_a_seat_not_on_the_booking_is_refused(
    make_workshop, make_user, coordinator, seats
):
    page = make_workshop(capacity=5, max_seats_per_booking=3)
    booking = services.book_seats(page, make_user(), 3, ["A", "B", "C"])
    services.check_in(booking, [1], by=coordinator)
    with pytest.raises(services.UnknownAttendee):
        services.check_in(booking, seats, by=coordinator)
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (1, [1])


def test_fewer_seats_keep_the_people_already_checked_in(
    make_workshop, booker, coordinator
):
    page = make_workshop(capacity=5, max_seats_per_booking=3)
    booking = services.book_seats(page, booker, 3, ["A", "B", "C"])
    services.check_in(booking, [0, 2], by=coordinator)
    services.change_booking(booking, 2, ["A", "B"], by=booker)
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (1, [0])
    assert booking.checked_in_at is not None


def test_user_cannot_record_their_own_attendance(make_workshop, booker):
    booking = services.book_seats(make_workshop(), booker)
    with pytest.raises(services.NotAllowed):
        services.check_in(booking, [0], by=booker)


def test_waiting_booking_cannot_be_checked_in(
    make_workshop, make_user, booker, coordinator
):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    waiting = services.book_seats(page, booker)
    with pytest.raises(services.NotConfirmed):
        services.check_in(waiting, [0], by=coordinator)
    assert Booking.objects.get(pk=waiting.pk).attended_seats == 0


def test_too_many_seats_message_is_singular_for_one_seat():
    assert str(services.TooManySeats(1).message) == (
        "You can book at most 1 seat on this workshop."
    )
    assert "at most 3 seats" in str(services.TooManySeats(3).message)


def test_attendee_names_ignore_missing_values(make_workshop, make_user):
    page = make_workshop(max_seats_per_booking=2)
    booking = services.book_seats(
        page, make_user(), seats=2, attendee_names=["Ana", None, "Luis"]
    )
    assert booking.attendee_names == ["Ana", "Luis"]


# -- the instants that decide ----------------------------------------------------


def test_registration_closes_at_its_exact_instant(make_workshop, make_user, clock):
    closes = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    page = make_workshop(starts_in=dt.timedelta(days=5), registration_closes_at=closes)
    clock(closes - dt.timedelta(microseconds=1))
    assert services.book_seats(page, make_user()).status == Status.CONFIRMED
    clock(closes)
    with pytest.raises(services.RegistrationClosed):
        services.book_seats(page, make_user())


def test_registration_opens_at_its_exact_instant(make_workshop, make_user, clock):
    opens = (timezone.now() + dt.timedelta(days=1)).replace(microsecond=0)
    page = make_workshop(starts_in=dt.timedelta(days=5), registration_opens_at=opens)
    clock(opens - dt.timedelta(microseconds=1))
    with pytest.raises(services.RegistrationNotOpen):
        services.book_seats(page, make_user())
    clock(opens)
    assert services.book_seats(page, make_user()).status == Status.CONFIRMED


def test_registration_without_a_closing_time_closes_at_the_start(
    make_workshop, make_user, clock
):
    page = make_workshop(starts_in=dt.timedelta(days=2))
    clock(record_of(page).starts_at - dt.timedelta(microseconds=1))
    assert services.book_seats(page, make_user()).status == Status.CONFIRMED
    clock(record_of(page).starts_at)
    with pytest.raises(services.RegistrationClosed):
        services.book_seats(page, make_user())


def test_cancelling_closes_at_the_start(make_workshop, make_user, clock):
    page = make_workshop(starts_in=dt.timedelta(days=2))
    early, late = (services.book_seats(page, make_user()) for _ in range(2))
    starts = record_of(page).starts_at
    clock(starts - dt.timedelta(microseconds=1))
    assert services.cancel_booking(early, by=early.user).status == Status.CANCELLED
    clock(starts)
    with pytest.raises(services.CancellationClosed):
        services.cancel_booking(late, by=late.user)


# -- reminders are queued for confirmed bookings only ------------------------------


def test_booking_waiting_when_reminders_are_queued_is_reminded_once_promoted(
    make_workshop, make_user
):
    """A waiting booking is not claimed by the reminder run: promoted later
    the same day, it still gets its reminder."""
    page = make_workshop(capacity=1, starts_in=dt.timedelta(hours=12))
    first = services.book_seats(page, make_user())
    waiting = services.book_seats(page, make_user())
    assert services.queue_reminders() == 1
    assert Booking.objects.get(pk=waiting.pk).reminder_sent_at is None

    services.cancel_booking(first, by=first.user)  # promotes the waiting one
    assert services.queue_reminders() == 1
    reminders = Notification.objects.filter(booking=waiting, kind=Kind.REMINDER)
    assert reminders.count() == 1


# -- a workshop that has taken place ------------------------------------------------


def test_editing_the_time_of_a_past_workshop_emails_nobody(
    make_workshop, booker, travel
):
    page = make_workshop(starts_in=dt.timedelta(days=2))
    booking = services.book_seats(page, booker)
    travel(dt.timedelta(days=10))  # the workshop took place
    republish(page, **shifted(page, dt.timedelta(hours=1)))  # a correction
    owed = Notification.objects.filter(
        booking=booking, kind__in=[Kind.CHANGED, Kind.WORKSHOP_CANCELLED]
    )
    assert not owed.exists()


def test_editing_the_time_of_an_upcoming_workshop_tells_everyone_booked(
    make_workshop, booker
):
    """The same edit before the workshop does email (so the test above can fail)."""
    page = make_workshop(starts_in=dt.timedelta(days=2))
    booking = services.book_seats(page, booker)
    republish(page, **shifted(page, dt.timedelta(hours=1)))
    assert Notification.objects.filter(booking=booking, kind=Kind.CHANGED).exists()


# -- the booking's checks, run as one prepared statement -------------------------


def test_verified_check_matches_the_address_in_any_case(make_workshop, make_user):
    user = make_user(email="Ana.Silva@Example.org")
    EmailAddress.objects.filter(user=user).update(email="ana.silva@example.ORG")
    assert services.book_seats(make_workshop(), user).status == Status.CONFIRMED


def test_verified_check_takes_wildcards_in_the_address_literally(
    make_workshop, make_user
):
    """``_`` is a wildcard in SQL LIKE (SQLite's case-insensitive match): a
    verified ``axb@`` must not pass for an unverified ``a_b@``."""
    user = make_user(email="a_b@example.org", verified=False)
    EmailAddress.objects.create(user=user, email="axb@example.org", verified=True)
    assert services.has_verified_email(user) is False
    with pytest.raises(services.NotVerified):
        services.book_seats(make_workshop(), user)


def test_checks_see_each_workshop_and_user_apart(make_workshop, make_user):
    """The statement is prepared once: the values of one booking never stick."""
    first, second = make_workshop(capacity=1), make_workshop(capacity=1)
    ana, luis = make_user(), make_user()
    services.book_seats(first, ana)
    assert services.book_seats(second, ana).status == Status.CONFIRMED
    assert services.book_seats(first, luis).status == Status.WAITLISTED
    with pytest.raises(services.AlreadyBooked):
        services.book_seats(first, ana)
