import pytest

from tests.html_validation import assert_pages_are_valid_html

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
    assert_pages_are_valid_html(client, PAGES, tmp_path)
