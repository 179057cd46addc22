"""The country pages are valid HTML (Nu Html Checker)."""

import pytest

from tests.html_validation import assert_pages_are_valid_html

pytestmark = pytest.mark.django_db

PAGES = {
    "country index": "/en/countries/",
    "country with network": "/en/countries/brazil/",
    "country with need filter": "/en/countries/brazil/?need=training",
    "country with unknown need": "/en/countries/brazil/?need=%3Cb%3E",
    "country without network": "/en/countries/peru/",
    "european country": "/en/countries/spain/",
    "find help empty": "/en/countries/find-help/",
    "find help answer": "/en/countries/find-help/?country=BR&need=training",
    "find help no match": "/en/countries/find-help/?country=PE&need=housing",
    "find help errors": "/en/countries/find-help/?country=XX&need=zz",
    "find help prompt": "/en/countries/find-help/?country=CL",
    "find help in Spanish": "/es/countries/find-help/?country=PY&need=employment",
}


def test_country_pages_are_valid_html(client, countries_home, tmp_path):
    assert_pages_are_valid_html(client, PAGES, tmp_path)
