"""A subscription that ended: its unsubscribe and manage links say so and
offer to subscribe again, instead of a button or a form."""

from http import HTTPStatus

import pytest
from django.test import Client

from mailinglist import services, tokens
from mailinglist.models import Subscriber, Suppression

pytestmark = pytest.mark.django_db

LEFT = "You have left the newsletter"


@pytest.fixture
def gone(make_subscriber) -> dict[str, str]:
    """The links of a subscriber who then left (made before leaving)."""
    subscriber = make_subscriber(email="gone@example.org", language="es")
    links = {
        "manage": services.manage_url(subscriber),
        "unsubscribe": services.unsubscribe_url(subscriber),
    }
    services.unsubscribe(tokens.make_token(subscriber, "unsubscribe"))
    return links


@pytest.mark.parametrize("purpose", ["manage", "unsubscribe"])
def test_link_of_a_subscriber_who_left_says_so(client, gone, purpose):
    response = client.get(gone[purpose])
    assert response.status_code == HTTPStatus.OK
    assert "Se ha dado de baja del boletín" in response.text
    assert 'href="/es/newsletter/"' in response.text
    assert "<form" not in response.text.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize("purpose", ["manage", "unsubscribe"])
def test_link_of_a_subscriber_who_left_in_english(gone, purpose):
    response = Client().get(gone[purpose].replace("/es/", "/en/"))
    assert LEFT in response.text
    assert "Subscribe again" in response.text
    assert 'name="interests"' not in response.text


def test_manage_post_of_a_subscriber_who_left_changes_nothing(client, gone):
    response = client.post(gone["manage"].replace("/es/", "/en/"), {"language": "en"})
    assert LEFT in response.text
    assert not Subscriber.objects.exists()


def test_expired_manage_link_of_a_subscriber_who_left_still_says_so(
    make_subscriber, aged_token
):
    subscriber = make_subscriber()
    token = aged_token(subscriber, "manage", age=services.MANAGE_MAX_AGE + 60)
    services.unsubscribe(tokens.make_token(subscriber, "unsubscribe"))
    response = Client().get(f"/en/newsletter/manage/{token}/")
    assert LEFT in response.text


def test_link_of_a_subscriber_still_on_the_list_is_not_left(make_subscriber):
    subscriber = make_subscriber()
    response = Client().get(services.unsubscribe_url(subscriber))
    assert LEFT not in response.text
    assert "<form" in response.text


def test_tampered_link_is_not_taken_for_one_that_left(gone):
    response = Client().get(gone["manage"][:-3] + "xx/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Se ha dado de baja" not in response.text


def test_has_left_needs_the_suppression_of_that_address(make_subscriber):
    """A row deleted without leaving (purged, deleted in the admin) is not
    "left": the token's address is not suppressed."""
    subscriber = make_subscriber()
    token = tokens.make_token(subscriber, "unsubscribe")
    Subscriber.objects.filter(pk=subscriber.pk).delete()
    assert services.has_left(token, "unsubscribe") is False


def test_has_left_after_leaving(make_subscriber):
    subscriber = make_subscriber()
    token = tokens.make_token(subscriber, "manage")
    services.forget_subscriptions([subscriber.email])
    assert services.has_left(token, "manage") is True


def test_subscriber_still_on_the_list_with_a_suppression_has_not_left(
    make_subscriber,
):
    """A bounce suppresses an address that is still subscribed: its links keep
    their button and form."""
    subscriber = make_subscriber()
    services.suppress(subscriber.email, reason=Suppression.Reason.BOUNCED)
    response = Client().get(services.unsubscribe_url(subscriber))
    assert LEFT not in response.text
    assert "<form" in response.text
