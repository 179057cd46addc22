"""The privacy notice: in the demo in every language, linked from the footer
of every page and from every form that asks for personal data."""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from home.models import SiteSettings, StandardPage
from mailinglist import services
from mailinglist.models import Subscriber

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es", "pt", "it"]
TITLES = {
    "en": "Privacy notice",
    "es": "Aviso de privacidad",
    "pt": "Aviso de privacidade",
    "it": "Informativa sulla privacy",
}


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_notice_is_in_every_language(client, demo_content, language):
    soup = soup_of(client, f"/{language}/privacy/")
    assert soup.h1.get_text(strip=True) == TITLES[language]
    page = StandardPage.objects.get(slug="privacy", locale__language_code=language)
    assert page.live
    chosen = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert chosen.privacy_page.translation_key == page.translation_key


def test_the_notice_says_the_retention_the_settings_apply(demo_content):
    text = str(
        StandardPage.objects.get(slug="privacy", locale__language_code="en").body
    )
    assert f"until {settings.BOOKING_RETENTION_MONTHS} months after" in text
    assert f"Questions, {settings.QUESTION_RETENTION_MONTHS} months" in text
    assert f"Search words, {settings.WAGTAILSEARCH_HITS_MAX_AGE} days" in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["", "news/", "workshops/", "countries/", "search/"])
def test_every_page_links_to_the_notice_in_its_footer(
    client, demo_content, language, path
):
    footer = soup_of(client, f"/{language}/{path}").select_one("footer")
    link = footer.find("a", href=f"/{language}/privacy/")
    assert link is not None
    assert link.get_text(strip=True) == TITLES[language]


def assert_links_to_the_notice(soup, language="en"):
    notes = soup.select(".form-privacy")
    assert notes, "no privacy note"
    for note in notes:
        assert note.find("a", href=f"/{language}/privacy/") is not None


def test_forms_asking_for_personal_data_link_to_the_notice(
    client, demo_content, make_workshop, booker
):
    assert_links_to_the_notice(soup_of(client, "/en/accounts/signup/"))
    assert_links_to_the_notice(soup_of(client, "/es/newsletter/"), "es")
    questions = Page.objects.get(slug="questions", locale__language_code="en")
    assert_links_to_the_notice(soup_of(client, questions.url))
    # The footer's newsletter form, on any page.
    footer_form = soup_of(client, "/en/").select_one(".newsletter-signup")
    assert_links_to_the_notice(footer_form)
    client.force_login(booker)
    assert_links_to_the_notice(soup_of(client, "/en/accounts/profile/"))
    assert_links_to_the_notice(soup_of(client, "/en/accounts/email/"))
    workshop = make_workshop(capacity=10)
    booking = soup_of(client, workshop.url).select_one(".booking-form")
    assert_links_to_the_notice(booking)


def test_newsletter_link_and_choices_forms_link_to_the_notice(client, demo_content):
    """ "Send me my link" asks for an address; the manage page changes a
    subscriber's choices (their country among them)."""
    assert_links_to_the_notice(soup_of(client, "/pt/newsletter/send-my-link/"), "pt")
    subscriber = Subscriber.objects.create(
        email="ana@example.org",
        language="it",
        interests=["news"],
        status=Subscriber.Status.CONFIRMED,
        consent_text="I agree.",
        consent_version="test",
    )
    assert_links_to_the_notice(soup_of(client, services.manage_url(subscriber)), "it")


def test_rate_limited_forms_given_back_still_link_to_the_notice(client, demo_content):
    settings_limits = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS=settings_limits):
        client.post("/es/accounts/signup/", {"email": "a@example.org"})
        response = client.post("/es/accounts/signup/", {"email": "b@example.org"})
    cache.clear()
    assert response.status_code == 429
    assert_links_to_the_notice(BeautifulSoup(response.content, "html.parser"), "es")


def test_no_notice_chosen_means_no_link(client, demo_content):
    SiteSettings.objects.update(privacy_page=None)
    soup = soup_of(client, "/en/accounts/signup/")
    assert soup.select(".form-privacy") == []
    assert soup.select_one("footer").find("a", href="/en/privacy/") is None


def test_an_unpublished_notice_is_not_linked(client, demo_content):
    for page in StandardPage.objects.filter(slug="privacy"):
        page.unpublish()
    soup = soup_of(client, "/es/")
    assert soup.select_one("footer").find("a", href="/es/privacy/") is None


def test_the_demo_loader_adds_the_notice_to_an_existing_site(demo_content):
    StandardPage.objects.filter(slug="privacy").delete()
    SiteSettings.objects.update(privacy_page=None)
    call_command("load_demo_content", skip=["mailinglist.demo"], stdout=io.StringIO())
    assert StandardPage.objects.filter(slug="privacy").count() == 4
    chosen = SiteSettings.objects.get()
    assert chosen.privacy_page.slug == "privacy"
