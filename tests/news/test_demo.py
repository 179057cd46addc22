import pytest
from wagtail.models import Page

import news.demo
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def test_demo_creates_the_index_and_edition_three(news_index):
    assert news_index.live and news_index.show_in_menus
    articles = NewsPage.objects.child_of(news_index).live()
    assert articles.count() == 4
    assert set(articles.values_list("edition", flat=True)) == {3}
    meeting = articles.get(slug="transnational-meeting-sao-paulo")
    assert meeting.listing_image is not None
    assert set(meeting.partners.values_list("acronym", flat=True)) == {
        "OEI",
        "ACOBE",
        "ICEI",
        "FEDELATINA",
        "ALCC",
    }
    assert "BR" in set(meeting.countries.values_list("code", flat=True))
    assert meeting.tags.exists()
    assert len(meeting.body) >= 3


def test_demo_images_are_distinct(news_index):
    images = {p.listing_image_id for p in NewsPage.objects.all()}
    assert len(images) == 4


def test_demo_loader_run_twice_changes_nothing(news_index):
    before = Page.objects.count()
    revisions = [p.latest_revision_id for p in NewsPage.objects.order_by("pk")]
    news.demo.load()
    assert Page.objects.count() == before
    assert NewsIndexPage.objects.filter(locale__language_code="en").count() == 1
    assert [p.latest_revision_id for p in NewsPage.objects.order_by("pk")] == revisions


def test_demo_loader_keeps_an_editors_changes(news_index):
    page = NewsPage.objects.get(locale__language_code="en", slug="workshops-in-europe")
    page.title = "Edited by an editor"
    page.save_revision().publish()
    news.demo.load()
    page.refresh_from_db()
    assert page.title == "Edited by an editor"
