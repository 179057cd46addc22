"""Reading the news in a real browser: filter with the plain form, open an article."""

import pytest
from playwright.sync_api import Page, expect

from .helpers import PHONE, assert_no_serious_axe_violations, broken_images

MEETING = "Partners from eleven countries meet in São Paulo"
VISITS = "Field visits to the One Stop Shops in Brazil, Chile and Paraguay"


def cards(page: Page):
    return (
        page.get_by_role("region", name="Latest news")
        .or_(page.get_by_role("region", name="Filtered news"))
        .locator(".card")
    )


def test_visitor_filters_news_by_country_and_opens_an_article(demo_site, desktop_page):
    page = desktop_page
    response = page.goto(f"{demo_site}/en/news/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("News")
    expect(cards(page)).to_have_count(4)
    assert_no_serious_axe_violations(page)
    assert broken_images(page) == []

    page.get_by_label("Country").select_option("CL")
    page.get_by_role("button", name="Show news").click()
    expect(page).to_have_url(f"{demo_site}/en/news/?tag=&country=CL&year=&edition=")
    expect(cards(page)).to_have_count(1)
    page.reload()  # the filter lives in the address, so it survives a reload
    expect(page.get_by_label("Country")).to_have_value("CL")
    expect(cards(page)).to_have_count(1)

    cards(page).get_by_role("link", name=VISITS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(VISITS)
    related = page.get_by_role("region", name="Related news")
    expect(related.get_by_role("link", name=MEETING)).to_have_count(1)
    page.set_viewport_size(PHONE)
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("query", ["?tag=nope", "?year=abc&country=ZZ"])
def test_unknown_filter_shows_a_way_back(demo_site, page, query):
    response = page.goto(f"{demo_site}/en/news/{query}")
    assert response.status == 200
    expect(page.get_by_role("status")).to_contain_text("No news matches these filters")
    page.get_by_role("link", name="Clear the filters and see all news").click()
    expect(page).to_have_url(f"{demo_site}/en/news/")
    expect(cards(page)).to_have_count(4)
    assert_no_serious_axe_violations(page)
