"""Related content across sections: the same country links news, stories and pages."""

import pytest

from news.models import NewsPage
from stories.models import SuccessStoryPage

pytestmark = pytest.mark.django_db


def section(content: str, heading_id: str) -> str:
    """The HTML of the section labelled by ``heading_id`` ("" when absent)."""
    marker = f'aria-labelledby="{heading_id}"'
    if marker not in content:
        return ""
    return content.split(marker, 1)[1].split("</section>", 1)[0]


def test_country_page_lists_stories_and_news_of_that_country(client, demo_content):
    content = client.get("/en/countries/brazil/").content.decode()
    stories = section(content, "related-stories-heading")
    news = section(content, "related-news-heading")
    brazil_story = SuccessStoryPage.objects.get(
        locale__language_code="en", country_of_return_id="BR"
    )
    assert brazil_story.url in stories
    assert "/en/stories/from-barcelona-to-peru" not in stories
    brazil_news = NewsPage.objects.live().filter(countries="BR")
    assert brazil_news.exists()
    for article in brazil_news[:3]:
        assert f'href="{article.url}"' in news
    for article in NewsPage.objects.live().exclude(countries="BR"):
        assert f'href="{article.url}"' not in news


def test_country_without_related_content_shows_no_empty_sections(client, demo_content):
    from countries.models import CountryPage

    quiet = (
        CountryPage.objects.live()
        .exclude(country__news_pages__live=True)
        .exclude(country_id__in=SuccessStoryPage.objects.values("country_of_return"))
        .first()
    )
    assert quiet is not None
    content = client.get(quiet.url).content.decode()
    assert section(content, "related-stories-heading") == ""
    assert section(content, "related-news-heading") == ""


def test_story_links_its_one_stop_shop_and_news_of_its_country(client, demo_content):
    story = SuccessStoryPage.objects.get(
        locale__language_code="en", country_of_return_id="BR"
    )
    content = client.get(story.url).content.decode()
    assert '<a href="/en/countries/brazil/">The One Stop Shop in Brazil</a>' in content
    news = section(content, "related-news-heading")
    for article in NewsPage.objects.live().filter(countries="BR")[:3]:
        assert f'href="{article.url}"' in news


def test_news_article_lists_stories_of_its_countries(client, demo_content):
    article = NewsPage.objects.live().filter(countries="BR").first()
    content = client.get(article.url).content.decode()
    stories = section(content, "related-stories-heading")
    assert (
        SuccessStoryPage.objects.get(
            locale__language_code="en", country_of_return_id="BR"
        ).url
        in stories
    )


def test_unpublished_content_is_not_related(client, demo_content):
    story = SuccessStoryPage.objects.get(
        locale__language_code="en", country_of_return_id="BR"
    )
    url = story.url
    story.unpublish()
    content = client.get("/en/countries/brazil/").content.decode()
    assert url not in section(content, "related-stories-heading")


def test_sensitive_stories_are_not_related_on_indexed_pages(client, demo_content):
    sensitive = SuccessStoryPage.objects.get(
        locale__language_code="en", is_sensitive=True
    )
    country_page = f"/en/countries/{sensitive.country_of_return.name.lower()}/"
    content = client.get(country_page).content.decode()
    assert client.get(country_page).status_code == 200
    assert sensitive.url not in content
    assert sensitive.initials not in content


def test_sensitive_story_is_not_offered_for_sharing(client, demo_content):
    sensitive = SuccessStoryPage.objects.get(
        locale__language_code="en", is_sensitive=True
    )
    content = client.get(sensitive.url).content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert 'property="og:' not in content
    other = SuccessStoryPage.objects.filter(is_sensitive=False).first()
    assert 'property="og:title"' in client.get(other.url).content.decode()
