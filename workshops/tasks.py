"""Background work for workshops: sending the emails that bookings are owed."""

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from home.mail import Outcome, classify_error

from .emails import build_message, skip_reason
from .records import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send one ``Notification`` unless it was sent already; True when sent now.

    The row is locked while sending (``SKIP LOCKED`` on PostgreSQL: a second
    worker given the same id does nothing), so it is sent once. A temporary
    failure leaves it unsent for ``send_workshop_reminders`` to retry, up to
    MAX_ATTEMPTS; a permanent one (5xx for the recipient or the message) stops
    the retries at once. Only the notification row is locked, never the
    workshop record that bookings lock.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("booking__workshop", "booking__user")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        reason = skip_reason(notification)
        if reason is not None:
            notification.sent_at = timezone.now()
            notification.last_error = f"not sent: {reason}"
            notification.save(update_fields=["sent_at", "last_error"])
            return False
        notification.attempts += 1
        try:
            message = build_message(notification)
        except Exception as error:
            # A bug or missing data, not SMTP: keep the row for a retry after
            # the fix, and say what went wrong.
            logger.exception("Email %s could not be built", notification_id)
            notification.last_error = f"not built: {error!r}"[:2000]
            notification.save(update_fields=["attempts", "last_error"])
            return False
        if message is None:
            notification.sent_at = timezone.now()
            notification.last_error = "not sent: nothing to send"
            notification.save(update_fields=["attempts", "sent_at", "last_error"])
            return False
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            permanent = classify_error(error) == Outcome.PERMANENT
            if permanent:
                notification.attempts = max(notification.attempts, MAX_ATTEMPTS)
            notification.last_error = (
                f"{'permanent' if permanent else 'temporary'}: {error}"
            )[:2000]
            notification.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "Email %s not sent (%s failure): %s",
                notification_id,
                "permanent" if permanent else "temporary",
                error,
            )
            return False
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def retry_unsent(older_than_seconds: int = 120) -> int:
    """Enqueue notifications left unsent (worker crash, SMTP down); returns how many.

    Only those older than ``older_than_seconds``, so that one whose first
    delivery is still on its way is not doubled (doubling would still send
    once, but waste a worker).
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=cutoff
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for notification_id in ids:
        deliver_notification.enqueue(notification_id)
    return len(ids)
