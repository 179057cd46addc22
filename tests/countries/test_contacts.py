"""People can reach the help: contact details, the next step when nothing is listed."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail_localize.fields import (
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)

from countries import demo as countries_demo
from countries.models import CountryPage, ResourceOrganisation

pytestmark = pytest.mark.django_db

FULL_CONTACT = {
    "website": "https://example.org/help",
    "email": "help@example.org",
    "phone": "+55 11 3000 0000",
    "address": "Rua Exemplo 100",
    "city": "São Paulo",
    "opening_hours": "Monday to Friday, 9:00 to 17:00",
    "languages": "Portuguese, Spanish",
    "reach_in_person": True,
    "reach_by_phone": True,
    "reach_by_whatsapp": True,
    "reach_online": False,
    "details_checked_on": datetime.date(2026, 3, 5),
}


@pytest.fixture
def reachable_organisation(make_organisation):
    return make_organisation(
        country="BR", need_slugs=["employment"], name="Agência Exemplo", **FULL_CONTACT
    )


def answer_html(client, language="en", country="BR", need="employment") -> str:
    response = client.get(
        f"/{language}/countries/find-help/", {"country": country, "need": need}
    )
    assert response.status_code == 200
    return response.content.decode()


def card_of(content: str, name: str) -> str:
    start = content.index(f">{name}")
    return content[start : content.index("</article>", start)]


def test_organisation_contact_details_are_shown_as_links(
    client, reachable_organisation
):
    card = card_of(answer_html(client), "Agência Exemplo")
    assert '<a href="https://example.org/help"' in card
    assert '<a href="mailto:help@example.org">help@example.org</a>' in card
    assert '<a href="tel:+551130000000">+55 11 3000 0000</a>' in card
    assert 'href="https://wa.me/551130000000"' in card
    assert re.search(r"<address[^>]*>.*Rua Exemplo 100.*São Paulo", card, re.S)
    assert "Monday to Friday, 9:00 to 17:00" in card
    assert "Portuguese, Spanish" in card
    assert "In person" in card
    assert "WhatsApp" in card
    assert "Online form" not in card
    assert "Details last checked on" in card
    assert '<time datetime="2026-03-05">5 March 2026</time>' in card


@pytest.mark.parametrize(
    ("language", "label", "date"),
    [
        ("es", "Datos verificados el", "5 de marzo de 2026"),
        ("pt", "Dados verificados em", "5 de março de 2026"),
        ("it", "Dati verificati il", "05 marzo 2026"),
    ],
)
def test_checked_date_is_formatted_in_the_visitors_language(
    client, reachable_organisation, language, label, date
):
    card = card_of(answer_html(client, language), "Agência Exemplo")
    assert label in card
    assert f'<time datetime="2026-03-05">{date}</time>' in card


def test_organisation_without_contact_details_shows_no_empty_contact_block(
    client, make_organisation
):
    make_organisation(country="BR", need_slugs=["employment"], name="Quiet body")
    card = card_of(answer_html(client), "Quiet body")
    assert "<address" not in card
    assert "Details last checked on" not in card


def test_one_stop_shop_shows_its_own_contact_details(client, brazil_page):
    for field, value in FULL_CONTACT.items():
        setattr(brazil_page, field, value)
    brazil_page.save_revision().publish()
    content = client.get("/en/countries/brazil/").content.decode()
    start = content.index('class="section one-stop-shop"')
    block = content[start : content.index("</section>", start)]
    assert '<a href="https://example.org/help"' in block
    assert '<a href="mailto:help@example.org">help@example.org</a>' in block
    assert 'href="tel:+551130000000"' in block
    assert "<address" in block
    assert "São Paulo" in block
    assert "Portuguese, Spanish" in block
    assert "In person" in block
    assert '<time datetime="2026-03-05">5 March 2026</time>' in block


def test_need_without_organisation_offers_the_shop_and_the_prefilled_questions_form(
    client, countries_home
):
    content = answer_html(client, country="PE", need="housing")
    assert "We don't list an organisation for Housing in Peru yet." in content
    assert "One Stop Shop in Peru" in content
    assert 'href="/en/questions/?country=PE"' in content


def test_country_page_need_without_organisation_links_to_the_prefilled_form(
    client, countries_home
):
    content = client.get("/en/countries/peru/", {"need": "housing"}).content.decode()
    assert 'href="/en/questions/?country=PE"' in content
    assert 'href="#one-stop-shop-heading"' in content


def test_country_without_network_links_to_the_prefilled_form(client, countries_home):
    content = client.get("/en/countries/bolivia/").content.decode()
    assert 'href="/en/questions/?country=BO"' in content


def test_questions_link_is_in_the_visitors_language(client, countries_home):
    content = answer_html(client, "es", country="UY", need="housing")
    assert 'href="/es/questions/?country=UY"' in content


@pytest.mark.parametrize(
    ("language", "option"),
    [
        ("en", '<option value="Peru" selected>Peru</option>'),
        ("es", '<option value="Perú" selected>Perú</option>'),
    ],
)
def test_questions_form_preselects_the_country_from_the_address(
    client, countries_home, language, option
):
    response = client.get(f"/{language}/questions/", {"country": "PE"})
    assert response.status_code == 200
    assert option in response.content.decode()


@pytest.mark.parametrize(
    "value", ["XX", "", "pe ", "<b>", "\x00", "Peru", "P" * 500, "ES ES"]
)
def test_questions_form_ignores_an_unknown_country(client, countries_home, value):
    response = client.get("/en/questions/", {"country": value})
    assert response.status_code == 200
    content = response.content.decode()
    select = content.split('name="country"')[1].split("</select>")[0]
    chosen = re.findall(r'<option value="([^"]*)" selected', select)
    assert chosen == (["Peru"] if value.strip().upper() == "PE" else [""])


def test_questions_form_survives_a_repeated_country(client, countries_home):
    response = client.get("/en/questions/?country=PE&country=XX")
    assert response.status_code == 200


def test_find_help_answer_folds_the_form_away(client, countries_home):
    content = answer_html(client)
    details = re.search(r'<details class="find-help__change">', content)
    assert details is not None, "the answered form folds away"
    assert "<summary" in content and "Change country or need" in content
    folded = content[details.start() : content.index("</details>", details.start())]
    assert 'name="country"' in folded and 'name="need"' in folded
    assert '<details class="find-help__change" open' not in content


def test_find_help_without_an_answer_shows_the_form_open(client, countries_home):
    content = client.get("/en/countries/find-help/").content.decode()
    assert "<details" not in content.split('<main id="main"')[1]


def test_country_page_filtered_by_need_folds_its_filter(client, brazil_page):
    content = client.get(brazil_page.url, {"need": "training"}).content.decode()
    assert '<details class="network__change">' in content


def test_main_stylesheet_ends_with_print_rules():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "main.css").read_text()
    start = css.rindex("@media print")
    block = css[start:]
    for selector in (".site-header", ".site-footer", "form", ".breadcrumbs"):
        assert selector in block
    assert "@page" in block
    # Nothing after the print block but its own closing brace.
    assert block.count("{") == block.count("}")


def test_contact_fields_are_in_the_admin_panels():
    def panel_fields(panels):
        names = []
        for panel in panels:
            names += getattr(panel, "field_name", None) and [panel.field_name] or []
            names += panel_fields(getattr(panel, "children", []))
        return names

    expected = {
        "website",
        "email",
        "phone",
        "address",
        "city",
        "opening_hours",
        "languages",
        "reach_in_person",
        "reach_by_phone",
        "reach_by_whatsapp",
        "reach_online",
        "details_checked_on",
    }
    assert expected <= set(panel_fields(ResourceOrganisation.panels))
    assert expected <= set(panel_fields(CountryPage.content_panels))


@pytest.mark.parametrize("model", [ResourceOrganisation, CountryPage])
def test_contact_facts_are_the_same_in_every_language(model):
    synchronised = {
        f.field_name
        for f in model.override_translatable_fields
        if isinstance(f, SynchronizedField)
    }
    assert {
        "website",
        "email",
        "phone",
        "reach_in_person",
        "reach_by_phone",
        "reach_by_whatsapp",
        "reach_online",
        "details_checked_on",
    } <= synchronised
    translatable = {
        f.field_name
        for f in get_translatable_fields(model)
        if isinstance(f, TranslatableField)
    }
    assert {"address", "city", "opening_hours", "languages"} <= translatable


def test_admin_edits_an_organisations_contact_details(admin_client, countries_home):
    from django.urls import reverse

    sine = ResourceOrganisation.objects.get(locale__language_code="en", acronym="SINE")
    url = reverse(
        ResourceOrganisation.snippet_viewset.get_url_name("edit"), args=[sine.pk]
    )
    form = admin_client.get(url).content.decode()
    assert 'name="details_checked_on"' in form
    assert 'name="reach_by_whatsapp"' in form


def test_demo_organisations_show_official_websites_and_no_invented_contacts(
    countries_home,
):
    websites = dict(
        ResourceOrganisation.objects.filter(locale__language_code="en").values_list(
            "name", "website"
        )
    )
    assert websites["ChileValora"] == "https://www.chilevalora.cl/"
    assert websites["Serviço Nacional de Aprendizagem Comercial"] == (
        "https://www.senac.br/"
    )
    assert not ResourceOrganisation.objects.exclude(phone="").exists()
    assert not ResourceOrganisation.objects.exclude(email="").exists()
    assert not ResourceOrganisation.objects.exclude(address="").exists()


def test_demo_loader_fills_new_fields_on_an_existing_database(countries_home):
    ResourceOrganisation.objects.filter(name="ChileValora").update(
        website="", languages=""
    )
    countries_demo.load()
    countries_demo.load()
    for organisation in ResourceOrganisation.objects.filter(name="ChileValora"):
        assert organisation.website == "https://www.chilevalora.cl/"
        assert organisation.languages


def test_demo_loader_keeps_what_an_editor_wrote(countries_home):
    ResourceOrganisation.objects.filter(name="ChileValora").update(
        website="https://editor.example/"
    )
    countries_demo.load()
    assert set(
        ResourceOrganisation.objects.filter(name="ChileValora").values_list(
            "website", flat=True
        )
    ) == {"https://editor.example/"}
