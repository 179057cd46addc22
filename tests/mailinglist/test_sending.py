"""Sending campaigns (Django's locmem backend): who gets what, once, and how it reads."""

import email
import io
import re
from collections import Counter
from email import policy

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from mailinglist import emails, sending, services, tasks, tokens
from mailinglist.models import Campaign, Delivery, Suppression, email_digest
from news.models import NewsIndexPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]


def recipients() -> Counter:
    """How many messages each address received."""
    return Counter(address for message in mail.outbox for address in message.to)


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_campaign_sends_one_email_to_each_subscriber_in_the_audience(
    make_subscriber, make_campaign
):
    inside = [make_subscriber(language="en"), make_subscriber(language="es")]
    make_subscriber(language="it")
    campaign = make_campaign(languages=["en", "es"])
    report = sending.run_campaign(campaign.pk)
    assert recipients() == Counter({s.email: 1 for s in inside})
    assert report.sent == 2 and report.finished


def test_campaign_is_marked_sent_when_done(make_subscriber, make_campaign):
    make_subscriber()
    campaign = make_campaign()
    sending.run_campaign(campaign.pk)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert campaign.started_at <= campaign.finished_at
    assert list(Delivery.objects.values_list("status", flat=True)) == ["sent"]


def test_campaign_task_run_twice_sends_each_subscriber_once(
    make_subscriber, make_campaign
):
    people = [make_subscriber() for _ in range(3)]
    campaign = make_campaign()
    tasks.send_campaign.enqueue(campaign.pk)
    tasks.send_campaign.enqueue(campaign.pk)
    assert recipients() == Counter({s.email: 1 for s in people})
    assert Delivery.objects.filter(campaign=campaign).count() == 3


def test_start_campaign_twice_sends_each_subscriber_once(
    make_subscriber, make_campaign, django_capture_on_commit_callbacks
):
    people = [make_subscriber() for _ in range(3)]
    campaign = make_campaign()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_campaign(campaign)
        services.start_campaign(campaign)
    assert recipients() == Counter({s.email: 1 for s in people})


def test_materialising_twice_creates_no_more_deliveries(make_subscriber, make_campaign):
    make_subscriber()
    make_subscriber()
    campaign = make_campaign()
    assert sending.materialise(campaign.pk) == 2
    make_subscriber()  # confirmed after the start: not part of this campaign
    assert sending.materialise(campaign.pk) == 2
    assert Delivery.objects.count() == 2


def test_unsubscribed_person_never_receives_a_later_campaign(
    make_subscriber, make_campaign
):
    leaving = make_subscriber(email="leaving@example.org")
    staying = make_subscriber()
    services.unsubscribe(tokens.make_token(leaving, "unsubscribe"))
    sending.run_campaign(make_campaign().pk)
    assert recipients() == Counter({staying.email: 1})


def test_person_who_leaves_after_the_start_is_skipped(make_subscriber, make_campaign):
    leaving = make_subscriber()
    campaign = make_campaign()
    sending.materialise(campaign.pk)
    services.unsubscribe(tokens.make_token(leaving, "unsubscribe"))
    report = sending.run_campaign(campaign.pk)
    assert mail.outbox == []
    assert report.skipped == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.subscriber) == (Delivery.Status.SKIPPED, None)


def test_address_suppressed_after_the_start_is_skipped(make_subscriber, make_campaign):
    bounced = make_subscriber(email="bounced@example.org")
    campaign = make_campaign()
    sending.materialise(campaign.pk)
    Suppression.objects.create(
        email_hash=email_digest(bounced.email), reason=Suppression.Reason.BOUNCED
    )
    sending.run_campaign(campaign.pk)
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_pending_subscriber_receives_nothing(make_subscriber, make_campaign):
    make_subscriber(confirmed=False)
    sending.run_campaign(make_campaign().pk)
    assert mail.outbox == []


def test_campaign_with_nobody_to_reach_is_sent_at_once(make_campaign):
    campaign = make_campaign()
    report = sending.run_campaign(campaign.pk)
    campaign.refresh_from_db()
    assert report.finished and campaign.status == Campaign.Status.SENT


def test_email_has_text_and_html_with_summary_and_link(
    make_subscriber, make_campaign, campaign_page, settings
):
    make_subscriber()
    sending.run_campaign(make_campaign().pk)
    message = mail.outbox[0]
    page_url = settings.SITE_URL + campaign_page.url
    assert message.subject == "Return plans for 2026"
    for body in (message.body, html_of(message)):
        assert "What the One Stop Shops plan for people going back." in body
        assert page_url in body
    assert '<html lang="en">' in html_of(message)
    assert "<script" not in html_of(message) and "<style" not in html_of(message)


def test_email_shows_the_listing_image_by_absolute_address_with_alt_text(
    make_subscriber, make_campaign, edition_page, settings
):
    make_subscriber()
    sending.run_campaign(make_campaign(page=edition_page).pk)
    images = re.findall(r'<img src="([^"]+)" alt="([^"]*)"', html_of(mail.outbox[0]))
    assert len(images) == 4
    for src, alt in images:
        assert src.startswith(settings.SITE_URL + "/media/images/")
        assert alt


def test_edition_article_sends_every_article_of_the_edition(
    make_subscriber, make_campaign, edition_page
):
    make_subscriber()
    sending.run_campaign(make_campaign(page=edition_page).pk)
    message = mail.outbox[0]
    assert message.subject == "One Stop Shops newsletter, edition 3"
    for article in NewsPage.objects.live().filter(edition=3, locale_id=1):
        assert article.title in message.body
    assert "?edition=3" in message.body


def test_news_index_sends_its_latest_edition(
    make_subscriber, make_campaign, edition_page
):
    make_subscriber()
    index = NewsIndexPage.objects.get(locale__language_code="en")
    sending.run_campaign(make_campaign(page=index).pk)
    assert mail.outbox[0].subject == "One Stop Shops newsletter, edition 3"
    assert edition_page.title in mail.outbox[0].body


def test_campaign_subject_overrides_the_default(make_subscriber, make_campaign):
    make_subscriber()
    sending.run_campaign(make_campaign(subject="Spring news").pk)
    assert mail.outbox[0].subject == "Spring news"


def test_email_is_in_the_subscribers_language_when_translated(
    make_subscriber, make_campaign, campaign_page
):
    spanish = Locale.objects.get(language_code="es")
    translation = campaign_page.copy_for_translation(spanish, copy_parents=True)
    translation.title = "Planes de retorno para 2026"
    translation.listing_summary = "Lo que preparan las oficinas."
    translation.save_revision().publish()
    make_subscriber(language="es", email="es@example.org")
    make_subscriber(language="en", email="en@example.org")
    sending.run_campaign(make_campaign().pk)
    by_address = {m.to[0]: m for m in mail.outbox}
    spanish_copy = by_address["es@example.org"]
    assert spanish_copy.subject == "Planes de retorno para 2026"
    assert "Lo que preparan las oficinas." in spanish_copy.body
    assert "/es/return-plans-2026/" in spanish_copy.body
    assert '<html lang="es">' in html_of(spanish_copy)
    assert by_address["en@example.org"].subject == "Return plans for 2026"


def test_email_falls_back_to_the_default_language_without_translation(
    make_subscriber, make_campaign
):
    make_subscriber(language="pt")
    sending.run_campaign(make_campaign().pk)
    message = mail.outbox[0]
    assert message.subject == "Return plans for 2026"
    assert '<html lang="pt">' in html_of(message)
    assert '<div lang="en">' in html_of(message)  # the page's own language, marked
    assert (
        "/pt/return-plans-2026/" in message.body
    )  # the site under the reader's prefix


def test_each_copy_carries_its_own_unsubscribe_and_manage_links(
    make_subscriber, make_campaign, settings
):
    first, second = make_subscriber(), make_subscriber()
    sending.run_campaign(make_campaign().pk)
    by_address = {m.to[0]: m for m in mail.outbox}
    for subscriber in (first, second):
        message = by_address[subscriber.email]
        unsubscribe = settings.SITE_URL + services.unsubscribe_url(subscriber)
        manage = settings.SITE_URL + services.manage_url(subscriber)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        for body in (message.body, html_of(message)):
            assert unsubscribe in body and manage in body
    assert "%%" not in "".join(m.body + html_of(m) for m in mail.outbox)


def test_unsubscribe_link_in_the_email_removes_that_subscriber(
    make_subscriber, make_campaign
):
    reader = make_subscriber()
    sending.run_campaign(make_campaign().pk)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    services.unsubscribe(link.rstrip("/").rsplit("/", 1)[1])
    assert not type(reader).objects.filter(pk=reader.pk).exists()


def test_campaign_headers_follow_rfc_8058_and_mark_bulk_mail(
    make_subscriber, make_campaign
):
    make_subscriber()
    campaign = make_campaign()
    sending.run_campaign(campaign.pk)
    headers = mail.outbox[0].extra_headers
    delivery = Delivery.objects.get()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Precedence"] == "bulk"
    assert headers["List-Id"].endswith("<newsletter.127.0.0.1>")
    assert headers["Message-ID"] == (
        f"<campaign{campaign.pk}.delivery{delivery.pk}.newsletter@127.0.0.1>"
    )


def test_test_email_is_marked_and_reaches_only_its_address(
    make_subscriber, make_campaign
):
    make_subscriber()
    campaign = make_campaign()
    emails.sample_message(campaign, "editor@example.org", language="es").send()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    assert mail.outbox[0].subject == "[TEST] Return plans for 2026"
    assert '<html lang="es">' in html_of(mail.outbox[0])
    assert not Delivery.objects.exists()


def test_progress_counts_deliveries_by_status(make_subscriber, make_campaign):
    people = [make_subscriber() for _ in range(3)]
    campaign = make_campaign()
    sending.materialise(campaign.pk)
    services.unsubscribe(tokens.make_token(people[0], "unsubscribe"))
    sending.run_campaign(campaign.pk, limit=1)
    assert services.progress(campaign) == {
        "pending": 1,
        "sent": 1,
        "failed": 0,
        "skipped": 1,
        "total": 3,
    }


def test_send_campaigns_command_finishes_an_interrupted_campaign(
    make_subscriber, make_campaign
):
    people = [make_subscriber() for _ in range(3)]
    campaign = make_campaign()
    sending.run_campaign(campaign.pk, limit=1)
    out = io.StringIO()
    call_command("send_campaigns", stdout=out)
    assert recipients() == Counter({s.email: 1 for s in people})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert f"Campaign {campaign.pk}: 2 sent" in out.getvalue()


def test_send_campaigns_command_leaves_sent_campaigns_alone(
    make_subscriber, make_campaign
):
    make_subscriber()
    campaign = make_campaign()
    sending.run_campaign(campaign.pk)
    call_command("send_campaigns", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_emails_are_valid_html(make_subscriber, make_campaign, edition_page, tmp_path):
    from tests.html_validation import html_errors

    subscriber = make_subscriber(language="es")
    campaign = make_campaign(page=edition_page)
    documents = {
        "campaign": html_of(emails.CampaignRenderer(campaign).message(subscriber, 1)),
        "confirm": html_of(emails.subscription_message(subscriber, "confirm")),
        "already subscribed": html_of(
            emails.subscription_message(subscriber, "already_subscribed")
        ),
        "welcome": html_of(emails.subscription_message(subscriber, "welcome")),
        "manage link": html_of(emails.subscription_message(subscriber, "manage_link")),
    }
    assert html_errors(documents, tmp_path) == []


def parsed(raw: emails.RawMessage):
    return email.message_from_bytes(raw.data, policy=policy.default)


def test_prepared_copy_matches_the_full_build(
    make_subscriber, make_campaign, edition_page
):
    subscriber = make_subscriber(language="es", email="Ana.Quispe@example.org")
    renderer = emails.CampaignRenderer(make_campaign(page=edition_page))
    raw = renderer.raw(subscriber, 7)
    built = email.message_from_bytes(
        renderer.message(subscriber, 7).message().as_bytes(linesep="\r\n"),
        policy=policy.default,
    )
    fast = parsed(raw)
    assert raw.recipients == ["Ana.Quispe@example.org"]
    assert raw.sender == "noreply@localhost"
    for name in set(built.keys()) - {"Date", "Content-Type"}:
        assert str(fast[name]).strip() == str(built[name]).strip(), name
    for kind in ("plain", "html"):
        assert fast.get_body((kind,)).get_content() == (
            built.get_body((kind,)).get_content()
        )


def test_prepared_copy_is_built_in_full_when_encoding_splits_its_links(
    make_subscriber, make_campaign, campaign_page
):
    campaign_page.listing_summary = "A very long line. " * 80  # over 998 characters
    campaign_page.save_revision().publish()
    subscriber = make_subscriber()
    raw = emails.CampaignRenderer(make_campaign()).raw(subscriber, 1)
    text = parsed(raw).get_body(("plain",)).get_content()
    assert services.unsubscribe_url(subscriber) in text
    assert "%%" not in text


def test_task_for_a_deleted_campaign_does_nothing(make_subscriber, make_campaign):
    make_subscriber()
    campaign = make_campaign()
    campaign_id = campaign.pk
    campaign.delete()
    result = tasks.send_campaign.enqueue(campaign_id)
    assert result.return_value["finished"] is True
    assert mail.outbox == []


def test_send_campaigns_command_refuses_an_unknown_campaign():
    with pytest.raises(CommandError):
        call_command("send_campaigns", "--campaign=999999", stdout=io.StringIO())


def test_test_email_works_before_the_campaign_is_saved(campaign_page):
    unsaved = Campaign(page=campaign_page, languages=["pt"])
    services.send_test_email(unsaved, "editor@example.org", language="pt")
    assert mail.outbox[0].subject == "[TEST] Return plans for 2026"
    assert not Campaign.objects.filter(page=campaign_page).exists()


def test_other_backend_losing_its_answer_is_retried_later_not_at_once(
    make_subscriber, make_campaign
):
    """Without SMTP's exactly-once protocol, a lost answer is an attempt
    counted and retried later, never a burst of copies in one run."""
    from tests.mailinglist import backends

    backends.sent.clear()
    make_subscriber()
    campaign = make_campaign()
    sending.run_campaign(
        campaign.pk, backend="tests.mailinglist.backends.SentThenTimedOut"
    )
    delivery = Delivery.objects.get(campaign=campaign)
    assert len(backends.sent) == 1
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is not None
