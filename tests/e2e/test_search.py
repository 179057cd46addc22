"""Searching in a real browser, on a phone: the header's box, suggestions,
results and filters, with and without JavaScript."""

from playwright.sync_api import Page, expect

from .helpers import PHONE, assert_no_serious_axe_violations

NARROW = {"width": 320, "height": 640}


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def open_menu(page: Page) -> None:
    """On a phone the search box is the first thing in the header's menu."""
    page.locator(".site-nav__toggle").click()


def test_the_header_box_searches_in_spanish_and_filters(demo_site, page, watcher):
    for viewport in (NARROW, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{demo_site}/es/")
        box = page.get_by_role("search").get_by_label("Buscar en el sitio")
        expect(box).to_be_hidden()
        page.get_by_text("Menú", exact=True).click()
        expect(box).to_be_visible()
        assert not scrolls_sideways(page), viewport

    box.fill("talleres")
    box.press("Enter")
    expect(page).to_have_url(f"{demo_site}/es/search/?q=talleres")
    results = page.locator(".search-results__title a")
    expect(results.first).to_have_text("Talleres")
    assert not scrolls_sideways(page)
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="Filtrar los resultados").get_by_role(
        "link", name="Noticias"
    ).click()
    expect(page).to_have_url(f"{demo_site}/es/search/?q=talleres&kind=news")
    for kind in page.locator(".search-results__kind").all_text_contents():
        assert kind.strip() == "Noticias"
    assert watcher.console_errors == [] and watcher.page_errors == []
    assert watcher.foreign_requests(demo_site) == []


def test_suggestions_appear_as_the_visitor_types(demo_site, page, watcher):
    page.goto(f"{demo_site}/pt/")
    open_menu(page)
    box = page.get_by_role("search").get_by_label("Buscar no site")
    box.press_sequentially("ofic", delay=50)
    options = page.locator("#site-search-suggestions option")
    expect(options.first).to_be_attached()
    values = options.evaluate_all("(options) => options.map((o) => o.value)")
    assert "Oficinas" in values
    assert 0 < len(values) <= 8
    assert any("/pt/search/suggest/?q=ofic" in url for url in watcher.requests)
    assert watcher.console_errors == [] and watcher.page_errors == []


def test_search_works_without_javascript(demo_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{demo_site}/it/")
    open_menu(page)
    page.get_by_role("search").get_by_label("Cerca nel sito").fill("lavoro")
    page.get_by_role("search").get_by_role("button", name="Cerca").click()
    expect(page).to_have_url(f"{demo_site}/it/search/?q=lavoro")
    expect(page.locator(".search-results__title a").first).to_be_visible()
