import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_accepts_standard_pages_and_section_indexes(self):
        from countries.models import CountryIndexPage
        from home.models import FormPage
        from impact.models import FiguresPage
        from news.models import NewsIndexPage
        from stories.models import StoryIndexPage
        from workshops.models import WorkshopIndexPage

        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                NewsIndexPage,
                StoryIndexPage,
                CountryIndexPage,
                WorkshopIndexPage,
                FiguresPage,
                FormPage,
            },
        )
        for index in (
            NewsIndexPage,
            StoryIndexPage,
            CountryIndexPage,
            WorkshopIndexPage,
            FormPage,
        ):
            self.assertAllowedParentPageTypes(index, {HomePage})

    def test_standard_page_lives_under_home_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_editor_can_create_standard_page_with_every_block(self):
        from django.core.management import call_command

        call_command("load_demo_content")
        home = HomePage.objects.get(locale__language_code="en", depth=2)
        self.login()
        self.assertCanCreate(
            home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Contact",
                    "slug": "contact",
                    "introduction": "How to reach us.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Write to us", "level": "h2"}),
                            ("paragraph", rich_text("<p>By email.</p>")),
                            ("quote", {"text": "Quick answer.", "attribution": "A.B."}),
                            (
                                "call_to_action",
                                {
                                    "title": "Ask",
                                    "text": "",
                                    "label": "Email",
                                    "page": "",
                                    "external_url": "https://example.org/",
                                },
                            ),
                        ]
                    ),
                }
            ),
        )


def test_home_page_renders_hero_introduction_and_featured_page(client, home_page):
    response = client.get("/en/")
    assert response.status_code == 200
    content = response.content.decode()
    assert home_page.hero_heading in content
    assert "Sustainable Return and Reintegration in Latin America" in content
    assert 'href="/en/about/"' in content
    assert '<html lang="en">' in content


def test_about_page_renders_every_block(client, about_page):
    response = client.get(about_page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>About the programme</h1>" in content
    assert 'class="block-heading"' in content
    assert 'class="figure"' in content
    assert 'alt="An illustration of green hills under a rising sun."' in content
    assert "<blockquote" in content
    assert 'href="http://www.oei.es/ventanillasunicas"' in content


def test_about_page_breadcrumbs_lead_home(client, about_page):
    response = client.get(about_page.url)
    assert '<nav class="breadcrumbs"' in response.content.decode()
    assert 'aria-current="page">About the programme</a>' in response.content.decode()


def test_root_redirects_to_a_language_prefix(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_untranslated_page_falls_back_to_default_language_under_other_prefixes(
    english_only, client, about_page
):
    response = client.get("/pt/about/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "About the programme" in content
    # The interface is Portuguese; the page's own text is marked as English.
    assert '<html lang="pt">' in content
    assert '<main id="main" class="site-main" tabindex="-1" lang="en">' in content
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/about/">' in content


def test_links_keep_the_visitor_in_their_language(english_only, client, about_page):
    content = client.get("/es/").content.decode()
    menu = content.split('class="main-menu"')[1].split("</nav>")[0]
    assert 'href="/es/"' in menu
    assert 'href="/es/about/" lang="en">About the programme</a>' in menu
    assert 'class="site-header__brand" href="/es/"' in content
    # Hero button and featured card follow the visitor's language too.
    assert 'class="button button--light" href="/es/about/"' in content
    assert 'class="card__link" href="/es/about/" lang="en"' in content
    assert "/en/about/" not in content.split("<main")[1].split("</main>")[0]


def test_same_language_text_carries_no_extra_lang_attribute(client, about_page):
    content = client.get("/en/").content.decode()
    assert '<html lang="en">' in content
    assert (
        ' lang="en"' not in content.split("<body")[1].split('class="language-links"')[0]
    )
    assert '<main id="main" class="site-main" tabindex="-1">' in content


def test_call_to_action_to_a_page_follows_the_visitor_language(
    english_only, client, about_page, home_page
):
    about_page.body = [
        (
            "call_to_action",
            {
                "title": "Go home",
                "label": "Home",
                "page": home_page,
                "external_url": "",
            },
        )
    ]
    about_page.save_revision().publish()
    content = client.get("/it/about/").content.decode()
    assert '<a class="button" href="/it/">Home</a>' in content


def test_menu_lists_pages_shown_in_menus_only(client, home_page, make_standard_page):
    make_standard_page(title="Hidden from menu", show_in_menus=False)
    make_standard_page(title="In the menu", show_in_menus=True)
    response = client.get("/en/")
    menu = response.content.decode().split('class="main-menu"')[1].split("</nav>")[0]
    assert "In the menu" in menu
    assert "About the programme" in menu
    assert "Hidden from menu" not in menu


def test_menu_marks_current_section(client, about_page, make_standard_page):
    child = make_standard_page(parent=about_page, title="Partners", slug="partners")
    content = client.get(child.url).content.decode()
    assert 'href="/en/about/" aria-current="true"' in content


def test_unpublished_page_is_not_served(client, about_page):
    about_page.unpublish()
    assert client.get("/en/about/").status_code == 404


def test_404_page_uses_the_site_layout(client, home_page):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="main-menu"' in content
    assert 'class="site-footer"' in content
    assert '<meta name="robots" content="noindex">' in content


def test_footer_shows_partners_and_contact(client, home_page):
    content = client.get("/en/").content.decode()
    footer = content.split('<footer class="site-footer">')[1]
    for acronym in ("OEI", "ACOBE", "ICEI", "FEDELATINA", "ALCC"):
        assert acronym in footer
    assert "mailto:ventanillasunicas@oei.es" in footer


def test_language_links_point_to_each_prefix(english_only, client, home_page):
    content = client.get("/en/about/").content.decode()
    for code in ("es", "pt", "it"):
        chooser = f"/language/{code}/?next=%2F{code}%2Fabout%2F"
        assert f'href="{chooser}" hreflang="{code}"' in content
    assert 'hreflang="en" lang="en" aria-current="true"' in content


def test_public_pages_send_a_content_security_policy(client, home_page):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_500_page_renders_without_page_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert 'href="/static/css/main.css"' in response.content.decode()
