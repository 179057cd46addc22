"""Attendance certificates: who gets one, issuing, revoking, verifying, emailing.

The only code that creates or changes a ``Certificate``. After a workshop has
ended, each person checked in on a confirmed booking (a seat number in
``Booking.checked_in_seats``, named on the booking) may have one certificate,
in the booking's language. It is issued lazily (the first download, the
first "email it to me", or a coordinator's "issue") and only once per
(booking, seat): the booking's row is locked while issuing and a unique
constraint backs it. A certificate carries a public code; the verification
page (``certificate_views``) confirms the name, the workshop and the date of
a valid one, and only that. The PDF itself is drawn in ``certificate_pdf``.

Privacy: account deletion revokes the person's certificates and blanks their
names, and retention blanks the names (``services.forget_attendee_names``,
``services.anonymise_bookings_ended_before``); a certificate without a name
is never confirmed.
"""

from __future__ import annotations

import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from home.http import site_url
from home.i18n import localize_one

from .certificate_pdf import draw
from .records import (
    CERTIFICATE_CODE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    Booking,
    Certificate,
)
from .services import is_coordinator

logger = logging.getLogger(__name__)

# A code as typed: any case, with spaces or dashes between groups.
_CODE_SEPARATORS = re.compile(r"[\s\-]+")
CODE_ATTEMPTS = 5


class CertificateError(Exception):
    """A refusal with a message that can be shown to the person asking."""

    message = _("This certificate cannot be issued.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class WorkshopNotEnded(CertificateError):
    message = _("Certificates are issued once the workshop has ended.")


class NotCheckedIn(CertificateError):
    message = _("Only people checked in at the workshop get a certificate.")


class NoName(CertificateError):
    message = _("This booking no longer has the person's name.")


class CertificateNotAllowed(CertificateError):
    message = _("You cannot issue this certificate.")


class CertificateRevoked(CertificateError):
    message = _("This certificate has been revoked.")


# -- who gets one ----------------------------------------------------------


def attendee_name(booking: Booking, seat: int) -> str:
    """The name of the person at ``seat``: the attendee's name, else, for a
    booking of one seat, the booker's account name; "" when there is none."""
    names = list(booking.attendee_names or [])
    if 0 <= seat < len(names) and names[seat]:
        return names[seat]
    if booking.seats == 1 and seat == 0 and booking.user is not None:
        return booking.user.get_full_name()
    return ""


def refusal(booking: Booking, seat: int, now: datetime | None = None):
    """Why ``seat`` of ``booking`` gets no certificate now, or None when it does.

    :returns: a ``CertificateError`` (WorkshopNotEnded, NotCheckedIn, NoName)
        or None.
    """
    workshop = booking.workshop
    if workshop.ends_at > (now or timezone.now()):
        return WorkshopNotEnded()
    if (
        booking.status != Booking.Status.CONFIRMED
        or workshop.is_cancelled
        or isinstance(seat, bool)
        or not isinstance(seat, int)
        or not 0 <= seat < booking.seats
        or seat not in (booking.checked_in_seats or [])
    ):
        return NotCheckedIn()
    if not attendee_name(booking, seat):
        return NoName()
    return None


def certificate_seats(booking: Booking, now: datetime | None = None) -> list[int]:
    """The seats of ``booking`` that get a certificate now (see ``refusal``)."""
    return [
        seat
        for seat in sorted(set(booking.checked_in_seats or []))
        if refusal(booking, seat, now) is None
    ]


@dataclass(frozen=True)
class Holder:
    """A person on a booking who gets a certificate, and theirs if issued."""

    seat: int
    name: str
    certificate: Certificate | None


def holders(bookings: list[Booking], now: datetime | None = None) -> dict[int, list]:
    """Per booking id, the people who get a certificate, with the certificate
    already issued to each (one query whatever the number of bookings)."""
    issued = {
        (c.booking_id, c.seat): c
        for c in Certificate.objects.filter(booking__in=[b.pk for b in bookings])
    }
    return {
        booking.pk: [
            Holder(seat, attendee_name(booking, seat), issued.get((booking.pk, seat)))
            for seat in certificate_seats(booking, now)
        ]
        for booking in bookings
    }


# -- issuing and revoking --------------------------------------------------


def new_code() -> str:
    """A fresh random code: 10 characters of 31 (about 2^49 codes)."""
    return "".join(
        secrets.choice(CERTIFICATE_CODE_ALPHABET)
        for _ in range(CERTIFICATE_CODE_LENGTH)
    )


def issue_certificate(booking: Booking, seat: int, *, by) -> Certificate:
    """The certificate of the person at ``seat`` of ``booking``, issued now if
    it was not yet (by the booker or a coordinator; ``by`` None for the
    system). Idempotent: every call for one seat returns the same row, also
    when requests arrive at once (the booking's row is locked, and the unique
    (booking, seat) is the safety net). A revoked one is returned as it is.

    :raises CertificateError: CertificateNotAllowed, WorkshopNotEnded,
        NotCheckedIn or NoName.
    """
    if by is not None:
        owner = by.is_authenticated and booking.user_id == by.pk
        if not owner and not is_coordinator(by):
            raise CertificateNotAllowed()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("workshop", "user")
            .get(pk=booking.pk)
        )
        existing = Certificate.objects.filter(booking=booking, seat=seat).first()
        if existing is not None:
            return existing
        error = refusal(booking, seat)
        if error is not None:
            raise error
        for attempt in range(CODE_ATTEMPTS):
            try:
                with transaction.atomic():
                    return Certificate.objects.create(
                        booking=booking,
                        seat=seat,
                        name=attendee_name(booking, seat),
                        language=booking.language,
                        code=new_code(),
                        issued_by=by
                        if by is not None and by.is_authenticated
                        else None,
                    )
            except IntegrityError:
                # The seat's certificate made meanwhile, or (rarely) a code taken.
                existing = Certificate.objects.filter(
                    booking=booking, seat=seat
                ).first()
                if existing is not None:
                    return existing
                if attempt == CODE_ATTEMPTS - 1:
                    raise
    raise AssertionError("unreachable")  # pragma: no cover


def revoke_certificate(certificate: Certificate, *, by) -> Certificate:
    """Revoke ``certificate`` (coordinators only): the verification page then
    says it is revoked. Revoking twice changes nothing.

    :raises CertificateNotAllowed: when ``by`` is not a coordinator.
    """
    if not is_coordinator(by):
        raise CertificateNotAllowed(_("You cannot revoke this certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_by = by
            certificate.save(update_fields=["revoked_at", "revoked_by"])
    return certificate


# -- verifying -------------------------------------------------------------


def normalise_code(text: str) -> str | None:
    """``text`` as a certificate code (capitals, no spaces or dashes), or None
    when it cannot be one (wrong length, or a letter codes never use)."""
    code = _CODE_SEPARATORS.sub("", str(text or "")).upper()
    if len(code) != CERTIFICATE_CODE_LENGTH:
        return None
    if any(char not in CERTIFICATE_CODE_ALPHABET for char in code):
        return None
    return code


def find_certificate(text: str) -> Certificate | None:
    """The certificate whose code is ``text`` (as typed), or None."""
    code = normalise_code(text)
    if code is None:
        return None
    return (
        Certificate.objects.select_related("booking__workshop")
        .filter(code=code)
        .first()
    )


def verification_path(code: str) -> str:
    """The verification page of ``code``, in the active language."""
    return reverse("workshops:certificate", args=[code])


@dataclass(frozen=True)
class Facts:
    """What a certificate states, in one language."""

    name: str
    title: str
    date: str
    hours: str
    partner: str
    code: str
    verification_url: str


def format_hours(starts_at: datetime, ends_at: datetime) -> str:
    """The workshop's length in hours, in the active language ("2 hours", "1,5 horas")."""
    hours = round(max((ends_at - starts_at).total_seconds(), 0) / 3600, 1)
    whole = int(hours) if float(hours).is_integer() else None
    value = formats.number_format(hours, decimal_pos=0 if whole is not None else 1)
    return ngettext("%(hours)s hour", "%(hours)s hours", whole or 2) % {"hours": value}


def format_dates(starts_at: datetime, ends_at: datetime, tz) -> str:
    """The workshop's local date (or first and last dates), in the active language."""
    start = starts_at.astimezone(tz)
    end = ends_at.astimezone(tz)
    first = formats.date_format(start, "DATE_FORMAT")
    if start.date() == end.date():
        return first
    return gettext("%(first)s to %(last)s") % {
        "first": first,
        "last": formats.date_format(end, "DATE_FORMAT"),
    }


def facts(certificate: Certificate, language: str | None = None) -> Facts:
    """What ``certificate`` states, in ``language`` (default: its own): the
    workshop's title and partner from its page in that language where there
    is one, the date and hours from the venue's local times."""
    language = language or certificate.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    workshop = certificate.booking.workshop
    with translation.override(language):
        page = localize_one(
            workshop.pages().select_related("partner"), language, or_any=True
        )
        partner = page.partner.localized if page and page.partner else None
        return Facts(
            name=certificate.name,
            title=page.title if page else workshop.title,
            date=format_dates(workshop.starts_at, workshop.ends_at, workshop.tz),
            hours=format_hours(workshop.starts_at, workshop.ends_at),
            partner=partner.name if partner else "",
            code=certificate.code,
            verification_url=site_url(verification_path(certificate.code)),
        )


def pdf_filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.code}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, in its language.

    :raises CertificateRevoked: for a revoked certificate.
    """
    if certificate.is_revoked or not certificate.name:
        raise CertificateRevoked()
    with translation.override(certificate.language):
        return draw(facts(certificate))


# -- emailing --------------------------------------------------------------


def email_certificate(certificate: Certificate, to: str) -> bool:
    """Send ``certificate`` as a PDF attachment to ``to``, now, once: True when
    the mail server took it, False (logged) when it could not be sent.

    :raises CertificateRevoked: for a revoked certificate.
    """
    pdf = certificate_pdf(certificate)
    with translation.override(certificate.language):
        context = {"facts": facts(certificate)}
        subject = gettext("Your certificate of attendance · One Stop Shops")
        text = render_to_string("emails/workshops/certificate.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach(pdf_filename(certificate), pdf, "application/pdf")
    try:
        return message.send() == 1
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Certificate %s: email not sent: %s", certificate.pk, error)
        return False


# -- personal data ---------------------------------------------------------


def certificates_of(user) -> QuerySet[Certificate]:
    """The certificates of ``user``'s bookings (their personal-data export)."""
    return (
        Certificate.objects.filter(booking__user=user)
        .select_related("booking__workshop")
        .order_by("issued_at", "pk")
    )


def export_certificates(user) -> list[dict]:
    """``user``'s certificates as JSON-ready data."""
    return [
        {
            "code": certificate.code,
            "name": certificate.name,
            "workshop": certificate.booking.workshop.title,
            "seat": certificate.seat + 1,
            "language": certificate.language,
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": (
                certificate.revoked_at.isoformat() if certificate.revoked_at else None
            ),
            "verification_url": site_url(verification_path(certificate.code)),
        }
        for certificate in certificates_of(user)
    ]
