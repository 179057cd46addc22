"""The country pages are valid HTML (Nu Html Checker)."""

import datetime

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
    "find help with contact details": (
        "/en/countries/find-help/?country=BR&need=employment"
    ),
    "country with need and no match": "/en/countries/peru/?need=housing",
    "country with need in Italian": "/it/countries/brazil/?need=employment",
    "questions form prefilled": "/en/questions/?country=PE",
}


def test_country_pages_are_valid_html(
    client, countries_home, make_organisation, tmp_path
):
    make_organisation(
        country="BR",
        need_slugs=["employment"],
        name="Agência Exemplo",
        website="https://example.org/",
        email="help@example.org",
        phone="+55 11 3000 0000",
        address="Rua Exemplo 100\nCentro",
        city="São Paulo",
        opening_hours="Monday to Friday",
        languages="Portuguese",
        reach_in_person=True,
        reach_by_whatsapp=True,
        reach_online=True,
        details_checked_on=datetime.date(2026, 3, 5),
    )
    assert_pages_are_valid_html(client, PAGES, tmp_path)
