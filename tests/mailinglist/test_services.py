"""The mailing-list rules: subscribe, confirm, unsubscribe, manage."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from mailinglist import services
from mailinglist.models import Campaign, Delivery, Subscriber, Suppression, email_digest
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]

DAY = 24 * 3600
PREFERENCES = {"language": "en", "interests": ["news"], "consent_text": "I agree."}


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """``services.subscribe`` with its on-commit email sent at once."""

    def call(email: str, **preferences) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.subscribe(email, **{**PREFERENCES, **preferences})

    return call


LINK = re.compile(
    r"/(?:en|es|pt|it)/newsletter/(confirm|unsubscribe|manage)/([^/\s]+)/"
)


def link_token(message, name: str) -> str:
    """The token of the ``mailinglist:<name>`` link in an email's text."""
    for action, token in LINK.findall(message.body):
        if action == name:
            return token
    raise AssertionError(f"no {name} link in {message.body!r}")


def token_in(path: str) -> str:
    """The token of a ``/<lang>/newsletter/<action>/<token>/`` path."""
    return LINK.search(path).group(2)


def test_subscribe_records_a_pending_subscriber(subscribe):
    subscribe("new.person@example.org", language="es", interests=["news", "stories"])
    subscriber = Subscriber.objects.get(email="new.person@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "es"
    assert subscriber.interests == ["news", "stories"]


def test_subscribe_stores_the_consent_wording_and_version(subscribe):
    subscribe("new.person@example.org", consent_text="I agree to these words.")
    subscriber = Subscriber.objects.get(email="new.person@example.org")
    assert subscriber.consent_text == "I agree to these words."
    assert subscriber.consent_version == services.CONSENT_VERSION


def test_subscribe_emails_a_confirmation_link(subscribe):
    subscribe("new.person@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert link_token(message, "confirm")
    assert message.alternatives[0][1] == "text/html"


def test_confirmation_email_is_in_the_chosen_language(subscribe):
    subscribe("new.person@example.org", language="pt")
    message = mail.outbox[0]
    assert "/pt/newsletter/confirm/" in message.body
    assert '<html lang="pt">' in message.alternatives[0][0]


def test_confirmation_email_is_sent_only_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.subscribe("new.person@example.org", **PREFERENCES)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_confirm_link_from_the_email_confirms(subscribe):
    subscribe("new.person@example.org")
    subscriber = services.confirm(link_token(mail.outbox[0], "confirm"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_confirm_twice_is_harmless(subscribe):
    subscribe("new.person@example.org")
    token = link_token(mail.outbox[0], "confirm")
    first = services.confirm(token).confirmed_at
    assert services.confirm(token).confirmed_at == first


def test_expired_confirm_link_is_refused_and_changes_nothing(
    make_subscriber, aged_token
):
    subscriber = make_subscriber(confirmed=False)
    token = aged_token(subscriber, "confirm", age=8 * DAY)
    with pytest.raises(services.ExpiredToken):
        services.confirm(token)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_tampered_confirm_link_is_refused_and_changes_nothing(subscribe):
    subscribe("new.person@example.org")
    token = link_token(mail.outbox[0], "confirm")
    with pytest.raises(services.InvalidToken):
        services.confirm(token[:-2] + ("xx" if token[-2:] != "xx" else "yy"))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_confirm_link_of_a_deleted_request_is_invalid(subscribe):
    subscribe("new.person@example.org")
    token = link_token(mail.outbox[0], "confirm")
    Subscriber.objects.all().delete()
    with pytest.raises(services.InvalidToken):
        services.confirm(token)


def test_token_errors_carry_a_message_for_people(make_subscriber, aged_token):
    token = aged_token(make_subscriber(confirmed=False), "confirm", age=8 * DAY)
    with pytest.raises(services.ExpiredToken) as expired:
        services.confirm(token)
    assert "expired" in str(expired.value.message)
    with pytest.raises(services.InvalidToken) as invalid:
        services.confirm("nonsense")
    assert "not valid" in str(invalid.value.message)


def test_subscribe_again_while_pending_sends_a_new_link_to_the_same_row(subscribe):
    subscribe("new.person@example.org", language="en")
    subscribe("New.Person@EXAMPLE.org", language="it")
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().language == "it"
    assert len(mail.outbox) == 2
    services.confirm(link_token(mail.outbox[0], "confirm"))  # the old link still works


def test_subscribe_keeps_the_address_as_typed_with_a_lower_case_domain(subscribe):
    subscribe("  Ana.Quispe@Example.ORG ")
    assert Subscriber.objects.get().email == "Ana.Quispe@example.org"


def test_subscribe_with_a_confirmed_address_changes_nothing(make_subscriber, subscribe):
    subscriber = make_subscriber(
        email="known@example.org", language="es", interests=["news"]
    )
    before = Subscriber.objects.values().get(pk=subscriber.pk)
    subscribe("known@example.org", language="it", interests=["stories"])
    after = Subscriber.objects.values().get(pk=subscriber.pk)
    assert after.pop("token_version") == before.pop("token_version") + 1
    assert after == before


def test_asking_for_a_new_manage_link_revokes_the_old_ones(make_subscriber, subscribe):
    subscriber = make_subscriber(email="known@example.org")
    old_manage = token_in(services.manage_url(subscriber))
    old_unsubscribe = token_in(services.unsubscribe_url(subscriber))
    subscribe("known@example.org")
    with pytest.raises(services.InvalidToken):
        services.subscriber_from_manage_token(old_manage)
    new_manage = link_token(mail.outbox[-1], "manage")
    assert services.subscriber_from_manage_token(new_manage) == subscriber
    services.unsubscribe(old_unsubscribe)  # every email still lets one leave
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_leaving_revokes_the_manage_link_even_after_subscribing_again(
    make_subscriber, subscribe
):
    subscriber = make_subscriber(email="back@example.org")
    old_manage = token_in(services.manage_url(subscriber))
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    subscribe("back@example.org")
    services.confirm(link_token(mail.outbox[-1], "confirm"))
    with pytest.raises(services.InvalidToken):
        services.subscriber_from_manage_token(old_manage)


def test_subscribe_with_a_confirmed_address_emails_its_manage_link(
    make_subscriber, subscribe
):
    subscriber = make_subscriber(email="known@example.org", language="es")
    subscribe("known@example.org")
    assert len(mail.outbox) == 1
    token = link_token(mail.outbox[0], "manage")
    assert services.subscriber_from_manage_token(token) == subscriber
    with pytest.raises(AssertionError):
        link_token(mail.outbox[0], "confirm")


def test_subscribe_answers_the_same_for_new_and_known_addresses(
    make_subscriber, django_capture_on_commit_callbacks
):
    make_subscriber(email="known@example.org")
    results = []
    for email in ("known@example.org", "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            results.append(services.subscribe(email, **PREFERENCES))
        results.append(len(callbacks))
    assert results == [None, 1, None, 1]


def test_subscribe_refuses_an_invalid_address(subscribe):
    with pytest.raises(ValueError):
        subscribe("not an address")
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "preferences",
    [
        {"language": "fr"},
        {"interests": ["gossip"]},
        {"residence_country": "BR"},
        {"countries": ["FR"]},
    ],
)
def test_subscribe_refuses_values_no_form_offers(subscribe, preferences):
    with pytest.raises(ValueError):
        subscribe("new.person@example.org", **preferences)
    assert not Subscriber.objects.exists()


def test_unsubscribe_deletes_the_subscriber(make_subscriber):
    subscriber = make_subscriber()
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribe_keeps_only_a_hash_of_the_address(make_subscriber):
    subscriber = make_subscriber(email="leaving@example.org")
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    suppression = Suppression.objects.get()
    assert suppression.email_hash == email_digest("Leaving@Example.org")
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBED
    assert "leaving" not in str(Suppression.objects.values().get())


def test_unsubscribe_keeps_deliveries_without_the_person(
    make_subscriber, make_campaign
):
    subscriber = make_subscriber()
    delivery = Delivery.objects.create(campaign=make_campaign(), subscriber=subscriber)
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    delivery.refresh_from_db()
    assert delivery.subscriber is None


def test_unsubscribe_twice_is_harmless(make_subscriber):
    token = token_in(services.unsubscribe_url(make_subscriber()))
    services.unsubscribe(token)
    services.unsubscribe(token)
    assert Suppression.objects.count() == 1


def test_tampered_unsubscribe_link_is_refused_and_changes_nothing(make_subscriber):
    subscriber = make_subscriber()
    token = token_in(services.unsubscribe_url(subscriber))
    with pytest.raises(services.InvalidToken):
        services.unsubscribe(token + "x")
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert not Suppression.objects.exists()


def test_confirm_link_cannot_unsubscribe(make_subscriber):
    subscriber = make_subscriber()
    token = token_in(services.confirm_url(subscriber))
    with pytest.raises(services.InvalidToken):
        services.unsubscribe(token)
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribe_link_works_after_links_are_revoked(make_subscriber):
    subscriber = make_subscriber()
    token = token_in(services.unsubscribe_url(subscriber))
    Subscriber.objects.filter(pk=subscriber.pk).update(token_version=2)
    services.unsubscribe(token)
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def is_suppressed(email: str) -> bool:
    """Whether the suppression list holds ``email`` (as its keyed hash)."""
    return Suppression.objects.filter(email_hash=email_digest(email)).exists()


def test_subscribing_again_after_leaving_needs_a_new_confirmation(
    make_subscriber, subscribe
):
    subscriber = make_subscriber(email="back@example.org")
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    subscribe("back@example.org")
    returning = Subscriber.objects.get(email="back@example.org")
    assert returning.status == Subscriber.Status.PENDING
    assert is_suppressed("back@example.org")


def test_confirming_again_after_leaving_lifts_the_suppression(
    make_subscriber, subscribe
):
    subscriber = make_subscriber(email="back@example.org")
    services.unsubscribe(token_in(services.unsubscribe_url(subscriber)))
    subscribe("back@example.org")
    services.confirm(link_token(mail.outbox[-1], "confirm"))
    assert not is_suppressed("back@example.org")


def test_old_unsubscribe_link_leaves_a_new_subscription_alone(
    make_subscriber, subscribe
):
    subscriber = make_subscriber(email="back@example.org")
    old_token = token_in(services.unsubscribe_url(subscriber))
    services.unsubscribe(old_token)
    subscribe("back@example.org")
    services.confirm(link_token(mail.outbox[-1], "confirm"))
    services.unsubscribe(old_token)
    assert Subscriber.objects.filter(email="back@example.org").exists()


def test_manage_link_names_the_confirmed_subscriber(make_subscriber):
    subscriber = make_subscriber()
    token = token_in(services.manage_url(subscriber))
    assert services.subscriber_from_manage_token(token) == subscriber


def test_manage_link_of_a_pending_subscriber_is_invalid(make_subscriber):
    token = token_in(services.manage_url(make_subscriber(confirmed=False)))
    with pytest.raises(services.InvalidToken):
        services.subscriber_from_manage_token(token)


def test_expired_manage_link_is_refused(make_subscriber, aged_token):
    token = aged_token(make_subscriber(), "manage", age=91 * DAY)
    with pytest.raises(services.ExpiredToken):
        services.subscriber_from_manage_token(token)


def test_links_are_in_the_subscribers_language(make_subscriber):
    subscriber = make_subscriber(language="it")
    assert services.manage_url(subscriber).startswith("/it/newsletter/manage/")
    assert services.unsubscribe_url(subscriber).startswith(
        "/it/newsletter/unsubscribe/"
    )


def test_update_preferences_changes_language_and_interests(make_subscriber):
    subscriber = make_subscriber(language="en", interests=["news"])
    services.update_preferences(
        subscriber,
        language="pt",
        interests=["stories", "workshops"],
        residence_country="PT",
        countries=["BR", "BR"],
    )
    subscriber.refresh_from_db()
    assert subscriber.language == "pt"
    assert subscriber.interests == ["stories", "workshops"]
    assert subscriber.residence_country == "PT"
    assert subscriber.countries == ["BR"]


def test_update_preferences_refuses_unknown_values(make_subscriber):
    subscriber = make_subscriber(language="en")
    with pytest.raises(ValueError):
        services.update_preferences(subscriber, language="xx", interests=["news"])
    subscriber.refresh_from_db()
    assert subscriber.language == "en"


def test_purge_forgets_requests_unconfirmed_for_thirty_days(make_subscriber):
    old = make_subscriber(confirmed=False)
    Subscriber.objects.filter(pk=old.pk).update(
        consented_at=timezone.now() - dt.timedelta(days=31)
    )
    recent = make_subscriber(confirmed=False)
    confirmed = make_subscriber()
    Subscriber.objects.filter(pk=confirmed.pk).update(
        consented_at=timezone.now() - dt.timedelta(days=300)
    )
    assert services.purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {
        recent.pk,
        confirmed.pk,
    }


def test_start_campaign_queues_nothing_until_commit(
    make_subscriber, make_campaign, django_capture_on_commit_callbacks
):
    make_subscriber()
    campaign = make_campaign()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.start_campaign(campaign)
    assert len(callbacks) == 1
    assert not Delivery.objects.exists()


def test_send_test_email_goes_to_one_address_and_records_nothing(
    make_subscriber, make_campaign
):
    make_subscriber()
    campaign = make_campaign()
    services.send_test_email(campaign, "editor@example.org", language="en")
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert mail.outbox[0].subject.startswith("[TEST] ")
    assert not Delivery.objects.exists()


# -- sending a campaign once --------------------------------------------------


@pytest.fixture
def sender(db):
    return UserFactory(email="sender@example.org", is_staff=True)


def test_same_send_from_one_screen_makes_one_campaign(
    sender, campaign_page, make_subscriber
):
    make_subscriber()
    shown_at = timezone.now()
    first, created = services.send_campaign_once(
        Campaign(page=campaign_page, created_by=sender), shown_at=shown_at
    )
    again, created_again = services.send_campaign_once(
        Campaign(page=campaign_page, created_by=sender), shown_at=shown_at
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Campaign.objects.count() == 1


def test_other_audience_or_a_new_screen_is_a_new_send(
    sender, campaign_page, make_subscriber
):
    make_subscriber()
    shown_at = timezone.now()
    services.send_campaign_once(
        Campaign(page=campaign_page, created_by=sender), shown_at=shown_at
    )
    _, other_audience = services.send_campaign_once(
        Campaign(page=campaign_page, created_by=sender, languages=["es"]),
        shown_at=shown_at,
    )
    _, new_screen = services.send_campaign_once(
        Campaign(page=campaign_page, created_by=sender), shown_at=timezone.now()
    )
    assert other_audience and new_screen
    assert Campaign.objects.count() == 3
