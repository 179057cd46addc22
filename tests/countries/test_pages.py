import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from checklist.models import ChecklistPage
from countries import demo as countries_demo
from countries.models import (
    CountryIndexPage,
    CountryPage,
    FindHelpPage,
    NeedCategory,
    RecognitionGuidePage,
    ResourceOrganisation,
)
from home import demo as home_demo
from home.models import HomePage

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_country_index_declares_the_home_page_as_its_only_parent(self):
        # HomePage.subpage_types gains the index when the lead wires the apps in;
        # assertAllowedParentPageTypes(CountryIndexPage, {HomePage}) then holds.
        self.assertEqual(CountryIndexPage.parent_page_types, ["home.HomePage"])

    def test_country_index_accepts_country_find_help_and_checklist_pages(self):
        self.assertAllowedSubpageTypes(
            CountryIndexPage, {CountryPage, FindHelpPage, ChecklistPage}
        )

    def test_country_and_find_help_pages_live_under_the_index(self):
        self.assertAllowedParentPageTypes(CountryPage, {CountryIndexPage})
        self.assertAllowedSubpageTypes(CountryPage, {RecognitionGuidePage})
        self.assertAllowedParentPageTypes(FindHelpPage, {CountryIndexPage})
        self.assertAllowedSubpageTypes(FindHelpPage, set())

    def test_editor_can_create_country_page_under_the_index(self):
        home_demo.load()
        index = CountryIndexPage.objects.first()
        if index is None:
            index = CountryIndexPage(title="Countries", slug="countries")
            HomePage.objects.get(locale__language_code="en", depth=2).add_child(
                instance=index
            )
        CountryPage.objects.filter(country_id="BR").delete()
        self.login()
        self.assertCanCreate(
            index,
            CountryPage,
            nested_form_data(
                {
                    "title": "Brazil",
                    "slug": "brazil",
                    "country": "BR",
                    "introduction": "Returning to Brazil.",
                    "office_name": "One Stop Shop Brazil",
                    "address": "",
                    "opening_hours": "",
                    "phone": "",
                    "email": "",
                    "how_to_get_there": "Write first.",
                    "body": streamfield(
                        [("heading", {"text": "Services", "level": "h2"})]
                    ),
                }
            ),
        )

    def test_editor_cannot_add_a_second_find_help_page_to_the_index(self):
        home_demo.load()
        countries_demo.load()
        index = CountryIndexPage.objects.get(
            locale__language_code="en", slug="countries"
        )
        self.assertFalse(FindHelpPage.can_create_at(index))
        self.assertTrue(CountryPage.can_create_at(index))


def test_country_page_rejects_a_second_page_for_the_same_country_and_language(
    country_index,
):
    duplicate = CountryPage(title="Brasil", slug="brasil", country_id="BR")
    with pytest.raises(ValidationError) as error:
        country_index.add_child(instance=duplicate)
    assert "already a page for Brazil" in str(error.value)


def test_country_page_allows_the_same_country_in_another_language(
    english_only, brazil_page
):
    spanish, _created = Locale.objects.get_or_create(language_code="es")
    translation = brazil_page.copy_for_translation(spanish, copy_parents=True)
    translation.full_clean()
    assert translation.country_id == "BR"
    assert translation.locale == spanish


def test_demo_loader_creates_eleven_country_pages_and_the_named_networks(
    countries_home,
):
    english = CountryPage.objects.filter(locale__language_code="en")
    assert english.count() == 11
    assert set(english.values_list("slug", flat=True)) >= {
        "brazil",
        "spain",
        "portugal",
        "uruguay",
    }
    per_country = {
        code: ResourceOrganisation.objects.filter(
            country_id=code, locale__language_code="en"
        ).count()
        for code in ("BR", "CL", "PY", "BO", "CO", "EC", "PE", "UY")
    }
    assert per_country == {
        "BR": 6,
        "CL": 1,
        "PY": 2,
        "BO": 0,
        "CO": 0,
        "EC": 0,
        "PE": 0,
        "UY": 0,
    }
    assert NeedCategory.objects.filter(locale__language_code="en").count() == 10
    assert not CountryPage.objects.exclude(phone="").exists()
    assert not CountryPage.objects.exclude(address="").exists()


def test_demo_loader_run_twice_creates_nothing_more(countries_home):
    counts = (
        CountryPage.objects.count(),
        FindHelpPage.objects.count(),
        CountryIndexPage.objects.count(),
        NeedCategory.objects.count(),
        ResourceOrganisation.objects.count(),
    )
    countries_demo.load()
    assert counts == (
        CountryPage.objects.count(),
        FindHelpPage.objects.count(),
        CountryIndexPage.objects.count(),
        NeedCategory.objects.count(),
        ResourceOrganisation.objects.count(),
    )


def test_country_index_lists_one_stop_shops_and_europe_in_two_sections(
    client, country_index
):
    content = client.get(country_index.url).content.decode()
    shops, europe = content.split('id="residence-heading"')
    assert shops.count('<article class="card">') == 8
    assert 'href="/en/countries/brazil/"' in shops
    assert 'href="/en/countries/spain/"' not in shops
    assert europe.count('<article class="card">') == 3
    assert 'href="/en/countries/italy/"' in europe
    assert 'href="/en/countries/find-help/"' in content


def test_country_index_leaves_out_unpublished_country_pages(
    client, country_index, brazil_page
):
    brazil_page.unpublish()
    content = client.get(country_index.url).content.decode()
    assert 'href="/en/countries/brazil/"' not in content
    assert 'href="/en/countries/chile/"' in content


def test_latin_american_country_page_shows_one_stop_shop_and_network(
    client, brazil_page
):
    response = client.get(brazil_page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "One Stop Shop in Brazil" in content
    assert 'href="mailto:ventanillasunicas@oei.es"' in content
    assert content.count('class="card organisation"') == 6
    assert "Sistema Nacional de Emprego" in content
    assert 'name="need"' in content


def test_country_page_without_network_says_the_one_stop_shop_is_building_it(
    client, countries_home
):
    content = client.get("/en/countries/peru/").content.decode()
    assert "One Stop Shop in Peru" in content
    assert "is building its network" in content
    assert 'class="card organisation"' not in content


def test_european_country_page_shows_its_partners_and_no_one_stop_shop(
    client, countries_home
):
    content = client.get("/en/countries/spain/").content.decode()
    assert "Programme partners in Spain" in content
    for acronym in ("(OEI)", "(ACOBE)", "(FEDELATINA)"):
        assert acronym in content
    assert "(ICEI)" not in content
    assert "One Stop Shop in Spain" not in content
    assert 'name="need"' not in content


def test_european_country_page_shows_only_partners_of_that_country(
    client, countries_home
):
    content = client.get("/en/countries/italy/").content.decode()
    assert "(ICEI)" in content
    assert "(ALCC)" not in content


def test_country_page_is_served_in_english_under_an_untranslated_prefix(
    client, countries_home
):
    response = client.get("/es/countries/brazil/?need=training")
    assert response.status_code == 200
    assert "PRONATEC" in response.content.decode()
