"""Country listings render in a fixed number of queries, whatever their size."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from countries.models import CountryIndexPage, CountryPage
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, params=None) -> int:
    client.get(url, params)  # warm up: renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_organisations(make_organisation, country: str, start: int, stop: int):
    for i in range(start, stop):
        make_organisation(
            country=country,
            need_slugs=["training", "housing"] if i % 2 else ["training"],
            name=f"Extra organisation {i:03d}",
            acronym=f"EO{i}",
            website="https://example.org/",
            email="info@example.org",
            phone="+55 11 0000 0000",
            services="Courses.",
        )


@pytest.mark.parametrize("params", [None, {"need": "training"}])
def test_country_page_queries_do_not_grow_with_its_network(
    client, make_organisation, countries_home, params
):
    url = "/en/countries/peru/"
    add_organisations(make_organisation, "PE", 0, 5)
    before = count_queries(client, url, params)
    add_organisations(make_organisation, "PE", 5, 50)
    after = count_queries(client, url, params)
    content = client.get(url, params).content.decode()
    assert content.count('class="card organisation"') == 50
    assert after == before


def test_find_help_queries_do_not_grow_with_the_network(
    client, make_organisation, find_help_page
):
    params = {"country": "PE", "need": "training"}
    add_organisations(make_organisation, "PE", 0, 5)
    before = count_queries(client, find_help_page.url, params)
    add_organisations(make_organisation, "PE", 5, 50)
    after = count_queries(client, find_help_page.url, params)
    content = client.get(find_help_page.url, params).content.decode()
    assert content.count('class="card organisation"') == 50
    assert after == before


def test_country_index_queries_do_not_grow_with_more_country_pages(
    client, countries_home
):
    """Fifty pages need the one-page-per-country rule lifted, as only 11 exist."""
    image = StandardPage.objects.get(
        locale__language_code="en", slug="about"
    ).listing_image
    index = CountryIndexPage(title="Archive", slug="archive")
    countries_home.add_child(instance=index)
    index.save_revision().publish()
    codes = ["BR", "ES", "PY", "IT", "CL"]

    def add_pages(start: int, stop: int) -> None:
        with mock.patch.object(CountryPage, "clean", lambda self: None):
            for i in range(start, stop):
                page = CountryPage(
                    title=f"Country {i:03d}",
                    slug=f"country-{i}",
                    country_id=codes[i % len(codes)],
                    listing_image=image,
                    listing_summary="A country.",
                )
                index.add_child(instance=page)
                page.save_revision().publish()

    add_pages(0, 5)
    before = count_queries(client, index.url)
    add_pages(5, 50)
    after = count_queries(client, index.url)
    content = client.get(index.url).content.decode()
    assert content.count('<article class="card">') == 50
    assert after == before
