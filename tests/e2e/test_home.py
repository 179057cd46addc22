"""Journeys through the public site in a real browser: home, About, languages, 404."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    DESKTOP,
    PHONE,
    PageWatcher,
    assert_no_serious_axe_violations,
    broken_images,
    open_menu,
)

HERO_HEADING = "Going back to Latin America, with support at every step"
ABOUT = "About the programme"


def assert_accessible_on_phone_and_desktop(page: Page) -> None:
    """The axe check at both viewports: the layout, and so contrast and overlap, differ."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_serious_axe_violations(page)


def focused(page: Page) -> dict:
    """What has the keyboard focus: tag, id, text, and where it sits in the page."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                text: (el.innerText || el.textContent || "").trim(),
                href: el.getAttribute("href"),
                inMain: !!el.closest("main"),
                inMainMenu: !!el.closest('nav[aria-label="Main menu"]'),
            };
        }"""
    )


def main_menu(page: Page):
    """The main menu, its "Menu" disclosure opened first on a phone."""
    open_menu(page)
    return page.get_by_role("navigation", name="Main menu")


def test_home_page_shows_hero_and_about_card(demo_site, page):
    response = page.goto(f"{demo_site}/en/")

    assert response.status == 200
    expect(page).to_have_title(re.compile(r"One Stop Shops"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(HERO_HEADING)
    featured = page.get_by_role("region", name="Find out more")
    card = featured.locator(".card").filter(has_text=ABOUT)
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name=ABOUT)).to_have_attribute("href", "/en/about/")
    expect(
        main_menu(page).get_by_role("link", name="Home", exact=True)
    ).to_have_attribute("aria-current", "page")
    assert_accessible_on_phone_and_desktop(page)


def test_keyboard_skip_link_then_main_menu_to_about(demo_site, page):
    page.goto(f"{demo_site}/en/")

    # The first Tab lands on the skip link, which then shows on screen.
    page.keyboard.press("Tab")
    active = focused(page)
    assert (active["tag"], active["text"]) == ("a", "Skip to main content"), active
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_in_viewport()

    # Enter moves to #main, and the next Tab stays inside it: the header is skipped.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/#main$"))
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    active = focused(page)
    assert active["inMain"], f"Tab after the skip link left <main>: {active}"

    # From the top of a fresh visit, Tab reaches the menu's About link through
    # the header only: on a phone, Enter on "Menu" opens it on the way.
    page.goto(f"{demo_site}/en/")
    path = []
    for _ in range(20):
        page.keyboard.press("Tab")
        active = focused(page)
        path.append(active["text"] or active["tag"])
        assert not active["inMain"], f"Reached <main> before the main menu: {path}"
        if active["tag"] == "summary":
            page.keyboard.press("Enter")
        if active["inMainMenu"] and active["text"] == ABOUT:
            break
    else:
        pytest.fail(f"Tab never reached the main menu's {ABOUT!r} link: {path}")
    assert path[0] == "Skip to main content", path

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site}/en/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ABOUT)


def test_about_page_marks_where_the_visitor_is(demo_site, page):
    response = page.goto(f"{demo_site}/en/about/")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(ABOUT)
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    # On a phone only the way up shows; on a wide screen the whole trail.
    expect(breadcrumbs.get_by_role("link")).to_have_text(["Home"])
    page.set_viewport_size(DESKTOP)
    expect(breadcrumbs.get_by_role("link")).to_have_text(["Home", ABOUT])
    expect(breadcrumbs.get_by_role("link", name=ABOUT)).to_have_attribute(
        "aria-current", "page"
    )
    expect(
        breadcrumbs.get_by_role("link", name="Home", exact=True)
    ).not_to_have_attribute("aria-current", re.compile(".*"))
    page.set_viewport_size(PHONE)
    menu = main_menu(page)
    expect(menu.get_by_role("link", name=ABOUT)).to_have_attribute(
        "aria-current", "page"
    )
    expect(menu.get_by_role("link", name="Home", exact=True)).not_to_have_attribute(
        "aria-current", re.compile(".*")
    )
    assert_accessible_on_phone_and_desktop(page)


def test_language_switcher_opens_the_spanish_version(demo_site, desktop_page):
    page = desktop_page
    page.goto(f"{demo_site}/en/about/")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute(
        "aria-current", "true"
    )

    # The switcher's link remembers the choice (a redirect), then the page.
    with page.expect_response(
        lambda response: (
            response.request.resource_type == "document"
            and "/language/" not in response.url
        )
    ) as document:
        switcher.get_by_role("link", name="español").click()

    assert document.value.status == 200, document.value.url
    expect(page).to_have_url(re.compile(rf"^{re.escape(demo_site)}/es/"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).not_to_be_empty()
    # The interface is now in Spanish, and the switcher says so.
    switcher = page.get_by_role("navigation", name="Idioma")
    expect(switcher.get_by_role("link", name="español")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator(".skip-link")).to_have_text("Saltar al contenido principal")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The page is the Spanish translation: nothing in it is marked English.
    expect(page.get_by_role("heading", level=1)).to_have_text("Acerca del programa")
    expect(page.locator("main")).not_to_have_attribute("lang", "en")

    # Following the menu keeps the visitor in Spanish.
    menu = page.get_by_role("navigation", name="Menú principal")
    menu.get_by_role("link", name="Inicio").click()
    expect(page).to_have_url(f"{demo_site}/es/")
    assert_no_serious_axe_violations(page)


def test_not_found_page_keeps_the_site_layout(demo_site, page):
    response = page.goto(f"{demo_site}/en/does-not-exist/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    expect(main_menu(page).get_by_role("link", name=ABOUT)).to_be_visible()
    expect(page.get_by_role("navigation", name="Language")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Search the site")
    expect(page.get_by_role("contentinfo")).to_contain_text("Contact")
    assert_accessible_on_phone_and_desktop(page)


def test_site_works_without_javascript(demo_site, new_context):
    page = new_context(java_script_enabled=False).new_page()

    response = page.goto(f"{demo_site}/en/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(HERO_HEADING)

    main_menu(page).get_by_role("link", name=ABOUT).click()
    expect(page).to_have_url(f"{demo_site}/en/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ABOUT)


def _load_everything(page: Page) -> None:
    """Scroll down as a reader would, load every image, wait for the network."""
    page.mouse.wheel(0, 20_000)
    assert broken_images(page) == [], f"Broken images on {page.url}"
    page.wait_for_load_state("networkidle")


def test_no_console_errors_csp_violations_or_foreign_requests(
    demo_site, page, watcher: PageWatcher
):
    response = page.goto(f"{demo_site}/en/")
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp, f"No Content-Security-Policy on /en/: {csp!r}"
    _load_everything(page)
    main_menu(page).get_by_role("link", name=ABOUT).click()
    expect(page).to_have_url(f"{demo_site}/en/about/")
    _load_everything(page)

    assert watcher.console_errors == []
    assert watcher.page_errors == []
    assert watcher.foreign_requests(demo_site) == []
    assert any("/static/css/" in url for url in watcher.requests), watcher.requests
    assert any("/media/images/" in url for url in watcher.requests), watcher.requests

    # The recorder does see a CSP violation: an inserted inline script is refused.
    with page.expect_console_message(
        lambda message: "Content Security Policy" in message.text
    ):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineScriptRan = true";
                document.body.append(script);
            }"""
        )
    assert page.evaluate("() => window.inlineScriptRan") is None
    assert any("Content Security Policy" in error for error in watcher.console_errors)


def test_axe_check_fails_on_a_page_with_serious_violations(page):
    """The axe helper itself: it must fail, naming the rule, on a broken page."""
    page.set_content(
        "<!doctype html><html><head><title>Broken</title></head>"
        '<body><main><img src="data:,"><a href="#x"></a></main></body></html>'
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_serious_axe_violations(page)

    report = str(failure.value)
    assert "html-has-lang [serious]" in report
    assert "image-alt [critical]" in report
    assert "link-name [serious]" in report
