import pytest
from wagtail.models import Locale

from countries import demo as countries_demo
from countries.models import (
    CountryIndexPage,
    CountryPage,
    FindHelpPage,
    NeedCategory,
    ResourceOrganisation,
)
from home import demo as home_demo
from home.models import HomePage


@pytest.fixture
def countries_home(db) -> HomePage:
    """The demo home page, with the countries demo content in place."""
    home = home_demo.load()
    countries_demo.load()
    return home


@pytest.fixture
def country_index(countries_home) -> CountryIndexPage:
    return CountryIndexPage.objects.get(locale__language_code="en", slug="countries")


@pytest.fixture
def find_help_page(countries_home) -> FindHelpPage:
    return FindHelpPage.objects.get(locale__language_code="en", slug="find-help")


@pytest.fixture
def brazil_page(countries_home) -> CountryPage:
    return CountryPage.objects.get(country_id="BR", locale=Locale.get_default())


@pytest.fixture
def need(countries_home):
    """A demo need by slug, in the default language."""

    def get(slug: str) -> NeedCategory:
        return NeedCategory.objects.get(slug=slug, locale=Locale.get_default())

    return get


@pytest.fixture
def make_organisation(countries_home):
    """Create an organisation in ``country`` covering the needs with ``need_slugs``."""
    counter = {"n": 0}

    def make(country="BR", need_slugs=(), **fields) -> ResourceOrganisation:
        counter["n"] += 1
        fields.setdefault("name", f"Organisation {counter['n']:03d}")
        fields.setdefault("locale", Locale.get_default())
        organisation = ResourceOrganisation(country_id=country, **fields)
        organisation.needs = list(
            NeedCategory.objects.filter(slug__in=need_slugs, locale=organisation.locale)
        )
        organisation.save()
        return organisation

    return make
