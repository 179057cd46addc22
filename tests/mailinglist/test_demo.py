"""Demo content: a few confirmed subscribers and edition 3, sent."""

import pytest

import mailinglist.demo
from mailinglist.models import Campaign, Delivery, Subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]


@pytest.fixture
def loaded(demo_content) -> Campaign:
    return mailinglist.demo.load()


def test_demo_subscribers_are_confirmed_in_four_languages(loaded):
    subscribers = Subscriber.objects.all()
    assert subscribers.count() == len(mailinglist.demo.SUBSCRIBERS)
    assert {s.status for s in subscribers} == {Subscriber.Status.CONFIRMED}
    assert {s.language for s in subscribers} == {"en", "es", "pt", "it"}
    assert all(s.email.endswith("@example.org") for s in subscribers)
    assert all(s.consent_text and s.consent_version for s in subscribers)


def test_demo_campaign_sent_edition_three_to_every_demo_subscriber(loaded):
    assert loaded.status == Campaign.Status.SENT
    assert loaded.page.specific.edition == 3
    assert loaded.finished_at is not None
    deliveries = Delivery.objects.filter(campaign=loaded)
    assert set(deliveries.values_list("status", flat=True)) == {"sent"}
    assert set(deliveries.values_list("subscriber", flat=True)) == set(
        Subscriber.objects.values_list("pk", flat=True)
    )


def test_demo_sends_and_prints_no_email(demo_content, mailoutbox, capsys):
    mailinglist.demo.load()
    assert mailoutbox == []
    assert capsys.readouterr().out == ""


def test_demo_loader_run_twice_changes_nothing(loaded):
    subscribers = list(Subscriber.objects.values().order_by("pk"))
    deliveries = Delivery.objects.count()
    assert mailinglist.demo.load() == loaded
    assert list(Subscriber.objects.values().order_by("pk")) == subscribers
    assert Campaign.objects.count() == 1
    assert Delivery.objects.count() == deliveries


def test_demo_loader_keeps_an_existing_subscription(demo_content, make_subscriber):
    first = mailinglist.demo.SUBSCRIBERS[0]["email"]
    kept = make_subscriber(email=first, language="en", interests=["stories"])
    mailinglist.demo.load()
    kept.refresh_from_db()
    assert (kept.language, kept.interests) == ("en", ["stories"])
