"""Every page type on a phone (390 x 844) and a small phone (320 x 640), in
English and Spanish: nothing scrolls sideways, form controls keep a normal
height, the header leaves the content in the first quarter of the screen, the
menu opens without JavaScript, and axe finds nothing serious."""

import pytest
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Page, expect

import home.demo
from tests.factories import VerifiedUserFactory

from .helpers import PHONE, assert_no_serious_axe_violations
from .test_accounts import create_workshop

SMALL_PHONE = {"width": 320, "height": 640}
MAX_CONTROL_HEIGHT = 60

# One address per page type (the slugs are the same in English and Spanish).
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/about/",
    "/{lang}/privacy/",
    "/{lang}/countries/",
    "/{lang}/countries/brazil/",
    "/{lang}/countries/chile/skills-certification/",
    "/{lang}/countries/find-help/",
    "/{lang}/countries/find-help/?country=PE&need=training",
    "/{lang}/countries/checklist/",
    "/{lang}/countries/checklist/?country=BR&need=training&need=employment"
    "&household=family&children=1&business=1",
    "/{lang}/news/",
    "/{lang}/news/transnational-meeting-sao-paulo/",
    "/{lang}/news/newsletter-3/",
    "/{lang}/stories/",
    "/{lang}/stories/from-barcelona-to-peru-ec-starts-again/",
    "/{lang}/workshops/",
    "/{lang}/workshops/bilbao-briefing-professionals-2016/",
    "/{lang}/workshops/briefing-peru/",
    "/{lang}/figures/",
    "/{lang}/questions/",
    "/{lang}/search/?q=peru",
    "/{lang}/search/?q=zzqxw",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/newsletter/",
    "/{lang}/newsletter/check-your-inbox/",
    "/{lang}/newsletter/send-my-link/",
    "/{lang}/certificates/",
    "/{lang}/no-such-page/",
]
ACCOUNT_PAGES = [
    "/{lang}/workshops/briefing-peru/",
    "/{lang}/accounts/bookings/",
    "/{lang}/accounts/profile/",
    "/{lang}/accounts/email/",
]

MEASURE = """(maxHeight) => {
    const root = document.documentElement;
    const tall = [];
    for (const el of document.querySelectorAll(
        'input:not([type=hidden]), select, button, summary')) {
        const box = el.getBoundingClientRect();
        if (el.checkVisibility() && box.height > maxHeight) {
            tall.push(`${el.tagName.toLowerCase()}[name=${el.name || ''}] ${Math.round(box.height)}px`);
        }
    }
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > root.clientWidth + 0.5
            && el.checkVisibility({visibilityProperty: true})) {
            wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`);
        }
    }
    const main = document.querySelector('main');
    return {
        width: root.scrollWidth,
        viewport: root.clientWidth,
        tall,
        wide: wide.slice(0, 5),
        mainTop: main ? main.getBoundingClientRect().top + window.scrollY : null,
    };
}"""


def layout_problems(page: Page, viewport: dict) -> list[str]:
    found = page.evaluate(MEASURE, MAX_CONTROL_HEIGHT)
    problems = []
    if found["width"] > viewport["width"]:
        problems.append(f"{found['width']} px wide: {found['wide']}")
    if found["tall"]:
        problems.append(
            f"controls taller than {MAX_CONTROL_HEIGHT} px: {found['tall']}"
        )
    if found["mainTop"] is None:
        problems.append("no <main>")
    elif found["mainTop"] > viewport["height"] / 4:
        problems.append(f"<main> starts at {found['mainTop']:.0f} px")
    return problems


@pytest.fixture
def layout_site(demo_site) -> str:
    cache.clear()
    create_workshop(home.demo.load())
    return demo_site


def check_pages(page: Page, base: str, paths: list[str], lang: str, viewport: dict):
    page.set_viewport_size(viewport)
    failures = []
    for template in paths:
        path = template.format(lang=lang)
        page.goto(base + path)
        failures += [
            f"{path}: {problem}" for problem in layout_problems(page, viewport)
        ]
        # The menu, opened, spreads under the header without widening the page.
        page.locator(".site-nav__toggle").click()
        expect(page.locator(".main-menu__link").first).to_be_visible()
        failures += [
            f"{path}, menu open: {problem}"
            for problem in layout_problems(page, viewport)
            if not problem.startswith("<main>")
        ]
        page.locator(".site-nav__toggle").click()
        expect(page.locator(".main-menu__link").first).to_be_hidden()
        assert_no_serious_axe_violations(page)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "320x640"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_type_fits_the_phone(layout_site, page, lang, viewport):
    check_pages(page, layout_site, PUBLIC_PAGES, lang, viewport)


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "320x640"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_account_pages_fit_the_phone(layout_site, page, lang, viewport):
    user = VerifiedUserFactory(email="layout@example.org")
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies(
        [{"name": "sessionid", "value": session, "url": layout_site}]
    )
    check_pages(page, layout_site, ACCOUNT_PAGES, lang, viewport)


def test_the_menu_opens_and_closes_without_javascript(layout_site, new_context):
    page = new_context(java_script_enabled=False, viewport=SMALL_PHONE).new_page()
    page.goto(f"{layout_site}/es/countries/brazil/")
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= SMALL_PHONE["height"] / 4
    page.get_by_text("Menú", exact=True).click()
    expect(menu.get_by_role("link", name="Talleres")).to_be_visible()
    expect(
        page.get_by_role("search").get_by_label("Buscar en el sitio")
    ).to_be_visible()
    menu.get_by_role("link", name="Talleres").click()
    expect(page).to_have_url(f"{layout_site}/es/workshops/")


def test_the_menu_is_always_open_on_a_wide_screen(layout_site, desktop_page):
    desktop_page.goto(f"{layout_site}/en/")
    expect(desktop_page.locator(".site-nav__toggle")).to_be_hidden()
    expect(
        desktop_page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Workshops"
        )
    ).to_be_visible()
    expect(desktop_page.get_by_role("search")).to_be_visible()
    width = desktop_page.evaluate("document.documentElement.scrollWidth")
    assert width <= desktop_page.viewport_size["width"]


@pytest.mark.parametrize(
    "path",
    [
        "/es/countries/brazil/",
        "/es/countries/find-help/?country=PE&need=training",
        "/es/workshops/briefing-peru/",
    ],
)
def test_country_find_help_and_workshop_pages_print_their_content_only(
    layout_site, page, path
):
    page.goto(layout_site + path)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", "main form"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    if "workshops" in path:
        expect(page.locator(".workshop__facts")).to_be_visible()
        expect(page.locator(".booking-panel")).to_be_hidden()
        expect(page.locator(".calendar-links")).to_be_hidden()
    # A4 less its margins is about 680 CSS px: nothing wider is cut off.
    page.set_viewport_size({"width": 680, "height": 960})
    assert page.evaluate("document.documentElement.scrollWidth") <= 680
