import pytest

from tests.html_validation import html_errors

pytestmark = pytest.mark.django_db

PAGES = {
    "news index": "/en/news/",
    "news index filtered": "/en/news/?country=CL&year=2016",
    "news index, unknown filter": "/en/news/?tag=nope&year=abc",
    "news index, nothing together": "/en/news/?tag=workshops&country=CL",
    "news index in Spanish": "/es/news/",
    "news article": "/en/news/transnational-meeting-sao-paulo/",
    "news article in Portuguese": "/pt/news/workshops-in-europe/",
}


def test_news_pages_are_valid_html(client, news_index, tmp_path):
    documents = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)
