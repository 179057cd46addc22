"""Accounts in a real browser: sign up, verify by the emailed link, book, cancel."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

import home.demo
from workshops.models import WorkshopIndexPage, WorkshopPage

from .helpers import DESKTOP, PHONE, assert_no_serious_axe_violations, open_menu

EMAIL = "ana.gomez@example.org"
PASSWORD = "a-long-browser-password"
WORKSHOP = "Briefing on returning to Peru"


def create_workshop(home_page) -> WorkshopPage:
    """A published workshop in a fortnight, with free seats (as ``make_workshop``)."""
    index = WorkshopIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = WorkshopIndexPage(title="Workshops", slug="workshops")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    tz = zoneinfo.ZoneInfo("Europe/Madrid")
    start = (timezone.now() + dt.timedelta(days=14)).astimezone(tz)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    page = WorkshopPage(
        title=WORKSHOP,
        slug="briefing-peru",
        city="Madrid",
        venue="Casa de América",
        time_zone="Europe/Madrid",
        start_date=start.date(),
        start_time=start.time(),
        end_time=(start + dt.timedelta(hours=2)).time(),
        capacity=20,
        max_seats_per_booking=3,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def accounts_site(demo_site) -> str:
    """The demo site and one more bookable workshop; returns the server URL."""
    cache.clear()  # allauth's rate limits count in the cache
    create_workshop(home.demo.load())
    return demo_site


def assert_accessible_on_phone_and_desktop(page: Page) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_serious_axe_violations(page)
    page.set_viewport_size(PHONE)


def verification_link() -> str:
    """The link in the last email sent to EMAIL (the live server runs in-process,
    so its locmem outbox is this one)."""
    messages = [m for m in mail.outbox if EMAIL in m.to]
    assert messages, "no verification email was sent"
    match = re.search(r"https?://\S+/confirm-email/\S+", messages[-1].body)
    assert match, messages[-1].body
    return match.group(0)


def test_sign_up_verify_book_see_and_cancel(accounts_site, page):
    workshop_url = f"{accounts_site}/en/workshops/briefing-peru/"
    page.goto(workshop_url)
    main = page.get_by_role("main")
    main.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible_on_phone_and_desktop(page)

    main.get_by_label("Full name").fill("Ana Gómez")
    main.get_by_label("Email", exact=True).fill(EMAIL)
    main.get_by_label("Password", exact=True).fill(PASSWORD)
    main.get_by_label("Password (again)").fill(PASSWORD)
    main.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verify Your Email Address"
    )

    # The link works in the same browser: confirming logs in and goes back to
    # the workshop the person came from.
    page.goto(verification_link())
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(workshop_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP)

    main.get_by_label("Seats").fill("1")
    main.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("confirmed")

    open_menu(page)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My bookings"
    ).click()
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming.get_by_role("heading", name=WORKSHOP)).to_be_visible()
    expect(upcoming).to_contain_text("Confirmed")
    expect(upcoming).to_contain_text("(Europe/Madrid)")
    assert_accessible_on_phone_and_desktop(page)

    # One tap on the card only asks: the booking stands until confirmed.
    upcoming.get_by_role("link", name=f"Cancel booking for {WORKSHOP}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel a booking")
    page.get_by_role("main").get_by_role("button", name="Cancel this booking").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Your booking has been cancelled."
    )
    expect(page.get_by_role("region", name="Upcoming")).to_contain_text(
        "You have no upcoming bookings."
    )
    cancelled = page.get_by_role("region", name="Cancelled")
    expect(cancelled.get_by_role("heading", name=WORKSHOP)).to_be_visible()
    expect(cancelled).to_contain_text("Cancelled")
    expect(cancelled.get_by_role("button")).to_have_count(0)
    expect(
        cancelled.get_by_role("link", name=re.compile("Cancel|Change"))
    ).to_have_count(0)
