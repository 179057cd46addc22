"""Signing up, verifying the address, logging in; allauth's rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"
LOGIN = "/en/accounts/login/"


def sign_up(client, email="new@example.org", url=SIGNUP, **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(url, data)


def link_in(message) -> str:
    """The path of the first link to this site in an email."""
    match = re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_signup_sends_a_verification_email_and_waits(client, home_page, mailoutbox):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert logged_in_user_id(client) is None
    address = EmailAddress.objects.get(email="new@example.org")
    assert not address.verified


def test_following_the_emailed_link_verifies_the_address(client, home_page, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0])
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert not EmailAddress.objects.get(email="new@example.org").verified
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified


def test_confirming_in_the_signup_session_logs_in_and_opens_my_bookings(
    client, home_page, mailoutbox
):
    sign_up(client)
    response = client.post(link_in(mailoutbox[0]), follow=True)
    user = get_user_model().objects.get(email="new@example.org")
    assert logged_in_user_id(client) == str(user.pk)
    assert response.redirect_chain[-1][0] == "/en/accounts/bookings/"


def test_verified_user_can_log_in(client, home_page, mailoutbox):
    sign_up(client)
    client.post(link_in(mailoutbox[0]))
    client.logout()
    response = client.post(LOGIN, {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user_id(client) is not None


def test_login_is_refused_before_verification(client, home_page, mailoutbox):
    UserFactory(email="unverified@example.org")
    response = client.post(
        LOGIN, {"login": "unverified@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert logged_in_user_id(client) is None
    assert [m.to for m in mailoutbox] == [["unverified@example.org"]]


def test_signup_with_a_bad_email_is_refused_with_a_message(client, home_page):
    response = sign_up(client, email="not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not get_user_model().objects.filter(email="not-an-address").exists()


def test_signup_with_a_taken_address_reveals_nothing_and_creates_nothing(
    client, home_page, mailoutbox
):
    UserFactory(email="taken@example.org")
    response = sign_up(client, email="taken@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert (
        get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
    )
    assert "already" in mailoutbox[0].body.lower()


def test_signup_remembers_the_language_and_the_full_name(client, home_page):
    sign_up(client, url="/es/accounts/signup/", full_name="  Ana   Gómez ")
    user = get_user_model().objects.get(email="new@example.org")
    assert user.preferred_language == "es"
    assert user.full_name == "Ana Gómez"


def test_verification_email_is_in_the_signup_language(client, home_page, mailoutbox):
    sign_up(client, url="/pt/accounts/signup/")
    assert "/pt/accounts/confirm-email/" in mailoutbox[0].body


def test_login_keeps_the_language_prefix(client, make_user, home_page):
    make_user(email="ana@example.org")
    response = client.post(
        "/it/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/it/accounts/bookings/"


def test_login_follows_a_safe_next_but_not_an_outside_one(client, make_user, home_page):
    make_user(email="ana@example.org")
    credentials = {"login": "ana@example.org", "password": PASSWORD}
    response = client.post(f"{LOGIN}?next=/en/about/", credentials)
    assert response["Location"] == "/en/about/"
    client.logout()
    response = client.post(f"{LOGIN}?next=https://evil.example/", credentials)
    assert response["Location"] == "/en/accounts/bookings/"


def test_logout_returns_home_in_the_same_language(client, booker, home_page):
    client.force_login(booker)
    response = client.post("/es/accounts/logout/")
    assert response["Location"] == "/es/"
    assert logged_in_user_id(client) is None


def test_repeated_failed_logins_lock_the_address_even_with_the_right_password(
    client, make_user, home_page
):
    make_user(email="ana@example.org")
    for _ in range(5):
        client.post(LOGIN, {"login": "ana@example.org", "password": "wrong-password"})
    response = client.post(LOGIN, {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_too_many_login_requests_get_429(client, home_page):
    statuses = [
        client.post(
            LOGIN, {"login": f"person{n}@example.org", "password": "x"}
        ).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_header_offers_log_in_and_sign_up_back_to_the_page(client, about_page):
    html = client.get("/en/about/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/about/"' in html
    assert 'href="/en/accounts/signup/?next=/en/about/"' in html
    assert "My bookings" not in html


def test_header_offers_bookings_profile_and_log_out_when_logged_in(
    client, booker, home_page
):
    client.force_login(booker)
    html = client.get("/en/").content.decode()
    assert 'href="/en/accounts/bookings/"' in html
    assert 'href="/en/accounts/profile/"' in html
    assert 'action="/en/accounts/logout/"' in html
    assert 'href="/en/accounts/login/' not in html
