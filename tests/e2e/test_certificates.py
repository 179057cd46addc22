"""Attendance certificates in a real browser: downloaded from My bookings
(a PDF naming the person), then checked on the public verification page,
which fits a 320 px phone; a coordinator issues, downloads and revokes one
from the attendee list at 1366 px."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

import home.demo
from tests.factories import VerifiedUserFactory
from workshops import services
from workshops.models import Certificate, Workshop

from .helpers import assert_no_serious_axe_violations
from .test_accounts import create_workshop
from .test_bookings import log_in
from .test_layout import SMALL_PHONE, layout_problems

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "María José Núñez"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def attended(demo_site, coordinator):
    """A booker whose workshop ended yesterday, with one of two people checked in."""
    cache.clear()
    page = create_workshop(home.demo.load())
    booker = VerifiedUserFactory(email="maria@example.org")
    booking = services.book_seats(
        page, booker, seats=2, attendee_names=[NAME, "Luis Gómez"]
    )
    services.check_in(booking, [0], by=coordinator)
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=1)
    Workshop.objects.filter(pk=booking.workshop_id).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    return booker


def test_download_a_certificate_from_my_bookings(demo_site, attended, page: Page):
    log_in(page, demo_site, attended)
    page.goto(f"{demo_site}/en/accounts/bookings/")
    links = page.get_by_role("link", name="(PDF)")
    expect(links).to_have_count(1)  # only the person checked in
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Certificate of {NAME} (PDF)").click()
    download = download_info.value
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert NAME in text
    certificate = Certificate.objects.get()
    assert download.suggested_filename == f"certificate-{certificate.code}.pdf"
    assert certificate.code in text

    # Anyone can check it; on a small phone nothing scrolls sideways.
    page.set_viewport_size(SMALL_PHONE)
    page.context.clear_cookies()
    page.goto(f"{demo_site}/en/certificates/")
    page.get_by_label("Certificate code").fill(certificate.code.lower())
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_role("status")).to_contain_text("is valid")
    expect(page.locator("main")).to_contain_text(NAME)
    assert page.url.endswith(f"/en/certificates/{certificate.code}/")
    assert layout_problems(page, SMALL_PHONE) == []
    assert_no_serious_axe_violations(page)


def test_coordinator_issues_downloads_and_revokes_a_certificate(
    demo_site, attended, coordinator, new_context
):
    booking = attended.bookings.get()
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, demo_site, coordinator)
    attendees = f"{demo_site}/admin/workshop-bookings/attendees/{booking.workshop_id}/"
    page.goto(attendees)
    row = page.locator(f"#booking-{booking.pk}")
    expect(row.get_by_role("button", name="Issue certificate")).to_have_count(1)
    row.get_by_role("button", name=f"Issue certificate for {NAME}").click()
    certificate = Certificate.objects.get()
    expect(page.locator(".messages")).to_contain_text(
        f"Certificate {certificate.code} issued to {NAME}."
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"

    row = page.locator(f"#booking-{booking.pk}")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=f"Certificate {certificate.code}").click()
    data = open(download_info.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")

    row.get_by_role("link", name=f"Revoke the certificate of {NAME}").click()
    expect(page.get_by_text("Revoke this certificate?")).to_be_visible()
    page.get_by_role("button", name="Yes, revoke the certificate").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Certificate {certificate.code} is revoked."
    )
    expect(page.locator(f"#booking-{booking.pk}")).to_contain_text("revoked")
    certificate.refresh_from_db()
    assert certificate.revoked_by == coordinator
