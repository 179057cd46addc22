"""Attendance certificates in a real browser: downloaded from My bookings
(a PDF naming the person), then checked on the public verification page,
which fits a 320 px phone."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

import home.demo
from tests.factories import UserFactory, VerifiedUserFactory
from workshops import services
from workshops.models import Certificate, Workshop

from .helpers import assert_no_serious_axe_violations
from .test_accounts import create_workshop
from .test_bookings import log_in
from .test_layout import SMALL_PHONE, layout_problems

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "María José Núñez"


@pytest.fixture
def attended(demo_site):
    """A booker whose workshop ended yesterday, with one of two people checked in."""
    cache.clear()
    page = create_workshop(home.demo.load())
    booker = VerifiedUserFactory(email="maria@example.org")
    coordinator = UserFactory(email="coord@example.org", is_superuser=True)
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
