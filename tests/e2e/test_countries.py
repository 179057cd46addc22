"""Finding help in a real browser: the find-help form and a country's need filter."""

from playwright.sync_api import Page, expect

from .helpers import DESKTOP, PHONE, assert_no_serious_axe_violations


def assert_accessible_on_phone_and_desktop(page: Page) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_serious_axe_violations(page)


def test_find_help_form_answers_for_brazil_and_training(demo_site, page):
    page.goto(f"{demo_site}/en/countries/find-help/")
    page.get_by_label("Country you are returning to").select_option(label="Brazil")
    page.get_by_label("What you need help with").select_option(label="Training")
    page.get_by_role("button", name="Find help").click()

    expect(page).to_have_url(
        f"{demo_site}/en/countries/find-help/?country=BR&need=training"
    )
    cards = page.locator("article.organisation")
    expect(cards).to_have_count(2)
    expect(cards.get_by_role("heading", level=3)).to_contain_text(
        ["PRONATEC", "Serviço Nacional de Aprendizagem Comercial"]
    )
    expect(
        page.get_by_role("heading", level=2, name="One Stop Shop in Brazil")
    ).to_be_visible()
    assert_accessible_on_phone_and_desktop(page)


def test_find_help_form_explains_an_unknown_country(demo_site, page):
    page.goto(f"{demo_site}/en/countries/find-help/?country=XX&need=training")
    expect(page.get_by_role("alert")).to_have_text(
        "We don't know the country “XX”. Choose one from the list."
    )
    expect(page.get_by_label("Country you are returning to")).to_have_value("")
    assert_accessible_on_phone_and_desktop(page)


def test_country_page_need_filter_narrows_the_network(demo_site, page):
    page.goto(f"{demo_site}/en/countries/brazil/")
    expect(page.locator("article.organisation")).to_have_count(6)
    page.get_by_label("What do you need help with?").select_option(label="Employment")
    page.get_by_role("button", name="Show organisations").click()

    cards = page.locator("article.organisation")
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("heading", level=3)).to_contain_text(
        "Sistema Nacional de Emprego"
    )
    expect(page.get_by_role("status")).to_have_text(
        "1 organisation helps with Employment."
    )
    assert_accessible_on_phone_and_desktop(page)


def test_find_help_answer_is_on_the_first_phone_screen(demo_site, page):
    page.goto(f"{demo_site}/en/countries/find-help/")
    page.get_by_label("Country you are returning to").select_option(label="Brazil")
    page.get_by_label("What you need help with").select_option(label="Employment")
    page.get_by_role("button", name="Find help").click()

    expect(page).to_have_url(
        f"{demo_site}/en/countries/find-help/?country=BR&need=employment"
    )
    first = page.locator("article.organisation").first
    expect(first).to_contain_text("Sistema Nacional de Emprego")
    assert page.evaluate("window.scrollY") == 0
    contact = first.locator(".contact")
    expect(contact).to_be_visible()
    box = contact.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"], box
    # The form folded away and opens without JavaScript.
    expect(page.get_by_label("Country you are returning to")).to_be_hidden()
    page.get_by_text("Change country or need").click()
    expect(page.get_by_label("Country you are returning to")).to_have_value("BR")
    assert_accessible_on_phone_and_desktop(page)


def test_find_help_answer_works_without_javascript(demo_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{demo_site}/en/countries/find-help/?country=PE&need=housing")
    page.get_by_text("Change country or need").click()
    page.get_by_label("What you need help with").select_option(label="Training")
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_url(
        f"{demo_site}/en/countries/find-help/?country=PE&need=training"
    )
    page.get_by_role("link", name="Ask the programme team").click()
    expect(page.get_by_label("Country", exact=True)).to_have_value("Peru")


NARROW_PAGES = [
    "/en/countries/find-help/",
    "/en/countries/find-help/?country=BR&need=employment",
    "/en/countries/find-help/?country=PE&need=housing",
    "/en/countries/brazil/?need=employment",
    "/en/countries/peru/?need=housing",
]


def test_help_pages_do_not_scroll_sideways_at_320_pixels(demo_site, new_context):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    for path in NARROW_PAGES:
        page.goto(f"{demo_site}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - "
            "document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
