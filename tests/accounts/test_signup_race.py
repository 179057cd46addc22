"""Sign-ups racing for one address: one account, and every other answer is
the normal "check your inbox" of a taken address, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.threads import run_together

from .conftest import PASSWORD

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (SQLite serialises them)",
    ),
    pytest.mark.django_db(transaction=True),
]

SIGNUP = "/en/accounts/signup/"
RACERS = 6


def sign_up(email: str):
    def call() -> int:
        client = Client(raise_request_exception=False)
        response = client.post(
            SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
        return response.status_code, response.get("Location")

    return call


def test_concurrent_duplicate_signups_give_one_account_and_no_500(
    committed_demo, mailoutbox
):
    cache.clear()  # allauth's sign-up limit counts in the cache
    for attempt in range(3):  # the race is won differently each time
        email = f"racer{attempt}@example.org"
        answers = run_together([sign_up(email) for _ in range(RACERS)])
        assert answers == [(302, "/en/accounts/confirm-email/")] * RACERS
        assert get_user_model().objects.filter(email__iexact=email).count() == 1
        # One email, as after a normal duplicate sign-up: allauth sends an
        # address at most one such email every few minutes. It is the
        # verification, or, when a loser's answer got there first, "you
        # already have an account" with the way to log in or reset.
        [message] = [m for m in mailoutbox if email in m.to]
        assert "confirm-email" in message.body or "already" in message.body
