"""Booking in a real browser on a phone: refusals in sight, cancelling that
asks first, and changing seats that hands them to the waiting list."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Page, expect

import home.demo
from tests.factories import VerifiedUserFactory
from workshops import services
from workshops.models import Booking

from .helpers import PHONE, assert_no_serious_axe_violations
from .test_accounts import WORKSHOP, create_workshop

pytestmark = pytest.mark.django_db(transaction=True)

Status = Booking.Status


@pytest.fixture
def workshop(demo_site):
    """A bookable workshop (3 seats at most per booking, 20 in all)."""
    cache.clear()
    return create_workshop(home.demo.load())


def log_in(page: Page, base_url: str, user) -> None:
    """Give the browser a session of ``user`` (as a login would)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def test_refused_booking_shows_its_error_on_the_first_screen(demo_site, workshop, page):
    log_in(page, demo_site, VerifiedUserFactory(email="ana@example.org"))
    page.goto(f"{demo_site}{workshop.url}")
    form = page.locator("form.booking-form")
    # Too many seats for the form's own limits: sent anyway, as an old page or
    # a browser without validation would send it.
    form.evaluate("form => form.setAttribute('novalidate', '')")
    page.get_by_label("Seats").fill("7")
    page.get_by_role("button", name="Book", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("You can book at most 3 seats")
    box = summary.bounding_box()
    assert box is not None
    assert 0 <= box["y"] and box["y"] + 40 < PHONE["height"], box
    # Focus is on the summary, and its link leads to the field.
    expect(summary).to_be_focused()
    assert_no_serious_axe_violations(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Seats")).to_be_focused()
    assert not Booking.objects.filter(
        workshop__translation_key=workshop.translation_key
    )


def test_refused_booking_is_in_sight_without_javascript(
    demo_site, workshop, new_context
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, demo_site, VerifiedUserFactory(email="ana@example.org"))
    record = workshop.workshop
    for _ in range(18):
        services.book_seats(record, VerifiedUserFactory())  # 2 seats left
    page.goto(f"{demo_site}{workshop.url}")
    page.get_by_label("Seats").fill("3")
    page.get_by_label("Names of the people attending").fill("Ana\nLuis\nRosa")
    page.get_by_role("button", name="Book", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Only 2 seats are left: book 2, or join the waiting list for 3."
    )
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"] - 40, box
    expect(summary).to_be_focused()
    page.get_by_role("button", name="Join the waiting list for 3 seats").click()
    expect(page.get_by_role("main")).to_contain_text("You are number 1 on the waiting")
    mine = Booking.objects.get(user__email="ana@example.org")
    assert (mine.status, mine.seats) == (Status.WAITLISTED, 3)


def test_cancelling_from_the_workshop_page_asks_first(demo_site, workshop, page):
    user = VerifiedUserFactory(email="ana@example.org")
    booking = services.book_seats(workshop, user)
    log_in(page, demo_site, user)
    page.goto(f"{demo_site}{workshop.url}")
    page.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel a booking")
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED
    assert_no_serious_axe_violations(page)
    page.get_by_role("main").get_by_role("button", name="Cancel this booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP)
    expect(page.get_by_role("status").first).to_contain_text(
        "Your booking has been cancelled."
    )
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED


def test_changing_two_seats_to_one_promotes_the_waiting_booking(
    demo_site, workshop, page
):
    record = workshop.workshop
    record.capacity = 2
    record.save(update_fields=["capacity"])
    user = VerifiedUserFactory(email="ana@example.org")
    mine = services.book_seats(record, user, 2, ["Ana Gómez", "Luis Pérez"])
    waiting = services.book_seats(record, VerifiedUserFactory(email="eva@example.org"))
    assert waiting.status == Status.WAITLISTED
    mail.outbox.clear()
    log_in(page, demo_site, user)
    page.goto(f"{demo_site}/en/accounts/bookings/")
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming).to_contain_text("Luis Pérez")
    upcoming.get_by_role("link", name=f"Change booking for {WORKSHOP}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a booking")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Seats").fill("1")
    page.get_by_label("Names of the people attending").fill("Ana Gómez")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Your booking has been changed."
    )
    expect(page.get_by_role("region", name="Upcoming")).not_to_contain_text(
        "Luis Pérez"
    )
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.seats, mine.attendee_names) == (1, ["Ana Gómez"])
    assert waiting.status == Status.CONFIRMED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["eva@example.org"] == f"A seat is yours: {WORKSHOP}"
    assert subjects["ana@example.org"] == f"Booking changed: {WORKSHOP}"


def test_copy_address_button_appears_with_javascript_only(demo_site, page, new_context):
    user = VerifiedUserFactory(email="ana@example.org")
    log_in(page, demo_site, user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{demo_site}/en/accounts/bookings/")
    button = page.get_by_role("button", name="Copy address")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".calendar-feed__copied")).to_have_text(
        "Address copied.", timeout=5000
    )
    subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
    assert subscribe.get_attribute("href").startswith("webcal://")

    without_js = new_context(java_script_enabled=False).new_page()
    log_in(without_js, demo_site, user)
    without_js.goto(f"{demo_site}/en/accounts/bookings/")
    expect(without_js.get_by_role("button", name="Copy address")).to_have_count(0)
    expect(
        without_js.get_by_role("link", name="Subscribe in your calendar app")
    ).to_be_visible()
