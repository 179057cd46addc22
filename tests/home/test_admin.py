import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.models import Partner, SiteSettings

from ..factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_a_user_identified_by_email(admin_client):
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "editor@example.org",
            "first_name": "Eva",
            "last_name": "Editor",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="editor@example.org")
    assert user.check_password("a-long-enough-password-42")


def test_admin_refuses_a_second_user_with_the_same_email_in_other_case(admin_client):
    UserFactory(email="editor@example.org")
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "EDITOR@example.org",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    assert response.status_code == 200
    assert (
        get_user_model().objects.filter(email__iexact="editor@example.org").count() == 1
    )
    assert "A user with this email address exists." in response.content.decode()


def test_partner_snippets_are_listed_and_searchable(admin_client, home_page):
    url = reverse("wagtailsnippets_home_partner:list")
    response = admin_client.get(url, {"q": "FEDELATINA"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Federació d&#x27;Entitats Llatinoamericanes de Catalunya" in content
    assert "Istituto per la Cooperazione" not in content


def test_editor_adds_a_partner_shown_in_the_footer(admin_client, client, home_page):
    response = admin_client.post(
        reverse("wagtailsnippets_home_partner:add"),
        {
            "name": "Unione di Solidarietà degli Ecuadoriani",
            "acronym": "USEI",
            "country": "IT",
            "website": "",
            "role": "Host of the Savona seminar.",
            "sort_order": "60",
        },
    )
    assert response.status_code == 302
    assert Partner.objects.filter(acronym="USEI", locale__language_code="en").exists()
    assert "USEI" in client.get("/en/").content.decode()


def test_partner_without_logo_or_website_is_listed_by_acronym(client, home_page):
    PartnerFactory(name="Casa Latina", acronym="CL1", sort_order=1)
    footer = (
        client.get("/en/").content.decode().split('<footer class="site-footer">')[1]
    )
    assert '<abbr title="Casa Latina">CL1</abbr>' in footer


def test_site_settings_change_the_footer(admin_client, client, site):
    settings = SiteSettings.for_site(site)
    settings.contact_email = "info@example.org"
    settings.save()
    assert "mailto:info@example.org" in client.get("/en/").content.decode()


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
