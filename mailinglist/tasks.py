"""Background work for the mailing list (django-tasks).

In production the django-tasks-db backend queues these in PostgreSQL and
``manage.py db_worker`` runs them; in tests and development they run at once.

A worker killed while running a task (SIGKILL, out of memory, machine lost)
leaves its ``DBTaskResult`` in RUNNING for ever: django-tasks-db's worker
only picks READY rows and never re-runs a RUNNING one. A campaign caught
that way stays SENDING; ``manage.py send_campaigns`` (cron, or by hand after
a crash) resumes it, and the delivery rows guarantee nobody gets it twice.
"""

import logging

from django_tasks import task

from .models import Subscriber

logger = logging.getLogger(__name__)


@task()
def send_campaign(campaign_id: int) -> dict:
    """Send a campaign (or what is left of it); see ``sending.run_campaign``.

    When deliveries wait for a retry, or the SMTP server was unreachable, the
    task enqueues itself again for that time (on backends that can defer;
    elsewhere ``send_campaigns`` picks the campaign up).
    """
    from . import sending

    report = sending.run_campaign(campaign_id)
    if (
        not report.finished
        and report.retry_at is not None
        and send_campaign.get_backend().supports_defer
    ):
        send_campaign.using(run_after=report.retry_at).enqueue(campaign_id)
    return report.as_dict()


@task()
def send_subscription_email(subscriber_id: int, kind: str) -> bool:
    """Email a confirmation link (``confirm``), ``already_subscribed``, the
    ``welcome`` after confirming or the ``manage_link`` asked for; True if sent.

    Nothing is sent when the subscriber is gone, when a confirmation link is
    owed to someone confirmed meanwhile, or when an email meant for a
    confirmed subscriber finds them unconfirmed.
    """
    from .emails import subscription_message

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    if kind == "confirm" and subscriber.is_confirmed:
        return False
    if kind != "confirm" and not subscriber.is_confirmed:
        return False
    subscription_message(subscriber, kind).send()
    return True
