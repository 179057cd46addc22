"""The coordinator's attendee list in a real browser at 1366x768 (a common
office laptop): long names wrap, the check-in column stays in sight, and one
person of a booking for two can be checked in."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

import home.demo
from tests.factories import VerifiedUserFactory
from workshops import services

from .test_accounts import create_workshop
from .test_bookings import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}
LONG_NAME = "María Fernanda de los Ángeles Villanueva-Etxeberria Santacruz"
LONG_EMAIL = (  # no hyphen: nowhere a browser would break it by itself
    "maria.fernanda.delosangeles.villanuevaetxeberria@ayuntamientodebilbao.example.org"
)


@pytest.fixture
def long_names_workshop(demo_site):
    """A workshop with bookings whose names and addresses are very long."""
    cache.clear()
    page = create_workshop(home.demo.load())
    record = services.workshop_record(page)
    for i in range(3):
        person = VerifiedUserFactory(
            email=f"{i}.{LONG_EMAIL}",
            full_name=LONG_NAME,
            organisation="Asociación de Ayuda al Retorno y la Reintegración Sostenible",
        )
        services.book_seats(record, person, 2, [LONG_NAME, f"{LONG_NAME} Segunda"])
    return record


@pytest.mark.parametrize("screen", ["attendees", "bookings"])
def test_booking_lists_fit_1366_pixels_with_long_names(
    demo_site, long_names_workshop, coordinator, new_context, screen
):
    context = new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, demo_site, coordinator)
    if screen == "attendees":
        page.goto(
            f"{demo_site}/admin/workshop-bookings/attendees/{long_names_workshop.pk}/"
        )
        check_in = page.get_by_role("button", name="Save check-in").first
    else:
        page.goto(
            f"{demo_site}/admin/workshop-bookings/bookings/"
            f"?workshop={long_names_workshop.pk}"
        )
        expect(page.get_by_text(LONG_EMAIL).first).to_be_visible()
        check_in = page.get_by_role("columnheader", name="Checked in")
    expect(check_in).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    box = check_in.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
    # No cell lets its text run over the next one.
    spilled = page.evaluate(
        """() => [...document.querySelectorAll('table.listing td')]
            .filter(td => td.scrollWidth > td.clientWidth + 1).length"""
    )
    assert spilled == 0


def test_coordinator_checks_in_one_of_two_attendees(
    demo_site, coordinator, new_context
):
    cache.clear()
    record = services.workshop_record(create_workshop(home.demo.load()))
    booker = VerifiedUserFactory(full_name="Rosa Flores")
    booking = services.book_seats(record, booker, 2, ["Rosa Flores", "Juan Flores"])
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, demo_site, coordinator)
    page.goto(f"{demo_site}/admin/workshop-bookings/attendees/{record.pk}/")
    row = page.locator(f"#booking-{booking.pk}")
    expect(row).to_contain_text("0 of 2 checked in")

    row.get_by_role("checkbox", name="Juan Flores").check()
    row.get_by_role(
        "button", name="Save check-in for the booking of Rosa Flores"
    ).click()

    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Booking of Rosa Flores: 1 of 2 people checked in."
    )
    row = page.locator(f"#booking-{booking.pk}")
    expect(row).to_contain_text("1 of 2 checked in")
    expect(row.get_by_role("checkbox", name="Juan Flores")).to_be_checked()
    expect(row.get_by_role("checkbox", name="Rosa Flores")).not_to_be_checked()
    expect(page.get_by_text("1 of 2 people with a confirmed seat")).to_be_visible()
    assert record.bookings.figures().attended == 1
    booking.refresh_from_db()
    assert booking.checked_in_seats == [1]
