import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.paging import status_for_page

pytestmark = pytest.mark.django_db


def test_search_finds_live_pages(client, about_page):
    response = client.get("/en/search/", {"q": "programme"})
    assert response.status_code == 200
    assert 'href="/en/about/"' in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_search_leaves_out_unpublished_pages(client, make_standard_page):
    page = make_standard_page(title="Quetzalcoatl briefing", slug="quetzalcoatl")
    response = client.get("/en/search/", {"q": "Quetzalcoatl"})
    assert 'href="/en/quetzalcoatl/"' in response.content.decode()
    page.unpublish()
    response = client.get("/en/search/", {"q": "Quetzalcoatl"})
    assert 'href="/en/quetzalcoatl/"' not in response.content.decode()
    assert "No results for" in response.content.decode()


def test_search_without_query_shows_the_form_only(client, home_page):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert (
        "result"
        not in response.content.decode().split("</form>")[1].split("</main>")[0]
    )


def test_search_in_an_untranslated_language_searches_what_the_visitor_sees(
    english_only, client, about_page
):
    response = client.get("/es/search/", {"q": "programme"})
    assert "About the programme" in response.content.decode()


def test_search_page_number_out_of_range_or_not_a_number_is_not_found(
    client, about_page
):
    for page in ("999", "0", "-1", "two", "1.5"):
        response = client.get("/en/search/", {"q": "programme", "page": page})
        assert response.status_code == 404, page
        assert "Page not found" in response.content.decode()
    assert client.get("/en/search/", {"q": "programme", "page": "1"}).status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=st.text(max_size=300),
    page=st.one_of(st.text(max_size=20), st.integers().map(str)),
)
def test_search_never_fails_on_any_query(client, home_page, q, page):
    response = client.get("/en/search/", {"q": q, "page": page})
    assert response.status_code in (200, 404)
    if status_for_page(page) == 200:
        # Page 1 always exists, even with no results.
        assert response.status_code == 200
    if response.status_code == 404:
        assert page != "1"


@pytest.mark.parametrize("q", ['"', 'about "the', "\x00", "pro\x07gramme"])
def test_search_survives_quotes_and_control_characters(client, about_page, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
