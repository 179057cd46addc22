"""Booking over HTTP and the booking panel of the workshop page."""

import datetime as dt
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from tests.workshop_fixtures import book_url, translate
from workshops import services
from workshops.models import Booking

pytestmark = pytest.mark.django_db


def book_url_for_key(key) -> str:
    with translation.override("en"):
        return reverse("workshops:book", args=[key])


def bookings_of(page):
    return Booking.objects.filter(workshop__translation_key=page.translation_key)


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
    response = logged_in.post(book_url(page, "es"), {"seats": "1"})
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


def test_book_a_workshop_that_does_not_exist_is_404(logged_in, booker):
    response = logged_in.post(book_url_for_key(uuid.uuid4()), {"seats": "1"})
    assert response.status_code == 404
    assert not booker.bookings.exists()


@pytest.mark.parametrize(
    "key", ["not-a-key", "1", "00000000-0000-0000-0000-00000000000g"]
)
def test_book_with_a_malformed_key_is_404(logged_in, booker, make_workshop, key):
    make_workshop()
    response = logged_in.post(f"/en/workshops/{key}/book/", {"seats": "1"})
    assert response.status_code == 404
    assert not booker.bookings.exists()


def test_book_an_unpublished_workshop_is_404(logged_in, make_workshop):
    page = make_workshop()
    page.unpublish()
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 404
    assert not bookings_of(page).exists()


def test_book_in_a_language_goes_back_to_that_translation(logged_in, make_workshop):
    page = make_workshop()
    spanish = translate(page, "es", title="Taller de prueba")
    response = logged_in.post(book_url(page, "es"), {"seats": "1"})
    assert response.status_code == 303
    assert response["Location"] == spanish.url
    assert response["Location"].startswith("/es/")
    assert bookings_of(page).get().language == "es"


def test_book_in_a_language_without_translation_stays_in_that_language(
    logged_in, make_workshop
):
    page = make_workshop()
    response = logged_in.post(book_url(page, "pt"), {"seats": "1"})
    assert response.status_code == 303
    assert response["Location"] == "/pt" + page.url[3:]


def test_book_a_workshop_on_no_site_is_404(logged_in, make_workshop, booker):
    page = make_workshop()
    page.move(Page.get_first_root_node(), pos="last-child")  # outside the site
    for method in (logged_in.get, logged_in.post):
        assert method(book_url(page), {"seats": "1"}).status_code == 404
    assert not booker.bookings.exists()


def test_book_in_a_translation_allows_the_workshops_maximum(logged_in, make_workshop):
    """A translation keeping an older maximum does not narrow the form."""
    page = make_workshop(max_seats_per_booking=3)
    translate(page, "es", max_seats_per_booking=1)
    response = logged_in.post(
        book_url(page, "es"), {"seats": "3", "attendee_names": "Ana\nLuis\nEva"}
    )
    assert response.status_code == 303
    assert bookings_of(page).get().seats == 3
    response = logged_in.post(book_url(page, "es"), {"seats": "4"})
    assert response.status_code == 400


def test_book_anonymous_on_a_login_only_workshop_goes_to_the_page(
    client, make_workshop
):
    page = make_workshop()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.post(book_url(page), {"seats": "1"})
    assert response.status_code == 303
    assert response["Location"] == page.url
    assert not bookings_of(page).exists()


@pytest.mark.parametrize("on", ["page", "index"])
def test_book_a_password_protected_workshop_goes_to_the_page(
    logged_in, make_workshop, on
):
    page = make_workshop()
    protected = page if on == "page" else page.get_parent()
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 303
    assert response["Location"] == page.url
    assert not bookings_of(page).exists()
    # The page itself asks for the password.
    assert 'name="password"' in logged_in.get(page.url).content.decode()


def test_book_a_workshop_for_a_group_is_refused_to_others(
    logged_in, make_workshop, make_user
):
    page = make_workshop()
    group = Group.objects.create(name="Council staff")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 303
    assert not bookings_of(page).exists()

    member = make_user()
    member.groups.add(group)
    logged_in.force_login(member)
    assert logged_in.post(book_url(page), {"seats": "1"}).status_code == 303
    assert bookings_of(page).get().user == member


def test_book_a_restriction_elsewhere_on_the_site_does_not_stop_booking(
    logged_in, make_workshop
):
    page = make_workshop()
    other = make_workshop()
    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert logged_in.post(book_url(page), {"seats": "1"}).status_code == 303
    assert bookings_of(page).exists()


def test_book_under_an_alias_of_a_protected_page_is_refused(
    logged_in, make_workshop, workshop_index
):
    """A restriction on an alias's source covers the alias and what is below it."""
    page = make_workshop()
    source = workshop_index.get_parent().add_child(
        instance=StandardPage(title="Members", slug="members")
    )
    PageViewRestriction.objects.create(
        page=source, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    alias = source.create_alias(update_slug="members-alias")
    # Wagtail copies the restriction onto a new alias; one added to the
    # source later is not, yet covers the alias too.
    PageViewRestriction.objects.filter(page=alias).delete()
    page.move(alias, pos="last-child")
    page.refresh_from_db()
    response = logged_in.post(book_url(page), {"seats": "1"})
    assert response.status_code == 303
    assert not bookings_of(page).exists()


def test_book_runs_the_same_queries_however_many_bookings(
    logged_in, make_workshop, make_user
):
    """A booking's cost does not grow with the bookings already made."""
    page = make_workshop(capacity=5)
    url = book_url(page)
    counts = []
    for _ in range(8):  # five confirmed, then three waiting
        logged_in.force_login(make_user())
        with CaptureQueriesContext(connection) as queries:
            assert logged_in.post(url, {"seats": "1"}).status_code == 303
        counts.append(len(queries))
    confirmed, waiting = counts[:5], counts[5:]
    assert len(set(confirmed)) == len(set(waiting)) == 1, counts
    # The page, view restrictions, the user, the maximum seats; the lock
    # timeout (PostgreSQL), the locked record with the verified address, the
    # counts, the booking and its email; the email task; and BEGIN and COMMIT
    # where the backend shows them. A waiting booking reads its place in line.
    lock_timeout = 1 if connection.vendor == "postgresql" else 0
    assert confirmed[0] <= 11 + lock_timeout
    assert waiting[0] == confirmed[0] + 1


def test_book_waiting_message_gives_the_place_in_line(
    logged_in, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    for _ in range(3):
        services.book_seats(page, make_user())
    response = logged_in.post(book_url(page), {"seats": "1"}, follow=True)
    assert "you are number 3 on the waiting list" in response.content.decode()


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
    assert f'action="{book_url(page)}#booking-errors"' in html
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


def test_panel_shows_a_confirmed_booking_with_a_link_to_cancel_it(
    logged_in, make_workshop, booker
):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    html = logged_in.get(page.url).content.decode()
    assert "Your booking is confirmed: 1 seat." in html
    assert f'href="{reverse("accounts:bookings")}"' in html
    cancel = reverse("accounts:cancel_booking", args=[booking.pk])
    assert f'href="{cancel}?next=' in html
    assert f'action="{cancel}"' not in html
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
    assert "Registration opens on 1 June 2099, 09:00 (Europe/Madrid)." in html
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
