"""Account emails through the task queue, as every other email of the site.

allauth renders its emails inside the request (``AccountAdapter.send_mail``);
``queue(message)`` stores the rendered message as a ``QueuedEmail`` and
enqueues ``deliver_email`` for it. The request then answers at once whatever
the mail server does: refused, slow or hanging, it holds a background worker
(``manage.py db_worker``), never a visitor.

In production the queue is the database (django-tasks-db): the task's row and
the email's commit together with the request's own work, or not at all. A
temporary failure (``home.mail.classify_error``) leaves the email queued;
``retry_unsent`` (``manage.py send_account_emails``, from cron) queues it
again, up to ``MAX_ATTEMPTS``. Each email is sent by one worker at a time
(its row is locked while sending) and deleted once the server took it.
"""

import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from home.mail import Outcome, classify_error

from .models import QueuedEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def _serialise(message: EmailMessage) -> dict:
    headers = dict(message.extra_headers)
    headers.setdefault(
        "Message-ID", make_msgid(domain=urlsplit(settings.SITE_URL).hostname)
    )
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [
            [content, mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def _message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def queue(message: EmailMessage) -> QueuedEmail:
    """Store ``message`` and enqueue its delivery (see the module)."""
    if message.attachments:
        raise ValueError("Queued account emails have no attachments.")
    queued = QueuedEmail.objects.create(
        recipients=", ".join(message.recipients()),
        subject=message.subject[:998],
        message=_serialise(message),
    )
    deliver_email.enqueue(queued.pk)
    return queued


@task()
def deliver_email(email_id: int) -> bool:
    """Send one queued email unless it is gone (sent) or locked by another
    worker; True when sent now."""
    with transaction.atomic():
        queued = (
            QueuedEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, given_up_at__isnull=True)
            .first()
        )
        if queued is None:
            return False
        queued.attempts += 1
        try:
            _message(queued.message).send()
        except (smtplib.SMTPException, OSError) as error:
            outcome = classify_error(error)
            queued.last_error = f"{outcome}: {error}"[:2000]
            if outcome == Outcome.PERMANENT or queued.attempts >= MAX_ATTEMPTS:
                queued.given_up_at = timezone.now()
                queued.message = {}
            queued.save(
                update_fields=["attempts", "last_error", "given_up_at", "message"]
            )
            logger.warning(
                "Account email %s not sent (%s, attempt %s): %s",
                email_id,
                outcome,
                queued.attempts,
                error,
            )
            return False
        queued.delete()
    return True


def retry_unsent(older_than_seconds: int = 120) -> int:
    """Enqueue again the emails still waiting after ``older_than_seconds``
    (SMTP down, worker stopped); returns how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        QueuedEmail.objects.filter(given_up_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for email_id in ids:
        deliver_email.enqueue(email_id)
    return len(ids)


def forget(addresses: list[str]) -> int:
    """Delete what is queued for ``addresses`` (an account being deleted)."""
    wanted = {address.lower() for address in addresses}
    ids = [
        queued.pk
        for queued in QueuedEmail.objects.only("pk", "recipients")
        if {a.strip().lower() for a in queued.recipients.split(",")} & wanted
    ]
    return QueuedEmail.objects.filter(pk__in=ids).delete()[0]
