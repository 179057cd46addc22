"""Booking over HTTP and the booking panel of the workshop page."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from workshops import services
from workshops.models import Booking

pytestmark = pytest.mark.django_db


def book_url(page) -> str:
    return page.url + "book/"


def bookings_of(page):
    return Booking.objects.filter(workshop__translation_key=page.translation_key)


@pytest.fixture
def logged_in(client, booker):
    client.force_login(booker)
    return client


# -- booking ----------------------------------------------------------------


def test_book_confirms_and_redirects_with_303(logged_in, make_workshop, booker):
    page = make_workshop()
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 303
    assert response["Location"] == page.url
    booking = bookings_of(page).get()
    assert booking.user == booker
    assert booking.status == Booking.Status.CONFIRMED


def test_book_says_the_seat_is_confirmed(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(book_url(page), {"seats": "1"}, follow=True)
    assert "Your seat is confirmed." in response.content.decode()


def test_book_several_seats_keeps_the_names(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(
        book_url(page),
        {"seats": "3", "attendee_names": "Ana Ruiz\n\n  Luis  Gómez \nEva Sanz\n"},
    )
    assert response.status_code == 303
    booking = bookings_of(page).get()
    assert booking.seats == 3
    assert booking.attendee_names == ["Ana Ruiz", "Luis Gómez", "Eva Sanz"]


def test_book_without_seats_field_on_a_one_seat_workshop(logged_in, make_workshop):
    page = make_workshop(max_seats_per_booking=1)
    response = logged_in.post(book_url(page), {})
    assert response.status_code == 303
    assert bookings_of(page).get().seats == 1


def test_book_records_the_language_of_the_page(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(f"/es{book_url(page)[3:]}", {"seats": "1"})
    assert response.status_code == 303
    assert bookings_of(page).get().language == "es"


def test_book_on_a_full_workshop_joins_the_waiting_list(
    logged_in, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    response = logged_in.post(book_url(page), {"seats": "1"}, follow=True)
    assert "you are number 1 on the waiting list" in response.content.decode()
    assert bookings_of(page).filter(status=Booking.Status.WAITLISTED).count() == 1


def test_book_twice_is_refused_with_409(logged_in, make_workshop):
    page = make_workshop()
    first = logged_in.post(book_url(page), {"seats": "1"})
    second = logged_in.post(book_url(page), {"seats": "2", "attendee_names": "A\nB"})
    assert first.status_code == 303
    assert second.status_code == 409
    assert "You already have a booking for this workshop." in second.content.decode()
    assert bookings_of(page).get().seats == 1


def test_book_when_registration_closed_is_refused_with_409(logged_in, make_workshop):
    page = make_workshop(registration_closes_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 409
    assert "Registration for this workshop has closed." in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_before_registration_opens_is_refused_with_409(logged_in, make_workshop):
    page = make_workshop(
        registration_opens_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
        starts_in=dt.timedelta(days=365 * 80),
    )
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 409
    assert "has not opened yet" in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_a_cancelled_workshop_is_refused_with_409(logged_in, make_workshop):
    page = make_workshop(is_cancelled=True)
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 409
    assert "cancelled by the organiser" in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_unverified_is_refused_with_409(client, make_workshop, make_user):
    client.force_login(make_user(verified=False))
    page = make_workshop()
    response = client.post(book_url(page), {"seats": "1"})
    assert response.status_code == 409
    assert "confirm your email address" in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_anonymous_redirects_to_login(client, make_workshop):
    page = make_workshop()
    response = client.post(book_url(page), {"seats": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={page.url}"
    assert not bookings_of(page).exists()


def test_book_get_goes_back_to_the_page(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.get(book_url(page))
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert not bookings_of(page).exists()


def test_book_with_another_method_is_not_allowed(logged_in, make_workshop):
    page = make_workshop()
    assert logged_in.put(book_url(page)).status_code == 405


def test_book_without_csrf_token_is_forbidden(make_workshop, booker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(booker)
    page = make_workshop()
    response = client.post(book_url(page), {"seats": "1"})
    assert response.status_code == 403
    assert not bookings_of(page).exists()


def test_book_with_the_form_csrf_token_works(make_workshop, booker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(booker)
    page = make_workshop()
    html = client.get(page.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(book_url(page), {"seats": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 303
    assert bookings_of(page).count() == 1


# -- the booking panel ------------------------------------------------------


def test_panel_anonymous_offers_login_and_signup_back_to_the_page(
    client, make_workshop
):
    page = make_workshop()
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("account_login")}?next={page.url}"' in html
    assert f'href="{reverse("account_signup")}?next={page.url}"' in html
    assert "Log in to book" in html
    assert 'name="seats"' not in html


def test_panel_shows_the_form_with_book_button(logged_in, make_workshop):
    page = make_workshop(max_seats_per_booking=4)
    html = logged_in.get(page.url).content.decode()
    assert f'action="{book_url(page)}"' in html
    assert 'name="seats" min="1" max="4"' in html
    assert 'name="attendee_names"' in html
    assert ">Book</button>" in html


def test_panel_hides_seats_when_one_seat_per_booking(logged_in, make_workshop):
    page = make_workshop(max_seats_per_booking=1)
    html = logged_in.get(page.url).content.decode()
    assert 'name="seats"' not in html
    assert 'name="attendee_names"' not in html
    assert ">Book</button>" in html


def test_panel_offers_the_waiting_list_when_full(logged_in, make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    html = logged_in.get(page.url).content.decode()
    assert ">Join the waiting list</button>" in html


def test_panel_shows_a_confirmed_booking_with_cancel_form(
    logged_in, make_workshop, booker
):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    html = logged_in.get(page.url).content.decode()
    assert "Your booking is confirmed: 1 seat." in html
    assert f'href="{reverse("accounts:bookings")}"' in html
    assert f'action="{reverse("accounts:cancel_booking", args=[booking.pk])}"' in html
    assert 'name="seats"' not in html


def test_panel_shows_the_waiting_list_position(
    logged_in, make_workshop, make_user, booker
):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    services.book_seats(page, make_user())
    services.book_seats(page, booker)
    html = logged_in.get(page.url).content.decode()
    assert "You are number 2 on the waiting list." in html


def test_panel_asks_an_unverified_user_to_confirm(client, make_workshop, make_user):
    client.force_login(make_user(verified=False))
    page = make_workshop()
    html = client.get(page.url).content.decode()
    assert "Please confirm your email address before booking a seat" in html
    assert 'name="seats"' not in html


def test_panel_says_when_registration_opens(logged_in, make_workshop):
    page = make_workshop(
        registration_opens_at=dt.datetime(2099, 6, 1, 7, 0, tzinfo=dt.UTC),
        starts_in=dt.timedelta(days=365 * 80),
    )
    html = logged_in.get(page.url).content.decode()
    assert "Registration opens on 1 Jun 2099, 09:00 (Europe/Madrid)." in html
    assert ">Book</button>" not in html


def test_panel_says_registration_closed(logged_in, make_workshop):
    page = make_workshop(registration_closes_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    html = logged_in.get(page.url).content.decode()
    assert "Registration for this workshop has closed." in html
    assert ">Book</button>" not in html


def test_panel_of_an_ended_workshop_takes_no_booking(logged_in, make_workshop):
    page = make_workshop(starts_in=dt.timedelta(days=-2))
    html = logged_in.get(page.url).content.decode()
    assert "This workshop has taken place" in html
    assert ">Book</button>" not in html


def test_page_queries_do_not_depend_on_bookings(
    client, make_workshop, make_user, django_assert_max_num_queries
):
    page = make_workshop(capacity=50)
    for _ in range(10):
        services.book_seats(page, make_user())
    client.get(page.url)
    with django_assert_max_num_queries(30):
        assert client.get(page.url).status_code == 200
