"""Recognition guides: how to get qualifications and experience recognised in a
country, under its page, in the visitor's language."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from countries.models import CountryIndexPage, CountryPage, RecognitionGuidePage
from tests.html_validation import assert_pages_are_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def chile_page(countries_home) -> CountryPage:
    return CountryPage.objects.get(country_id="CL", locale=Locale.get_default())


@pytest.fixture
def make_guide(chile_page):
    """Create a guide under ``parent`` (Chile's page), published unless ``live``
    is False."""

    def make(parent=None, live=True, **fields) -> RecognitionGuidePage:
        parent = parent or chile_page
        fields.setdefault("title", "Getting a trade certificate recognised")
        fields.setdefault("slug", "trade-certificate")
        guide = RecognitionGuidePage(**fields)
        parent.add_child(instance=guide)
        revision = guide.save_revision()
        if live:
            revision.publish()
        else:
            guide.unpublish()
        return guide

    return make


def steps(*titles: str) -> list:
    return [
        ("step", {"title": t, "text": f"About {t}.", "general": False}) for t in titles
    ]


def documents(*names: str) -> list:
    return [("document", {"document": n, "note": "", "general": True}) for n in names]


def main_text(response) -> str:
    """The text of the page's <main>, tags removed, spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_country_page_links_to_its_live_guide(client, make_guide):
    guide = make_guide(listing_summary="How to have a trade certificate recognised.")
    response = client.get("/en/countries/chile/")
    content = response.content.decode()
    assert f'href="{guide.url}"' in content
    assert "How to have a trade certificate recognised." in content


def test_country_page_does_not_link_to_a_draft_guide(client, make_guide):
    make_guide(title="Draft guide", slug="draft-guide", live=False)
    content = client.get("/en/countries/chile/").content.decode()
    assert "draft-guide" not in content
    assert "Draft guide" not in content


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_country_page_does_not_link_to_a_private_guide(client, make_guide, restriction):
    guide = make_guide(title="Private guide", slug="private-guide")
    PageViewRestriction.objects.create(
        page=guide,
        restriction_type=restriction,
        password="secret" if restriction == "password" else "",
    )
    content = client.get("/en/countries/chile/").content.decode()
    assert "private-guide" not in content
    assert "Private guide" not in content


def test_country_page_without_guides_has_no_guides_section(client, countries_home):
    content = client.get("/en/countries/peru/").content.decode()
    assert 'id="guides-heading"' not in content


def test_guide_without_time_or_cost_says_they_are_not_known(client, make_guide):
    guide = make_guide(steps=steps("Ask"), documents=documents("Passport"))
    text = main_text(client.get(guide.url))
    assert "Typical time Not known" in text
    assert "Typical cost Not known" in text
    # No figure appears that the editor did not write.
    assert not re.search(r"\d", text.replace("2026", ""))
    assert "Details last checked on" not in text


def test_guide_shows_time_cost_and_checked_date_when_known(client, make_guide):
    guide = make_guide(
        typical_time="About three months",
        typical_cost="Free of charge",
        details_checked_on=datetime.date(2026, 3, 5),
    )
    text = main_text(client.get(guide.url))
    assert "Typical time About three months" in text
    assert "Typical cost Free of charge" in text
    assert "Not known" not in text
    assert "Details last checked on 5 March 2026" in text


def test_guide_marks_general_advice_as_general(client, make_guide):
    guide = make_guide(
        steps=[
            ("step", {"title": "Apply", "text": "", "general": False}),
            ("step", {"title": "Keep copies", "text": "", "general": True}),
        ]
    )
    html = client.get(guide.url).content.decode()
    apply_step, keep_step = html.split('class="guide__step"')[1:3]
    assert "General advice" not in apply_step
    assert "General advice" in keep_step


def test_guide_without_anything_but_a_title_renders(client, make_guide):
    guide = make_guide()
    response = client.get(guide.url)
    assert response.status_code == 200
    text = main_text(response)
    assert "Steps" not in text
    assert "Documents to bring" not in text


def test_guide_shows_the_one_stop_shop_of_its_country(client, make_guide):
    guide = make_guide()
    content = client.get(guide.url).content.decode()
    assert "One Stop Shop in Chile" in content
    assert 'href="/en/countries/chile/"' in content


def test_guide_has_howto_structured_data(client, make_guide):
    guide = make_guide(
        listing_summary="A trade certificate, step by step.",
        steps=steps("Ask", "Apply"),
        documents=documents("Passport"),
    )
    content = client.get(guide.url).content.decode()
    (payload,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', content, re.S
    )
    data = json.loads(payload)
    assert data["@type"] == "HowTo"
    assert data["name"] == guide.title
    assert data["description"] == "A trade certificate, step by step."
    assert data["inLanguage"] == "en"
    assert [(s["position"], s["name"]) for s in data["step"]] == [
        (1, "Ask"),
        (2, "Apply"),
    ]
    assert data["supply"] == [{"@type": "HowToSupply", "name": "Passport"}]
    # Time and cost are not known: nothing is said about them.
    assert "totalTime" not in data
    assert "estimatedCost" not in data


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_guide_queries_do_not_grow_with_its_steps_documents_and_sources(
    client, make_guide
):
    small = make_guide(
        slug="small",
        steps=steps("One"),
        documents=documents("A"),
        sources=[("link", {"title": "S", "url": "https://example.org/"})],
    )
    big = make_guide(
        slug="big",
        steps=steps(*[f"Step {i}" for i in range(30)]),
        documents=documents(*[f"Document {i}" for i in range(30)]),
        sources=[
            ("link", {"title": f"S{i}", "url": f"https://example.org/{i}"})
            for i in range(30)
        ],
    )
    assert count_queries(client, big.url) == count_queries(client, small.url)


def test_country_page_queries_do_not_grow_with_its_guides(client, make_guide):
    make_guide(slug="guide-0")
    before = count_queries(client, "/en/countries/chile/")
    for i in range(1, 20):
        make_guide(slug=f"guide-{i}", title=f"Guide {i}")
    after = count_queries(client, "/en/countries/chile/")
    assert after == before


def test_guide_pages_are_valid_html(client, make_guide, tmp_path):
    make_guide(slug="bare")
    make_guide(
        slug="full",
        introduction="All the fields.",
        body_name="A body",
        body_website="https://example.org/",
        steps=[
            (
                "step",
                {"title": "Apply", "text": "Fill in\nthe form.", "general": False},
            ),
            ("step", {"title": "Keep copies", "text": "", "general": True}),
        ],
        documents=[
            ("document", {"document": "Passport", "note": "A copy", "general": False}),
            ("document", {"document": "Payslips", "note": "", "general": True}),
        ],
        typical_time="Three months",
        typical_cost="Free",
        sources=[("link", {"title": "The body", "url": "https://example.org/"})],
        details_checked_on=datetime.date(2026, 3, 5),
    )
    pages = {
        "bare guide": "/en/countries/chile/bare/",
        "full guide": "/en/countries/chile/full/",
        "full guide in Spanish": "/es/countries/chile/full/",
        "country page with guides": "/en/countries/chile/",
    }
    assert_pages_are_valid_html(client, pages, tmp_path)


class TestGuideTreeRules(WagtailPageTestCase):
    def test_guides_live_under_country_pages_only(self):
        self.assertAllowedParentPageTypes(RecognitionGuidePage, {CountryPage})
        self.assertAllowedSubpageTypes(RecognitionGuidePage, set())
        self.assertAllowedSubpageTypes(CountryPage, {RecognitionGuidePage})
        self.assertFalse(
            RecognitionGuidePage in CountryIndexPage.allowed_subpage_models()
        )

    def test_editor_can_create_a_guide_under_a_country_page(self):
        chile = CountryPage.objects.get(country_id="CL", locale=Locale.get_default())
        self.login()
        self.assertCanCreate(
            chile,
            RecognitionGuidePage,
            nested_form_data(
                {
                    "title": "Recognition of a degree",
                    "slug": "degree",
                    "introduction": "",
                    "body_name": "A body",
                    "body_website": "https://example.org/",
                    "steps": streamfield(
                        [("step", {"title": "Ask", "text": "", "general": True})]
                    ),
                    "documents": streamfield([]),
                    "typical_time": "",
                    "typical_cost": "",
                    "sources": streamfield([]),
                    "details_checked_on": "",
                }
            ),
        )


def search_titles(client, **params) -> list[str]:
    html = client.get("/en/search/", params).content.decode()
    return re.findall(r'class="search-results__title"><a [^>]*>([^<]+)</a>', html)


def test_search_finds_a_guide_under_its_countrys_filter(client, make_guide):
    make_guide(title="Quokkarium certification", slug="quokkarium")
    assert "Quokkarium certification" in search_titles(client, q="quokkarium")
    assert "Quokkarium certification" in search_titles(
        client, q="quokkarium", country="CL", kind="countries"
    )
    assert search_titles(client, q="quokkarium", country="BR") == []


@pytest.mark.parametrize("field_name", ["body_website", "details_checked_on"])
def test_guide_facts_that_are_the_same_in_every_language_are_synchronized(
    field_name,
):
    (declared,) = [
        f
        for f in get_translatable_fields(RecognitionGuidePage)
        if f.field_name == field_name
    ]
    assert isinstance(declared, SynchronizedField)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=st.text(max_size=40))
def test_guide_never_fails_on_odd_addresses(client, make_guide, value):
    guide = RecognitionGuidePage.objects.filter(slug="odd").first() or make_guide(
        slug="odd"
    )
    assert client.get(guide.url, {"step": value, "page": value}).status_code == 200
    odd_child = client.get(guide.url + "x%00y/")
    assert odd_child.status_code == 404
