"""Changing a booking's seats and names (``services.change_booking``), and
booking fewer seats than asked (``NotEnoughSeats``): one behaviour per test."""

import datetime as dt

import pytest
from django.core import mail

from tests.smtp import running_smtp_server
from tests.workshop_fixtures import record_of, republish
from workshops import services
from workshops.models import Booking, Notification, WorkshopPage

pytestmark = pytest.mark.django_db

Status = Booking.Status
Kind = Notification.Kind


def names(count: int, prefix: str = "Person") -> list[str]:
    return [f"{prefix} {n}" for n in range(1, count + 1)] if count > 1 else []


def book(page: WorkshopPage, user, seats: int = 1, **kwargs) -> Booking:
    return services.book_seats(page, user, seats, names(seats), **kwargs)


def fresh(booking: Booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


def kinds_of(booking: Booking) -> list[str]:
    return sorted(
        Notification.objects.filter(booking=booking).values_list("kind", flat=True)
    )


# -- fewer seats left than asked (booking) -----------------------------------------


def test_booking_more_seats_than_left_is_refused_when_not_waiting(
    make_workshop, make_user
):
    page = make_workshop(capacity=3)
    book(page, make_user())
    with pytest.raises(services.NotEnoughSeats) as refused:
        book(page, make_user(), seats=3, wait_when_short=False)
    assert "Only 2 seats are left: book 2, or join the waiting list for 3." == str(
        refused.value.message
    )
    assert record_of(page).bookings.count() == 1


def test_booking_the_seats_left_is_confirmed_when_not_waiting(make_workshop, make_user):
    page = make_workshop(capacity=3)
    book(page, make_user())
    booking = book(page, make_user(), seats=2, wait_when_short=False)
    assert booking.status == Status.CONFIRMED


def test_choosing_the_waiting_list_for_all_seats_waits_whole(make_workshop, make_user):
    page = make_workshop(capacity=3)
    book(page, make_user())
    booking = book(page, make_user(), seats=3, wait_when_short=True)
    assert booking.status == Status.WAITLISTED
    assert booking.seats == 3


def test_full_workshop_waitlists_even_when_not_waiting_for_a_shortfall(
    make_workshop, make_user
):
    page = make_workshop(capacity=1)
    book(page, make_user())
    booking = book(page, make_user(), seats=2, wait_when_short=False)
    assert booking.status == Status.WAITLISTED


# -- fewer seats -------------------------------------------------------------------


def test_fewer_seats_free_seats_and_promote_the_first_waiting_that_fits(
    make_workshop, make_user
):
    page = make_workshop(capacity=3)
    mine = book(page, make_user(), seats=3)
    too_big = book(page, make_user(), seats=3)
    fits = book(page, make_user(), seats=2)
    also_fits = book(page, make_user(), seats=2)
    services.change_booking(mine, 1, [], by=mine.user)
    assert fresh(mine).seats == 1
    assert fresh(mine).status == Status.CONFIRMED
    assert fresh(too_big).status == Status.WAITLISTED
    assert fresh(fits).status == Status.CONFIRMED
    assert fresh(also_fits).status == Status.WAITLISTED
    assert record_of(page).confirmed_seats() == 3


def test_promoted_booking_is_emailed_after_a_change_frees_seats(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=2, title="Lima briefing")
    mine = book(page, make_user(email="mine@example.org"), seats=2)
    waiting = book(page, make_user(email="waiting@example.org"))
    with on_commit():
        services.change_booking(mine, 1, [], by=mine.user)
    assert kinds_of(waiting) == [Kind.PROMOTED, Kind.WAITLISTED]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert (
        "A seat is yours: Lima briefing" == by_recipient["waiting@example.org"].subject
    )
    assert "Booking changed: Lima briefing" == by_recipient["mine@example.org"].subject


def test_changed_booking_email_reaches_the_smtp_server_with_the_new_details(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=4, title="Quito briefing")
    mine = book(page, make_user(email="mine@example.org"), seats=2)
    with running_smtp_server() as smtp, on_commit():
        services.change_booking(mine, 3, ["Ana", "Luis", "Rosa"], by=mine.user)
    (received,) = [m for m in smtp.messages if m.rcpt_tos == ["mine@example.org"]]
    message = received.message
    assert message["Subject"] == "Booking changed: Quito briefing"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "has been changed" in text
    assert "Seats: 3 (Ana, Luis, Rosa)" in text


def test_change_records_one_email_per_change(make_workshop, booker):
    booking = book(make_workshop(), booker, seats=2)
    services.change_booking(booking, 3, names(3), by=booker)
    services.change_booking(booking, 2, names(2), by=booker)
    keys = Notification.objects.filter(
        booking=booking, kind=Kind.BOOKING_CHANGED
    ).values_list("key", flat=True)
    assert sorted(keys) == ["change-1", "change-2"]


def test_only_the_last_of_two_unsent_change_emails_is_sent(make_workshop, booker):
    from workshops import emails

    booking = book(make_workshop(), booker, seats=2)
    services.change_booking(booking, 3, names(3), by=booker)
    services.change_booking(booking, 2, names(2), by=booker)
    first, last = Notification.objects.filter(
        booking=booking, kind=Kind.BOOKING_CHANGED
    ).order_by("pk")
    assert emails.skip_reason(first) == "superseded by a later change of the booking"
    assert emails.skip_reason(last) is None


def test_changing_only_the_names_keeps_the_seats_and_status(make_workshop, booker):
    booking = book(make_workshop(), booker, seats=2)
    services.change_booking(booking, 2, ["New One", "New Two"], by=booker)
    changed = fresh(booking)
    assert (changed.seats, changed.status) == (2, Status.CONFIRMED)
    assert changed.attendee_names == ["New One", "New Two"]


def test_unchanged_booking_is_not_emailed(make_workshop, booker):
    booking = book(make_workshop(), booker, seats=2)
    services.change_booking(booking, 2, list(booking.attendee_names), by=booker)
    assert Kind.BOOKING_CHANGED not in kinds_of(booking)


# -- more seats --------------------------------------------------------------------


def test_more_seats_are_confirmed_while_they_are_free(make_workshop, booker):
    page = make_workshop(capacity=4)
    booking = book(page, booker, seats=2)
    services.change_booking(booking, 4, names(4), by=booker)
    assert (fresh(booking).seats, fresh(booking).status) == (4, Status.CONFIRMED)
    assert services.seats_left(page) == 0


def test_more_seats_than_free_are_refused_and_nothing_changes(
    make_workshop, make_user, booker
):
    page = make_workshop(capacity=3)
    booking = book(page, booker, seats=2)
    book(page, make_user())
    with pytest.raises(services.SeatsNotFree) as refused:
        services.change_booking(booking, 3, names(3, "New"), by=booker)
    assert "Only 2 seats are free for your booking" in str(refused.value.message)
    unchanged = fresh(booking)
    assert (unchanged.seats, unchanged.status) == (2, Status.CONFIRMED)
    assert unchanged.attendee_names == names(2)
    assert kinds_of(booking) == [Kind.CONFIRMED]


def test_more_seats_than_the_maximum_are_refused(make_workshop, booker):
    booking = book(make_workshop(max_seats_per_booking=3), booker, seats=2)
    with pytest.raises(services.TooManySeats):
        services.change_booking(booking, 4, names(4), by=booker)
    assert fresh(booking).seats == 2


# -- waiting bookings --------------------------------------------------------------


def test_waiting_booking_that_shrinks_to_fit_is_confirmed(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=3)
    book(page, make_user())
    waiting = book(page, make_user(), seats=3)
    with on_commit():
        services.change_booking(waiting, 2, names(2), by=waiting.user)
    assert fresh(waiting).status == Status.CONFIRMED
    assert kinds_of(waiting) == [Kind.PROMOTED, Kind.WAITLISTED]
    assert [m.subject for m in mail.outbox][-1].startswith("A seat is yours")


def test_waiting_booking_that_grows_keeps_its_place_in_line(make_workshop, make_user):
    page = make_workshop(capacity=1)
    book(page, make_user())
    first = book(page, make_user())
    second = book(page, make_user())
    services.change_booking(first, 2, names(2), by=first.user)
    assert fresh(first).status == Status.WAITLISTED
    assert fresh(first).waitlist_position() == 1
    assert fresh(second).waitlist_position() == 2


# -- refusals ----------------------------------------------------------------------


def test_change_is_refused_once_registration_closed(make_workshop, booker, travel):
    page = make_workshop(
        starts_in=dt.timedelta(days=3),
    )
    page = republish(page, registration_closes_at=page.starts_at - dt.timedelta(days=2))
    booking = book(page, booker, seats=2)
    travel(dt.timedelta(days=2))
    with pytest.raises(services.RegistrationClosed):
        services.change_booking(booking, 1, [], by=booker)
    assert fresh(booking).seats == 2
    assert kinds_of(booking) == [Kind.CONFIRMED]


def test_change_is_refused_when_the_organiser_cancelled(make_workshop, booker):
    page = make_workshop()
    booking = book(page, booker, seats=2)
    republish(page, is_cancelled=True)
    with pytest.raises(services.WorkshopCancelled):
        services.change_booking(booking, 1, [], by=booker)
    assert fresh(booking).seats == 2


def test_change_with_names_not_matching_the_seats_is_refused(make_workshop, booker):
    booking = book(make_workshop(), booker, seats=2)
    with pytest.raises(services.AttendeeNamesMismatch):
        services.change_booking(booking, 3, ["Only", "Two"], by=booker)
    unchanged = fresh(booking)
    assert (unchanged.seats, unchanged.attendee_names) == (2, names(2))


@pytest.mark.parametrize("seats", [0, -1, "2", None, True])
def test_change_to_an_invalid_seat_count_is_refused(make_workshop, booker, seats):
    booking = book(make_workshop(), booker, seats=2)
    with pytest.raises(services.InvalidSeats):
        services.change_booking(booking, seats, [], by=booker)
    assert fresh(booking).seats == 2


def test_change_of_a_cancelled_booking_is_refused(make_workshop, booker):
    booking = book(make_workshop(), booker)
    services.cancel_booking(booking, by=booker)
    with pytest.raises(services.AlreadyCancelled):
        services.change_booking(booking, 2, names(2), by=booker)


def test_someone_else_cannot_change_a_booking(make_workshop, booker, make_user):
    booking = book(make_workshop(), booker, seats=2)
    with pytest.raises(services.NotAllowed):
        services.change_booking(booking, 1, [], by=make_user())
    assert fresh(booking).seats == 2


def test_coordinator_may_change_someone_elses_booking(
    make_workshop, booker, coordinator
):
    booking = book(make_workshop(), booker, seats=2)
    services.change_booking(booking, 1, [], by=coordinator)
    assert fresh(booking).seats == 1
