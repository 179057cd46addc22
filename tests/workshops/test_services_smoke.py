import pytest

from workshops import services
from workshops.models import Booking


def test_booking_fills_then_waitlists(make_workshop, make_user):
    page = make_workshop(capacity=1)
    first = services.book_seats(page, make_user())
    second = services.book_seats(page, make_user())
    assert first.status == Booking.Status.CONFIRMED
    assert second.status == Booking.Status.WAITLISTED
    services.cancel_booking(first, by=first.user)
    second.refresh_from_db()
    assert second.status == Booking.Status.CONFIRMED


def test_unverified_user_is_refused(make_workshop, make_user):
    page = make_workshop()
    with pytest.raises(services.NotVerified):
        services.book_seats(page, make_user(verified=False))
