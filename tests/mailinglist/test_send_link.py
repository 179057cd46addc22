""" "Send me my link": one answer for every address, the link only to a
subscriber, rate limited, and a trap for robots."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from home.spam import HONEYPOT_FIELD
from mailinglist import services, tokens
from mailinglist.models import Subscriber

pytestmark = pytest.mark.django_db

SEND_LINK_URL = "/en/newsletter/send-my-link/"
LINK_SENT_URL = "/en/newsletter/send-my-link/sent/"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST an address to the page (emails sent), return the response."""

    def post(email: str, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                SEND_LINK_URL, {"email": email, HONEYPOT_FIELD: "", **data}
            )

    return post


@pytest.fixture
def left_address(make_subscriber) -> str:
    subscriber = make_subscriber(email="gone@example.org")
    services.unsubscribe(tokens.make_token(subscriber, "unsubscribe"))
    return subscriber.email


def test_send_link_page_shows_the_form_with_the_privacy_notice(client):
    response = client.get(SEND_LINK_URL)
    assert response.status_code == HTTPStatus.OK
    assert 'name="email"' in response.text
    assert 'class="form-privacy"' in response.text
    assert 'name="homepage_url"' in response.text


def test_send_link_answer_is_the_same_for_every_address(
    send, client, make_subscriber, left_address
):
    make_subscriber(email="ana@example.org")
    make_subscriber(email="pending@example.org", confirmed=False)
    answers = set()
    for email in ("ana@example.org", "pending@example.org", "nobody@example.org"):
        response = send(email)
        assert (response.status_code, response["Location"]) == (
            HTTPStatus.SEE_OTHER,
            LINK_SENT_URL,
        )
        answers.add(client.get(response["Location"]).content)
    response = send(left_address)
    assert response["Location"] == LINK_SENT_URL
    answers.add(client.get(response["Location"]).content)
    assert len(answers) == 1
    assert "If this address is subscribed, we have sent it a link" in (
        answers.pop().decode()
    )


def test_send_link_emails_the_manage_link_to_a_subscriber_only(
    send, make_subscriber, left_address
):
    subscriber = make_subscriber(email="ana@example.org", language="it")
    send("nobody@example.org")
    send(left_address)
    send("ANA@Example.org")

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.extra_headers["Content-Language"] == "it"
    path = re.search(r"https?://[^/\s]+(/it/newsletter/manage/[^/\s]+/)", message.body)
    assert path, message.body
    page = Client().get(path.group(1))
    assert page.status_code == HTTPStatus.OK
    assert subscriber.email in page.text


def test_send_link_revokes_the_earlier_manage_links(send, client, make_subscriber):
    subscriber = make_subscriber(email="ana@example.org")
    old = services.manage_url(subscriber)
    send("ana@example.org")
    assert client.get(old).status_code == HTTPStatus.BAD_REQUEST


def test_send_link_to_a_pending_request_sends_the_confirmation_again(
    send, make_subscriber
):
    make_subscriber(email="pending@example.org", confirmed=False)
    send("pending@example.org")
    (message,) = mail.outbox
    assert "/en/newsletter/confirm/" in message.body
    assert "/newsletter/manage/" not in message.body


def test_send_link_bad_address_is_400_with_the_error(send):
    response = send("not an address")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Enter an email address like name@example.org." in response.text
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data",
    [{}, {"email": "x" * 5000}, {"email": ["a@example.org", "b@example.org"]}],
)
def test_send_link_odd_input_is_never_a_500(client, data):
    response = client.post(SEND_LINK_URL, data)
    assert response.status_code in (HTTPStatus.SEE_OTHER, HTTPStatus.BAD_REQUEST)


def test_send_link_filled_honeypot_looks_the_same_and_sends_nothing(
    send, make_subscriber
):
    make_subscriber(email="ana@example.org")
    response = send("ana@example.org", **{HONEYPOT_FIELD: "https://spam.example"})
    assert (response.status_code, response["Location"]) == (
        HTTPStatus.SEE_OTHER,
        LINK_SENT_URL,
    )
    assert mail.outbox == []


def test_send_link_rate_limit_answers_429_keeping_the_address(send, settings):
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "newsletter_send_link": "2/m",
    }
    send("one@example.org")
    send("two@example.org")

    response = send("three@example.org")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "60"
    assert 'value="three@example.org"' in response.text
    assert "Too many attempts, try again later." in response.text
    assert "Please wait 1 minute before trying again." in response.text


def test_send_link_rate_limited_page_is_in_the_visitor_language(send, settings, client):
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "newsletter_send_link": "1/m",
    }
    client.post("/es/newsletter/send-my-link/", {"email": "uno@example.org"})
    response = client.post("/es/newsletter/send-my-link/", {"email": "dos@example.org"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert '<html lang="es"' in response.text
    assert 'value="dos@example.org"' in response.text


def test_send_link_same_address_too_often_sends_no_more_email(
    client, make_subscriber, settings, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "newsletter_send_link_address": "2/h",
    }
    make_subscriber(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = {
            client.post(
                SEND_LINK_URL,
                {"email": "ana@example.org"},
                REMOTE_ADDR=f"192.0.2.{number}",
            ).status_code
            for number in range(1, 5)
        }
    assert statuses == {HTTPStatus.SEE_OTHER}
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "url", ["/en/newsletter/", "/en/newsletter/manage/not-a-token/"]
)
def test_pages_link_to_send_my_link(client, url):
    assert f'href="{SEND_LINK_URL}"' in client.get(url).text


def test_footer_links_to_send_my_link(client, home_page):
    assert f'href="{SEND_LINK_URL}"' in client.get(home_page.url).text


def test_send_manage_link_refuses_a_bad_address():
    with pytest.raises(ValueError):
        services.send_manage_link("nope")
    assert not Subscriber.objects.exists()
