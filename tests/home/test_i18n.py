"""``home.i18n.localize``: the one rule for "in the visitor's language, else default"."""

import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from home.i18n import current_language, language_of, localize
from home.models import Partner, StandardPage
from home.pages import visible
from search.services import searchable_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_only")]


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("en", "es", "pt", "it")
    }


def partner(name: str, locale: Locale, sort_order: int = 0, source=None) -> Partner:
    if source is None:
        return Partner.objects.create(
            name=name, country="ES", locale=locale, sort_order=sort_order
        )
    copy = source.copy_for_translation(locale)
    copy.name = name
    copy.save()
    return copy


@pytest.fixture
def partners(locales):
    """Three partners: the first translated into Spanish, the third only Italian."""
    Partner.objects.all().delete()
    first = partner("First", locales["en"], 1)
    partner("Primero", locales["es"], source=first)
    partner("Second", locales["en"], 2)
    partner("Terzo", locales["it"], 3)
    return Partner.objects.order_by("sort_order", "name")


def names(queryset) -> list[str]:
    return [obj.name for obj in queryset]


def test_active_language_is_chosen_where_translated(partners):
    with translation.override("es"):
        assert names(localize(partners)) == ["Primero", "Second"]


def test_default_language_otherwise(partners):
    with translation.override("pt"):
        assert names(localize(partners)) == ["First", "Second"]


def test_explicit_language_wins_over_the_active_one(partners):
    with translation.override("pt"):
        assert names(localize(partners, "es")) == ["Primero", "Second"]


def test_or_any_keeps_what_exists_only_in_another_language(partners):
    assert names(localize(partners, "pt", or_any=True)) == [
        "First",
        "Second",
        "Terzo",
    ]


def test_or_any_keeps_one_translation_per_thing(partners, locales):
    terzo = Partner.objects.get(name="Terzo")
    partner("Tercero", locales["es"], source=terzo)
    chosen = names(localize(partners, "pt", or_any=True))
    assert chosen.count("Terzo") + chosen.count("Tercero") == 1


def test_order_of_the_queryset_is_kept(partners):
    with translation.override("es"):
        reversed_order = partners.order_by("-sort_order")
        assert names(localize(reversed_order)) == ["Second", "Primero"]


def test_one_query(partners, django_assert_num_queries):
    with translation.override("es"), django_assert_num_queries(1):
        list(localize(partners, or_any=True))


def test_only_translations_among_the_objects_count(about_page, locales):
    """A draft translation does not hide the live default page."""
    draft = about_page.copy_for_translation(locales["es"], copy_parents=True)
    assert not draft.live
    with translation.override("es"):
        shown = list(localize(visible(StandardPage.objects.all())))
    assert about_page.pk in [p.pk for p in shown]
    assert draft.pk not in [p.pk for p in shown]


def test_live_translation_replaces_the_default_page(about_page, locales):
    spanish = about_page.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    with translation.override("es"):
        shown = [p.pk for p in localize(visible(StandardPage.objects.all()))]
    assert spanish.pk in shown
    assert about_page.pk not in shown


def test_search_backend_accepts_the_localized_queryset(site, about_page, locales):
    """Wagtail's search refuses filters on fields it has not indexed."""
    with translation.override("es"):
        results = list(searchable_pages(site).search(about_page.title))
    assert about_page.pk in [page.pk for page in results]


def test_unknown_language_falls_back_to_the_default(partners):
    assert names(localize(partners, "xx")) == ["First", "Second"]


@pytest.mark.parametrize(
    ("active", "expected"),
    [("es", "es"), ("es-ar", "es"), ("pt-br", "pt"), ("de", "en"), ("it", "it")],
)
def test_current_language_is_one_the_site_offers(active, expected):
    with translation.override(active):
        assert current_language() == expected


def test_pages_and_snippets_share_the_rule(about_page, locales):
    """Pages are localized exactly as snippets are (same function)."""
    pages = Page.objects.filter(pk=about_page.pk)
    with translation.override("it"):
        assert list(localize(pages)) == [about_page.page_ptr]


def test_language_of_names_each_objects_language(partners, locales):
    by_name = {partner.name: partner for partner in partners}
    assert language_of(by_name["First"]) == "en"
    assert language_of(by_name["Primero"]) == "es"
    assert language_of(by_name["Terzo"]) == "it"


def test_language_of_sees_a_locale_created_later(about_page, db):
    Locale.objects.filter(language_code="fr").delete()
    french = Locale.objects.create(language_code="fr")
    copy = about_page.copy_for_translation(french, copy_parents=True)
    assert language_of(copy) == "fr"
