"""Signed link tokens: purpose, expiry, binding to a person and an address."""

import re

import pytest
from django.core import signing
from hypothesis import given
from hypothesis import strategies as st

from mailinglist import tokens

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def test_token_names_the_subscriber_it_was_made_for(make_subscriber):
    subscriber = make_subscriber()
    data = tokens.read_token(tokens.make_token(subscriber, "confirm"), "confirm")
    assert data.subscriber_id == subscriber.pk
    assert data.matches(subscriber)


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "manage"])
def test_token_is_url_safe_and_short(make_subscriber, purpose):
    token = tokens.make_token(make_subscriber(), purpose)
    assert re.fullmatch(r"[A-Za-z0-9_\-:]+", token)
    assert len(token) < 100


def test_token_does_not_carry_the_address(make_subscriber):
    subscriber = make_subscriber(email="visible.name@example.org")
    token = tokens.make_token(subscriber, "unsubscribe")
    decoded = str(signing.Signer(salt="mailinglist.unsubscribe").unsign_object(token))
    assert "visible" not in token and "visible" not in decoded


@pytest.mark.parametrize(
    ("made_for", "used_for"),
    [
        ("confirm", "unsubscribe"),
        ("unsubscribe", "manage"),
        ("manage", "confirm"),
        ("unsubscribe", "confirm"),
    ],
)
def test_token_for_one_purpose_is_refused_for_another(
    make_subscriber, made_for, used_for
):
    token = tokens.make_token(make_subscriber(), made_for)
    with pytest.raises(tokens.BadToken):
        tokens.read_token(token, used_for)


def test_tampered_token_is_refused(make_subscriber):
    token = tokens.make_token(make_subscriber(), "confirm")
    position = len(token) // 3
    replacement = "A" if token[position] != "A" else "B"
    tampered = token[:position] + replacement + token[position + 1 :]
    with pytest.raises(tokens.BadToken):
        tokens.read_token(tampered, "confirm")


def test_token_signed_with_another_key_is_refused(make_subscriber, settings):
    subscriber = make_subscriber()
    settings.SECRET_KEY = "another-site-entirely"
    token = tokens.make_token(subscriber, "manage")
    settings.SECRET_KEY = "test-only-insecure-key"
    with pytest.raises(tokens.BadToken):
        tokens.read_token(token, "manage")


def test_confirm_token_expires_after_seven_days(make_subscriber, aged_token):
    token = aged_token(make_subscriber(), "confirm", age=7 * DAY + 60)
    with pytest.raises(tokens.TokenExpired):
        tokens.read_token(token, "confirm")


def test_confirm_token_works_until_the_seventh_day(make_subscriber, aged_token):
    subscriber = make_subscriber()
    token = aged_token(subscriber, "confirm", age=7 * DAY - 60)
    assert tokens.read_token(token, "confirm").matches(subscriber)


def test_manage_token_expires_after_ninety_days(make_subscriber, aged_token):
    token = aged_token(make_subscriber(), "manage", age=90 * DAY + 60)
    with pytest.raises(tokens.TokenExpired):
        tokens.read_token(token, "manage")


def test_unsubscribe_token_carries_no_time_so_never_expires(make_subscriber):
    subscriber = make_subscriber()
    token = tokens.make_token(subscriber, "unsubscribe")
    # A plain (untimed) signature: there is no age to be too old.
    payload = signing.Signer(salt="mailinglist.unsubscribe").unsign_object(token)
    assert payload[0] == subscriber.pk
    assert tokens.read_token(token, "unsubscribe").matches(subscriber)


def test_token_does_not_match_another_address_on_the_same_row(make_subscriber):
    subscriber = make_subscriber(email="first@example.org")
    data = tokens.read_token(tokens.make_token(subscriber, "manage"), "manage")
    subscriber.email = "second@example.org"
    assert not data.matches(subscriber)


def test_token_does_not_match_after_links_are_revoked(make_subscriber):
    subscriber = make_subscriber()
    data = tokens.read_token(tokens.make_token(subscriber, "manage"), "manage")
    subscriber.token_version += 1
    assert not data.matches(subscriber)
    assert data.matches(subscriber, check_version=False)


def test_overlong_token_is_refused_without_checking(make_subscriber):
    with pytest.raises(tokens.BadToken):
        tokens.read_token("a" * 5000, "confirm")


@given(st.text(max_size=300))
def test_arbitrary_text_is_refused_cleanly(text):
    for purpose in ("confirm", "unsubscribe", "manage"):
        with pytest.raises(tokens.BadToken):
            tokens.read_token(text, purpose)
