"""The workshop pages are valid HTML (Nu Html Checker), in every state they show."""

import pytest

from tests.html_validation import assert_pages_are_valid_html, html_errors
from tests.workshop_fixtures import book_url
from workshops import services

pytestmark = pytest.mark.django_db

ONLINE = "/en/workshops/online-planning-your-return/"
FULL = "/en/workshops/lisbon-going-back-to-brazil/"
OPEN = "/en/workshops/madrid-returning-to-bolivia-and-ecuador/"

ANONYMOUS_PAGES = {
    "index": "/en/workshops/",
    "index filtered": "/en/workshops/?city=Lisbon&audience=returnees",
    "index, filters not understood": "/en/workshops/?city=Atlantis&month=2026-13",
    "index, nothing matches": "/en/workshops/?city=Lisbon&audience=professionals",
    "index in Spanish": "/es/workshops/",
    "archive": "/en/workshops/past/",
    "workshop in person": OPEN,
    "workshop online": ONLINE,
    "workshop full": FULL,
    "workshop in Portuguese": "/pt" + FULL[3:],
    "past workshop": "/en/workshops/bilbao-briefing-professionals-2016/",
}


def test_workshop_pages_are_valid_html_for_visitors(client, workshop_index, tmp_path):
    assert_pages_are_valid_html(client, ANONYMOUS_PAGES, tmp_path)


def test_workshop_pages_are_valid_html_when_logged_in(
    client, workshop_index, booker, make_workshop, tmp_path
):
    client.force_login(booker)
    booked = make_workshop(title="Booked", max_seats_per_booking=3)
    services.book_seats(booked, booker, 2, ["Ana", "Luis"])
    one_seat = make_workshop(title="One seat", max_seats_per_booking=1)
    pages = {
        "booking form": OPEN,
        "waiting-list form": FULL,
        "one-seat form": one_seat.url,
        "booked": booked.url,
        "index logged in": "/en/workshops/",
    }
    assert_pages_are_valid_html(client, pages, tmp_path)


def test_booking_errors_are_valid_html(
    client, booker, make_user, make_workshop, tmp_path
):
    client.force_login(booker)
    page = make_workshop(max_seats_per_booking=3)
    url = book_url(page)
    documents = {
        "seats not a number": client.post(url, {"seats": "abc"}),
        "names missing": client.post(url, {"seats": "2"}),
        "seats too many": client.post(url, {"seats": "9", "attendee_names": "A"}),
    }
    short = make_workshop(capacity=2, max_seats_per_booking=3)
    services.book_seats(short, make_user())
    documents["fewer seats left"] = client.post(
        book_url(short), {"seats": "3", "attendee_names": "A\nB\nC"}
    )
    client.post(url, {"seats": "1"})
    documents["booked twice"] = client.post(url, {"seats": "1"})
    assert [r.status_code for r in documents.values()] == [400, 400, 400, 409, 409]
    errors = html_errors(
        {name: r.content.decode() for name, r in documents.items()}, tmp_path
    )
    assert errors == [], "\n".join(errors)
