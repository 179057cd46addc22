"""Newsletter editions as pages: what the public page, the index and the feed show."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from news.models import EditionPage, NewsPage

pytestmark = pytest.mark.django_db

URL = "/en/news/newsletter-3/"


@pytest.fixture
def edition(news_index) -> EditionPage:
    return EditionPage.objects.get(locale__language_code="en", number=3)


def test_edition_page_shows_title_intro_cover_and_its_articles(client, edition):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert edition.title in content
    assert "Newsletter edition 3" in content
    assert "eight Latin American One Stop Shops" in content
    assert "<picture" in content and "srcset=" in content
    for article in NewsPage.objects.live().filter(edition=3, locale=edition.locale):
        assert article.url in content
    assert content.count('<article class="card">') == 4


def test_edition_page_hides_drafts_private_articles_and_other_editions(
    client, edition, make_news
):
    draft = make_news(title="Draft article", edition=3)
    draft.unpublish()
    private = make_news(title="Private article", edition=3)
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    make_news(title="Edition four article", edition=4)
    make_news(title="Public article", edition=3)
    content = client.get(URL).content.decode()
    assert "Public article" in content
    assert "Draft article" not in content
    assert "Private article" not in content
    assert "Edition four article" not in content


def test_edition_page_lists_articles_in_the_visitors_language(
    client, edition, make_news
):
    spanish = Locale.objects.get(language_code="es")
    assert edition.has_translation(spanish)  # the demo translates it
    article = NewsPage.objects.get(
        locale__language_code="en", slug="workshops-in-europe"
    )
    translated = article.get_translation(spanish)
    assert translated.title != article.title
    untranslated = make_news(title="Only in English", edition=3)
    content = client.get("/es/news/newsletter-3/").content.decode()
    assert translated.title in content
    assert article.title not in content
    # Untranslated articles are shown in the default language.
    assert untranslated.title in content


def test_edition_number_is_the_same_in_every_language(edition):
    from wagtail_localize.fields import SynchronizedField

    assert any(
        isinstance(f, SynchronizedField) and f.field_name == "number"
        for f in EditionPage.override_translatable_fields
    )


def test_two_editions_may_not_share_a_number(edition, news_index):
    from django.core.exceptions import ValidationError

    other = EditionPage(title="Again", slug="again", number=3)
    with pytest.raises(ValidationError):
        news_index.add_child(instance=other)
    fourth = EditionPage(title="Four", slug="four", number=4)
    news_index.add_child(instance=fourth)  # another number is fine


def test_index_edition_filter_still_lists_the_editions_articles(client, edition):
    content = client.get("/en/news/", {"edition": "3"}).content.decode()
    assert content.count('<article class="card">') == 4
    assert client.get("/en/news/", {"edition": "99"}).status_code == 200


def test_index_links_each_edition_to_its_page_where_there_is_one(
    client, edition, make_news
):
    make_news(title="Edition four article", edition=4)
    content = client.get("/en/news/").content.decode()
    editions = content.split('id="news-editions-heading"')[1].split("</section>")[0]
    assert f'<a href="{edition.url}">' in editions
    assert edition.title in editions
    assert 'href="/en/news/?edition=4"' in editions  # no page for edition 4
    assert "?edition=3" not in editions


def test_article_links_its_edition_page(client, edition, make_news):
    article = NewsPage.objects.get(
        locale__language_code="en", slug="workshops-in-europe"
    )
    content = client.get(article.url).content.decode()
    assert f'<a href="{edition.url}">Newsletter edition 3</a>' in content
    orphan = make_news(title="Edition four article", edition=4)
    content = client.get(orphan.url).content.decode()
    assert '<a href="/en/news/?edition=4">Newsletter edition 4</a>' in content


def test_spanish_index_links_the_spanish_edition_page(client, edition):
    spanish = edition.get_translation(Locale.objects.get(language_code="es"))
    content = client.get("/es/news/").content.decode()
    assert f'<a href="{spanish.url}">' in content


def test_edition_page_carries_publication_issue_json_ld(client, edition):
    content = client.get("/es" + URL[3:]).content.decode()
    payload = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', content, re.S
    ).group(1)
    data = json.loads(payload)
    assert data["@type"] == "PublicationIssue"
    assert data["issueNumber"] == "3"
    assert data["inLanguage"] == "es"
    assert data["url"] == "http://127.0.0.1:8000/es/news/newsletter-3/"
    assert data["isPartOf"]["name"] == "Boletín de las Ventanillas Únicas"
    assert data["image"][0].startswith("http://127.0.0.1:8000/media/images/")
    parts = {part["url"] for part in data["hasPart"]}
    assert len(parts) == 4
    assert "http://127.0.0.1:8000/es/news/workshops-in-europe/" in parts


def test_edition_is_its_own_feed_entry(client, edition):
    content = client.get("/en/news/feed/rss/").content.decode()
    assert f"<title>{edition.title}</title>" in content
    assert "http://127.0.0.1:8000/en/news/newsletter-3/" in content


def count_queries(client) -> int:
    client.get(URL)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_edition_page_queries_do_not_grow_with_more_articles(
    client, edition, make_news
):
    image = NewsPage.objects.first().listing_image
    # The demo has 4 articles; 3 more gives 7, then 10 more.
    for i in range(3):
        make_news(title=f"A{i}", slug=f"a-{i}", edition=3, listing_image=image)
    few = count_queries(client)
    for i in range(10):
        make_news(title=f"B{i}", slug=f"b-{i}", edition=3, listing_image=image)
    assert count_queries(client) == few
