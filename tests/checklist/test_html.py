"""The checklist's pages are valid HTML (Nu Html Checker)."""

import pytest

from tests.html_validation import assert_pages_are_valid_html

from .conftest import URL

pytestmark = pytest.mark.django_db

QUERY = "country=BR&need=training&need=employment&household=family&children=1"


def test_checklist_pages_are_valid_html(client, checklist_page, tmp_path):
    pages = {}
    for lang in ("en", "es", "pt", "it"):
        url = URL.format(lang=lang)
        pages[f"form ({lang})"] = url
        pages[f"checklist ({lang})"] = f"{url}?{QUERY}"
    pages["unknown country"] = (f"{URL.format(lang='en')}?country=XX", 400)
    assert_pages_are_valid_html(client, pages, tmp_path)


def test_email_errors_are_valid_html(client, checklist_page, tmp_path):
    from tests.html_validation import html_errors

    response = client.post(
        f"{URL.format(lang='es')}email/?country=CL", {"email": "not an address"}
    )
    assert response.status_code == 400
    assert html_errors({"email error": response.content.decode()}, tmp_path) == []
