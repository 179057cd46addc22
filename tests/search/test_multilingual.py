"""Site search in each language, on PostgreSQL full-text search.

The stemming and accent rules are PostgreSQL's (``search/backend.py``), so
these tests skip on SQLite, where Wagtail's SQLite backend is used instead.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, PageViewRestriction

from countries.models import Country, ResourceOrganisation
from home.choices import PROGRAMME_COUNTRIES
from news.models import NewsIndexPage, NewsPage
from search.models import UnansweredSearch
from search.services import KINDS, MAX_SUGGESTIONS
from tests.factories import StandardPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="stemming and accents are PostgreSQL's text search (SQLite "
        "uses Wagtail's own backend)",
    ),
]

LANGUAGES = ["en", "es", "pt", "it"]
ANIMALS = ["okapi", "quagga", "gerenuk", "saola"]

# Per language: (text on the page, a query that must find it) for a plural
# found by its singular, a verb form found by its noun, and an accent typed
# without it, in upper case, with a little word ("de", "the") of the language.
STEMMED = {
    "en": [("cooperatives of bakers", "cooperative"), ("trained mentors", "training")],
    "es": [
        ("cooperativas de panaderos", "cooperativa"),
        ("capacitación", "capacitar"),
        ("informaciones", "información"),
        ("información", "informaciones"),
    ],
    "pt": [
        ("cooperativas de padeiros", "cooperativa"),
        ("capacitação", "capacitar"),
        ("certificações", "certificação"),
        ("informação", "informações"),
    ],
    "it": [("cooperative di fornai", "cooperativa"), ("formazione", "formare")],
}
ACCENTED = {
    "en": ("café owners", "the CAFE"),
    "es": ("información útil", "INFORMACION de util"),
    "pt": ("certificação de competências", "certificacao de competencias"),
    "it": ("qualità del lavoro", "QUALITA del lavoro"),
}


def results(client, language, **params):
    """The titles and links of the results page, and the page."""
    response = client.get(f"/{language}/search/", params)
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text(strip=True) for a in soup.select(".search-results__title a")]
    return response, soup, titles


def published(home_page, title, slug, introduction):
    """A live English standard page under the home page."""
    page = StandardPageFactory(
        parent=home_page, title=title, slug=slug, introduction=introduction
    )
    page.save_revision().publish()
    return page


def publish_in(language, title, text, slug, home_page):
    """A page in ``language`` (a translation of a new English page) whose
    introduction is ``text``; the English page says nothing of it."""
    english = published(home_page, f"{title} (en)", slug, "Plain.")
    if language == "en":
        english.title, english.introduction = title, text
        english.save_revision().publish()
        return english
    locale = Locale.objects.get(language_code=language)
    page = english.copy_for_translation(locale, copy_parents=True)
    page.title, page.introduction = title, text
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_query_finds_other_forms_of_its_words(client, home_page, language):
    for number, (text, query) in enumerate(STEMMED[language]):
        # A word of its own on each page: both words must match.
        own = ANIMALS[number]
        publish_in(
            language,
            f"Stem page {number}",
            f"{own} {text}",
            f"stem-{number}",
            home_page,
        )
        _response, _soup, titles = results(client, language, q=f"{own} {query}")
        assert titles == [f"Stem page {number}"], (language, text, query)


@pytest.mark.parametrize("language", LANGUAGES)
def test_accents_and_case_do_not_matter(client, home_page, language):
    text, query = ACCENTED[language]
    publish_in(language, "Accent page", f"okapi {text}", "accent-page", home_page)
    _response, _soup, titles = results(client, language, q=f"Okapi {query}")
    assert titles == ["Accent page"]
    # And the other way round: typed with accents, stored without.
    publish_in(language, "Plain page", "tapir informacion", "plain", home_page)
    _response, _soup, titles = results(client, language, q="TAPIR Información")
    assert titles == ["Plain page"]


@pytest.mark.parametrize("language", ["es", "pt", "it"])
def test_results_come_from_the_visitors_language_only(client, home_page, language):
    page = publish_in(
        language, "Own tree", "zarzaparrilla silvestre", "own-tree", home_page
    )
    english = page.get_translation(Locale.objects.get(language_code="en"))
    english.title, english.introduction = "English tree", "zarzaparrilla"
    english.save_revision().publish()
    others = [code for code in LANGUAGES if code not in (language, "en")]

    _response, _soup, titles = results(client, language, q="zarzaparrilla")
    assert titles == ["Own tree"]
    for other in others:
        # No translation there: the English page stands in, as in listings.
        _response, _soup, titles = results(client, other, q="zarzaparrilla")
        assert titles == ["English tree"], other


def test_an_untranslated_english_page_is_found_from_every_language(client, home_page):
    published(home_page, "Only English", "only-english", "Returning beekeepers")
    for language in LANGUAGES:
        _response, _soup, titles = results(client, language, q="beekeeper")
        assert titles == ["Only English"], language


def test_a_word_of_one_or_two_letters_is_not_a_prefix(client, home_page):
    published(home_page, "Zebra page", "zebra-page", "zebras")
    for query in ("z", "ze"):
        _response, _soup, titles = results(client, "en", q=query)
        assert "Zebra page" not in titles, query
    _response, _soup, titles = results(client, "en", q="zeb")
    assert titles == ["Zebra page"]


def test_drafts_unpublished_and_private_pages_are_never_shown(client, home_page):
    live = published(home_page, "Live page", "live", "Plain.")
    live.introduction = "wombatology in a draft"
    live.save_revision()  # a draft, not published
    never = StandardPageFactory(
        parent=home_page,
        title="Never published",
        slug="never",
        introduction="wombatology",
        live=False,
    )
    never.save_revision()
    private = published(home_page, "Private page", "private", "wombatology")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    _response, _soup, titles = results(client, "en", q="wombatology")
    assert titles == []
    # The private page is found again once its restriction goes.
    PageViewRestriction.objects.filter(page=private).delete()
    _response, _soup, titles = results(client, "en", q="wombatology")
    assert titles == ["Private page"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisations_are_found_by_acronym_and_name(client, demo_content, language):
    for query in ("SENAC", "senac", "Aprendizagem Comercial"):
        _response, soup, titles = results(client, language, q=query)
        assert titles[0] == "Serviço Nacional de Aprendizagem Comercial (SENAC)"
        link = soup.select_one(".search-results__title a")
        page_url, fragment = link["href"].split("#")
        assert page_url == f"/{language}/countries/brazil/"
        card = BeautifulSoup(client.get(page_url).content, "html.parser").find(
            id=fragment
        )
        assert "SENAC" in card.get_text()


@pytest.fixture
def counted(home_page):
    """Four things saying "quokkarium": two plain pages, an article about
    Brazil and Chile, an organisation in Brazil."""
    for number in (1, 2):
        published(home_page, f"Plain {number}", f"plain-{number}", "quokkarium")
    news_index = NewsIndexPage.objects.get(locale__language_code="en")
    article = NewsPage(
        title="Quokkarium news",
        slug="quokkarium-news",
        date=datetime.date(2020, 5, 4),
        listing_summary="About quokkarium.",
    )
    article.countries = list(Country.objects.filter(code__in=["BR", "CL"]))
    news_index.add_child(instance=article)
    article.save_revision().publish()
    ResourceOrganisation.objects.create(
        name="Quokkarium Institute",
        country_id="BR",
        locale=Locale.objects.get(language_code="en"),
    )


def filter_counts(soup):
    """{link text without the count: count} of every filter link with one."""
    counts = {}
    for link in soup.select(".search-filters a"):
        count = link.select_one(".search-filters__count")
        if count is not None:
            name = link.get_text(strip=True).replace(count.get_text(strip=True), "")
            counts[name.strip()] = int(count.get_text(strip=True).strip("()"))
    return counts


def test_filter_counts_are_exact(client, counted):
    kinds = {slug: str(label) for slug, label in KINDS}
    countries = {code: str(name) for code, name in PROGRAMME_COUNTRIES}

    _response, soup, titles = results(client, "en", q="quokkarium")
    assert len(titles) == 4
    assert filter_counts(soup) == {
        kinds["news"]: 1,
        kinds["countries"]: 1,
        kinds["other"]: 2,
        countries["BR"]: 2,
        countries["CL"]: 1,
    }

    _response, soup, titles = results(client, "en", q="quokkarium", country="BR")
    assert sorted(titles) == ["Quokkarium Institute", "Quokkarium news"]
    assert filter_counts(soup) == {
        kinds["news"]: 1,
        kinds["countries"]: 1,
        countries["BR"]: 2,
        countries["CL"]: 1,
    }

    _response, soup, titles = results(client, "en", q="quokkarium", kind="news")
    assert titles == ["Quokkarium news"]
    assert filter_counts(soup) == {
        kinds["news"]: 1,
        kinds["countries"]: 1,
        kinds["other"]: 2,
        countries["BR"]: 1,
        countries["CL"]: 1,
    }
    date = soup.select_one(".search-results__date time")
    assert date["datetime"] == "2020-05-04"
    assert soup.select_one(".search-results__kind").get_text(strip=True) == "News"


def test_results_are_paginated_with_their_filters(client, home_page):
    for number in range(12):
        published(home_page, f"Numbat {number}", f"numbat-{number}", "numbat")
    _response, soup, titles = results(client, "en", q="numbat", kind="other")
    assert len(titles) == 10
    assert soup.select_one("a[rel=next]")["href"] == "?q=numbat&kind=other&page=2"
    _response, soup, second = results(client, "en", q="numbat", kind="other", page=2)
    assert len(second) == 2
    assert not set(titles) & set(second)


def test_promotions_come_first_in_the_visitors_language(client, home_page):
    english = published(home_page, "Picked page", "picked", "Plain.")
    spanish = english.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    spanish.title = "Página elegida"
    spanish.save_revision().publish()
    for number in range(3):
        published(home_page, f"Dingo {number}", f"dingo-{number}", "dingo")
    SearchPromotion.objects.create(
        query=Query.get("dingo"), page=english, description="Start here."
    )
    _response, soup, _titles = results(client, "es", q="Dingo")
    promoted = soup.select(".search-promotions .search-results__title a")
    assert [a.get_text(strip=True) for a in promoted] == ["Página elegida"]
    first = soup.select_one(".search-results__title a")
    assert first.get_text(strip=True) == "Página elegida"
    assert "Start here." in soup.select_one(".search-promotions").get_text()


def test_a_promoted_draft_is_not_shown(client, home_page):
    page = published(home_page, "Gone page", "gone", "Plain.")
    SearchPromotion.objects.create(query=Query.get("dingo"), page=page)
    page.unpublish()
    _response, soup, _titles = results(client, "en", q="dingo")
    assert soup.select(".search-promotions") == []


@pytest.mark.parametrize("language", ["es", "pt"])
def test_suggestions_are_at_most_eight_titles_in_the_visitors_language(
    client, home_page, language
):
    for number in range(MAX_SUGGESTIONS + 3):
        publish_in(
            language, f"Zorblax {number}", "Plain.", f"zorblax-{number}", home_page
        )
    response = client.get(f"/{language}/search/suggest/", {"q": "zorbl"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert len(suggestions) == MAX_SUGGESTIONS
    assert all(s["title"].startswith("Zorblax") for s in suggestions)
    assert all(s["url"].startswith(f"/{language}/") for s in suggestions)
    # The English pages they were translated from are not offered.
    assert not any(s["title"].endswith("(en)") for s in suggestions)


def test_suggestions_for_nothing_or_odd_input_are_empty(client, home_page):
    for q in ("", " ", "\x00", '"', "&|!", "x" * 500):
        response = client.get("/en/search/suggest/", {"q": q})
        assert response.status_code == 200
        assert response.json()["suggestions"] == []


def test_searches_are_logged_and_those_that_found_nothing_apart(client, home_page):
    results(client, "en", q="Programme")
    results(client, "en", q="programme")
    results(client, "en", q="xyzzyplugh")
    assert Query.get("programme").hits == 2
    assert not UnansweredSearch.objects.filter(query__query_string="programme")
    unanswered = UnansweredSearch.objects.get(query__query_string="xyzzyplugh")
    assert unanswered.hits == 1
    # Following a filter or the next page is not a new search.
    results(client, "en", q="programme", kind="other")
    assert Query.get("programme").hits == 2


def test_nothing_found_offers_find_help_and_the_questions_form(client, demo_content):
    response, soup, titles = results(client, "es", q="xyzzyplugh")
    assert response.status_code == 200
    assert titles == []
    links = [a["href"] for a in soup.select(".search-nothing a")]
    assert "/es/countries/find-help/" in links
    assert any(href.startswith("/es/") and "question" in href for href in links)


@pytest.mark.parametrize(
    "params", [{"kind": "bogus"}, {"country": "XX"}, {"kind": "<b>", "country": "1"}]
)
def test_an_unknown_filter_is_a_400_that_says_so(client, home_page, params):
    response, soup, titles = results(client, "es", q="programa", **params)
    assert response.status_code == 400
    assert titles == []
    assert "No reconocemos" in soup.select_one(".form-errors").get_text()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=st.text(max_size=250),
    page=st.one_of(st.text(max_size=6), st.integers(-3, 5).map(str)),
    kind=st.one_of(st.sampled_from([k for k, _l in KINDS] + [""]), st.text(max_size=8)),
    country=st.one_of(
        st.sampled_from([c for c, _n in PROGRAMME_COUNTRIES] + [""]),
        st.text(max_size=4),
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_no_parameter_makes_search_fail(
    client, home_page, q, page, kind, country, language
):
    response = client.get(
        f"/{language}/search/", {"q": q, "page": page, "kind": kind, "country": country}
    )
    assert response.status_code in (200, 400, 404)
    response = client.get(f"/{language}/search/suggest/", {"q": q})
    assert response.status_code == 200


def test_search_results_are_not_indexed(client, home_page):
    response, soup, _titles = results(client, "pt", q="programa")
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


@pytest.mark.parametrize("url", ["/es/", "/es/about/", "/es/workshops/", "/es/news/"])
def test_the_header_of_every_page_has_a_search_box(client, demo_content, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one("header form[role=search]")
    assert form["action"] == "/es/search/"
    assert form.select_one("input[name=q]")["id"] == form.select_one("label")["for"]
    assert form.select_one("input[name=q]")["data-suggest-url"] == "/es/search/suggest/"


def test_summaries_are_plain_text(client, home_page):
    home_page.introduction = "<p>Quokkaland <b>news</b> &amp; more</p>"
    home_page.listing_summary = home_page.search_description = ""
    home_page.save_revision().publish()
    response, soup, titles = results(client, "en", q="quokkaland")
    assert titles == [home_page.title]
    summary = soup.select_one(".search-results__summary")
    assert summary.get_text() == "Quokkaland news & more"
    assert "&lt;p&gt;" not in response.content.decode()
