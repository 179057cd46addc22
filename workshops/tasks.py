"""Background work for workshops: sending the emails that bookings are owed."""

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send one ``Notification`` unless it was sent already; True when sent now.

    The row is locked while sending, so two workers given the same id send
    it once. A temporary SMTP failure leaves it unsent for the next
    ``send_workshop_reminders`` run to retry (up to MAX_ATTEMPTS).
    """
    from .emails import build_message

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("booking__workshop", "booking__user")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        message = build_message(notification)
        if message is None:  # nobody to write to (account deleted)
            notification.sent_at = timezone.now()
            notification.last_error = "no recipient"
            notification.save(update_fields=["sent_at", "last_error"])
            return False
        notification.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            notification.last_error = str(error)[:2000]
            notification.save(update_fields=["attempts", "last_error"])
            logger.warning("Email %s not sent: %s", notification_id, error)
            return False
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def retry_unsent(older_than_seconds: int = 120) -> int:
    """Enqueue notifications left unsent (worker crash, SMTP down); returns how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for notification_id in ids:
        deliver_notification.enqueue(notification_id)
    return len(ids)
