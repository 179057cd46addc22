"""The 400, 403 (CSRF too) and 500 answers: the site's own pages, in the
visitor's language, saying nothing about how the site is set up."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from django.views import defaults

from tests.html_validation import html_errors

pytestmark = pytest.mark.django_db

SETUP_WORDS = ["DEBUG", "settings", "CSRF", "Referer", "Django", "Traceback"]

# Heading of each page in each language: what a visitor reads.
HEADINGS = {
    400: {"en": "Bad request", "es": "Solicitud incorrecta"},
    403: {"en": "Access denied", "es": "Acceso denegado"},
    "csrf": {
        "en": "The form could not be sent",
        "es": "No se pudo enviar el formulario",
    },
}


def bad_host(language: str):
    return Client(raise_request_exception=False).get(
        f"/{language}/", HTTP_HOST="evil.example.org"
    )


def csrf_refused(language: str):
    """The log-in form posted without its CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        f"/{language}/accounts/login/", {"login": "ana@example.org", "password": "x"}
    )


def denied(rf, language: str):
    with translation.override(language):
        return defaults.permission_denied(
            rf.get(f"/{language}/"), PermissionDenied("secret reason")
        )


def assert_site_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert 'href="/static/css/main.css"' in content
    for word in SETUP_WORDS:
        assert word not in content, word
    return content


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_host_the_site_does_not_serve_gets_the_400_page(home_page, language):
    content = assert_site_page(bad_host(language), 400, HEADINGS[400][language])
    assert "evil.example.org" not in content


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_form_without_its_csrf_token_gets_the_403_page(home_page, language):
    content = assert_site_page(csrf_refused(language), 403, HEADINGS["csrf"][language])
    assert f'<html lang="{language}">' in content


@pytest.mark.parametrize("language", ["en", "es"])
def test_permission_denied_gets_the_403_page(rf, home_page, language):
    content = assert_site_page(denied(rf, language), 403, HEADINGS[403][language])
    assert "secret reason" not in content


def test_error_pages_are_valid_html(rf, home_page, tmp_path):
    documents = {
        "400": bad_host("en").content.decode(),
        "403": denied(rf, "en").content.decode(),
        "403 csrf": csrf_refused("en").content.decode(),
        "500": defaults.server_error(rf.get("/en/")).content.decode(),
    }
    assert html_errors(documents, tmp_path) == []
