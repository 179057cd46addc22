"""Every newsletter page, in every state a visitor can reach, is valid HTML."""

import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from home.spam import HONEYPOT_FIELD
from mailinglist import services, tokens
from mailinglist.models import Subscriber

from ..html_validation import html_errors

pytestmark = pytest.mark.django_db

VALID = {
    "email": "ana@example.org",
    "language": "en",
    "interests": ["news"],
    "consent": "on",
    HONEYPOT_FIELD: "",
}


def add_subscriber(email: str, *, confirmed: bool) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
        confirmed_at=timezone.now() if confirmed else None,
        interests=["news"],
        consent_text="I agree.",
        consent_version=services.CONSENT_VERSION,
    )


def url(purpose: str, subscriber: Subscriber) -> str:
    return f"/en/newsletter/{purpose}/{tokens.make_token(subscriber, purpose)}/"


def test_newsletter_pages_are_valid_html(client, home_page, tmp_path, monkeypatch):
    cache.clear()
    pending = add_subscriber("pending@example.org", confirmed=False)
    confirmed = add_subscriber("confirmed@example.org", confirmed=True)
    leaving = add_subscriber("leaving@example.org", confirmed=True)
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner,
            "timestamp",
            lambda self: signing.b62_encode(int(time.time()) - 8 * 24 * 3600),
        )
        expired = url("confirm", pending)

    responses = {
        "home with footer form": client.get("/en/"),
        "home in Spanish with footer form": client.get("/es/"),
        "404 with footer form": client.get("/en/no-such-page/"),
        "subscribe": client.get("/en/newsletter/"),
        "subscribe with errors": client.post(
            "/en/newsletter/",
            {**VALID, "email": "bad", "consent": "", "interests": ["workshops"]},
        ),
        "check your inbox": client.get("/en/newsletter/check-your-inbox/"),
        "confirm": client.get(url("confirm", pending)),
        "link expired": client.post(expired),
        "link not valid": client.post("/en/newsletter/confirm/nonsense/"),
        "confirmed": client.post(url("confirm", pending)),
        "unsubscribe": client.get(url("unsubscribe", leaving)),
        "unsubscribed": client.post(url("unsubscribe", leaving)),
        "manage": client.get(url("manage", confirmed)),
        "manage with errors": client.post(
            url("manage", confirmed), {"language": "en", "interests": []}
        ),
        "manage saved (message)": client.post(
            url("manage", confirmed),
            {"language": "en", "interests": ["stories"]},
            follow=True,
        ),
        "send my link": client.get("/en/newsletter/send-my-link/"),
        "send my link with errors": client.post(
            "/en/newsletter/send-my-link/", {"email": "bad"}
        ),
        "link sent": client.get("/en/newsletter/send-my-link/sent/"),
        "link error (manage)": client.get("/en/newsletter/manage/nonsense/"),
    }
    gone = {
        "unsubscribe": url("unsubscribe", leaving),
        "manage": url("manage", leaving),
    }
    services.unsubscribe(tokens.make_token(leaving, "unsubscribe"))
    responses["left (unsubscribe link)"] = client.get(gone["unsubscribe"])
    responses["left (manage link)"] = client.get(gone["manage"])
    for _attempt in range(20):
        too_many = client.post("/en/newsletter/", VALID)
        if too_many.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            break
    responses["too many attempts"] = too_many
    cache.clear()
    for _attempt in range(20):
        too_many = client.post("/en/newsletter/send-my-link/", {"email": "a@b.org"})
        if too_many.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            break
    responses["send my link, too many attempts"] = too_many
    cache.clear()

    statuses = {name: response.status_code for name, response in responses.items()}
    assert statuses == {
        **dict.fromkeys(statuses, HTTPStatus.OK),
        "404 with footer form": HTTPStatus.NOT_FOUND,
        "subscribe with errors": HTTPStatus.BAD_REQUEST,
        "link expired": HTTPStatus.GONE,
        "link not valid": HTTPStatus.BAD_REQUEST,
        "manage with errors": HTTPStatus.BAD_REQUEST,
        "too many attempts": HTTPStatus.TOO_MANY_REQUESTS,
        "send my link with errors": HTTPStatus.BAD_REQUEST,
        "link error (manage)": HTTPStatus.BAD_REQUEST,
        "send my link, too many attempts": HTTPStatus.TOO_MANY_REQUESTS,
    }
    documents = {name: r.content.decode() for name, r in responses.items()}
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)
