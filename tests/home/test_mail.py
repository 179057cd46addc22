"""One SMTP refusal classifier (``home.mail``) for booking emails and newsletters.

Each case makes a real SMTP server (aiosmtpd on 127.0.0.1) refuse at one step
with one code, and sends both kinds of email through it: both must agree on
whether the refusal is final.
"""

import smtplib

import pytest
from django.utils import timezone

from home.mail import Outcome, Stage, classify_error, refusal
from mailinglist import sending
from mailinglist.models import Campaign, Delivery, Subscriber
from mailinglist.services import CONSENT_VERSION
from tests.smtp import running_smtp_server
from workshops import services, tasks
from workshops.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "stage", "outcome"),
    [
        (550, Stage.RCPT_TO, Outcome.PERMANENT),
        (554, Stage.DATA, Outcome.PERMANENT),
        (552, Stage.END_OF_DATA, Outcome.PERMANENT),
        (550, Stage.MAIL_FROM, Outcome.TEMPORARY),
        (535, Stage.AUTH, Outcome.TEMPORARY),
        (451, Stage.RCPT_TO, Outcome.TEMPORARY),
        (452, Stage.END_OF_DATA, Outcome.TEMPORARY),
        (421, Stage.MAIL_FROM, Outcome.CONNECTION),
        (421, Stage.END_OF_DATA, Outcome.CONNECTION),
    ],
)
def test_refusal(code, stage, outcome):
    assert refusal(code, stage) == outcome


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}), Outcome.PERMANENT),
        (
            smtplib.SMTPRecipientsRefused(
                {"a@b": (550, b"no"), "c@d": (451, b"later")}
            ),
            Outcome.TEMPORARY,
        ),
        (smtplib.SMTPSenderRefused(550, b"not you", "x@y"), Outcome.TEMPORARY),
        (smtplib.SMTPDataError(554, b"spam"), Outcome.PERMANENT),
        (smtplib.SMTPDataError(451, b"later"), Outcome.TEMPORARY),
        (smtplib.SMTPAuthenticationError(535, b"bad login"), Outcome.TEMPORARY),
        (smtplib.SMTPServerDisconnected("gone"), Outcome.CONNECTION),
        (ConnectionRefusedError(), Outcome.CONNECTION),
        (TimeoutError(), Outcome.CONNECTION),
        (smtplib.SMTPRecipientsRefused({"a@b": (421, b"closing")}), Outcome.CONNECTION),
        (smtplib.SMTPHeloError(501, b"bad helo"), Outcome.TEMPORARY),
        (smtplib.SMTPNotSupportedError("no STARTTLS"), Outcome.TEMPORARY),
        (smtplib.SMTPResponseException(421, b"closing"), Outcome.CONNECTION),
    ],
)
def test_classify_error(error, outcome):
    assert classify_error(error) == outcome


def refuse(smtp, stage: str, code: int) -> None:
    reply = f"{code} {'5' if code >= 500 else '4'}.0.0 Refused for the test"
    setattr(
        smtp,
        {"MAIL": "mail_reply", "RCPT": "rcpt_reply", "DATA": "data_reply"}[stage],
        reply,
    )


def notification_gives_up(page, user, stage: str, code: int) -> bool:
    with running_smtp_server() as smtp:
        refuse(smtp, stage, code)
        booking = services.book_seats(page, user)
        notification = Notification.objects.get(booking=booking, kind="confirmed")
        tasks.deliver_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is None
    return notification.attempts >= tasks.MAX_ATTEMPTS


def campaign_gives_up(page, stage: str, code: int) -> bool:
    Subscriber.objects.all().delete()
    Campaign.objects.all().delete()
    Subscriber.objects.create(
        email="reader@example.org",
        language="en",
        interests=["news"],
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        consent_text="I agree.",
        consent_version=CONSENT_VERSION,
    )
    campaign = Campaign.objects.create(page=page)
    with running_smtp_server() as smtp:
        refuse(smtp, stage, code)
        sending.run_campaign(campaign.pk, reconnect_delay=0)
    delivery = Delivery.objects.get(campaign=campaign)
    assert delivery.status != Delivery.Status.SENT
    return delivery.status == Delivery.Status.FAILED


@pytest.mark.parametrize(
    ("stage", "code", "final"),
    [
        ("MAIL", 550, False),
        ("MAIL", 451, False),
        ("MAIL", 421, False),
        ("RCPT", 550, True),
        ("RCPT", 451, False),
        ("DATA", 554, True),
        ("DATA", 451, False),
    ],
)
def test_booking_emails_and_newsletters_agree_on_a_refusal(
    stage,
    code,
    final,
    make_workshop,
    make_user,
    about_page,
    django_capture_on_commit_callbacks,
):
    page = make_workshop()
    with django_capture_on_commit_callbacks(execute=False):
        booking_final = notification_gives_up(page, make_user(), stage, code)
    assert booking_final == campaign_gives_up(about_page, stage, code) == final
