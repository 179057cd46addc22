"""Retention (``manage.py purge_personal_data``): who booked a workshop is
forgotten a set time after it ends, questions after their own age; counts
stay, and nothing inside the limits changes."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

import home.demo_questions
from accounts.services import months_before
from workshops.models import Booking, Notification, Workshop

from .conftest import move_to_past

pytestmark = pytest.mark.django_db

DAYS_PER_MONTH = 30.5


def purge(**options) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out, **options)
    return out.getvalue()


def ended_months_ago(page, months: float) -> None:
    move_to_past(page, days=round(months * DAYS_PER_MONTH))


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2026, 3, 31, 9), 1, dt.datetime(2026, 2, 28, 9)),
        (dt.datetime(2028, 3, 31, 9), 1, dt.datetime(2028, 2, 29, 9)),
        (dt.datetime(2026, 1, 15), 1, dt.datetime(2025, 12, 15)),
        (dt.datetime(2026, 12, 2), 12, dt.datetime(2025, 12, 2)),
        (dt.datetime(2026, 12, 2), 24, dt.datetime(2024, 12, 2)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


@pytest.fixture
def bookings(make_workshop, make_user, book):
    """One booking with two names for workshops that ended 13 and 11 months
    ago and one still to come; the old one checked in."""
    made = {}
    for label, months in (("old", 13), ("recent", 11), ("future", None)):
        page = make_workshop(title=label)
        user = make_user(email=f"{label}@example.org")
        booking = book(page, user, seats=2, names=[f"{label} Ana", f"{label} Luis"])
        if months is not None:
            ended_months_ago(page, months)
        made[label] = booking
    Booking.objects.filter(pk=made["old"].pk).update(
        attended_seats=2, checked_in_seats=[0, 1]
    )
    return made


def test_bookings_past_the_limit_lose_names_and_accounts(bookings):
    old = bookings["old"]
    record = old.workshop
    figures_before = Booking.objects.filter(workshop=record).figures()
    assert Notification.objects.filter(booking=old).exists()

    assert purge().startswith("1 booking(s) anonymised")

    old.refresh_from_db()
    assert old.attendee_names == [] and old.user is None and old.cancelled_by is None
    assert not Notification.objects.filter(booking=old).exists()
    assert (old.seats, old.status, old.attended_seats) == (2, "confirmed", 2)
    assert Booking.objects.filter(workshop=record).figures() == figures_before


def test_bookings_inside_the_limit_are_untouched(bookings):
    purge()
    for label in ("recent", "future"):
        booking = Booking.objects.get(pk=bookings[label].pk)
        assert booking.attendee_names == [f"{label} Ana", f"{label} Luis"]
        assert booking.user.email == f"{label}@example.org"
        assert Notification.objects.filter(booking=booking).exists()


def test_a_shorter_limit_reaches_more_bookings_and_a_rerun_changes_nothing(
    bookings,
):
    assert purge(booking_months=6).startswith("2 booking(s) anonymised")
    assert purge(booking_months=6).startswith("0 booking(s) anonymised")
    future = Booking.objects.get(pk=bookings["future"].pk)
    assert future.user is not None


def test_the_limit_counts_from_the_end_of_the_workshop(bookings):
    """A workshop that started 13 months ago but ended 11 months ago is kept."""
    record = Workshop.objects.get(pk=bookings["recent"].workshop_id)
    Workshop.objects.filter(pk=record.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=396)
    )
    purge()
    assert Booking.objects.get(pk=bookings["recent"].pk).user is not None


def test_questions_older_than_their_limit_are_deleted(home_page):
    page = home.demo_questions.load()
    now = timezone.now()
    for label, days in (("old", 25 * DAYS_PER_MONTH), ("recent", 23 * DAYS_PER_MONTH)):
        submission = FormSubmission.objects.create(page=page, form_data={"m": label})
        FormSubmission.objects.filter(pk=submission.pk).update(
            submit_time=now - dt.timedelta(days=days)
        )
    output = purge()
    assert "1 question(s) deleted" in output
    assert [s.form_data["m"] for s in FormSubmission.objects.filter(page=page)] == [
        "recent"
    ]
    purge(question_months=12)
    assert not FormSubmission.objects.filter(page=page).exists()


@pytest.mark.parametrize("option", ["booking_months", "question_months"])
def test_a_limit_under_one_month_is_refused(bookings, option):
    with pytest.raises(CommandError):
        purge(**{option: 0})
    assert Booking.objects.get(pk=bookings["old"].pk).user is not None
