"""Success stories in a real browser: filtering the index, reading a story, axe."""

import pytest
from playwright.sync_api import Page, expect

from .helpers import DESKTOP, PHONE, assert_no_serious_axe_violations


@pytest.fixture
def stories_site(demo_site) -> str:
    return demo_site


def assert_accessible_on_phone_and_desktop(page: Page) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_serious_axe_violations(page)


def test_visitor_filters_stories_by_theme_and_reads_one(stories_site, page):
    page.goto(f"{stories_site}/en/stories/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Success stories")
    assert_accessible_on_phone_and_desktop(page)

    page.get_by_label("Theme").select_option("family")
    page.get_by_role("button", name="Show stories").click()
    expect(page).to_have_url(f"{stories_site}/en/stories/?theme=family&country=")
    cards = page.locator("article.story-card")
    expect(cards).to_have_count(1)
    expect(page.get_by_label("Theme")).to_have_value("family")

    cards.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("V.B.")
    expect(page.locator("main")).to_contain_text("The One Stop Shop in Brazil")
    assert_accessible_on_phone_and_desktop(page)


def test_filter_without_matches_explains_and_offers_to_clear(stories_site, page):
    page.goto(f"{stories_site}/en/stories/?country=UY")
    expect(page.get_by_role("status")).to_contain_text("No story matches")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Clear the filters and see all stories").click()
    expect(page.locator("article.story-card")).to_have_count(2)


def test_sensitive_story_page_is_accessible_and_not_indexed(stories_site, page):
    page.goto(f"{stories_site}/en/stories/from-barcelona-to-peru-ec-starts-again/")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    assert_accessible_on_phone_and_desktop(page)
