"""My pre-return checklist: which steps the choices give, in which order and
language, at which address; and what odd input gets."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklist import services
from checklist.models import ChecklistStep
from home.demo_translations import catalogue

from .conftest import URL

pytestmark = pytest.mark.django_db

CHILE = {"country": "CL", "need": "qualification-recognition"}
# The demo's steps for Chile and qualification recognition, in order.
CHILE_STEPS = [
    "Tell the One Stop Shop you are coming",
    "Check your passport and identity papers",
    "Gather proof of your work experience",
    "Keep your documents with you",
    "Visit the One Stop Shop",
    "Ask about certifying your skills with ChileValora",
]


def titles(html: str) -> list[str]:
    found = re.findall(r'<h3 class="checklist__title"[^>]*>(.*?)(?: <span|</h3>)', html)
    return [unescape(re.sub(r"\s+", " ", title).strip()) for title in found]


def test_checklist_for_a_country_and_need_lists_exactly_its_steps_in_order(
    client, checklist_page
):
    response = client.get(URL.format(lang="en"), CHILE)
    assert response.status_code == 200
    assert titles(response.content.decode()) == CHILE_STEPS


@pytest.mark.parametrize("lang", ["es", "pt", "it"])
def test_checklist_is_in_the_visitors_language(client, checklist_page, lang):
    html = client.get(URL.format(lang=lang), CHILE).content.decode()
    translations = catalogue(lang)
    assert titles(html) == [translations[title] for title in CHILE_STEPS]


def test_steps_of_other_countries_needs_and_situations_are_left_out(
    client, checklist_page, make_step
):
    make_step(
        "Chile, qualification recognition",
        ["qualification-recognition"],
        country_id="CL",
        phase="arrival",
        sort_order=99,
    )
    make_step("Chile, housing", ["housing"], country_id="CL")
    make_step("Peru, anything", country_id="PE")
    make_step("Everywhere, with family", situation="family")
    make_step("Everywhere, before all", phase="before", sort_order=0)
    shown = titles(client.get(URL.format(lang="en"), CHILE).content.decode())
    assert shown[0] == "Everywhere, before all"
    assert shown[-1] == "Chile, qualification recognition"
    assert "Chile, housing" not in shown
    assert "Peru, anything" not in shown
    assert "Everywhere, with family" not in shown


def test_situation_adds_its_steps(client, checklist_page):
    url = URL.format(lang="en")
    plain = titles(client.get(url, {"country": "PE"}).content.decode())
    assert "Ask the school for your children's records" not in plain
    assert "Write down your business plan" not in plain
    family = titles(
        client.get(
            url,
            {
                "country": "PE",
                "household": "family",
                "children": "1",
                "business": "1",
                "need": "business-start-up",
            },
        ).content.decode()
    )
    assert "Ask the school for your children's records" in family
    assert "Write down your business plan" in family


def test_checklist_names_who_helps_with_their_contacts(client, checklist_page):
    html = client.get(URL.format(lang="en"), {"country": "BR", "need": "training"})
    html = html.content.decode()
    courses = html.split("Ask about vocational courses")[1].split("</li>\n</ol>")[0]
    assert "Serviço Nacional de Aprendizagem Comercial" in courses  # SENAC
    chile = client.get(URL.format(lang="en"), CHILE).content.decode()
    valora = chile.split("Ask about certifying your skills with ChileValora")[1]
    assert 'href="https://www.chilevalora.cl/"' in valora


def test_general_advice_is_marked(client, checklist_page):
    html = client.get(URL.format(lang="en"), CHILE).content.decode()
    passport = html.split("Check your passport and identity papers")[1][:80]
    assert "General advice" in passport
    valora = html.split("certifying your skills with ChileValora")[1][:20]
    assert "General advice" not in valora


def test_the_address_is_stable_whatever_the_order_of_the_choices(
    client, checklist_page
):
    url = URL.format(lang="en")
    a = client.get(
        f"{url}?business=on&need=training&country=BR&need=employment&need=training"
    )
    b = client.get(f"{url}?country=BR&need=employment&business=1&need=training")
    canonical = "/en/countries/checklist/?country=BR&amp;need=training&amp;need=employment&amp;business=1"
    for response in (a, b):  # the address to keep is absolute
        assert f'value="http://127.0.0.1:8000{canonical}"' in response.content.decode()
    assert titles(a.content.decode()) == titles(b.content.decode())
    again = client.get(canonical.replace("&amp;", "&"))
    assert titles(again.content.decode()) == titles(a.content.decode())


def test_the_empty_form_is_shown_without_choices(client, checklist_page):
    for params in ({}, {"utm_source": "newsletter"}):
        response = client.get(URL.format(lang="en"), params)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="country"' in html
        assert "checklist__step" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "We don&#x27;t know the country “XX”."),
        ({"country": "ES"}, "We don&#x27;t know the country “ES”."),
        ({"country": ""}, "Choose the country you are returning to."),
        ({"country": "CL", "need": "flying"}, "We don&#x27;t know the need “flying”."),
        ({"country": "CL", "household": "crowd"}, "Choose alone or with family."),
    ],
)
def test_unknown_choices_get_a_message_and_a_400(
    client, checklist_page, params, message
):
    response = client.get(URL.format(lang="en"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "checklist__step" not in response.content.decode()


def test_unknown_choice_message_is_in_the_visitors_language(client, checklist_page):
    response = client.get(URL.format(lang="es"), {"country": "XX"})
    assert response.status_code == 400
    assert "No reconocemos el país “XX”" in response.content.decode()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    country=st.one_of(
        st.text(max_size=40), st.sampled_from(["CL", "cl", "\x00", "🇨🇱"])
    ),
    need=st.lists(st.text(max_size=30), max_size=3),
    household=st.text(max_size=10),
)
def test_odd_choices_never_fail(client, checklist_page, country, need, household):
    response = client.get(
        URL.format(lang="en"),
        {"country": country, "need": need, "household": household, "children": "x"},
    )
    assert response.status_code in {200, 400}


def test_queries_do_not_grow_with_more_steps(client, checklist_page, make_step):
    def count() -> int:
        client.get(URL.format(lang="en"), CHILE)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL.format(lang="en"), CHILE).status_code == 200
        return len(queries)

    few = count()
    for i in range(15):
        make_step(
            f"Extra {i}",
            ["employment", "qualification-recognition"],
            country_id="CL",
            phase="arrival",
            sort_order=50 + i,
        )
    assert count() == few


def test_steps_for_matches_translations_of_the_needs(checklist_page):
    from countries.models import NeedCategory

    spanish = NeedCategory.objects.get(
        locale__language_code="es", slug="qualification-recognition"
    )
    choices = services.Choices(country="CL", needs=(spanish.slug,))
    found = [step.title for step in services.steps_for(choices, [spanish])]
    assert "Ask about certifying your skills with ChileValora" in found


def test_country_index_links_the_checklist(client, checklist_page):
    html = client.get("/en/countries/").content.decode()
    assert 'href="/en/countries/checklist/"' in html
    assert 'href="/en/countries/find-help/"' in html


def test_a_step_with_an_organisation_of_another_country_is_refused(checklist_page):
    from django.core.exceptions import ValidationError

    from countries.models import ResourceOrganisation

    valora = ResourceOrganisation.objects.get(
        locale__language_code="en", name="ChileValora"
    )
    step = ChecklistStep(
        title="Peru step",
        text="x",
        country_id="PE",
        organisation=valora,
        locale=valora.locale,
    )
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "organisation" in error.value.message_dict
