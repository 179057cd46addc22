"""Every page type and the Partner snippet can be translated with wagtail-localize."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from home.models import HomePage, Partner, StandardPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_only")]


def submit_translation(admin_client, url: str, language_code: str):
    locale = Locale.objects.get(language_code=language_code)
    return admin_client.post(url, {"locales": [locale.pk]})


def test_home_and_standard_page_are_translated_into_spanish(admin_client, about_page):
    home = HomePage.objects.get(locale__language_code="en")
    for page in (home, about_page):
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        response = submit_translation(admin_client, url, "es")
        assert response.status_code == 302, response.content[:500]

    spanish_home = HomePage.objects.get(locale__language_code="es")
    spanish_about = StandardPage.objects.get(locale__language_code="es")
    assert spanish_home.translation_key == home.translation_key
    assert spanish_about.translation_key == about_page.translation_key
    assert spanish_about.get_parent().specific == spanish_home
    # A new translation is a draft until a translator publishes it.
    assert not spanish_about.live


def test_published_translation_is_served_and_linked(admin_client, client, about_page):
    home = HomePage.objects.get(locale__language_code="en")
    for page in (home, about_page):
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        submit_translation(admin_client, url, "es")
    spanish_about = StandardPage.objects.get(locale__language_code="es")
    spanish_about.title = "Sobre el programa"
    spanish_about.save_revision().publish()
    HomePage.objects.get(locale__language_code="es").save_revision().publish()

    content = client.get("/es/about/").content.decode()
    assert "<h1>Sobre el programa</h1>" in content
    assert '<main id="main" class="site-main" tabindex="-1">' in content
    english = client.get("/en/about/").content.decode()
    assert 'href="/language/es/?next=%2Fes%2Fabout%2F" hreflang="es"' in english


def test_partner_snippet_is_translated(admin_client, home_page):
    partner = Partner.objects.get(locale__language_code="en", acronym="ICEI")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["home", "partner", partner.pk],
    )
    response = submit_translation(admin_client, url, "it")
    assert response.status_code == 302
    italian = Partner.objects.get(locale__language_code="it")
    assert italian.translation_key == partner.translation_key


def test_footer_shows_translated_partners_and_falls_back_for_the_rest(
    admin_client, client, home_page
):
    partner = Partner.objects.get(locale__language_code="en", acronym="ICEI")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["home", "partner", partner.pk],
    )
    submit_translation(admin_client, url, "it")
    Partner.objects.filter(locale__language_code="it").update(
        name="Istituto per la Cooperazione Economica Internazionale (IT)"
    )
    footer = (
        client.get("/it/").content.decode().split('<footer class="site-footer">')[1]
    )
    assert "Cooperazione Economica Internazionale (IT)" in footer
    assert footer.count(">ICEI</abbr>") == 1
    for acronym in ("OEI", "ACOBE", "FEDELATINA", "ALCC"):
        assert f">{acronym}</abbr>" in footer
