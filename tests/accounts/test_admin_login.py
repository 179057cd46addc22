"""One login for everybody: staff sign in through allauth's rate-limited,
verified-only login; Wagtail's own login and password reset authenticate
nobody."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def make_staff(email="editor@example.org", verified=True):
    user = get_user_model().objects.create_superuser(email, PASSWORD)
    if verified:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_admin_sends_visitors_to_the_one_login(client):
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2Fpages%2F"
    assert response.status_code == 200


def test_posting_to_wagtails_login_authenticates_nobody(client):
    make_staff()
    response = client.post(
        "/admin/login/", {"username": "editor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert logged_in_as(client) is None
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_keeps_next_inside_the_site(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2F"


def test_staff_sign_in_through_the_site_login_and_reach_the_admin(client):
    make_staff()
    response = client.post(
        f"{LOGIN}?next=/admin/", {"login": "editor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_passwords_lock_a_staff_account_like_any_other(client):
    make_staff()
    for _attempt in range(5):
        client.post(LOGIN, {"login": "editor@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"login": "editor@example.org", "password": PASSWORD})
    assert logged_in_as(client) is None
    assert "Too many failed login attempts" in response.content.decode()


def test_an_unverified_staff_address_gets_no_session(client, mailoutbox):
    make_staff(verified=False)
    client.post(LOGIN, {"login": "editor@example.org", "password": PASSWORD})
    assert logged_in_as(client) is None
    assert client.get("/admin/").status_code == 302
    # allauth sends the link that verifies the address.
    (message,) = mailoutbox
    assert message.to == ["editor@example.org"]


def test_a_public_account_gets_no_admin(client, make_user):
    user = make_user(email="public@example.org")
    user.set_password(PASSWORD)
    user.save()
    client.post(LOGIN, {"login": "public@example.org", "password": PASSWORD})
    assert logged_in_as(client) == str(user.pk)  # signed in to the site...
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403  # ...but not let into the admin


def test_wagtails_password_reset_is_off(client):
    assert client.get("/admin/password_reset/", follow=True).status_code == 404
