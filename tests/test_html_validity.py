"""Every kind of public page is valid HTML (Nu Html Checker)."""

import pytest

from .html_validation import html_errors

pytestmark = pytest.mark.django_db

# Each app adds the addresses of its page types here.
PAGES = {
    "home": "/en/",
    "about (standard page)": "/en/about/",
    "search with results": "/en/search/?q=programme",
    "search without results": "/en/search/?q=zzzz",
    "404": "/en/no-such-page/",
    "home in Spanish": "/es/",
    "country index": "/en/countries/",
    "country page with need filter": "/en/countries/brazil/?need=training",
    "European country page": "/en/countries/spain/",
    "find help answer": "/en/countries/find-help/?country=BR&need=training",
    "story index": "/en/stories/",
    "success story (sensitive)": "/en/stories/from-barcelona-to-peru-ec-starts-again/",
    "news index": "/en/news/",
    "news index filtered": "/en/news/?country=CL",
    "news article": "/en/news/transnational-meeting-sao-paulo/",
}


def test_public_pages_are_valid_html(client, home_page, tmp_path):
    documents = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        documents[name] = response.content.decode()
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)


def test_the_validator_catches_invalid_markup(tmp_path):
    """The check above could fail: a broken document is reported."""
    errors = html_errors(
        {"broken": "<!doctype html><html lang=en><title>x</title><p><div></span>"},
        tmp_path,
    )
    assert any(line.startswith("broken") and "Stray end tag" in line for line in errors)
