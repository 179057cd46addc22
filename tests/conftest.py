import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage, StandardPage

from .factories import StandardPageFactory, UserFactory


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()


@pytest.fixture
def demo_content(db) -> HomePage:
    """The demo site as `make run` builds it."""
    call_command("load_demo_content", stdout=None)
    return HomePage.objects.get(depth=2, locale__language_code="en")


@pytest.fixture
def home_page(demo_content) -> HomePage:
    return demo_content


@pytest.fixture
def site(demo_content) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def about_page(demo_content) -> StandardPage:
    return StandardPage.objects.get(slug="about")


@pytest.fixture
def make_standard_page(home_page):
    """Create and publish a StandardPage under ``parent`` (the home page by default)."""

    def make(parent=None, **fields) -> StandardPage:
        page = StandardPageFactory(parent=parent or home_page, **fields)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def user(db):
    return UserFactory(email="reader@example.org")
