"""Random mixes of bookings, cancellations and capacity changes.

A state machine drives the real services and Wagtail publishing for one
workshop (in English and Spanish) and a handful of users, and checks the
database after every step against a small model of the rules. Hypothesis runs
it as many short, shrinkable examples; seeded random walks run it for long,
repeatable sequences, which reach the deep states (long waiting lists after
several capacity changes) that short examples rarely do. The model:

- a booking is confirmed when its seats fit, else it waits, whole;
- cancelling, or raising the capacity, confirms the waiting bookings that fit,
  oldest first, skipping a group too large for the free seats;
- lowering the capacity removes nobody and stops confirmations;
- the Spanish page's capacity never overrides the English one.

and, independently of the model: confirmed seats stay within the capacity or
no booking was confirmed while over it; nobody has two active bookings; no
waiting booking would fit in the free seats.
"""

import random
from dataclasses import dataclass

import pytest
from django.db.models import Count, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import Locale

from workshops import services
from workshops.models import Booking, Workshop, WorkshopPage

pytestmark = pytest.mark.django_db

Status = Booking.Status
USERS = 6
MAX_SEATS = 3
CAPACITIES = st.integers(min_value=1, max_value=5)
PICK = st.integers(min_value=0, max_value=USERS - 1)
WALK_STEPS = 200


@dataclass
class Expected:
    """A booking as the model of the rules sees it."""

    pk: int
    user: int
    seats: int
    status: str


def publish(page: WorkshopPage, **changes) -> WorkshopPage:
    """Edit ``page`` as an editor would and publish the new revision."""
    page = WorkshopPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def make_machine(make_workshop, make_user) -> type[RuleBasedStateMachine]:
    """A state machine class whose examples each get a new workshop and users."""

    class BookingMachine(RuleBasedStateMachine):
        @initialize(capacity=CAPACITIES)
        def create_workshop(self, capacity: int) -> None:
            self.page = make_workshop(
                capacity=capacity, max_seats_per_booking=MAX_SEATS
            )
            spanish, _ = Locale.objects.get_or_create(language_code="es")
            translation = self.page.copy_for_translation(spanish, copy_parents=True)
            translation.save_revision().publish()
            self.translation = WorkshopPage.objects.get(pk=translation.pk)
            self.record = Workshop.objects.get(
                translation_key=self.page.translation_key
            )
            self.users = [make_user() for _ in range(USERS)]
            self.capacity = capacity
            self.bookings: list[Expected] = []
            self.previous_confirmed: set[int] = set()

        # -- the model -------------------------------------------------------

        def free(self) -> int:
            confirmed = sum(
                b.seats for b in self.bookings if b.status == Status.CONFIRMED
            )
            return self.capacity - confirmed

        def promote(self) -> None:
            free = self.free()
            for booking in sorted(self.bookings, key=lambda b: b.pk):
                if free <= 0:
                    break
                if booking.status == Status.WAITLISTED and booking.seats <= free:
                    booking.status = Status.CONFIRMED
                    free -= booking.seats

        # -- rules -----------------------------------------------------------
        # ``pick`` chooses among the users or bookings a rule applies to, so
        # that most steps change something.

        def active_bookings(self) -> list[Expected]:
            return [b for b in self.bookings if b.status != Status.CANCELLED]

        def users_without_booking(self) -> list[int]:
            booked = {b.user for b in self.active_bookings()}
            return [n for n in range(USERS) if n not in booked]

        @precondition(lambda self: self.users_without_booking())
        @rule(pick=PICK, seats=st.integers(1, MAX_SEATS), in_spanish=st.booleans())
        def book(self, pick: int, seats: int, in_spanish: bool) -> None:
            free_users = self.users_without_booking()
            user = free_users[pick % len(free_users)]
            page = self.translation if in_spanish else self.page
            names = [f"Person {n}" for n in range(seats)] if seats > 1 else []
            booking = services.book_seats(page, self.users[user], seats, names)
            expected = Status.CONFIRMED if seats <= self.free() else Status.WAITLISTED
            assert booking.status == expected
            self.bookings.append(Expected(booking.pk, user, seats, expected))

        @precondition(lambda self: self.active_bookings())
        @rule(pick=PICK, in_spanish=st.booleans())
        def book_again(self, pick: int, in_spanish: bool) -> None:
            active = self.active_bookings()
            user = active[pick % len(active)].user
            page = self.translation if in_spanish else self.page
            with pytest.raises(services.AlreadyBooked):
                services.book_seats(page, self.users[user])

        @precondition(lambda self: self.active_bookings())
        @rule(pick=PICK)
        def cancel(self, pick: int) -> None:
            active = self.active_bookings()
            mine = active[pick % len(active)]
            services.cancel_booking(
                Booking.objects.get(pk=mine.pk), by=self.users[mine.user]
            )
            mine.status = Status.CANCELLED
            self.promote()

        @precondition(lambda self: self.bookings)
        @rule(pick=PICK, other=st.integers(1, USERS - 1), again=st.booleans())
        def cancel_refused(self, pick: int, other: int, again: bool) -> None:
            if again:
                done = [b for b in self.bookings if b.status == Status.CANCELLED]
                if not done:
                    return
                mine = done[pick % len(done)]
                with pytest.raises(services.AlreadyCancelled):
                    services.cancel_booking(
                        Booking.objects.get(pk=mine.pk), by=self.users[mine.user]
                    )
                return
            active = self.active_bookings()
            if not active:
                return
            mine = active[pick % len(active)]
            intruder = self.users[(mine.user + other) % USERS]
            with pytest.raises(services.NotAllowed):
                services.cancel_booking(Booking.objects.get(pk=mine.pk), by=intruder)

        @rule(capacity=CAPACITIES, in_spanish=st.booleans())
        def change_capacity(self, capacity: int, in_spanish: bool) -> None:
            if in_spanish:
                publish(self.translation, capacity=capacity)  # English rules
                return
            publish(self.page, capacity=capacity)
            self.capacity = capacity
            self.promote()

        # -- checks ----------------------------------------------------------

        def rows(self):
            return Booking.objects.filter(workshop=self.record)

        @invariant()
        def matches_the_model(self) -> None:
            if not hasattr(self, "record"):
                return
            actual = dict(self.rows().values_list("pk", "status"))
            assert actual == {b.pk: b.status for b in self.bookings}
            assert self.capacity_now() == self.capacity

        def capacity_now(self) -> int:
            return Workshop.objects.values_list("capacity", flat=True).get(
                pk=self.record.pk
            )

        @invariant()
        def never_confirms_beyond_capacity(self) -> None:
            if not hasattr(self, "record"):
                return
            confirmed = self.rows().filter(status=Status.CONFIRMED)
            seats = confirmed.aggregate(total=Sum("seats"))["total"] or 0
            ids = set(confirmed.values_list("pk", flat=True))
            if seats > self.capacity_now():
                # Over capacity only by lowering it: nobody new confirmed since.
                assert ids <= self.previous_confirmed
            self.previous_confirmed = ids

        @invariant()
        def one_active_booking_per_user(self) -> None:
            if not hasattr(self, "record"):
                return
            counts = (
                self.rows()
                .exclude(status=Status.CANCELLED)
                .values("user")
                .annotate(n=Count("id"))
            )
            assert all(row["n"] == 1 for row in counts)

        @invariant()
        def no_waiting_booking_fits(self) -> None:
            if not hasattr(self, "record"):
                return
            # Free seats by the test's own reckoning (the model's capacity, the
            # rows' seats), not by the code under test.
            confirmed = self.rows().filter(status=Status.CONFIRMED)
            taken = sum(confirmed.values_list("seats", flat=True))
            free = max(self.capacity - taken, 0)
            waiting = self.rows().filter(status=Status.WAITLISTED)
            assert all(
                seats > free for seats in waiting.values_list("seats", flat=True)
            )

        def check_every_invariant(self) -> None:
            """Every invariant, for runs driven without hypothesis."""
            self.matches_the_model()
            self.never_confirms_beyond_capacity()
            self.one_active_booking_per_user()
            self.no_waiting_booking_fits()

    return BookingMachine


def test_random_bookings_cancellations_and_capacity_changes_keep_the_rules(
    make_workshop, make_user
):
    run_state_machine_as_test(
        make_machine(make_workshop, make_user),
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_long_seeded_random_walk_keeps_the_rules(make_workshop, make_user, seed):
    """Hypothesis explores many short runs; this reaches deep states (long
    waiting lists, several capacity changes) in one long, repeatable run."""
    rng = random.Random(seed)
    machine = make_machine(make_workshop, make_user)()
    machine.create_workshop(capacity=rng.randint(1, 5))
    moves = [
        # (weight, applicable, move)
        (
            4,
            machine.users_without_booking,
            lambda: machine.book(
                pick=rng.randrange(USERS),
                seats=rng.randint(1, MAX_SEATS),
                in_spanish=rng.random() < 0.3,
            ),
        ),
        (
            3,
            machine.active_bookings,
            lambda: machine.cancel(pick=rng.randrange(USERS)),
        ),
        (
            1,
            machine.active_bookings,
            lambda: machine.book_again(
                pick=rng.randrange(USERS), in_spanish=rng.random() < 0.5
            ),
        ),
        (
            1,
            lambda: machine.bookings,
            lambda: machine.cancel_refused(
                pick=rng.randrange(USERS),
                other=rng.randint(1, USERS - 1),
                again=rng.random() < 0.5,
            ),
        ),
        (
            1,
            lambda: True,
            lambda: machine.change_capacity(
                capacity=rng.randint(1, 5), in_spanish=rng.random() < 0.2
            ),
        ),
    ]
    for _step in range(WALK_STEPS):
        possible = [(weight, move) for weight, ok, move in moves if ok()]
        weights, choices = zip(*possible, strict=True)
        rng.choices(choices, weights)[0]()
        machine.check_every_invariant()
