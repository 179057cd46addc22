"""Choosing a language in a real browser: the same page, in that language,
remembered on the next visit."""

from playwright.sync_api import expect

from stories.models import SuccessStoryPage

from .helpers import PHONE, assert_no_serious_axe_violations, open_menu


def test_switching_language_on_a_story_shows_that_story_in_spanish(demo_site, page):
    english = SuccessStoryPage.objects.get(initials="V.B.", locale__language_code="en")
    spanish = SuccessStoryPage.objects.get(
        translation_key=english.translation_key, locale__language_code="es"
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site}/en/stories/{english.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(english.title)

    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Español"
    ).click()

    expect(page).to_have_url(f"{demo_site}/es/stories/{spanish.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The story's own words in Spanish...
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish.title)
    expect(page.locator("main")).to_contain_text(spanish.pull_quote)
    expect(page.locator("main")).not_to_contain_text(english.pull_quote)
    # ...and the interface around it.
    expect(
        page.get_by_role("link", name="Saltar al contenido principal")
    ).to_be_attached()
    open_menu(page)
    expect(page.get_by_role("navigation", name="Menú principal")).to_contain_text(
        "Historias de éxito"
    )
    expect(page.locator(".untranslated-notice")).to_have_count(0)
    assert_no_serious_axe_violations(page)

    # The choice is remembered: the bare address opens the Spanish site,
    # whatever the browser's own language.
    page.goto(f"{demo_site}/")
    expect(page).to_have_url(f"{demo_site}/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_an_english_only_page_says_so_in_portuguese(demo_site, page):
    from news.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.get(locale__language_code="en")
    article = NewsPage(
        title="Only in English for now",
        slug="only-in-english",
        listing_summary="Not translated yet.",
    )
    index.add_child(instance=article)
    article.save_revision().publish()

    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site}/pt/news/")
    card = page.locator("article.card", has_text="Only in English for now")
    expect(card.locator(".card__language")).to_have_text("Em inglês")
    expect(card.get_by_role("link")).to_have_attribute("lang", "en")
    card.get_by_role("link").click()
    expect(page).to_have_url(f"{demo_site}/pt/news/only-in-english/")
    expect(page.get_by_role("note")).to_have_text(
        "Esta página ainda não está disponível em português."
    )
    expect(page.locator("main")).to_have_attribute("lang", "en")
    assert_no_serious_axe_violations(page)
