"""Changing a booking from "My bookings", the cards' links (no one-tap
cancel), each booking's .ics and the calendar feed's subscribe link."""

import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from tests.workshop_fixtures import republish
from workshops.models import Booking

pytestmark = pytest.mark.django_db

BOOKINGS = "/en/accounts/bookings/"
Status = Booking.Status


def change_url(booking, language: str = "en") -> str:
    return f"/{language}/accounts/bookings/{booking.pk}/change/"


def ics_url(booking) -> str:
    return f"/en/accounts/bookings/{booking.pk}/calendar.ics"


def fresh(booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


@pytest.fixture
def stranger(make_user):
    return make_user(email="stranger@example.org")


# -- the cards ---------------------------------------------------------------------


def test_booking_card_has_no_form_that_cancels_in_one_tap(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    html = logged_in.get(BOOKINGS).content.decode()
    cards = html.split('<ul class="booking-list">', 1)[1].split("</ul>\n", 1)[0]
    assert "<form" not in cards
    assert f'href="/en/accounts/bookings/{booking.pk}/cancel/"' in cards


def test_booking_card_shows_the_attendee_names(logged_in, booker, make_workshop, book):
    book(make_workshop(), booker, seats=2, names=["Ana Ruiz", "Luis Gómez"])
    html = logged_in.get(BOOKINGS).content.decode()
    assert "<li>Ana Ruiz</li><li>Luis Gómez</li>" in html


def test_booking_card_links_to_its_change_page_and_calendar_file(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    html = logged_in.get(BOOKINGS).content.decode()
    assert f'href="{change_url(booking)}"' in html
    assert f'href="{ics_url(booking)}" download' in html


def test_no_change_link_once_registration_closed(
    logged_in, booker, make_workshop, book, travel
):
    page = make_workshop(starts_in=dt.timedelta(days=3))
    page = republish(page, registration_closes_at=page.starts_at - dt.timedelta(days=2))
    booking = book(page, booker)
    travel(dt.timedelta(days=2))
    html = logged_in.get(BOOKINGS).content.decode()
    assert change_url(booking) not in html
    assert f"/en/accounts/bookings/{booking.pk}/cancel/" in html


def test_calendar_feed_has_a_webcal_subscribe_link(logged_in, booker, settings):
    settings.SITE_URL = "https://portal.example.org"
    html = logged_in.get(BOOKINGS).content.decode()
    webcal = (
        f"webcal://portal.example.org/calendar/{booker.calendar_token}/bookings.ics"
    )
    assert f'href="{webcal}"' in html


def test_copy_button_is_hidden_until_its_script_shows_it(logged_in):
    html = logged_in.get(BOOKINGS).content.decode()
    assert 'data-copy-from="calendar-feed-url"' in html
    button = html.split('data-copy-from="calendar-feed-url"', 1)[1].split(">", 1)[0]
    assert " hidden" in button
    assert 'src="/static/js/copy-address.js" defer' in html
    assert "<script>" not in html


# -- the change page ---------------------------------------------------------------


def test_change_page_is_prefilled_with_the_booking(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(title="Lima briefing"), booker, 2, ["Ana", "Luis"])
    response = logged_in.get(change_url(booking))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lima briefing" in html
    assert 'name="seats" min="1" max="5" step="1" value="2"' in html
    assert ">Ana\nLuis</textarea>" in html


def test_change_page_changes_seats_and_names_and_emails(
    logged_in, booker, make_workshop, book, on_commit
):
    booking = book(make_workshop(title="Lima briefing"), booker, 2, ["Ana", "Luis"])
    with on_commit():
        response = logged_in.post(
            change_url(booking), {"seats": "3", "attendee_names": "Ana\nLuis\nRosa"}
        )
    assert response.status_code == 303
    assert response["Location"] == BOOKINGS
    changed = fresh(booking)
    assert (changed.seats, changed.attendee_names) == (3, ["Ana", "Luis", "Rosa"])
    assert mail.outbox[-1].subject == "Booking changed: Lima briefing"
    assert mail.outbox[-1].to == [booker.email]


def test_change_page_in_spanish_emails_in_spanish(
    client, booker, make_workshop, book, on_commit
):
    booking = book(make_workshop(title="Lima briefing"), booker, 2, ["Ana", "Luis"])
    client.force_login(booker)
    with on_commit():
        client.post(change_url(booking, "es"), {"seats": "1", "attendee_names": ""})
    assert fresh(booking).language == "es"
    assert mail.outbox[-1].subject.startswith("Reserva modificada")


def test_change_page_returns_to_a_safe_next_page(
    logged_in, booker, make_workshop, book
):
    page = make_workshop()
    booking = book(page, booker)
    response = logged_in.post(
        change_url(booking), {"seats": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == BOOKINGS
    response = logged_in.post(change_url(booking), {"seats": "1", "next": page.url})
    assert response["Location"] == page.url


@pytest.mark.parametrize(
    "data, message",
    [
        ({"seats": "abc"}, "Enter the number of seats as a whole number"),
        ({"seats": "0"}, "Please ask for at least one seat."),
        ({"seats": "99"}, "You can book at most 5 seats on this workshop."),
        ({"seats": "2", "attendee_names": "Ana"}, "give one name per line"),
        ({"seats": ""}, "Enter how many seats you need."),
        ({"seats": "2", "attendee_names": "x" * 5000}, "at most 200 characters"),
    ],
)
def test_bad_input_shows_the_form_again_and_changes_nothing(
    logged_in, booker, make_workshop, book, data, message
):
    booking = book(make_workshop(), booker, 3, ["Ana", "Luis", "Rosa"])
    response = logged_in.post(change_url(booking), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert fresh(booking).seats == 3
    assert fresh(booking).attendee_names == ["Ana", "Luis", "Rosa"]


def test_bad_input_is_explained_in_the_visitors_language(
    client, booker, make_workshop, book
):
    booking = book(make_workshop(), booker, 2, ["Ana", "Luis"])
    client.force_login(booker)
    response = client.post(change_url(booking, "it"), {"seats": "0"})
    assert response.status_code == 400
    assert 'lang="it"' in response.content.decode()
    assert "Please ask for at least one seat." not in response.content.decode()


def test_more_seats_than_free_is_refused_with_409_and_changes_nothing(
    logged_in, booker, stranger, make_workshop, book
):
    page = make_workshop(capacity=3)
    booking = book(page, booker, 2, ["Ana", "Luis"])
    book(page, stranger)
    response = logged_in.post(
        change_url(booking), {"seats": "3", "attendee_names": "Ana\nLuis\nRosa"}
    )
    assert response.status_code == 409
    assert "Only 2 seats are free for your booking" in response.content.decode()
    assert fresh(booking).seats == 2


def test_change_page_says_when_registration_closed(
    logged_in, booker, make_workshop, book, travel
):
    page = make_workshop(starts_in=dt.timedelta(days=3))
    page = republish(page, registration_closes_at=page.starts_at - dt.timedelta(days=2))
    booking = book(page, booker, 2, ["Ana", "Luis"])
    travel(dt.timedelta(days=2))
    get = logged_in.get(change_url(booking)).content.decode()
    assert "This booking can no longer be changed." in get
    assert 'name="seats"' not in get
    response = logged_in.post(change_url(booking), {"seats": "1"})
    assert response.status_code == 409
    assert "Registration for this workshop has closed." in response.content.decode()
    assert fresh(booking).seats == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_booking_cannot_be_changed(
    logged_in, stranger, make_workshop, book, method
):
    theirs = book(make_workshop(title="Their workshop"), stranger, 2, ["A", "B"])
    response = getattr(logged_in, method)(change_url(theirs), {"seats": "1"})
    assert response.status_code == 404
    assert "Their workshop" not in response.content.decode()
    assert fresh(theirs).seats == 2


def test_change_page_needs_a_login(client, booker, make_workshop, book):
    booking = book(make_workshop(), booker, 2, ["A", "B"])
    response = client.post(change_url(booking), {"seats": "1"})
    assert response.status_code == 302
    assert fresh(booking).seats == 2


# -- each booking's calendar file --------------------------------------------------


def test_booking_calendar_file_holds_the_workshop(
    logged_in, booker, make_workshop, book
):
    page = make_workshop(title="Lima briefing")
    booking = book(page, booker)
    response = logged_in.get(ics_url(booking))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lima briefing"
    assert str(event["UID"]) == f"workshop-{page.translation_key}@oss-portal"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_waiting_booking_calendar_file_is_tentative(
    logged_in, booker, stranger, make_workshop, book
):
    page = make_workshop(capacity=1)
    book(page, stranger)
    booking = book(page, booker)
    response = logged_in.get(ics_url(booking))
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["STATUS"]) == "TENTATIVE"


def test_confirmed_online_booking_calendar_file_has_the_link(
    logged_in, booker, make_workshop, book
):
    page = make_workshop(format="online", online_url="https://meet.example/abc")
    booking = book(page, booker)
    body = logged_in.get(ics_url(booking)).content.decode()
    assert "https://meet.example/abc" in body.replace("\r\n ", "")


def test_another_users_calendar_file_is_not_found(
    logged_in, stranger, make_workshop, book
):
    theirs = book(make_workshop(), stranger)
    assert logged_in.get(ics_url(theirs)).status_code == 404
