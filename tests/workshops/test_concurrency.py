"""Booking races on PostgreSQL: real threads, each with its own connection.

The threads start together behind a barrier and call the services as the web
processes would; the row lock on the workshop's record must serialise them.
SQLite has no row locks (``select_for_update`` is a no-op there), so these
tests run only on PostgreSQL.

These tests commit for real (``transaction=True``), and pytest-django empties
every table after each of them. The demo site, which the whole run builds once
(see ``tests/conftest.py``) and later tests expect, is therefore saved before
the first test here and put back before each later one and after the last
(a JSON snapshot of every table: about 2 s to restore).
"""

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from tests.threads import THREAD_TIMEOUT, run_together
from tests.workshop_fixtures import book_url, record_of
from workshops import services
from workshops.models import Booking, Workshop, WorkshopPage

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are a no-op on SQLite; "
        "set DATABASE_URL to a PostgreSQL database",
    ),
    pytest.mark.django_db(transaction=True),
]

Status = Booking.Status


# -- keeping the demo site -------------------------------------------------------


@pytest.fixture(autouse=True)
def demo_site_present(committed_demo) -> None:
    """Every test here starts on the demo site (``committed_demo``)."""


# -- threads ------------------------------------------------------------------------


def confirmed_seats(record: Workshop) -> int:
    return (
        record.bookings.filter(status=Status.CONFIRMED).aggregate(total=Sum("seats"))[
            "total"
        ]
        or 0
    )


def book(page: WorkshopPage, user, seats: int = 1) -> Callable[[], Booking]:
    names = [f"Attendee {n}" for n in range(seats)] if seats > 1 else []
    return lambda: services.book_seats(page, user, seats, names)


def cancel(booking: Booking) -> Callable[[], Booking]:
    return lambda: services.cancel_booking(booking, by=booking.user)


# -- tests ----------------------------------------------------------------------------


def test_forty_concurrent_bookings_confirm_exactly_the_capacity(
    make_workshop, make_user
):
    page = make_workshop(capacity=10)
    users = [make_user() for _ in range(40)]
    run_together([book(page, user) for user in users])
    bookings = Booking.objects.filter(workshop=record_of(page))
    assert bookings.filter(status=Status.CONFIRMED).count() == 10
    assert bookings.filter(status=Status.WAITLISTED).count() == 30
    assert sorted(bookings.values_list("user_id", flat=True)) == sorted(
        user.pk for user in users
    )


def test_concurrent_bookings_are_confirmed_in_arrival_order(make_workshop, make_user):
    page = make_workshop(capacity=10)
    run_together([book(page, make_user()) for _ in range(40)])
    bookings = list(Booking.objects.filter(workshop=record_of(page)).order_by("id"))
    assert [b.status for b in bookings] == [Status.CONFIRMED] * 10 + [
        Status.WAITLISTED
    ] * 30
    created = [b.created_at for b in bookings]
    assert created == sorted(created)


def test_concurrent_waiting_positions_follow_arrival_order(make_workshop, make_user):
    page = make_workshop(capacity=10)
    run_together([book(page, make_user()) for _ in range(40)])
    waiting = Booking.objects.filter(workshop=record_of(page), status=Status.WAITLISTED)
    by_id = [b.waitlist_position() for b in waiting.order_by("id")]
    by_time = [b.waitlist_position() for b in waiting.order_by("created_at", "id")]
    assert by_id == by_time == list(range(1, 31))


def test_concurrent_group_bookings_never_overbook(make_workshop, make_user):
    page = make_workshop(capacity=10, max_seats_per_booking=3)
    run_together([book(page, make_user(), seats=1 + n % 3) for n in range(30)])
    record = record_of(page)
    free = record.capacity - confirmed_seats(record)
    assert free >= 0
    waiting = record.bookings.filter(status=Status.WAITLISTED)
    # Seats only ever got fewer, so nobody waits who would have fitted.
    assert all(booking.seats > free for booking in waiting)


def test_concurrent_cancellations_and_bookings_keep_within_capacity(
    make_workshop, make_user
):
    page = make_workshop(capacity=10)
    confirmed = [services.book_seats(page, make_user()) for _ in range(10)]
    waiting = [services.book_seats(page, make_user()) for _ in range(10)]
    newcomers = [make_user() for _ in range(10)]
    calls = [cancel(b) for b in confirmed] + [book(page, u) for u in newcomers]
    run_together(calls)
    record = record_of(page)
    assert confirmed_seats(record) == 10
    assert record.bookings.filter(status=Status.WAITLISTED).count() == 10
    # The ones waiting before the race are served first.
    promoted = Booking.objects.filter(pk__in=[b.pk for b in waiting])
    assert set(promoted.values_list("status", flat=True)) == {Status.CONFIRMED}


def test_concurrent_cancellations_promote_each_waiting_booking_once(
    make_workshop, make_user
):
    page = make_workshop(capacity=5)
    confirmed = [services.book_seats(page, make_user()) for _ in range(5)]
    waiting = [services.book_seats(page, make_user()) for _ in range(8)]
    run_together([cancel(b) for b in confirmed])
    record = record_of(page)
    statuses = [
        Booking.objects.get(pk=b.pk).status for b in sorted(waiting, key=lambda b: b.pk)
    ]
    assert statuses == [Status.CONFIRMED] * 5 + [Status.WAITLISTED] * 3
    assert confirmed_seats(record) == 5
    promotions = record.bookings.filter(notifications__kind="promoted").count()
    assert promotions == 5


def test_concurrent_double_submit_makes_one_booking(make_workshop, booker):
    page = make_workshop(capacity=10)
    results = run_together([book(page, booker) for _ in range(8)])
    assert Booking.objects.filter(user=booker).count() == 1
    refused = [r for r in results if isinstance(r, services.BookingError)]
    assert len(refused) == 7
    assert all(isinstance(r, services.AlreadyBooked) for r in refused)


def test_concurrent_cancel_of_one_booking_cancels_once(make_workshop, booker):
    page = make_workshop(capacity=10)
    booking = services.book_seats(page, booker)
    results = run_together([cancel(booking) for _ in range(4)])
    refused = [r for r in results if isinstance(r, services.BookingError)]
    assert len(refused) == 3
    assert all(isinstance(r, services.AlreadyCancelled) for r in refused)
    assert booking.notifications.filter(kind="cancelled").count() == 1


def change(booking: Booking, seats: int) -> Callable[[], Booking]:
    names = [f"Attendee {n}" for n in range(seats)] if seats > 1 else []
    return lambda: services.change_booking(booking, seats, names, by=booking.user)


def test_concurrent_increases_and_bookings_never_oversell(make_workshop, make_user):
    page = make_workshop(capacity=10, max_seats_per_booking=4)
    groups = [services.book_seats(page, make_user(), 2, ["A", "B"]) for _ in range(4)]
    newcomers = [make_user() for _ in range(6)]
    calls = [change(group, 4) for group in groups] + [
        book(page, user) for user in newcomers
    ]
    results = run_together(calls)
    record = record_of(page)
    assert confirmed_seats(record) <= record.capacity
    grown = [r for r in results[:4] if isinstance(r, Booking)]
    refused = [r for r in results[:4] if isinstance(r, services.BookingError)]
    assert all(
        isinstance(r, services.SeatsNotFree | services.WorkshopBusy) for r in refused
    )
    # A refused increase left its booking as it was; a granted one holds 4 seats.
    sizes = sorted(Booking.objects.get(pk=g.pk).seats for g in groups)
    assert sizes == sorted([4] * len(grown) + [2] * len(refused))
    assert all(Booking.objects.get(pk=g.pk).status == Status.CONFIRMED for g in groups)
    assert len(grown) <= 1  # two seats were free: one group at most grows


def test_concurrent_decreases_promote_each_waiting_booking_once(
    make_workshop, make_user
):
    page = make_workshop(capacity=4)
    groups = [services.book_seats(page, make_user(), 2, ["A", "B"]) for _ in range(2)]
    waiting = [services.book_seats(page, make_user()) for _ in range(4)]
    run_together([change(group, 1) for group in groups])
    record = record_of(page)
    statuses = [
        Booking.objects.get(pk=b.pk).status for b in sorted(waiting, key=lambda b: b.pk)
    ]
    assert statuses == [Status.CONFIRMED] * 2 + [Status.WAITLISTED] * 2
    assert confirmed_seats(record) == 4
    assert record.bookings.filter(notifications__kind="promoted").count() == 2


# -- locks that give up --------------------------------------------------------------


@pytest.fixture
def held_lock(monkeypatch):
    """``held_lock(record)``: another connection holds the record's row lock
    (as a slow booking would) until the test ends; bookings wait 0.2 s."""
    monkeypatch.setattr(services, "LOCK_TIMEOUT", dt.timedelta(milliseconds=200))
    locked, release, threads = threading.Event(), threading.Event(), []

    def hold(record: Workshop) -> None:
        try:
            with transaction.atomic():
                Workshop.objects.select_for_update().get(pk=record.pk)
                locked.set()
                release.wait(THREAD_TIMEOUT)
        finally:
            connection.close()

    def start(record: Workshop) -> None:
        thread = threading.Thread(target=hold, args=(record,), daemon=True)
        thread.start()
        threads.append(thread)
        assert locked.wait(THREAD_TIMEOUT)

    yield start
    release.set()
    for thread in threads:
        thread.join(THREAD_TIMEOUT)


def test_booking_gives_up_when_the_record_stays_locked(
    held_lock, make_workshop, booker
):
    page = make_workshop(capacity=5)
    held_lock(record_of(page))
    # Without a lock timeout this call would wait for the holder to finish
    # (the end of the test), then book: no WorkshopBusy.
    with pytest.raises(services.WorkshopBusy):
        services.book_seats(page, booker)
    assert not Booking.objects.filter(user=booker).exists()


def test_cancel_gives_up_when_the_record_stays_locked(held_lock, make_workshop, booker):
    page = make_workshop(capacity=5)
    booking = services.book_seats(page, booker)
    held_lock(record_of(page))
    with pytest.raises(services.WorkshopBusy):
        services.cancel_booking(booking, by=booker)
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED


def test_change_gives_up_when_the_record_stays_locked(held_lock, make_workshop, booker):
    page = make_workshop(capacity=5)
    booking = services.book_seats(page, booker, 2, ["A", "B"])
    held_lock(record_of(page))
    with pytest.raises(services.WorkshopBusy):
        services.change_booking(booking, 1, [], by=booker)
    assert Booking.objects.get(pk=booking.pk).seats == 2


def test_busy_booking_answers_409_try_again(held_lock, make_workshop, logged_in):
    page = make_workshop(capacity=5)
    held_lock(record_of(page))
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 409
    assert "Please try again in a few seconds." in response.content.decode()
    assert not Booking.objects.filter(workshop=record_of(page)).exists()


def test_lock_timeout_ends_with_the_booking_transaction(make_workshop, booker):
    page = make_workshop(capacity=5)
    services.book_seats(page, booker)
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"


def test_lock_timeout_does_not_outlive_the_booking_in_a_callers_transaction(
    make_workshop, booker
):
    """Inside a caller's transaction (a phone booking, account deletion) the
    booking keeps the caller's waiting rules: SET LOCAL would last until the
    caller's transaction ends."""
    page = make_workshop(capacity=5)
    with transaction.atomic():
        services.book_seats(page, booker)
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "0"


def test_account_deletion_waits_for_a_busy_workshop(
    monkeypatch, make_workshop, booker, make_user
):
    """Deleting an account cancels every future booking even while other
    bookings hold the workshop's lock: none is skipped as "busy"."""
    from accounts.services import delete_account

    monkeypatch.setattr(services, "LOCK_TIMEOUT", dt.timedelta(milliseconds=100))
    page = make_workshop(capacity=1)
    booking = services.book_seats(page, booker)
    waiting = services.book_seats(page, make_user())
    locked = threading.Event()

    def hold_briefly() -> None:
        try:
            with transaction.atomic():
                Workshop.objects.select_for_update().get(pk=record_of(page).pk)
                locked.set()
                time.sleep(1)  # longer than LOCK_TIMEOUT
        finally:
            connection.close()

    holder = threading.Thread(target=hold_briefly, daemon=True)
    holder.start()
    assert locked.wait(THREAD_TIMEOUT)
    delete_account(booker)
    holder.join(THREAD_TIMEOUT)

    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED
    assert Booking.objects.get(pk=waiting.pk).status == Status.CONFIRMED
