"""A view-restricted page is in no list: every listing goes through ``visible()``.

One page of each kind is restricted (by password, by login, by group) and
looked for in every place that lists pages: menus, featured pages, index
listings, feeds, calendars, search, the sitemap, the related-content blocks
of every page and the newsletter. Each case first proves that the page *is*
listed in the places its kind should be (so an absent page means the filter
worked, not that the page was never there), then restricts it and finds it
nowhere.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Locale, Page, PageViewRestriction

from accounts.services import workshops_url
from countries.models import CountryPage
from mailinglist.admin_forms import CampaignForm
from mailinglist.emails import email_items, localized_page
from news.models import NewsIndexPage, NewsPage
from stories.models import SuccessStoryPage
from workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db

FIXED_LISTINGS = {
    "home (menu, featured pages)": "/en/",
    "news index": "/en/news/",
    "news RSS": "/en/news/feed/rss/",
    "news Atom": "/en/news/feed/atom/",
    "story index": "/en/stories/",
    "story feed": "/en/stories/feed/",
    "country index": "/en/countries/",
    "find help, Brazil": "/en/countries/find-help/?country=BR",
    "find help, Chile": "/en/countries/find-help/?country=CL",
    "workshop index": "/en/workshops/",
    "workshop archive": "/en/workshops/past/",
    "workshop calendar feed": "/en/workshops/calendar/",
    "sitemap": "/sitemap.xml",
}

# What each kind must be found in before it is restricted.
KINDS = {
    "standard page": (
        lambda: Page.objects.get(slug="about", locale__language_code="en"),
        {"home (menu, featured pages)", "search", "sitemap", "newsletter choices"},
    ),
    "news article": (
        lambda: NewsPage.objects.get(
            locale__language_code="en", slug="monitoring-visits-brazil-chile-paraguay"
        ),
        {
            "news index",
            "news RSS",
            "news Atom",
            "search",
            "sitemap",
            "related on /en/countries/brazil/",
            "newsletter edition",
            "newsletter choices",
        },
    ),
    "success story": (
        lambda: (
            SuccessStoryPage.objects.filter(is_sensitive=False).order_by("pk").first()
        ),
        {"story index", "story feed", "search", "sitemap", "newsletter choices"},
    ),
    "country page": (
        lambda: CountryPage.objects.get(slug="brazil", locale__language_code="en"),
        {"country index", "find help, Brazil", "search", "sitemap"},
    ),
    "upcoming workshop": (
        lambda: WorkshopPage.objects.filter(
            slug="madrid-returning-to-bolivia-and-ecuador", locale__language_code="en"
        ).get(),
        {"workshop index", "workshop calendar feed", "search", "sitemap"},
    ),
    "past workshop": (
        lambda: WorkshopPage.objects.get(
            locale__language_code="en", slug="bilbao-briefing-professionals-2016"
        ),
        {"workshop archive", "search", "sitemap"},
    ),
    "find help page": (
        lambda: Page.objects.get(slug="find-help", locale__language_code="en"),
        {"country index", "search", "sitemap"},
    ),
    "form page": (
        lambda: Page.objects.get(slug="questions", locale__language_code="en"),
        {"search", "sitemap"},
    ),
}


def restrict(page: Page, how: str) -> None:
    if how == "password":
        PageViewRestriction.objects.create(
            page=page,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
    elif how == "login":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    else:
        group = Group.objects.create(name="Only these people")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([group])


def listings_for(page: Page | None) -> dict[str, str]:
    """Every public address that lists pages, plus the related blocks of every page.

    Addresses of ``page`` itself and below it are left out: they link to it,
    and are restricted with it.
    """
    urls = dict(FIXED_LISTINGS)
    for related in Page.objects.live().type(CountryPage, NewsPage, SuccessStoryPage):
        urls[f"related on {related.url}"] = related.url
    if page is None:
        return urls
    urls["search"] = "/en/search/?" + urlencode({"q": page.title})
    return {
        name: url
        for name, url in urls.items()
        if not urlsplit(url).path.startswith(page.url)
    }


def _body(client: Client, name: str, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{name} ({url}): {response.status_code}"
    # Calendar lines are folded at 75 octets: unfold before looking.
    return response.content.decode().replace("\r\n ", "")


def listed_in(
    page: Page, client: Client, only: set[str] | None = None, bodies=None
) -> set[str]:
    """The names of the listings that show ``page`` (its address, as any link).

    ``only``: look in these listings alone; ``bodies``: responses already
    fetched, by URL.
    """
    address = page.url
    found = set()
    for name, url in listings_for(page).items():
        if only is not None and name not in only:
            continue
        if bodies is not None and url in bodies:
            body = bodies[url]
        else:
            body = _body(client, name, url)
        if address in body:
            found.add(name)
    if only is not None and not only & {"newsletter edition", "newsletter choices"}:
        return found
    edition = NewsPage.objects.filter(edition__isnull=False).exclude(pk=page.pk)
    newsletter = {
        item.pk
        for item in email_items(
            NewsIndexPage.objects.get(locale__language_code="en", slug="news")
        )[0]
    } | {item.pk for item in email_items(edition.order_by("pk").first())[0]}
    if page.pk in newsletter:
        found.add("newsletter edition")
    if CampaignForm().fields["page"].queryset.filter(pk=page.pk).exists():
        found.add("newsletter choices")
    return found


# Where each kind is listed on the demo site, found once per run: every test
# starts from the same demo site (its changes are rolled back).
_listed_before: dict[str, set[str]] = {}
_bodies: dict[str, str] = {}


def listed_before(kind: str, page: Page) -> set[str]:
    if kind not in _listed_before:
        client = Client()
        if not _bodies:
            for name, url in listings_for(None).items():
                _bodies[url] = _body(client, name, url)
        _listed_before[kind] = listed_in(page, client, bodies=_bodies)
    return _listed_before[kind]


@pytest.mark.parametrize("how", ["password", "login", "groups"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_restricted_page_is_in_no_listing(demo_content, kind, how):
    find, expected = KINDS[kind]
    page = find()
    client = Client()
    before = listed_before(kind, page)
    assert expected <= before, f"{kind} not found where expected: {expected - before}"

    restrict(page, how)

    # A listing that did not show the page before cannot show it now.
    assert listed_in(page, client, only=before) == set()
    # The page itself still answers, asking for the password or the login.
    response = client.get(page.url)
    assert response.status_code in (200, 302)
    assert page.title not in response.content.decode() or response.status_code == 302


@pytest.mark.parametrize("kind", ["news article", "success story", "upcoming workshop"])
def test_pages_under_a_restricted_index_are_in_no_listing(demo_content, kind):
    """Restricting a section hides every page in it, wherever they are listed."""
    page = KINDS[kind][0]()
    index = page.get_parent()
    client = Client()
    before = {
        name
        for name in listed_before(kind, page)
        if not urlsplit(listings_for(page).get(name, "")).path.startswith(index.url)
    }
    assert before

    restrict(index, "login")

    assert listed_in(page, client, only=before) == set()


def test_a_restricted_workshop_index_is_not_linked_from_my_bookings(demo_content):
    workshop = KINDS["upcoming workshop"][0]()
    assert workshops_url()
    restrict(workshop.get_parent(), "login")
    assert workshops_url() == ""


def test_a_restricted_translation_is_not_sent_in_the_newsletter(
    english_only, about_page
):
    """A subscriber whose language has only a restricted translation gets the
    page in the default language instead."""
    spanish = about_page.copy_for_translation(
        Locale.objects.get_or_create(language_code="es")[0], copy_parents=True
    )
    spanish.title = "Solo para el equipo"
    spanish.save_revision().publish()
    assert localized_page(about_page, "es").pk == spanish.pk

    restrict(spanish, "password")

    assert localized_page(about_page, "es").pk == about_page.pk


def test_language_links_never_point_to_a_restricted_translation(
    english_only, client, about_page
):
    spanish = about_page.copy_for_translation(
        Locale.objects.get_or_create(language_code="es")[0], copy_parents=True
    )
    spanish.slug = "sobre-nosotros"
    spanish.save_revision().publish()
    assert "/es/sobre-nosotros/" in client.get(about_page.url).content.decode()

    restrict(spanish, "login")

    assert "/es/sobre-nosotros/" not in client.get(about_page.url).content.decode()
