"""allauth's own rate limits answer 429 with the form given back: the page in
the visitor's language, what was typed kept (never the password), and how
long to wait."""

from http import HTTPStatus

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

TYPED_PASSWORD = "typed-Password-9f3k"


@pytest.fixture
def small_limits(settings):
    """allauth's real limits, made small: one request a minute."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login": "1/m/ip",
        "signup": "1/m/ip",
        "reset_password": "1/m/ip,5/m/key",
    }


def twice(client, url: str, data: dict, **headers):
    client.post(url, data, **headers)
    return client.post(url, data, **headers)


def test_rate_limited_login_is_429_in_spanish_keeping_the_email(client, small_limits):
    response = twice(
        client,
        "/es/accounts/login/",
        {"login": "ana@example.org", "password": TYPED_PASSWORD},
    )
    text = response.content.decode()

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "60"
    assert '<html lang="es"' in text
    assert "Demasiados intentos" in text
    assert "Espere 1 minuto antes de volver a intentarlo." in text
    assert 'value="ana@example.org"' in text
    assert TYPED_PASSWORD not in text
    assert 'action="/es/accounts/login/"' in text


def test_rate_limited_signup_keeps_name_and_email_not_passwords(client, small_limits):
    data = {
        "full_name": "Ana Pérez",
        "email": "ana@example.org",
        "password1": TYPED_PASSWORD,
        "password2": TYPED_PASSWORD,
    }
    response = twice(client, "/en/accounts/signup/", data)
    text = response.content.decode()

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 'value="Ana Pérez"' in text
    assert 'value="ana@example.org"' in text
    assert TYPED_PASSWORD not in text
    assert "except the password" in text
    assert 'class="form-privacy"' in text


def test_rate_limited_signup_creates_no_account(
    client, small_limits, django_user_model
):
    client.post("/en/accounts/signup/", {"email": "first@example.org"})
    client.post(
        "/en/accounts/signup/",
        {"email": "second@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not django_user_model.objects.filter(email="second@example.org").exists()


def test_rate_limited_password_reset_keeps_the_email(client, small_limits, mailoutbox):
    response = twice(
        client, "/it/accounts/password/reset/", {"email": "ana@example.org"}
    )
    text = response.content.decode()

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert '<html lang="it"' in text
    assert 'value="ana@example.org"' in text
    assert "Quello che hai scritto è qui sotto: invialo di nuovo più tardi." in text
    assert "tranne la password" not in text


def test_rate_limited_login_checks_no_password(client, small_limits, monkeypatch):
    """Giving the form back checks nothing: a refused request is not one more
    password tried (allauth's ``login_failed`` count is left alone)."""
    from allauth.account.adapter import DefaultAccountAdapter

    tried = []
    authenticate = DefaultAccountAdapter.authenticate

    def counting(self, request, **credentials):
        tried.append(credentials)
        return authenticate(self, request, **credentials)

    monkeypatch.setattr(DefaultAccountAdapter, "authenticate", counting)
    twice(client, "/en/accounts/login/", {"login": "ana@example.org", "password": "x"})
    assert len(tried) == 1


def test_typed_values_leave_passwords_out():
    """Never given back, even to a widget that would render it."""
    from accounts.forms import SignupForm
    from accounts.rate_limits import typed_values

    data = {"email": "ana@example.org", "password1": "x", "password2": "x"}
    assert typed_values(SignupForm(), data) == {"email": "ana@example.org"}


def test_other_rate_limited_requests_get_the_site_429_page(rf, settings):
    from accounts.rate_limits import rate_limited

    request = rf.get("/en/")
    request.resolver_match = None
    response = rate_limited(request)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Retry-After" in response
