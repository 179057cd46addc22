import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site

from home.models import (
    FooterText,
    HomePage,
    HomePageFeaturedPage,
    Partner,
    SiteSettings,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "live")
        ),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "partners": list(
            Partner.objects.values_list("acronym", "locale__language_code")
        ),
        "footer": list(FooterText.objects.values_list("text", "locale_id")),
        "featured": HomePageFeaturedPage.objects.count(),
        "sites": list(
            Site.objects.values_list(
                "root_page_id", "is_default_site", "hostname", "port"
            )
        ),
        "settings": [
            (s.contact_email, list(s.social_links.raw_data))
            for s in SiteSettings.objects.all()
        ],
        "hero_links": list(
            HomePage.objects.values_list("hero_link_page_id", flat=True)
        ),
    }


def test_demo_content_builds_the_site(db):
    call_command("load_demo_content")
    home = HomePage.objects.get(locale__language_code="en")
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)  # SITE_URL's default
    assert home.hero_link_page.specific.slug == "about"
    assert home.revisions.count() == 1
    assert home.live
    assert home.get_children().live().filter(title="About the programme").exists()
    english = Partner.objects.filter(locale__language_code="en")
    assert sorted(english.values_list("acronym", flat=True)) == [
        "ACOBE",
        "ALCC",
        "FEDELATINA",
        "ICEI",
        "OEI",
    ]
    assert all(p.logo_id for p in Partner.objects.all())
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()


def test_demo_content_twice_changes_and_duplicates_nothing(db):
    call_command("load_demo_content")
    first = snapshot()
    call_command("load_demo_content")
    assert snapshot() == first


def test_demo_content_leaves_editor_changes_alone(db, client):
    call_command("load_demo_content")
    home = HomePage.objects.get(locale__language_code="en")
    home.hero_heading = "Edited by the communications team"
    home.hero_link_page = None
    home.save_revision().publish()
    home.featured_pages.all().delete()
    Partner.objects.filter(acronym="ICEI").update(role="Edited role")
    Partner.objects.filter(acronym="ALCC").delete()
    about = home.get_children().get(slug="about").specific
    about.slug = "about-us"
    about.save_revision().publish()
    SiteSettings.objects.update(contact_email="")
    FooterText.objects.filter(locale__language_code="en").update(text="Our own words.")
    # An editor deletes the Spanish About page: it is not made again.
    Page.objects.get(slug="about", locale__language_code="es").delete()
    before = snapshot()

    call_command("load_demo_content")

    assert snapshot() == before
    home = HomePage.objects.get(locale__language_code="en")
    assert home.hero_heading == "Edited by the communications team"
    assert home.hero_link_page is None
    assert (
        Partner.objects.get(locale__language_code="en", acronym="ICEI").role
        == "Edited role"
    )
    assert not Partner.objects.filter(acronym="ALCC").exists()
    slugs = set(home.get_children().values_list("slug", flat=True))
    assert "about-us" in slugs
    assert "about" not in slugs
    assert FooterText.objects.get(locale__language_code="en").text == "Our own words."
    assert not Page.objects.filter(slug="about", locale__language_code="es").exists()
    assert Page.objects.filter(slug="about", locale__language_code="pt").exists()


def test_locales_for_every_language_exist(db):
    from wagtail.models import Locale

    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {"en", "es", "pt", "it"}


def test_demo_admin_is_created_once_and_credentials_printed(db, capsys):
    from django.contrib.auth import get_user_model

    call_command("ensure_demo_admin")
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert out.count("admin@example.org") == 2
    assert "password: " in out


def test_demo_admin_is_not_created_when_a_superuser_exists(db, capsys):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("boss@example.org", "x" * 20)
    call_command("ensure_demo_admin")
    assert not get_user_model().objects.filter(email="admin@example.org").exists()
    assert "exists already" in capsys.readouterr().out


def test_demo_admin_is_refused_without_permission_in_settings(db, settings):
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_ADMIN = False
    with pytest.raises(CommandError, match="only allowed by the dev settings"):
        call_command("ensure_demo_admin")


def test_demo_admin_can_log_into_wagtail(db, client):
    call_command("ensure_demo_admin")
    from accounts.management.commands.ensure_demo_admin import DEMO_EMAIL, DEMO_PASSWORD

    response = client.post(
        "/en/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_admin_password_is_not_printed_once_changed(db, capsys):
    from django.contrib.auth import get_user_model

    from accounts.management.commands.ensure_demo_admin import DEMO_PASSWORD

    call_command("ensure_demo_admin")
    admin = get_user_model().objects.get(email="admin@example.org")
    admin.set_password("a-new-private-password")
    admin.save()
    capsys.readouterr()
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD not in out
    assert "exists already" in out


def test_demo_modules_come_from_the_project_apps_only():
    """Libraries in a virtualenv inside the project folder are not project apps."""
    from home.management.commands.load_demo_content import demo_modules, project_apps

    assert project_apps() == [
        "accounts",
        "home",
        "countries",
        "news",
        "stories",
        "search",
        "workshops",
        "mailinglist",
        "impact",
        "checklist",
        "referrals",
    ]
    assert demo_modules() == [
        "home.demo",
        "countries.demo",
        "news.demo",
        "stories.demo",
        "workshops.demo",
        "mailinglist.demo",
        "impact.demo",
        "checklist.demo",
    ]
