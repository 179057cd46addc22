"""Attendance certificates from "My bookings": download, "email it to me",
and what the personal-data export, account deletion and retention do to them."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts import services as account_services
from home.http import site_url
from tests.html_validation import html_errors
from tests.smtp import running_smtp_server, smtp_server_down
from workshops import certificates, services
from workshops.models import Booking, Certificate

pytestmark = pytest.mark.django_db

BOOKINGS = "/en/accounts/bookings/"


def pdf_url(booking: Booking, seat: int = 0) -> str:
    return reverse("accounts:certificate_pdf", args=[booking.pk, seat])


def email_url(booking: Booking, seat: int = 0) -> str:
    return reverse("accounts:email_certificate", args=[booking.pk, seat])


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_my_bookings_links_a_certificate_per_person_checked_in(
    logged_in, booker, attended_booking
):
    booking = attended_booking(
        user=booker, names=["Ana Pérez", "Luis Gómez"], checked_in=[1]
    )
    content = logged_in.get(BOOKINGS).content.decode()
    assert pdf_url(booking, 1) in content
    assert email_url(booking, 1) in content
    assert pdf_url(booking, 0) not in content
    assert "Certificate of Luis Gómez (PDF)" in content


def test_my_bookings_runs_the_same_queries_for_one_or_many_past_bookings(
    logged_in, booker, attended_booking
):
    attended_booking(user=booker, names=["Ana"])
    logged_in.get(BOOKINGS)  # caches filled (site, menus)
    with CaptureQueriesContext(connection) as one:
        logged_in.get(BOOKINGS)
    for names in (["Luis"], ["Marta", "Pablo"]):
        booking = attended_booking(user=booker, names=names, checked_in=[0])
        certificates.issue_certificate(booking, 0, by=booker)
    with CaptureQueriesContext(connection) as many:
        content = logged_in.get(BOOKINGS).content.decode()
    assert content.count("(PDF)") == 3
    assert len(many) == len(one)


def test_upcoming_bookings_offer_no_certificate(logged_in, booker, make_workshop, book):
    booking = book(make_workshop(), booker)
    assert "certificate" not in logged_in.get(BOOKINGS).content.decode().lower()
    assert logged_in.get(pdf_url(booking)).status_code == 404


def test_download_from_my_bookings_is_the_certificate_pdf(
    logged_in, booker, attended_booking
):
    booking = attended_booking(user=booker)
    response = logged_in.get(pdf_url(booking))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get(booking=booking)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    assert "María José Núñez" in pdf_text(response.content)
    # The same certificate on the next download.
    logged_in.get(pdf_url(booking))
    assert Certificate.objects.filter(booking=booking).count() == 1


def test_another_user_cannot_download_or_email_my_certificate(
    booker, make_user, attended_booking
):
    booking = attended_booking(user=booker)
    stranger = Client()
    stranger.force_login(make_user(email="stranger@example.org"))
    assert stranger.get(pdf_url(booking)).status_code == 404
    assert stranger.post(email_url(booking)).status_code == 404
    assert not Certificate.objects.exists()


def test_a_person_not_checked_in_gets_a_404(logged_in, booker, attended_booking):
    booking = attended_booking(user=booker, names=["Ana", "Luis"], checked_in=[0])
    assert logged_in.get(pdf_url(booking, 1)).status_code == 404
    assert logged_in.get(pdf_url(booking, 7)).status_code == 404


def test_a_revoked_certificate_is_not_downloaded(
    logged_in, booker, attended_booking, coordinator
):
    booking = attended_booking(user=booker)
    certificate = certificates.issue_certificate(booking, 0, by=booker)
    certificates.revoke_certificate(certificate, by=coordinator)
    assert logged_in.get(pdf_url(booking)).status_code == 404
    assert "certificate revoked" in logged_in.get(BOOKINGS).content.decode()


def test_email_me_my_certificate_sends_one_message_with_the_pdf(
    logged_in, booker, attended_booking
):
    booking = attended_booking(user=booker, language="es")
    with running_smtp_server() as smtp:
        response = logged_in.post(email_url(booking), follow=True)
    assert response.status_code == 200
    assert "booker@example.org" in response.content.decode()
    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received.rcpt_tos == ["booker@example.org"]
    attachments = list(received.message.iter_attachments())
    assert len(attachments) == 1
    certificate = Certificate.objects.get(booking=booking)
    assert attachments[0].get_filename() == f"certificate-{certificate.code}.pdf"
    assert attachments[0].get_content_type() == "application/pdf"
    data = attachments[0].get_content()
    assert data.startswith(b"%PDF-")
    assert "María José Núñez" in pdf_text(data)


def test_email_me_my_certificate_is_rate_limited(
    logged_in, booker, attended_booking, settings
):
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "certificate_email": "2/h",
    }
    booking = attended_booking(user=booker)
    with running_smtp_server() as smtp:
        answers = [logged_in.post(email_url(booking)).status_code for _ in range(3)]
    assert answers == [303, 303, 429]
    assert len(smtp.messages) == 2


def test_email_with_the_mail_server_down_says_so_without_a_500(
    logged_in, booker, attended_booking
):
    booking = attended_booking(user=booker)
    with smtp_server_down():
        response = logged_in.post(email_url(booking), follow=True)
    assert response.status_code == 200
    assert "could not be emailed" in response.content.decode()


def test_email_me_my_certificate_needs_a_post(logged_in, booker, attended_booking):
    booking = attended_booking(user=booker)
    assert logged_in.get(email_url(booking)).status_code == 405


def test_my_bookings_with_certificates_is_valid_html(
    logged_in, booker, attended_booking, coordinator, tmp_path
):
    booking = attended_booking(user=booker, names=["Ana", "Luis"], checked_in=[0, 1])
    certificates.revoke_certificate(
        certificates.issue_certificate(booking, 1, by=booker), by=coordinator
    )
    documents = {
        "en": logged_in.get(BOOKINGS).content.decode(),
        "it": logged_in.get("/it/accounts/bookings/").content.decode(),
    }
    assert html_errors(documents, tmp_path) == []


# -- personal data -----------------------------------------------------------


def test_export_lists_my_certificates(booker, attended_booking):
    booking = attended_booking(user=booker, title="Back to Peru")
    certificate = certificates.issue_certificate(booking, 0, by=booker)
    exported = account_services.export_data(booker)["certificates"]
    assert exported == [
        {
            "code": certificate.code,
            "name": "María José Núñez",
            "workshop": "Back to Peru",
            "seat": 1,
            "language": "en",
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": None,
            "verification_url": site_url(f"/en/certificates/{certificate.code}/"),
        }
    ]


def test_deleting_the_account_revokes_the_certificates_and_hides_the_name(
    client, booker, attended_booking
):
    booking = attended_booking(user=booker)
    certificate = certificates.issue_certificate(booking, 0, by=booker)
    account_services.delete_account(booker)
    certificate.refresh_from_db()
    assert certificate.name == ""
    assert certificate.is_revoked
    response = client.get(f"/en/certificates/{certificate.code}/")
    assert response.status_code == 200
    assert "revoked" in response.content.decode()
    assert "María José Núñez" not in response.content.decode()


def test_retention_blanks_the_names_on_certificates(client, booker, attended_booking):
    booking = attended_booking(user=booker, ended_days_ago=800)
    kept = attended_booking(names=["Luis Gómez"], ended_days_ago=10)
    old = certificates.issue_certificate(booking, 0, by=booker)
    recent = certificates.issue_certificate(kept, 0, by=kept.user)
    services.anonymise_bookings_ended_before(timezone.now() - dt.timedelta(days=365))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.name == ""
    assert recent.name == "Luis Gómez"
    content = client.get(f"/en/certificates/{old.code}/").content.decode()
    assert "María José Núñez" not in content
    assert "no longer be confirmed" in content
