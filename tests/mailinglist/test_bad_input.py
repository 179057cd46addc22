"""Arbitrary input to every newsletter form and link: a clear 4xx, never a 500.

Invalid input stores nothing and changes nothing. (Text is limited to what
a browser can send: no lone surrogates, which cannot be encoded as UTF-8.)
"""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.spam import HONEYPOT_FIELD
from mailinglist import services, tokens
from mailinglist.models import Subscriber, Suppression

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
values = st.one_of(text, st.lists(text, max_size=4))
VALID = {
    "email": "ana@example.org",
    "language": "en",
    "interests": ["news"],
    "residence_country": "",
    "countries": [],
    "consent": "on",
    HONEYPOT_FIELD: "",
}
SUBSCRIBE_FIELDS = list(VALID)
MANAGE_FIELDS = ["language", "interests", "residence_country", "countries"]


def confirmed_subscriber() -> Subscriber:
    return Subscriber.objects.create(
        email="known@example.org",
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        interests=["news"],
        consent_text="I agree.",
        consent_version=services.CONSENT_VERSION,
    )


def state() -> tuple:
    """Every row the newsletter pages could change."""
    subscribers = list(
        Subscriber.objects.order_by("pk").values(
            "pk",
            "email",
            "status",
            "language",
            "interests",
            "residence_country",
            "countries",
        )
    )
    return subscribers, list(Suppression.objects.values_list("email_hash", flat=True))


@given(overrides=st.dictionaries(st.sampled_from(SUBSCRIBE_FIELDS), values, max_size=7))
@HYPOTHESIS
def test_subscribe_never_fails_on_arbitrary_fields(client, overrides):
    cache.clear()  # the per-IP limit is not what this test is about
    before = Subscriber.objects.count()

    response = client.post("/en/newsletter/", {**VALID, **overrides})

    assert response.status_code in (HTTPStatus.SEE_OTHER, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert Subscriber.objects.count() == before


@given(overrides=st.dictionaries(st.sampled_from(SUBSCRIBE_FIELDS), values))
@HYPOTHESIS
def test_subscribe_with_honeypot_filled_never_stores(client, overrides):
    cache.clear()
    before = state()

    response = client.post(
        "/en/newsletter/", {**VALID, **overrides, HONEYPOT_FIELD: "http://x.example"}
    )

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert state() == before


@given(overrides=st.dictionaries(st.sampled_from(MANAGE_FIELDS), values, min_size=1))
@HYPOTHESIS
def test_manage_never_fails_on_arbitrary_fields(client, overrides):
    subscriber = Subscriber.objects.filter(email="known@example.org").first()
    subscriber = subscriber or confirmed_subscriber()
    url = f"/en/newsletter/manage/{tokens.make_token(subscriber, 'manage')}/"
    before = state()

    response = client.post(url, {"language": "en", "interests": ["news"], **overrides})

    assert response.status_code in (HTTPStatus.SEE_OTHER, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert state() == before


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "manage"])
@given(token=text.filter(bool))
@HYPOTHESIS
def test_arbitrary_token_is_refused_and_changes_nothing(purpose, token):
    client = Client()
    if not Subscriber.objects.filter(email="known@example.org").exists():
        confirmed_subscriber()
    before = state()
    url = f"/en/newsletter/{purpose}/{quote(token, safe='')}/"

    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    # (404: a "/" in the token leaves the URL pattern.)
    assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND)
    assert state() == before


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "manage"])
@given(token=text.filter(bool))
@HYPOTHESIS
def test_arbitrary_token_page_never_fails(client, purpose, token):
    response = client.get(f"/en/newsletter/{purpose}/{quote(token, safe='')}/")

    assert response.status_code in (
        HTTPStatus.OK,  # confirm and unsubscribe show a button first
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.NOT_FOUND,
    )
