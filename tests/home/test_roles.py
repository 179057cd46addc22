"""The staff roles (docs/editors.md, "Roles"): each group, alone, does its
everyday work in the admin and nothing else.

``matrix`` says, for each admin address, which groups may open it; every
other group must be refused (403, or Wagtail's redirect to the dashboard
with "you do not have permission"). A user in no group but "Editors" is
tested against every line, then one in "Moderators" only, and so on.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import home.demo_questions
from checklist.models import ChecklistStep
from countries.models import NeedCategory, ResourceOrganisation
from home.models import FooterText, FormPage, Partner, SiteSettings
from referrals import services as referrals
from tests.factories import StandardPageFactory, UserFactory, member_of
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
SENDERS = "Newsletter senders"
COORDINATORS = "Workshop coordinators"
QUESTIONS = "Questions team"
CONSENT = "Consent check"
# One of the eight One Stop Shop teams (tests/referrals has all of them).
ONE_STOP_SHOP = "One Stop Shop staff: Brazil"
GROUPS = [
    EDITORS,
    MODERATORS,
    TRANSLATORS,
    SENDERS,
    COORDINATORS,
    QUESTIONS,
    CONSENT,
    ONE_STOP_SHOP,
]

EVERYONE = frozenset(GROUPS)
NOBODY = frozenset()
CONTENT = frozenset({EDITORS, MODERATORS})
PAGES = CONTENT | {TRANSLATORS}

PAGE_TYPES = [
    "home.homepage",
    "home.standardpage",
    "home.formpage",
    "news.newsindexpage",
    "news.newspage",
    "news.editionpage",
    "stories.storyindexpage",
    "stories.successstorypage",
    "countries.countryindexpage",
    "countries.countrypage",
    "countries.findhelppage",
    "countries.recognitionguidepage",
    "checklist.checklistpage",
    "workshops.workshopindexpage",
    "workshops.workshoppage",
]
# Translations open in wagtail-localize's editor: one of each kind of page
# the demo site translates.
TRANSLATED_PAGE_TYPES = [
    "home.homepage",
    "news.newspage",
    "countries.countrypage",
    "workshops.workshoppage",
]
SNIPPETS = [NeedCategory, ResourceOrganisation, ChecklistStep, Partner, FooterText]


def snippet_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(
        f"wagtailsnippets_{opts.app_label}_{opts.model_name}:{view}", args=args
    )


def a_page(page_type: str, language: str = "en") -> Page:
    app_label, model = page_type.split(".")
    page = (
        Page.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            locale__language_code=language,
        )
        .order_by("path")
        .first()
    )
    assert page is not None, f"the demo site has no {page_type} in {language}"
    return page


def matrix(home_page) -> dict[str, frozenset[str]]:
    """Admin address → the groups that may open it."""
    if not FormPage.objects.exists():
        home.demo_questions.load()
    english = Locale.objects.get(language_code="en")
    rows = {
        reverse("wagtailadmin_home"): EVERYONE,
        reverse("wagtailadmin_explore", args=[a_page("home.homepage").pk]): PAGES,
        # The chooser of a campaign's page (and of links in pages).
        reverse("wagtailadmin_choose_page"): EVERYONE,
    }
    for page_type in PAGE_TYPES:
        page = a_page(page_type)
        app_label, model = page_type.split(".")
        rows[reverse("wagtailadmin_pages:edit", args=[page.pk])] = PAGES
        parent = page.get_parent()
        add = reverse("wagtailadmin_pages:add", args=[app_label, model, parent.pk])
        # One of a kind (``max_count``): nobody adds a second one.
        creatable = page.specific_class.can_create_at(parent)
        rows[add] = CONTENT if creatable else NOBODY
    for page_type in TRANSLATED_PAGE_TYPES:
        # A translation, in wagtail-localize's translation editor.
        spanish = a_page(page_type, "es")
        rows[reverse("wagtailadmin_pages:edit", args=[spanish.pk])] = PAGES
    leaf = a_page("news.newspage")
    rows[reverse("wagtailadmin_pages:unpublish", args=[leaf.pk])] = {MODERATORS}
    rows[reverse("wagtailadmin_pages:delete", args=[leaf.pk])] = {MODERATORS}
    rows[reverse("wagtailadmin_pages:history", args=[leaf.pk])] = PAGES
    untranslated = StandardPageFactory(parent=home_page, title="Untranslated")
    rows[
        reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    ] = PAGES

    for model in SNIPPETS:
        instance = model.objects.filter(locale=english).first()
        rows[snippet_url(model, "list")] = PAGES
        rows[snippet_url(model, "edit", instance.pk)] = PAGES
        rows[snippet_url(model, "add")] = CONTENT
        rows[snippet_url(model, "delete", instance.pk)] = (
            NOBODY if model is FooterText else CONTENT
        )
    need = NeedCategory.objects.filter(locale=english).first()
    need.get_translations().delete()
    rows[
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["countries", "needcategory", need.pk],
        )
    ] = PAGES

    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site)
    rows[reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])] = {
        MODERATORS
    }
    rows |= {
        reverse("wagtailimages:index"): CONTENT,
        reverse("wagtailimages:add_multiple"): CONTENT,
        reverse("wagtaildocs:index"): CONTENT,
        reverse("wagtailsearchpromotions:index"): CONTENT,
        reverse("search_terms"): CONTENT,
    }

    workshop = Workshop.objects.order_by("pk").first()
    attendees = reverse("workshops_admin:attendees", args=[workshop.pk])
    referral = referrals.confirm(
        referrals.make_referral(
            UserFactory(organisation="Cáritas", job_role="Social worker"),
            referrals.PersonDetails(
                name="J. S.",
                email="js@example.org",
                contact_method="email",
                phone="",
                language="pt",
                country="BR",
                needs=(),
                note="",
            ),
        )
    )
    rows |= {
        reverse("newsletter_campaigns:index"): {SENDERS},
        reverse("newsletter_campaigns:add"): {SENDERS},
        # Subscribers' addresses: nobody's everyday work (docs/editors.md).
        reverse("newsletter_subscribers:index"): NOBODY,
        reverse("workshops_admin:bookings"): {COORDINATORS},
        reverse("workshops_admin:bookings") + "?export=csv": {COORDINATORS},
        attendees: {COORDINATORS},
        reverse("referrals_admin:index"): {ONE_STOP_SHOP},
        reverse("referrals_admin:detail", args=[referral.pk]): {ONE_STOP_SHOP},
        reverse("questions_index"): {QUESTIONS},
        reverse("wagtailforms:list_submissions", args=[FormPage.objects.first().pk]): {
            QUESTIONS
        },
        reverse("wagtailusers_users:index"): NOBODY,
        reverse("wagtailusers_groups:index"): NOBODY,
        reverse("wagtaillocales:index"): NOBODY,
        reverse("wagtailadmin_workflows:index"): NOBODY,
        reverse("wagtailadmin_collections:index"): NOBODY,
    }
    return rows


def answer(response) -> str:
    """ "allowed", "denied" or what else the admin answered."""
    if response.status_code == 200:
        return "allowed"
    if response.status_code == 403:
        return "denied"
    if response.status_code == 302 and response.url == reverse("wagtailadmin_home"):
        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        if "do not have permission" in said:
            return "denied"
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.fixture(autouse=True)
def no_cached_permissions():
    cache.clear()


@pytest.mark.parametrize("group_name", GROUPS)
def test_each_group_opens_its_admin_pages_and_no_other(
    client, home_page, group_name, make_workshop
):
    # Phone bookings are taken only while a workshop is open for booking.
    bookable = Workshop.objects.get(translation_key=make_workshop().translation_key)
    rows = matrix(home_page)
    rows[reverse("workshops_admin:manual_booking", args=[bookable.pk])] = {COORDINATORS}
    client.force_login(member_of(group_name))
    wrong = []
    for url, allowed in rows.items():
        expected = "allowed" if group_name in allowed else "denied"
        got = answer(client.get(url))
        if got != expected:
            wrong.append(f"{url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def publish_by(client, page: Page, action: str):
    """Post the edit form of ``page`` with a new title and the button ``action``
    ("publish", "submit") pressed, as the editor's browser would."""
    data = nested_form_data(
        {
            "title": "Changed title",
            "slug": page.slug,
            "introduction": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            f"action-{action}": action,
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.fixture
def draft(home_page):
    return StandardPageFactory(parent=home_page, title="Draft", live=False)


@pytest.mark.parametrize("group_name", GROUPS)
def test_only_moderators_publish(client, draft, group_name):
    client.force_login(member_of(group_name))
    publish_by(client, draft, "publish")
    draft.refresh_from_db()
    assert draft.live is (group_name == MODERATORS)
    assert (draft.title == "Changed title") is (group_name in PAGES)


@pytest.mark.parametrize("group_name", GROUPS)
def test_those_who_edit_pages_submit_them_for_review(client, draft, group_name):
    client.force_login(member_of(group_name))
    publish_by(client, draft, "submit")
    draft.refresh_from_db()
    assert not draft.live
    assert draft.workflow_in_progress is (group_name in PAGES)


def test_a_moderator_without_the_questions_team_cannot_redirect_questions(client):
    """The site settings' contact email receives the questions of a form page
    without its own address: only those who read questions set it."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.contact_email = "team@example.org"
    settings.save()
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    moderator = member_of(MODERATORS)
    client.force_login(moderator)
    assert 'name="contact_email"' not in client.get(url).content.decode()
    client.post(url, {"contact_email": "me@example.org", "social_links-count": "0"})
    settings.refresh_from_db()
    assert settings.contact_email == "team@example.org"

    moderator.groups.add(Group.objects.get(name=QUESTIONS))
    cache.clear()
    moderator = type(moderator).objects.get(pk=moderator.pk)
    client.force_login(moderator)
    assert 'name="contact_email"' in client.get(url).content.decode()


def test_newsletter_senders_menu_has_campaigns_but_not_subscribers(client):
    client.force_login(member_of(SENDERS))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("newsletter_campaigns:index") in menu
    assert reverse("newsletter_subscribers:index") not in menu
