"""The account pages (allauth's and ours) are valid HTML and not indexed."""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.html_validation import assert_pages_are_valid_html, html_errors

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = {
    "log in": "/en/accounts/login/",
    "sign up": "/en/accounts/signup/",
    "verification sent": "/en/accounts/confirm-email/",
    "confirm email (bad key)": "/en/accounts/confirm-email/not-a-key/",
    "password reset": "/en/accounts/password/reset/",
    "password reset done": "/en/accounts/password/reset/done/",
    "password reset from a bad key": "/en/accounts/password/reset/key/1-bad/",
    "password reset from key done": "/en/accounts/password/reset/key/done/",
    "inactive": "/en/accounts/inactive/",
    "log in in Spanish": "/es/accounts/login/",
}


def test_allauth_pages_for_visitors_are_valid_html(client, home_page, tmp_path):
    assert_pages_are_valid_html(client, ANONYMOUS_PAGES, tmp_path)


def test_allauth_pages_with_form_errors_are_valid_html(client, home_page, tmp_path):
    documents = {
        "log in, wrong password": client.post(
            "/en/accounts/login/", {"login": "x@example.org", "password": "wrong"}
        ).content.decode(),
        "sign up, bad input": client.post(
            "/en/accounts/signup/",
            {"email": "not an email", "password1": "1", "password2": "2"},
        ).content.decode(),
    }
    assert html_errors(documents, tmp_path) == []


def test_rate_limited_allauth_pages_are_valid_html(
    client, home_page, tmp_path, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login": "1/m/ip",
        "signup": "1/m/ip",
        "reset_password": "1/m/ip",
    }
    documents = {}
    for name, url, data in [
        ("log in", "/es/accounts/login/", {"login": "x@example.org", "password": "p"}),
        ("sign up", "/en/accounts/signup/", {"email": "x@example.org"}),
        ("password reset", "/pt/accounts/password/reset/", {"email": "x@example.org"}),
    ]:
        client.post(url, data)
        response = client.post(url, data)
        assert response.status_code == 429, name
        documents[f"{name}, too many attempts"] = response.content.decode()
    assert html_errors(documents, tmp_path) == []


def test_account_pages_are_valid_html(logged_in, booker, make_workshop, book, tmp_path):
    booking = book(make_workshop(), booker)
    EmailAddress.objects.filter(user=booker).update(verified=False)
    pages = {
        "my bookings": "/en/accounts/bookings/",
        "cancel confirmation": f"/en/accounts/bookings/{booking.pk}/cancel/",
        "change booking": f"/en/accounts/bookings/{booking.pk}/change/",
        "profile": "/en/accounts/profile/",
        "email addresses": "/en/accounts/email/",
        "password change": "/en/accounts/password/change/",
        "log out": "/en/accounts/logout/",
        "reauthenticate": "/en/accounts/reauthenticate/",
        "my bookings in Portuguese": "/pt/accounts/bookings/",
    }
    assert_pages_are_valid_html(logged_in, pages, tmp_path)


def test_change_booking_errors_are_valid_html(
    logged_in, booker, make_user, make_workshop, book, tmp_path
):
    page = make_workshop(capacity=3)
    booking = book(page, booker, 2, ["Ana", "Luis"])
    book(page, make_user())
    url = f"/en/accounts/bookings/{booking.pk}/change/"
    documents = {
        "seats not a number": logged_in.post(url, {"seats": "abc"}),
        "names missing": logged_in.post(url, {"seats": "3"}),
        "no seats free": logged_in.post(
            url, {"seats": "3", "attendee_names": "A\nB\nC"}
        ),
    }
    assert [r.status_code for r in documents.values()] == [400, 400, 409]
    errors = html_errors(
        {name: r.content.decode() for name, r in documents.items()}, tmp_path
    )
    assert errors == [], "\n".join(errors)


def test_delete_page_is_valid_html(logged_in, tmp_path):
    logged_in.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert_pages_are_valid_html(
        logged_in, {"delete account": "/en/accounts/delete/"}, tmp_path
    )


@pytest.mark.parametrize(
    "url", ["/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/profile/"]
)
def test_account_pages_are_not_indexed(client, booker, home_page, url):
    client.force_login(booker)
    response = client.get(url, follow=True)
    assert b'<meta name="robots" content="noindex">' in response.content


def test_pages_reached_from_emailed_links_are_valid_html(
    client, booker, mailoutbox, tmp_path
):
    client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post("/en/accounts/password/reset/", {"email": booker.email})
    confirm_link, reset_link = (
        re.search(r"http://127\.0\.0\.1:8000(/\S+)", m.body).group(1)
        for m in mailoutbox
    )
    documents = {
        "confirm email": client.get(confirm_link).content.decode(),
        "reset password from key": client.get(reset_link, follow=True).content.decode(),
    }
    assert "<form" in documents["reset password from key"]
    assert html_errors(documents, tmp_path) == []
