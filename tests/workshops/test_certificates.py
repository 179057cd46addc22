"""Attendance certificates: who gets one, the PDF, the public verification
page, and the coordinator's issue / download / revoke in the admin."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.html_validation import html_errors
from workshops import certificates, services
from workshops.models import Booking, Certificate
from workshops.records import CERTIFICATE_CODE_ALPHABET

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def admin_url(name: str, booking: Booking, seat: int = 0) -> str:
    return reverse(
        f"workshops_admin:{name}", args=[booking.workshop_id, booking.pk, seat]
    )


# -- who gets one ------------------------------------------------------------


def test_certificate_pdf_states_the_name_with_accents_the_title_and_the_code(
    attended_booking,
):
    booking = attended_booking(title="Volver a Ecuador: São Paulo y más")
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    data = certificates.certificate_pdf(certificate)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "María José Núñez" in text
    assert "Volver a Ecuador: São Paulo y más" in text
    assert certificate.code in text
    assert f"/en/certificates/{certificate.code}/" in text
    assert "2 hours" in text


def test_only_checked_in_seats_get_certificates(attended_booking):
    booking = attended_booking(names=["Ana Pérez", "Luis Gómez"], checked_in=[0])
    assert certificates.certificate_seats(booking) == [0]
    certificates.issue_certificate(booking, 0, by=booking.user)
    with pytest.raises(certificates.NotCheckedIn):
        certificates.issue_certificate(booking, 1, by=booking.user)
    assert Certificate.objects.filter(booking=booking).count() == 1


def test_no_certificate_before_the_workshop_has_ended(make_workshop, make_user):
    page = make_workshop(starts_in=dt.timedelta(hours=-1))
    assert page.pk  # started an hour ago, ends in an hour
    booking = Booking.objects.create(
        workshop=services.workshop_record(page),
        user=make_user(full_name="Ana Pérez"),
        checked_in_seats=[0],
        attended_seats=1,
    )
    with pytest.raises(certificates.WorkshopNotEnded):
        certificates.issue_certificate(booking, 0, by=booking.user)
    assert not Certificate.objects.exists()


def test_cancelled_booking_gets_no_certificate(attended_booking):
    booking = attended_booking()
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    with pytest.raises(certificates.NotCheckedIn):
        certificates.issue_certificate(booking, 0, by=booking.user)


def test_issuing_twice_returns_the_same_certificate(attended_booking, coordinator):
    booking = attended_booking()
    first = certificates.issue_certificate(booking, 0, by=booking.user)
    second = certificates.issue_certificate(booking, 0, by=coordinator)
    assert first.pk == second.pk
    assert first.code == second.code
    assert Certificate.objects.count() == 1
    assert first.issued_by == booking.user


def test_certificate_keeps_the_name_language_and_a_code_of_the_safe_alphabet(
    attended_booking,
):
    booking = attended_booking(language="pt")
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    assert certificate.name == "María José Núñez"
    assert certificate.language == "pt"
    assert len(certificate.code) == 10
    assert set(certificate.code) <= set(CERTIFICATE_CODE_ALPHABET)
    assert not set(certificate.code) & set("01ILO")


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("es", "Certificado de asistencia"),
        ("pt", "Certificado de participação"),
        ("it", "Attestato di partecipazione"),
    ],
)
def test_certificate_is_in_the_booking_language(attended_booking, language, heading):
    booking = attended_booking(language=language)
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    text = pdf_text(certificates.certificate_pdf(certificate))
    assert heading in text
    assert f"/{language}/certificates/{certificate.code}/" in text


def test_someone_else_cannot_issue_my_certificate(attended_booking, make_user):
    booking = attended_booking()
    with pytest.raises(certificates.CertificateNotAllowed):
        certificates.issue_certificate(booking, 0, by=make_user())


def test_only_a_coordinator_revokes(attended_booking, coordinator):
    booking = attended_booking()
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    with pytest.raises(certificates.CertificateNotAllowed):
        certificates.revoke_certificate(certificate, by=booking.user)
    revoked = certificates.revoke_certificate(certificate, by=coordinator)
    assert revoked.revoked_by == coordinator
    assert revoked.is_revoked
    with pytest.raises(certificates.CertificateRevoked):
        certificates.certificate_pdf(revoked)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd-efgh-jk", "ABCDEFGHJK"),
        (" 23456 789ab ", "23456789AB"),
        ("ABCDEFGHJ", None),  # too short
        ("ABCDEFGHJ0", None),  # 0 is never used
        ("ÁBCDEFGHJK", None),
        ("", None),
    ],
)
def test_codes_are_read_as_typed(typed, expected):
    assert certificates.normalise_code(typed) == expected


# -- the verification page ---------------------------------------------------


def test_verification_page_confirms_a_valid_code(client, attended_booking):
    booking = attended_booking(title="Back to Peru")
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    response = client.get(f"/en/certificates/{certificate.code}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "is valid" in content
    assert "María José Núñez" in content
    assert "Back to Peru" in content
    assert booking.user.email not in content
    assert (
        "no-store" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_verification_page_says_revoked_for_a_revoked_code(
    client, attended_booking, coordinator
):
    booking = attended_booking()
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    certificates.revoke_certificate(certificate, by=coordinator)
    response = client.get(f"/es/certificates/{certificate.code}/")
    assert response.status_code == 200
    assert "revocado" in response.content.decode()
    assert "María José Núñez" not in response.content.decode()


@pytest.mark.parametrize(
    "code", ["ABCDEFGHJK", "abc", "0000000000", "%00", "A" * 300, "é" * 10]
)
def test_verification_page_is_a_404_for_an_unknown_or_malformed_code(client, code):
    response = client.get(f"/en/certificates/{code}/")
    assert response.status_code == 404
    assert "certificate" in response.content.decode().lower()


NO_500 = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@NO_500
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_code_typed_or_in_the_address_never_fails_with_500(client, text):
    assert client.get("/en/certificates/", {"code": text}).status_code in {
        200,
        303,
        400,
    }
    response = client.get(f"/en/certificates/{quote(text, safe='')}/")
    assert response.status_code in {301, 302, 404}


def test_the_form_sends_a_typed_code_to_its_page(client, attended_booking):
    booking = attended_booking()
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    typed = f"{certificate.code[:5].lower()}-{certificate.code[5:].lower()}"
    response = client.get("/en/certificates/", {"code": typed})
    assert response.status_code == 303
    assert response["Location"] == f"/en/certificates/{certificate.code}/"


def test_the_form_explains_a_code_that_cannot_be_one(client):
    response = client.get("/en/certificates/", {"code": "not a code"})
    assert response.status_code == 400
    assert "10 letters and digits" in response.content.decode()


def test_verification_pages_are_valid_html(
    client, attended_booking, coordinator, tmp_path
):
    booking = attended_booking(names=["Ana Pérez", "Luis Gómez"], checked_in=[0, 1])
    valid = certificates.issue_certificate(booking, 0, by=booking.user)
    revoked = certificates.revoke_certificate(
        certificates.issue_certificate(booking, 1, by=booking.user), by=coordinator
    )
    urls = {
        "valid": f"/en/certificates/{valid.code}/",
        "revoked": f"/pt/certificates/{revoked.code}/",
        "unknown": "/en/certificates/ABCDEFGHJK/",
        "malformed": "/it/certificates/nope/",
        "form": "/en/certificates/",
        "form with an error": "/es/certificates/?code=nope",
    }
    documents = {name: client.get(url).content.decode() for name, url in urls.items()}
    assert html_errors(documents, tmp_path) == []


# -- the coordinator's tools -------------------------------------------------


def test_attendee_list_of_a_past_workshop_offers_a_certificate_per_person_checked_in(
    coordinator_client, attended_booking
):
    booking = attended_booking(names=["Ana Pérez", "Luis Gómez"], checked_in=[1])
    response = coordinator_client.get(
        reverse("workshops_admin:attendees", args=[booking.workshop_id])
    )
    content = response.content.decode()
    assert admin_url("issue_certificate", booking, 1) in content
    assert admin_url("issue_certificate", booking, 0) not in content


def test_coordinator_issues_downloads_and_revokes_a_certificate(
    coordinator_client, attended_booking, coordinator
):
    booking = attended_booking()
    response = coordinator_client.post(admin_url("issue_certificate", booking))
    assert response.status_code == 302
    certificate = Certificate.objects.get(booking=booking, seat=0)
    assert certificate.issued_by == coordinator

    response = coordinator_client.get(admin_url("certificate_pdf", booking))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.code in pdf_text(response.content)

    confirm = coordinator_client.get(admin_url("revoke_certificate", booking))
    assert confirm.status_code == 200
    assert "Revoke this certificate?" in confirm.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # a GET only asks

    response = coordinator_client.post(admin_url("revoke_certificate", booking))
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == coordinator
    assert coordinator_client.get(
        admin_url("certificate_pdf", booking)
    ).status_code == (404)


def test_coordinator_issues_a_certificate_for_a_phone_booking(
    coordinator_client, make_workshop, coordinator
):
    page = make_workshop()
    person = UserFactory(email="phone@example.org", full_name="Joaquín Ibáñez")
    person.set_unusable_password()
    person.save()
    booking = services.book_seats(
        page, person, by=coordinator, source=Booking.Source.PHONE
    )
    services.check_in(booking, [0], by=coordinator)
    booking.workshop.starts_at -= dt.timedelta(days=30)
    booking.workshop.ends_at -= dt.timedelta(days=30)
    booking.workshop.save()
    coordinator_client.post(admin_url("issue_certificate", booking))
    certificate = Certificate.objects.get(booking=booking)
    assert certificate.name == "Joaquín Ibáñez"


def test_coordinator_is_told_why_a_seat_gets_no_certificate(
    coordinator_client, attended_booking
):
    booking = attended_booking(names=["Ana Pérez", "Luis Gómez"], checked_in=[0])
    response = coordinator_client.post(
        admin_url("issue_certificate", booking, 1), follow=True
    )
    assert "Only people checked in" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_certificate_not_issued_cannot_be_downloaded_or_revoked_in_the_admin(
    coordinator_client, attended_booking
):
    booking = attended_booking()
    pdf = coordinator_client.get(admin_url("certificate_pdf", booking))
    assert pdf.status_code == 404
    for method in ("get", "post"):
        response = getattr(coordinator_client, method)(
            admin_url("revoke_certificate", booking), follow=True
        )
        assert "No certificate has been issued" in response.content.decode()
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "issue_certificate"),
        ("get", "certificate_pdf"),
        ("get", "revoke_certificate"),
        ("post", "revoke_certificate"),
    ],
)
def test_an_editor_is_refused_the_certificate_tools(
    editor_client, attended_booking, method, name
):
    booking = attended_booking()
    certificate = certificates.issue_certificate(booking, 0, by=booking.user)
    response = getattr(editor_client, method)(admin_url(name, booking))
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_coordinator_certificate_pages_are_valid_html(
    coordinator_client, attended_booking, coordinator, tmp_path
):
    booking = attended_booking(
        names=["Ana Pérez", "Luis Gómez", "Rosa"], checked_in=[0, 1, 2]
    )
    certificates.issue_certificate(booking, 1, by=coordinator)
    certificates.revoke_certificate(
        certificates.issue_certificate(booking, 2, by=coordinator), by=coordinator
    )
    documents = {
        "attendee list": coordinator_client.get(
            reverse("workshops_admin:attendees", args=[booking.workshop_id])
        ).content.decode(),
        "revoke confirmation": coordinator_client.get(
            admin_url("revoke_certificate", booking, 1)
        ).content.decode(),
    }
    errors = [
        error
        for error in html_errors(documents, tmp_path)
        # Wagtail's own header dropdown ("more buttons"), not this feature's.
        if "Attribute “type” not allowed on element “div”" not in error
    ]
    assert errors == []
