"""Campaigns and subscription emails over real SMTP (aiosmtpd on 127.0.0.1)."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.utils import timezone

from mailinglist import sending, services
from mailinglist.models import Campaign, Delivery, Subscriber
from tests.smtp import smtp_server_down

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]


def received(smtp) -> Counter:
    """How many messages the server accepted for each address."""
    return Counter(address for m in smtp.messages for address in m.rcpt_tos)


def refuse(smtp, address: str, reply: str) -> None:
    """Make the server answer ``reply`` to RCPT TO ``address`` (others accepted)."""

    async def handle_RCPT(server, session, envelope, rcpt, rcpt_options):
        if rcpt == address:
            return reply
        envelope.rcpt_tos.append(rcpt)
        return "250 OK"

    smtp.handle_RCPT = handle_RCPT


def time_passes(campaign: Campaign) -> None:
    """Every delivery waiting for a retry becomes due."""
    Delivery.objects.filter(campaign=campaign, next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_campaign_over_smtp_reaches_each_subscriber_once(
    smtp_server, make_subscriber, make_campaign
):
    people = [make_subscriber(language=lang) for lang in ("en", "es", "pt", "it")]
    campaign = make_campaign()
    report = sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in people})
    assert report.sent == 4 and report.finished


def test_campaign_runs_twice_over_smtp_without_duplicates(
    smtp_server, make_subscriber, make_campaign
):
    people = [make_subscriber() for _ in range(3)]
    campaign = make_campaign()
    sending.run_campaign(campaign.pk)
    sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in people})


def test_campaign_email_received_has_rfc_8058_headers(
    smtp_server, make_subscriber, make_campaign
):
    subscriber = make_subscriber(language="es")
    with override_settings(SITE_URL="https://portal.example.org"):
        sending.run_campaign(make_campaign().pk)
    message = smtp_server.messages[0].message
    expected = "https://portal.example.org" + services.unsubscribe_url(subscriber)
    # A long header is folded onto a second line: compare without the fold.
    assert message["List-Unsubscribe"].strip() == f"<{expected}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Id"]
        == "One Stop Shops newsletter <newsletter.portal.example.org>"
    )
    assert message["Precedence"] == "bulk"


def test_campaign_email_received_is_multipart_text_and_html(
    smtp_server, make_subscriber, make_campaign
):
    make_subscriber()
    sending.run_campaign(make_campaign().pk)
    message = smtp_server.messages[0].message
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Return plans for 2026" in parts["text/html"].get_content()


def test_message_with_a_line_starting_with_a_dot_arrives_intact(
    smtp_server, make_subscriber, make_campaign, campaign_page
):
    campaign_page.listing_summary = "\n.\n.hidden line"
    campaign_page.save_revision().publish()
    make_subscriber()
    sending.run_campaign(make_campaign().pk)
    text = smtp_server.messages[0].message.get_body(("plain",)).get_content()
    assert "\n.\n.hidden line" in text.replace("\r\n", "\n")


def test_one_click_post_to_the_list_unsubscribe_address_unsubscribes(
    smtp_server, make_subscriber, make_campaign
):
    subscriber = make_subscriber()
    sending.run_campaign(make_campaign().pk)
    link = smtp_server.messages[0].message["List-Unsubscribe"].strip().strip("<>")
    path = re.sub(r"^https?://[^/]+", "", link)
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_temporary_refusal_is_retried_later_and_sent_once(
    smtp_server, make_subscriber, make_campaign
):
    subscriber = make_subscriber()
    campaign = make_campaign()
    smtp_server.data_reply = "451 4.3.0 Try again later"
    report = sending.run_campaign(campaign.pk)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.next_attempt_at > timezone.now()
    assert "451" in delivery.error
    assert not report.finished and report.retry_at == delivery.next_attempt_at

    smtp_server.data_reply = None
    sending.run_campaign(campaign.pk)  # not due yet: nothing sent
    assert smtp_server.messages == []
    time_passes(campaign)
    report = sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({subscriber.email: 1})
    assert report.finished
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)


def test_temporary_refusals_give_up_after_the_last_attempt(
    smtp_server, make_subscriber, make_campaign
):
    make_subscriber()
    campaign = make_campaign()
    smtp_server.rcpt_reply = "450 4.2.1 Mailbox busy"
    for _ in range(sending.MAX_ATTEMPTS):
        sending.run_campaign(campaign.pk)
        time_passes(campaign)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == sending.MAX_ATTEMPTS
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_permanent_refusal_fails_that_delivery_and_sends_the_others(
    smtp_server, make_subscriber, make_campaign
):
    refused = make_subscriber(email="no.such.user@example.org")
    others = [make_subscriber() for _ in range(3)]
    refuse(smtp_server, refused.email, "550 5.1.1 No such user")
    campaign = make_campaign()
    report = sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in others})
    failed = Delivery.objects.get(subscriber=refused)
    assert failed.status == Delivery.Status.FAILED
    assert "550 5.1.1 No such user" in failed.error
    assert (report.sent, report.failed, report.finished) == (3, 1, True)


def test_permanent_refusal_of_the_message_undoes_its_sent_mark(
    smtp_server, make_subscriber, make_campaign
):
    make_subscriber()
    smtp_server.data_reply = "554 5.7.1 Message rejected"
    sending.run_campaign(make_campaign().pk)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.sent_at) == (Delivery.Status.FAILED, None)
    assert "554" in delivery.error


def test_reply_lost_after_the_final_dot_is_not_sent_again(
    smtp_server, make_subscriber, make_campaign
):
    """The server took the message but its answer never came: most likely
    delivered, so the delivery stays SENT and no later run sends it again."""
    others = [make_subscriber() for _ in range(2)]
    campaign = make_campaign()
    smtp_server.drop_after_data = True
    sending.run_campaign(campaign.pk, limit=1, reconnect_delay=0)
    smtp_server.drop_after_data = False
    report = sending.run_campaign(campaign.pk, reconnect_delay=0)

    assert sorted(received(smtp_server).values()) == [1, 1]
    assert report.finished
    lost = Delivery.objects.get(campaign=campaign, error__contains="probably delivered")
    assert lost.status == Delivery.Status.SENT
    assert lost.subscriber in others


def test_database_refuses_a_second_delivery_to_one_subscriber(
    make_subscriber, make_campaign
):
    """The unique (campaign, subscriber) constraint, not only the code, keeps
    a second copy from existing."""
    subscriber, campaign = make_subscriber(), make_campaign()
    Delivery.objects.create(campaign=campaign, subscriber=subscriber)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(campaign=campaign, subscriber=subscriber)
    assert Delivery.objects.filter(campaign=campaign).count() == 1


def test_smtp_server_down_pauses_the_campaign_and_a_later_run_sends_it(
    make_subscriber, make_campaign, smtp_server
):
    people = [make_subscriber() for _ in range(2)]
    campaign = make_campaign()
    with smtp_server_down():
        report = sending.run_campaign(campaign.pk, reconnect_delay=0)
    assert "unavailable" in report.stopped and report.retry_at is not None
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 0)}
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING

    sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in people})


def test_subscription_confirmation_arrives_over_smtp(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe(
            "new.person@example.org",
            language="it",
            interests=["news"],
            consent_text="Acconsento.",
        )
    (message,) = smtp_server.messages
    assert message.rcpt_tos == ["new.person@example.org"]
    assert message.message["Auto-Submitted"] == "auto-generated"
    assert (
        "/it/newsletter/confirm/" in message.message.get_body(("plain",)).get_content()
    )
