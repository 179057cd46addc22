"""Sending what a referral owes (``services.owed_email``), once."""

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from home.mail import Outcome, classify_error

from . import emails, services
from .models import Referral

logger = logging.getLogger(__name__)

Owed = services.Owed


@task()
def send_owed(referral_id: int) -> str | None:
    """Send the email ``referral_id`` owes now, if any; what was sent.

    The referral's row is locked while sending (``SKIP LOCKED``: a second
    worker given the same id does nothing, and ``services.withdraw`` waits),
    and what is owed is decided under that lock, so each email goes once and
    a withdrawn referral is never forwarded. A forward to an office without
    an address only records that the admin has it. A temporary failure
    leaves the email owed for ``retry_unsent``; a permanent one, or
    ``MAX_EMAIL_ATTEMPTS``, stops the retries.
    """
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("country")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None:
            return None
        owed = services.owed_email(referral)
        if owed is None:
            return None
        now = timezone.now()
        address, language = emails.recipient_and_language(referral, owed)
        if owed == Owed.FORWARD and not address:
            referral.forwarded_at = now
            referral.forwarded_to = ""
            referral.save(update_fields=["forwarded_at", "forwarded_to"])
            return None
        referral.email_attempts += 1
        try:
            emails.build_message(referral, owed, address, language).send()
        except (smtplib.SMTPException, OSError) as error:
            outcome = classify_error(error)
            if outcome == Outcome.PERMANENT:
                referral.email_attempts = services.MAX_EMAIL_ATTEMPTS
            referral.last_email_error = f"{owed} {outcome}: {error}"[:2000]
            referral.save(update_fields=["email_attempts", "last_email_error"])
            logger.warning(
                "Referral %s: %s not sent (%s): %s", referral_id, owed, outcome, error
            )
            return None
        referral.email_attempts = 0
        referral.last_email_error = ""
        fields = ["email_attempts", "last_email_error"]
        if owed == Owed.CONSENT_REQUEST:
            referral.consent_requested_at = now
            fields.append("consent_requested_at")
        elif owed == Owed.FORWARD:
            referral.forwarded_at = now
            referral.forwarded_to = address
            fields += ["forwarded_at", "forwarded_to"]
        else:
            referral.withdrawal_notified_at = now
            fields.append("withdrawal_notified_at")
        referral.save(update_fields=fields)
    # The next email may be owed already (confirmed before the request went).
    if services.owed_email(referral) is not None:
        send_owed.enqueue(referral_id)
    return owed


def retry_unsent(older_than_seconds: int = 120) -> int:
    """Enqueue again the referrals whose email is still owed after
    ``older_than_seconds`` (SMTP down, worker stopped); how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        services.owing()
        .filter(status_changed_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for referral_id in ids:
        send_owed.enqueue(referral_id)
    return len(ids)
