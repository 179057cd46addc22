"""The "who helps me with X here?" answers: need filter and find-help page."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from countries.models import NeedCategory, ResourceOrganisation
from countries.services import find_help, localized_needs

pytestmark = pytest.mark.django_db

BRAZIL_TRAINING = {
    "Ministério da Educação – PRONATEC",
    "Serviço Nacional de Aprendizagem Comercial",
}


def organisation_names(content: str) -> set[str]:
    """Names in the organisation cards of a rendered page."""
    names = set()
    for card in content.split('class="card organisation"')[1:]:
        title = card.split('<h3 class="card__title">')[1].split("</h3>")[0]
        names.add(title.split(" (<abbr")[0].strip())
    return names


def test_need_filter_lists_exactly_the_organisations_covering_the_need(
    client, brazil_page
):
    response = client.get(brazil_page.url, {"need": "training"})
    content = response.content.decode()
    assert organisation_names(content) == BRAZIL_TRAINING
    assert "2 organisations help with Training." in content
    assert '<option value="training" selected>' in content


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("employment", {"Sistema Nacional de Emprego"}),
        ("legal-documentation", {"Ministério das Relações Exteriores"}),
        (
            "social-assistance",
            {
                "Ministério do Desenvolvimento Social e Combate à Fome",
                "Centro de Referência da Assistência Social",
            },
        ),
    ],
)
def test_need_filter_matches_the_demo_network_for_each_need(
    client, brazil_page, need, expected
):
    content = client.get(brazil_page.url, {"need": need}).content.decode()
    assert organisation_names(content) == expected


def test_need_filter_leaves_out_organisations_of_other_countries(
    client, brazil_page, make_organisation
):
    make_organisation(country="CL", need_slugs=["training"], name="Chilean school")
    content = client.get(brazil_page.url, {"need": "training"}).content.decode()
    assert "Chilean school" not in content
    assert organisation_names(content) == BRAZIL_TRAINING


def test_need_filter_without_matches_says_so_and_points_to_the_one_stop_shop(
    client, brazil_page
):
    content = client.get(brazil_page.url, {"need": "health"}).content.decode()
    assert organisation_names(content) == set()
    assert "No organisation in the network covers this need yet" in content
    assert "One Stop Shop in Brazil" in content


def test_need_filter_with_an_unknown_need_says_so_and_lists_everyone(
    client, brazil_page
):
    response = client.get(brazil_page.url, {"need": "<b>flying</b>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "We don't know the need “&lt;b&gt;flying&lt;/b&gt;”" in content
    assert len(organisation_names(content)) == 6


def test_need_filter_prefers_the_translation_in_the_visitors_language(
    english_only, client, brazil_page, need
):
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    training = need("training")
    training_es = training.copy_for_translation(spanish)
    training_es.name = "Formación"
    training_es.save()
    senac = ResourceOrganisation.objects.get(
        locale__language_code="en", acronym="SENAC"
    )
    senac_es = senac.copy_for_translation(spanish)
    senac_es.services = "Cursos de formación profesional."
    senac_es.save()
    senac_es.needs.set([training_es])
    content = client.get("/es/countries/brazil/", {"need": "training"}).content.decode()
    assert '<option value="training" selected>Formación</option>' in content
    assert "Cursos de formación profesional." in content
    assert "Vocational training for trade and services" not in content
    # Untranslated organisations still appear, in English, and are marked so.
    assert "PRONATEC" in content
    assert 'class="card organisation" lang="en"' in content


def test_find_help_for_brazil_and_training_lists_the_right_organisations(
    client, find_help_page
):
    response = client.get(find_help_page.url, {"country": "BR", "need": "training"})
    content = response.content.decode()
    assert response.status_code == 200
    assert organisation_names(content) == BRAZIL_TRAINING
    assert "In Brazil, 2 organisations help with Training." in content
    assert "One Stop Shop in Brazil" in content
    assert 'href="/en/countries/brazil/"' in content


def test_find_help_with_an_unknown_country_shows_a_clear_message_and_the_form(
    client, find_help_page
):
    response = client.get(find_help_page.url, {"country": "XX", "need": "training"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "We don&#x27;t know the country “XX”. Choose one from the list." in content
    assert 'name="country"' in content
    assert organisation_names(content) == set()


def test_find_help_with_an_unknown_need_shows_a_clear_message(client, find_help_page):
    response = client.get(find_help_page.url, {"country": "BR", "need": "magic"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "We don&#x27;t know the need “magic”. Choose one from the list." in content
    assert organisation_names(content) == set()


def test_find_help_with_a_european_country_is_refused(client, find_help_page):
    content = client.get(
        find_help_page.url, {"country": "ES", "need": "training"}
    ).content.decode()
    assert "We don&#x27;t know the country “ES”" in content


def test_find_help_with_only_a_country_asks_for_the_need(client, find_help_page):
    content = client.get(find_help_page.url, {"country": "CL"}).content.decode()
    assert "Choose what you need help with." in content
    assert "One Stop Shop in Chile" in content


def test_find_help_with_only_a_need_asks_for_the_country(client, find_help_page):
    content = client.get(find_help_page.url, {"need": "housing"}).content.decode()
    assert "Choose the country you are returning to." in content
    assert '<option value="housing" selected>' in content


def test_find_help_without_input_shows_only_the_form(client, find_help_page):
    content = client.get(find_help_page.url).content.decode()
    assert 'name="need"' in content
    assert 'id="answer-heading"' not in content


def test_find_help_without_matches_falls_back_to_the_one_stop_shop_contact(
    client, find_help_page
):
    content = client.get(
        find_help_page.url, {"country": "PE", "need": "training"}
    ).content.decode()
    assert "We don't list an organisation for Training in Peru yet." in content
    assert "One Stop Shop in Peru" in content
    assert 'href="mailto:ventanillasunicas@oei.es"' in content


def test_find_help_accepts_a_lower_case_country_code(countries_home):
    with translation.override("en"):
        answer = find_help(" br ", "employment")
    assert answer.answered
    assert [o.acronym for o in answer.organisations] == ["SINE"]


def test_localized_needs_fall_back_to_the_default_language(
    english_only, countries_home
):
    with translation.override("it"):
        needs = localized_needs()
    assert [n.slug for n in needs][:2] == ["training", "employment"]
    assert len(needs) == NeedCategory.objects.count()
