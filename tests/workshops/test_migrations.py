"""Migrations that move data: run forwards (and back) on a real schema."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Real commits (the schema changes): ``committed_demo`` puts the demo site
# back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("workshops", "0004_drafts_without_publishing_fields")
AFTER = ("workshops", "0005_per_attendee_check_in")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def latest_schema_after():
    """Every app's latest migration applied again after the test (going back
    to 0004 also unapplied the later migrations of workshops)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_checked_in_booking_keeps_every_seat_checked_in(
    committed_demo, latest_schema_after
):
    old = migrate(BEFORE)
    Workshop = old.get_model("workshops", "Workshop")
    Booking = old.get_model("workshops", "Booking")
    now = timezone.now()
    record = Workshop.objects.create(
        translation_key="00000000-0000-0000-0000-000000000005",
        starts_at=now,
        ends_at=now,
        title="Briefing",
        capacity=10,
        time_zone="Europe/Madrid",
        city="Madrid",
    )
    came = Booking.objects.create(
        workshop=record, seats=3, attended=True, checked_in_at=now
    )
    stayed = Booking.objects.create(workshop=record, seats=2)

    new = migrate(AFTER)
    Booking = new.get_model("workshops", "Booking")
    rows = (
        Booking.objects.filter(workshop_id=record.pk)
        .order_by("pk")
        .values_list("pk", "attended_seats", "checked_in_seats")
    )
    assert list(rows) == [(came.pk, 3, [0, 1, 2]), (stayed.pk, 0, [])]

    old = migrate(BEFORE)  # and back: a booking with anyone checked in attended
    Booking = old.get_model("workshops", "Booking")
    assert dict(
        Booking.objects.filter(workshop_id=record.pk).values_list("pk", "attended")
    ) == {
        came.pk: True,
        stayed.pk: False,
    }
