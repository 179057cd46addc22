"""The booking panel's refusals: errors first, fewer seats than asked, and
changing or cancelling only through a page that asks first."""

import re

import pytest
from django.core import mail

from tests.workshop_fixtures import book_url
from workshops import services
from workshops.models import Booking

pytestmark = pytest.mark.django_db

Status = Booking.Status


def bookings_of(page):
    return Booking.objects.filter(workshop__translation_key=page.translation_key)


def panel_of(html: str) -> str:
    return html.split('id="booking"', 1)[1].split("</section>", 1)[0]


def test_booking_form_posts_to_the_booking_panel(logged_in, make_workshop):
    page = make_workshop()
    html = logged_in.get(page.url).content.decode()
    assert f'action="{book_url(page)}#booking-errors"' in html


def test_refused_booking_puts_the_error_summary_first_in_the_panel(
    logged_in, make_workshop
):
    page = make_workshop(max_seats_per_booking=3)
    response = logged_in.post(book_url(page), {"seats": "9"})
    assert response.status_code == 400
    panel = panel_of(response.content.decode())
    summary = re.search(r'<div class="error-summary[^"]*"([^>]*)>', panel)
    assert summary is not None
    assert 'role="alert"' in summary.group(1)
    assert 'tabindex="-1"' in summary.group(1)
    assert "autofocus" in summary.group(1)
    # Nothing but the heading comes before it.
    before = panel[: summary.start()]
    assert "<form" not in before and "<p" not in before
    assert '<a href="#booking-seats">You can book at most 3 seats' in panel


def test_refusal_of_the_rules_is_in_the_same_summary(logged_in, make_workshop):
    page = make_workshop()
    logged_in.post(book_url(page), {"seats": "1"})
    logged_in.post(book_url(page), {"seats": "1"})
    response = logged_in.post(book_url(page), {"seats": "2", "attendee_names": "A\nB"})
    assert response.status_code == 409
    summary = panel_of(response.content.decode()).split("</div>", 1)[0]
    assert "error-summary" in summary
    assert "You already have a booking for this workshop." in summary


def test_fewer_seats_left_than_asked_says_so_and_books_nothing(
    logged_in, make_workshop, make_user
):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user())
    response = logged_in.post(
        book_url(page), {"seats": "3", "attendee_names": "Ana\nLuis\nRosa"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Only 2 seats are left: book 2, or join the waiting list for 3." in html
    assert "waiting list: you are number" not in html
    assert 'name="join_waiting_list" value="1"' in html
    assert "Join the waiting list for 3 seats" in html
    assert bookings_of(page).count() == 1


def test_joining_the_waiting_list_for_all_seats_after_the_refusal(
    logged_in, make_workshop, make_user
):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user())
    response = logged_in.post(
        book_url(page),
        {"seats": "3", "attendee_names": "Ana\nLuis\nRosa", "join_waiting_list": "1"},
        follow=True,
    )
    mine = bookings_of(page).get(seats=3)
    assert mine.status == Status.WAITLISTED
    html = response.content.decode()
    assert "Fewer seats are left than you asked for: you are number 1" in html
    assert "The workshop is full" not in html


def test_booking_the_seats_left_after_the_refusal(logged_in, make_workshop, make_user):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user())
    response = logged_in.post(book_url(page), {"seats": "2", "attendee_names": "A\nB"})
    assert response.status_code == 303
    assert bookings_of(page).get(seats=2).status == Status.CONFIRMED


def test_waiting_list_email_for_a_shortfall_does_not_say_full(
    logged_in, make_workshop, make_user, on_commit
):
    page = make_workshop(capacity=3)
    services.book_seats(page, make_user())
    with on_commit():
        logged_in.post(
            book_url(page),
            {"seats": "3", "attendee_names": "A\nB\nC", "join_waiting_list": "1"},
        )
    (waiting,) = [m for m in mail.outbox if m.subject.startswith("On the waiting")]
    assert "has only 2 seats free for now" in waiting.body
    assert "is full" not in waiting.body


def test_booked_panel_cancels_only_through_the_confirmation_page(
    logged_in, booker, make_workshop
):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    panel = panel_of(logged_in.get(page.url).content.decode())
    assert 'method="post"' not in panel
    cancel = f"/en/accounts/bookings/{booking.pk}/cancel/?next="
    assert f'href="{cancel}' in panel
    confirm = logged_in.get(f"{cancel}{page.url}").content.decode()
    assert f'<input type="hidden" name="next" value="{page.url}">' in confirm
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED


def test_booked_panel_links_to_the_change_page(logged_in, booker, make_workshop):
    page = make_workshop()
    booking = services.book_seats(page, booker)
    panel = panel_of(logged_in.get(page.url).content.decode())
    assert f'href="/en/accounts/bookings/{booking.pk}/change/?next=' in panel
