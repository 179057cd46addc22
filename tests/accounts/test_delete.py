"""Deleting one's account: after re-authenticating; seats freed, history anonymous."""

import pytest
from django.contrib.auth import get_user_model

from workshops.models import Booking

from .conftest import PASSWORD, move_to_past

pytestmark = pytest.mark.django_db

DELETE = "/en/accounts/delete/"
REAUTHENTICATE = "/en/accounts/reauthenticate/"


def user_exists(email: str) -> bool:
    return get_user_model().objects.filter(email=email).exists()


def test_delete_needs_a_login(client, home_page):
    response = client.get(DELETE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_delete_page_asks_to_reauthenticate_first(logged_in):
    response = logged_in.get(DELETE)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Fen%2Faccounts%2Fdelete%2F"


def test_delete_without_recent_reauthentication_deletes_nothing(logged_in, booker):
    response = logged_in.post(DELETE, {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert user_exists(booker.email)


def test_wrong_password_does_not_reauthenticate(logged_in, booker):
    response = logged_in.post(f"{REAUTHENTICATE}?next={DELETE}", {"password": "wrong"})
    assert response.status_code == 200
    assert logged_in.get(DELETE).status_code == 302


def test_delete_page_explains_what_happens_after_reauthentication(reauthenticated):
    response = reauthenticated.get(DELETE)
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()


def test_delete_without_the_tick_is_refused_and_deletes_nothing(
    reauthenticated, booker
):
    response = reauthenticated.post(DELETE, {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert user_exists(booker.email)


def test_delete_removes_the_account_and_logs_out(reauthenticated, booker):
    response = reauthenticated.post(DELETE, {"confirm": "on"})
    assert response.status_code == 303
    assert response["Location"] == "/en/"
    assert not user_exists(booker.email)
    assert "_auth_user_id" not in reauthenticated.session


def test_delete_shows_a_message_on_the_home_page(reauthenticated):
    response = reauthenticated.post(DELETE, {"confirm": "on"}, follow=True)
    assert "Your account has been deleted." in response.content.decode()


def test_delete_frees_future_seats_for_the_waiting_list(
    reauthenticated,
    booker,
    make_user,
    make_workshop,
    book,
    django_capture_on_commit_callbacks,
):
    page = make_workshop(capacity=1)
    mine = book(page, booker)
    waiting = book(page, make_user(email="waiting@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        reauthenticated.post(DELETE, {"confirm": "on"})
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Booking.Status.CANCELLED
    assert mine.user is None
    assert waiting.status == Booking.Status.CONFIRMED


def test_delete_keeps_past_bookings_without_name_or_user(
    reauthenticated, booker, make_workshop, book
):
    page = make_workshop()
    past = book(page, booker, seats=2, names=["Ana Gómez", "Luis Pérez"])
    move_to_past(page)
    reauthenticated.post(DELETE, {"confirm": "on"})
    past.refresh_from_db()
    assert past.user is None
    assert past.attendee_names == []
    assert past.seats == 2
    assert past.status == Booking.Status.CONFIRMED


def test_delete_of_a_staff_account_is_refused(client, make_user):
    staff = make_user(email="editor@example.org", is_staff=True)
    client.force_login(staff)
    client.post(f"{REAUTHENTICATE}?next={DELETE}", {"password": PASSWORD})
    response = client.post(DELETE, {"confirm": "on"})
    assert response.status_code == 403
    assert user_exists("editor@example.org")


def test_deleting_a_user_elsewhere_also_frees_their_seats(
    booker, make_user, make_workshop, book, django_capture_on_commit_callbacks
):
    """The Wagtail admin or a shell deletes users without our page."""
    page = make_workshop(capacity=1)
    mine = book(page, booker, seats=1, names=["Ana Gómez"])
    waiting = book(page, make_user(email="waiting@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        get_user_model().objects.filter(pk=booker.pk).delete()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Booking.Status.CANCELLED
    assert mine.attendee_names == []
    assert waiting.status == Booking.Status.CONFIRMED
