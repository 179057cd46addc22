import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsPage

pytestmark = pytest.mark.django_db

INDEX_QUERY_BUDGET = 30
ARTICLE_QUERY_BUDGET = 40


def count_queries(client, url: str, params=None) -> int:
    client.get(url, params)  # warm up: renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_articles(make_news, image, count: int, start: int) -> None:
    for i in range(start, start + count):
        make_news(
            title=f"Brazil {i}",
            slug=f"brazil-{i}",
            countries=["BR", "PY"],
            tags=["Monitoring", f"Topic {i}"],
            edition=i % 7 + 1,
            listing_image=image,
        )


@pytest.mark.parametrize("params", [None, {"country": "BR"}, {"tag": "monitoring"}])
def test_index_queries_do_not_grow_with_more_articles(
    client, news_index, make_news, params
):
    image = NewsPage.objects.first().listing_image
    add_articles(make_news, image, 5, 0)
    few = count_queries(client, "/en/news/", params)
    add_articles(make_news, image, 45, 5)
    many = count_queries(client, "/en/news/", params)
    content = client.get("/en/news/", params).content.decode()
    assert content.count('<article class="card">') == 12
    assert many == few
    assert many <= INDEX_QUERY_BUDGET


def test_feed_queries_do_not_grow_with_more_articles(client, news_index, make_news):
    image = NewsPage.objects.first().listing_image
    add_articles(make_news, image, 5, 0)
    few = count_queries(client, "/en/news/feed/rss/")
    add_articles(make_news, image, 45, 5)
    assert count_queries(client, "/en/news/feed/atom/") == few


def test_article_queries_do_not_grow_with_more_related_articles(
    client, news_index, make_news
):
    url = "/en/news/monitoring-visits-brazil-chile-paraguay/"
    image = NewsPage.objects.first().listing_image
    add_articles(make_news, image, 5, 0)
    few = count_queries(client, url)
    add_articles(make_news, image, 45, 5)
    many = count_queries(client, url)
    related = client.get(url).content.decode().split('id="news-related-heading"')[1]
    assert related.count('<article class="card">') == 3
    assert many == few
    assert many <= ARTICLE_QUERY_BUDGET
