import datetime

import pytest

import news.demo
from countries.models import Country
from news.models import NewsIndexPage, NewsPage


@pytest.fixture
def news_index(home_page) -> NewsIndexPage:
    """The demo News index with the four articles of edition 3."""
    return news.demo.load()


@pytest.fixture
def make_news(news_index):
    """Create and publish a NewsPage under the demo News index."""
    counter = {"n": 0}

    def make(parent=None, tags=(), countries=(), **fields) -> NewsPage:
        counter["n"] += 1
        fields.setdefault("title", f"Article {counter['n']}")
        fields.setdefault("slug", f"article-{counter['n']}")
        fields.setdefault("date", datetime.date(2017, 1, 1))
        fields.setdefault("listing_summary", "Something happened.")
        page = NewsPage(**fields)
        page.countries = list(Country.objects.filter(code__in=countries))
        if tags:
            page.tags.add(*tags)
        (parent or news_index).add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
