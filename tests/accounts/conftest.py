"""Fixtures for the account pages: helpers to book and to log in."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from workshops import services
from workshops.models import Booking, Workshop, WorkshopPage

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts requests in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def move_to_past(page: WorkshopPage, days: int = 30) -> None:
    """Make a workshop that took bookings one that has taken place."""
    start = timezone.now() - dt.timedelta(days=days)
    Workshop.objects.filter(translation_key=page.translation_key).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )


@pytest.fixture
def book(django_capture_on_commit_callbacks):
    """Book through the booking rules, running the emails' on-commit callbacks."""

    def make(page: WorkshopPage, user, seats: int = 1, names=()) -> Booking:
        with django_capture_on_commit_callbacks(execute=True):
            return services.book_seats(page, user, seats=seats, attendee_names=names)

    return make


@pytest.fixture
def reauthenticated(logged_in):
    """``logged_in``, having just typed the password again (as deleting the
    account asks)."""
    response = logged_in.post(
        "/en/accounts/reauthenticate/?next=/en/accounts/delete/",
        {"password": PASSWORD},
    )
    assert response.status_code == 302
    return logged_in
