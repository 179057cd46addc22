"""Editors translate one page at a time: a half-translated site must keep working."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from home.models import HomePage, StandardPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_only")]


@pytest.fixture
def spanish_home(admin_client, about_page) -> HomePage:
    """The home page translated into Spanish and published; About not translated."""
    english = HomePage.objects.get(locale__language_code="en")
    admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    spanish = HomePage.objects.get(locale__language_code="es")
    spanish.hero_heading = "Volver a América Latina"
    spanish.save_revision().publish()
    return spanish


def test_untranslated_child_is_served_in_english_under_the_spanish_prefix(
    client, spanish_home
):
    assert "Volver a América Latina" in client.get("/es/").content.decode()
    response = client.get("/es/about/")
    assert response.status_code == 200
    assert "<h1>About the programme</h1>" in response.content.decode()
    assert client.get("/es/no-such-page/").status_code == 404


def test_draft_translation_is_not_served_the_live_original_is(
    client, admin_client, spanish_home, about_page
):
    admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[about_page.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    assert not StandardPage.objects.get(locale__language_code="es").live
    assert "<h1>About the programme</h1>" in client.get("/es/about/").content.decode()


def test_menu_keeps_untranslated_pages_in_the_translated_site(client, spanish_home):
    content = client.get("/es/").content.decode()
    menu = content.split('class="main-menu"')[1].split("</nav>")[0]
    assert 'href="/es/about/" lang="en">About the programme</a>' in menu
    # The featured card and hero button lead to a page that answers.
    assert 'href="/es/about/"' in content.split("<main")[1]


def test_menu_prefers_the_translation_once_published(
    client, admin_client, spanish_home, about_page
):
    admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[about_page.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    spanish_about = StandardPage.objects.get(locale__language_code="es")
    spanish_about.title = "Sobre el programa"
    spanish_about.save_revision().publish()
    menu = client.get("/es/").content.decode().split('class="main-menu"')[1]
    menu = menu.split("</nav>")[0]
    assert ">Sobre el programa</a>" in menu
    assert "About the programme" not in menu


def test_search_in_a_half_translated_site_finds_untranslated_pages(
    client, spanish_home
):
    response = client.get("/es/search/", {"q": "programme"})
    assert 'href="/es/about/" lang="en"' in response.content.decode()


def test_rich_text_page_links_keep_the_visitor_language(client, about_page, home_page):
    about_page.body = [
        (
            "paragraph",
            f'<p>Back to <a linktype="page" id="{home_page.pk}">the start</a>.</p>',
        )
    ]
    about_page.save_revision().publish()
    assert '<a href="/it/">the start</a>' in client.get("/it/about/").content.decode()
    assert '<a href="/en/">the start</a>' in client.get("/en/about/").content.decode()


def test_search_never_lists_the_tree_root(client, home_page):
    from django.core.management import call_command

    call_command("update_index", stdout=None)
    content = client.get("/en/search/", {"q": "Root"}).content.decode()
    assert '<a href="">' not in content
    assert ">Root</a>" not in content


def test_the_notice_on_an_untranslated_page_is_in_the_visitors_language(
    client, spanish_home
):
    """The notice sits inside <main>, which carries the page's language (en):
    it says its own (es), or screen readers read Spanish with English sounds."""
    content = client.get("/es/about/").content.decode()
    main = content.split("<main")[1]
    assert main.startswith(' id="main" class="site-main" tabindex="-1" lang="en"')
    notice = main.split('class="untranslated-notice"')[1].split(">")[0]
    assert 'lang="es"' in notice
