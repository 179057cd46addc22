"""Resetting a forgotten password by email, and changing it when logged in."""

import re

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password"


def reset_link(message) -> str:
    match = re.search(
        r"http://127\.0\.0\.1:8000(/\S+/password/reset/key/\S+)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_password_reset_by_emailed_link_sets_a_new_password(client, booker, mailoutbox):
    client.post("/en/accounts/password/reset/", {"email": booker.email})
    link = reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)  # allauth moves the key to the session
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0]
    response = client.post(
        action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    booker.refresh_from_db()
    assert booker.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, home_page):
    response = client.post(
        "/en/accounts/password/reset/", {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"


def test_password_change_tells_the_person_by_email(logged_in, booker, mailoutbox):
    response = logged_in.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    booker.refresh_from_db()
    assert booker.check_password(NEW_PASSWORD)
    assert [m.to for m in mailoutbox] == [[booker.email]]


def test_password_change_with_the_wrong_current_password_changes_nothing(
    logged_in, booker
):
    response = logged_in.post(
        "/en/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    booker.refresh_from_db()
    assert booker.check_password(PASSWORD)
