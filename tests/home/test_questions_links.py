"""The questions form is one link away: from every page's footer, and from
each One Stop Shop's page with its country filled in."""

import pytest
from bs4 import BeautifulSoup

from home.models import FormPage

pytestmark = pytest.mark.django_db


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def questions_url(language: str) -> str:
    page = FormPage.objects.get(slug="questions", locale__language_code=language)
    return page.url


@pytest.mark.parametrize("language", ["en", "es", "pt", "it"])
@pytest.mark.parametrize("path", ["", "news/", "workshops/", "countries/", "privacy/"])
def test_every_footer_links_to_the_questions_form(client, demo_content, language, path):
    footer = soup_of(client, f"/{language}/{path}").select_one("footer")
    assert footer.find("a", href=questions_url(language)) is not None


@pytest.mark.parametrize(
    ("path", "code", "text"),
    [
        ("/es/countries/peru/", "PE", "Preguntar sobre Perú"),
        ("/es/countries/brazil/", "BR", "Preguntar sobre Brasil"),
        ("/en/countries/peru/", "PE", "Ask about Peru"),
    ],
)
def test_a_one_stop_shop_page_asks_about_its_country(
    client, demo_content, path, code, text
):
    language = path.split("/")[1]
    link = soup_of(client, path).select_one(".country-ask a")
    assert link.get_text(strip=True) == text
    assert link["href"] == f"{questions_url(language)}?country={code}"


def test_a_european_country_page_has_no_ask_link(client, demo_content):
    assert soup_of(client, "/en/countries/spain/").select_one(".country-ask") is None
