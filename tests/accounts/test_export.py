"""Downloading one's data: a JSON file with one's own data only."""

import json

import pytest

from .conftest import move_to_past

pytestmark = pytest.mark.django_db

EXPORT = "/en/accounts/export/"


@pytest.fixture
def stranger(make_user):
    return make_user(email="stranger@example.org")


def exported(client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return json.loads(response.content)


def test_export_needs_a_login(client, home_page):
    assert client.get(EXPORT).status_code == 302


def test_export_is_a_json_download(logged_in):
    response = logged_in.get(EXPORT)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]


def test_export_contains_my_profile_and_addresses(logged_in, booker):
    booker.organisation = "Cáritas"
    booker.save()
    data = exported(logged_in)
    assert data["profile"]["email"] == "booker@example.org"
    assert data["profile"]["organisation"] == "Cáritas"
    assert data["email_addresses"] == [
        {"email": "booker@example.org", "verified": True, "primary": True}
    ]


def test_export_contains_my_bookings_with_their_details(
    logged_in, booker, make_workshop, book
):
    page = make_workshop(title="Group briefing", city="Savona", time_zone="Europe/Rome")
    book(page, booker, seats=2, names=["Ana Gómez", "Luis Pérez"])
    [booking] = exported(logged_in)["bookings"]
    assert booking["workshop"] == "Group briefing"
    assert booking["city"] == "Savona"
    assert booking["seats"] == 2
    assert booking["attendee_names"] == ["Ana Gómez", "Luis Pérez"]
    assert booking["status"] == "confirmed"
    assert booking["starts_at"] == page.starts_at.astimezone(page.tz).isoformat()
    assert booking["people_checked_in"] == 0
    assert booking["checked_in_at"] is None


def test_export_contains_past_and_cancelled_bookings(
    logged_in, booker, make_workshop, book
):
    past = make_workshop(title="Held")
    book(past, booker)
    move_to_past(past)
    cancelled = book(make_workshop(title="Dropped"), booker)
    logged_in.post(f"/en/accounts/bookings/{cancelled.pk}/cancel/")
    statuses = {b["workshop"]: b["status"] for b in exported(logged_in)["bookings"]}
    assert statuses == {"Held": "confirmed", "Dropped": "cancelled"}


def test_export_leaves_out_other_peoples_bookings(
    logged_in, booker, stranger, make_workshop, book
):
    book(make_workshop(title="Mine"), booker)
    book(make_workshop(title="Theirs"), stranger, seats=1, names=["Secret Name"])
    response = logged_in.get(EXPORT)
    assert [b["workshop"] for b in json.loads(response.content)["bookings"]] == ["Mine"]
    assert "Secret Name" not in response.content.decode()
    assert "stranger@example.org" not in response.content.decode()


def test_export_refuses_post(logged_in):
    assert logged_in.post(EXPORT).status_code == 405
