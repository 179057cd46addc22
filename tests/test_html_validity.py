"""Every kind of public page is valid HTML (Nu Html Checker)."""

import pytest

from .html_validation import assert_pages_are_valid_html, html_errors

pytestmark = pytest.mark.django_db

# The sections' pages are validated in tests/<app>/ with the same helper.
PAGES = {
    "home": "/en/",
    "about (standard page)": "/en/about/",
    "search with results": "/en/search/?q=programme",
    "search without results": "/en/search/?q=zzzz",
    "search with filters": "/es/search/?q=brasil&country=BR&kind=countries",
    "search, second page": "/pt/search/?q=brasil&page=2",
    "search with an unknown filter": ("/es/search/?q=brasil&kind=bogus", 400),
    "404": ("/en/no-such-page/", 404),
    "home in Spanish": "/es/",
}


def test_public_pages_are_valid_html(client, demo_content, tmp_path):
    assert_pages_are_valid_html(client, PAGES, tmp_path)


def test_the_validator_catches_invalid_markup(tmp_path):
    """The check above could fail: a broken document is reported."""
    errors = html_errors(
        {"broken": "<!doctype html><html lang=en><title>x</title><p><div></span>"},
        tmp_path,
    )
    assert any(line.startswith("broken") and "Stray end tag" in line for line in errors)
