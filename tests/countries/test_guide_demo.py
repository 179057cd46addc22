"""The demo's recognition guide: Chile's skills certification with ChileValora,
in English, Spanish and Portuguese (not Italian), made once."""

import pytest
from wagtail.models import Locale

from countries import demo as countries_demo
from countries.models import CountryPage, RecognitionGuidePage
from tests.html_validation import assert_pages_are_valid_html

pytestmark = pytest.mark.django_db

DEMO_GUIDE = "/{lang}/countries/chile/skills-certification/"
# The demo guide gives no time or cost; the interface says so in each language.
NOT_KNOWN = {"en": "Not known", "es": "No se conoce", "pt": "Não se sabe"}


@pytest.fixture
def chile_page(demo_content) -> CountryPage:
    return CountryPage.objects.get(country_id="CL", locale=Locale.get_default())


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_demo_guide_renders_its_body_steps_and_documents_in_each_language(
    client, demo_content, lang
):
    guide = RecognitionGuidePage.objects.get(
        slug="skills-certification", locale__language_code=lang
    )
    response = client.get(DEMO_GUIDE.format(lang=lang))
    assert response.status_code == 200
    assert response.context["page"].pk == guide.pk
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert guide.title in content
    assert guide.body_name and guide.body_name in content
    assert 'href="https://www.chilevalora.cl"' in content
    step_titles = [block.value["title"] for block in guide.steps]
    document_names = [block.value["document"] for block in guide.documents]
    assert len(step_titles) >= 3
    assert len(document_names) >= 3
    for text in [*step_titles, *document_names]:
        assert text in content
    assert NOT_KNOWN[lang] in content
    if lang != "en":
        english = RecognitionGuidePage.objects.get(
            slug="skills-certification", locale__language_code="en"
        )
        assert english.title not in content
        assert english.steps[0].value["title"] not in content


def test_demo_has_one_guide_for_chile_and_none_in_italian(demo_content):
    guides = RecognitionGuidePage.objects.all()
    assert set(guides.values_list("locale__language_code", flat=True)) == {
        "en",
        "es",
        "pt",
    }
    assert {g.get_parent().specific.country_id for g in guides} == {"CL"}
    english = guides.get(locale__language_code="en")
    # Nothing is claimed that the newsletter does not say.
    assert english.typical_time == ""
    assert english.typical_cost == ""
    assert english.details_checked_on is None
    assert english.body_website == "https://www.chilevalora.cl"


def test_demo_guide_loader_makes_only_what_is_missing(demo_content, chile_page):
    countries_demo.load()
    assert RecognitionGuidePage.objects.child_of(chile_page).count() == 1
    RecognitionGuidePage.objects.child_of(chile_page).delete()
    countries_demo.load()
    countries_demo.load()
    made = RecognitionGuidePage.objects.child_of(chile_page).get()
    assert made.slug == "skills-certification"
    assert made.live


def test_italian_visitors_get_the_english_guide_under_their_prefix(
    client, demo_content
):
    response = client.get(DEMO_GUIDE.format(lang="it"))
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "en"


def test_country_page_links_to_the_guide_in_the_visitors_language(client, demo_content):
    spanish = RecognitionGuidePage.objects.get(
        slug="skills-certification", locale__language_code="es"
    )
    content = client.get("/es/countries/chile/").content.decode()
    assert 'href="/es/countries/chile/skills-certification/"' in content
    assert spanish.title in content


def test_demo_guide_pages_are_valid_html(client, demo_content, tmp_path):
    pages = {
        f"demo guide ({lang})": DEMO_GUIDE.format(lang=lang)
        for lang in ("en", "es", "pt", "it")
    }
    pages["Chile with its guide in Spanish"] = "/es/countries/chile/"
    assert_pages_are_valid_html(client, pages, tmp_path)
