""" "My bookings": own bookings only, cancelling, the calendar feed address."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from workshops import services
from workshops.models import Booking

from .conftest import move_to_past

pytestmark = pytest.mark.django_db

BOOKINGS = "/en/accounts/bookings/"


def cancel_url(booking) -> str:
    return f"/en/accounts/bookings/{booking.pk}/cancel/"


def status_of(booking) -> str:
    booking.refresh_from_db()
    return booking.status


@pytest.fixture
def stranger(make_user):
    return make_user(email="stranger@example.org")


def test_bookings_page_needs_a_login(client, home_page):
    response = client.get(BOOKINGS)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_bookings_page_lists_only_my_bookings(
    logged_in, booker, stranger, make_workshop, book
):
    book(make_workshop(title="Mine in Bilbao"), booker)
    book(make_workshop(title="Theirs in Lisbon"), stranger)
    html = logged_in.get(BOOKINGS).content.decode()
    assert "Mine in Bilbao" in html
    assert "Theirs in Lisbon" not in html


def test_bookings_page_splits_upcoming_and_past(logged_in, booker, make_workshop, book):
    past = make_workshop(title="Held last month")
    book(past, booker)
    move_to_past(past)
    book(make_workshop(title="Coming soon"), booker)
    response = logged_in.get(BOOKINGS)
    upcoming = [row.title for row in response.context["overview"].upcoming]
    past_rows = [row.title for row in response.context["overview"].past]
    assert upcoming == ["Coming soon"]
    assert past_rows == ["Held last month"]


def test_past_bookings_have_no_cancel_button(logged_in, booker, make_workshop, book):
    page = make_workshop(title="Held last month")
    booking = book(page, booker)
    move_to_past(page)
    html = logged_in.get(BOOKINGS).content.decode()
    assert cancel_url(booking) not in html


def test_past_booking_says_how_many_of_its_people_attended(
    logged_in, booker, coordinator, make_workshop, book
):
    page = make_workshop(title="Held last month")
    booking = book(page, booker, seats=3, names=["Ana", "Luis", "Rosa"])
    services.check_in(booking, [0, 2], by=coordinator)
    move_to_past(page)
    html = " ".join(logged_in.get(BOOKINGS).content.decode().split())
    assert "· 2 of 3 attended" in html


def test_waiting_booking_shows_its_position(
    logged_in, booker, stranger, make_user, make_workshop, book
):
    page = make_workshop(capacity=1)
    book(page, make_user(email="first@example.org"))
    book(page, stranger)
    book(page, booker)
    html = logged_in.get(BOOKINGS).content.decode()
    assert "On the waiting list: number 2" in html


def test_workshop_cancelled_by_the_organiser_says_so(
    logged_in, booker, make_workshop, book
):
    page = make_workshop()
    booking = book(page, booker)
    page.is_cancelled = True
    page.save_revision().publish()
    html = logged_in.get(BOOKINGS).content.decode()
    assert "The organiser has cancelled this workshop." in html
    assert cancel_url(booking) not in html


def test_times_are_shown_in_the_workshops_time_zone(
    logged_in, booker, make_workshop, book
):
    page = make_workshop(time_zone="America/Lima")
    book(page, booker)
    html = logged_in.get(BOOKINGS).content.decode()
    local = page.starts_at.astimezone(page.tz)
    assert local.strftime("%H:%M") in html
    assert "(America/Lima)" in html
    assert f'datetime="{local.isoformat()}"' in html


def test_title_is_in_the_current_language_when_translated(
    client, booker, make_workshop, book
):
    page = make_workshop(title="Briefing in Madrid")
    book(page, booker)
    spanish = page.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    spanish.title = "Sesión informativa en Madrid"
    spanish.save_revision().publish()
    client.force_login(booker)
    assert (
        "Sesión informativa en Madrid"
        in client.get("/es/accounts/bookings/").content.decode()
    )
    assert "Briefing in Madrid" in client.get(BOOKINGS).content.decode()


def test_bookings_page_runs_the_same_queries_for_one_or_many_bookings(
    logged_in, booker, stranger, make_workshop, book, django_assert_max_num_queries
):
    full = make_workshop(capacity=1)
    book(full, stranger)
    book(full, booker)  # waiting: its position is counted in the same query
    logged_in.get(BOOKINGS)  # warm the per-process caches (site, locales)
    with CaptureQueriesContext(connection) as one:
        logged_in.get(BOOKINGS)
    for _ in range(4):
        book(make_workshop(), booker)
    past = make_workshop()
    book(past, booker)
    move_to_past(past)
    with CaptureQueriesContext(connection) as many:
        logged_in.get(BOOKINGS)
    assert len(many) == len(one)
    with django_assert_max_num_queries(
        20
    ):  # 15 today: session, user, bookings, pages, site, menus, footer
        logged_in.get(BOOKINGS)


def test_cancelling_my_booking_frees_the_seat_for_the_waiting_list(
    logged_in, booker, stranger, make_workshop, book, django_capture_on_commit_callbacks
):
    page = make_workshop(capacity=1)
    mine = book(page, booker)
    waiting = book(page, stranger)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(cancel_url(mine))
    assert response.status_code == 303
    assert response["Location"] == BOOKINGS
    assert status_of(mine) == Booking.Status.CANCELLED
    assert status_of(waiting) == Booking.Status.CONFIRMED


def test_cancelling_shows_a_confirmation_message(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    response = logged_in.post(cancel_url(booking), follow=True)
    assert "Your booking has been cancelled." in response.content.decode()


def test_cancelled_booking_is_listed_as_cancelled(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(title="Changed my mind"), booker)
    logged_in.post(cancel_url(booking))
    overview = logged_in.get(BOOKINGS).context["overview"]
    assert overview.upcoming == []
    assert [row.title for row in overview.cancelled] == ["Changed my mind"]


def test_cancelling_returns_to_a_safe_next_page(logged_in, booker, make_workshop, book):
    page = make_workshop()
    booking = book(page, booker)
    response = logged_in.post(cancel_url(booking), {"next": page.url})
    assert response["Location"] == page.url


def test_cancelling_ignores_a_next_page_elsewhere(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    response = logged_in.post(cancel_url(booking), {"next": "https://evil.example/"})
    assert response["Location"] == BOOKINGS


def test_cancelling_twice_shows_the_services_refusal(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    logged_in.post(cancel_url(booking))
    response = logged_in.post(cancel_url(booking), follow=True)
    assert "This booking is already cancelled." in response.content.decode()


def test_cancelling_after_the_start_is_refused_with_the_services_message(
    logged_in, booker, make_workshop, book
):
    page = make_workshop()
    booking = book(page, booker)
    move_to_past(page, days=0)
    response = logged_in.post(cancel_url(booking), follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert status_of(booking) == Booking.Status.CONFIRMED


def test_get_on_cancel_shows_a_confirmation_and_changes_nothing(
    logged_in, booker, make_workshop, book
):
    booking = book(make_workshop(title="Lisbon briefing"), booker)
    response = logged_in.get(cancel_url(booking))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lisbon briefing" in html
    assert f'action="{cancel_url(booking)}"' in html
    assert "Cancel this booking" in html
    assert status_of(booking) == Booking.Status.CONFIRMED


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_booking_is_not_found_and_unchanged(
    logged_in, stranger, make_workshop, book, method
):
    theirs = book(make_workshop(title="Their workshop"), stranger)
    response = getattr(logged_in, method)(cancel_url(theirs))
    assert response.status_code == 404
    assert "Their workshop" not in response.content.decode()
    assert status_of(theirs) == Booking.Status.CONFIRMED


def test_unknown_booking_is_not_found(logged_in):
    assert logged_in.post("/en/accounts/bookings/999999/cancel/").status_code == 404


def test_cancel_without_csrf_token_is_refused_and_changes_nothing(
    booker, make_workshop, book
):
    booking = book(make_workshop(), booker)
    client = Client(enforce_csrf_checks=True)
    client.force_login(booker)
    response = client.post(cancel_url(booking))
    assert response.status_code == 403
    assert status_of(booking) == Booking.Status.CONFIRMED


def test_cancel_needs_a_login(client, booker, make_workshop, book):
    booking = book(make_workshop(), booker)
    response = client.post(cancel_url(booking))
    assert response.status_code == 302
    assert status_of(booking) == Booking.Status.CONFIRMED


def test_bookings_page_shows_my_secret_calendar_address(logged_in, booker, settings):
    html = logged_in.get(BOOKINGS).content.decode()
    address = f"{settings.SITE_URL}/calendar/{booker.calendar_token}/bookings.ics"
    assert address in html


def test_getting_a_new_calendar_address_replaces_the_old_one(logged_in, booker):
    old = booker.calendar_token
    response = logged_in.post("/en/accounts/calendar/new-address/")
    assert response.status_code == 303
    booker.refresh_from_db()
    assert booker.calendar_token != old
    html = logged_in.get(BOOKINGS).content.decode()
    assert booker.calendar_token in html and old not in html


def test_calendar_address_is_not_replaced_by_a_get(logged_in, booker):
    old = booker.calendar_token
    response = logged_in.get("/en/accounts/calendar/new-address/")
    assert response.status_code == 405
    booker.refresh_from_db()
    assert booker.calendar_token == old


def test_personal_pages_are_not_cached(logged_in):
    assert "no-store" in logged_in.get(BOOKINGS)["Cache-Control"]


def test_calendar_feed_address_comes_from_site_url_not_the_request_host(
    logged_in, booker, settings
):
    """A forged Host header cannot make the page hand out a foreign address."""
    settings.SITE_URL = "https://portal.example.org"
    content = logged_in.get(reverse("accounts:bookings"), HTTP_HOST="localhost")
    expected = (
        f"https://portal.example.org/calendar/{booker.calendar_token}/bookings.ics"
    )
    assert f'value="{expected}"' in content.content.decode()
    assert "http://localhost" not in content.content.decode()


def test_no_cancel_is_offered_once_the_workshop_has_started(
    logged_in, booker, make_workshop, book, travel
):
    """Started but not ended: still "upcoming", but the service refuses to
    cancel, so neither My bookings nor the workshop page offers it."""
    page = make_workshop(
        title="Under way",
        starts_in=dt.timedelta(days=1),
        duration=dt.timedelta(hours=4),
    )
    booking = book(page, booker)
    travel(dt.timedelta(days=1, hours=1))
    mine = logged_in.get(BOOKINGS)
    assert [row.title for row in mine.context["overview"].upcoming] == ["Under way"]
    assert cancel_url(booking) not in mine.content.decode()
    workshop_page = logged_in.get(page.url).content.decode()
    assert cancel_url(booking) not in workshop_page
    confirm = logged_in.get(cancel_url(booking)).content.decode()
    assert 'method="post"' not in confirm.split("<main", 1)[1].split("</main>")[0]


def test_cancel_is_offered_until_the_workshop_starts(
    logged_in, booker, make_workshop, book, travel
):
    page = make_workshop(starts_in=dt.timedelta(days=1))
    booking = book(page, booker)
    travel(dt.timedelta(hours=23))
    assert cancel_url(booking) in logged_in.get(BOOKINGS).content.decode()
    assert cancel_url(booking) in logged_in.get(page.url).content.decode()
