"""Anonymous content pages set no cookie, so a shared cache can keep them."""

import pytest

from workshops.models import WorkshopPage

CONTENT_URLS = ["/en/", "/en/news/", "/en/stories/", "/en/countries/", "/en/workshops/"]


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_anonymous_content_page_sets_no_cookie(client, demo_content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert dict(response.cookies) == {}


def test_anonymous_workshop_page_sets_no_cookie(client, demo_content):
    page = WorkshopPage.objects.live().filter(locale__language_code="en").first()
    response = client.get(page.url)
    assert response.status_code == 200
    assert dict(response.cookies) == {}
