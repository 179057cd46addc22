"""A search costs the same number of queries whatever it finds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_of(client, url: str) -> int:
    client.get(url)  # caches (site root paths, locales) filled
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_results(client, home_page):
    def publish(count: int, word: str) -> None:
        for number in range(count):
            StandardPageFactory(
                parent=home_page,
                title=f"{word} {number}",
                slug=f"{word}-{number}",
                introduction=word,
            ).save_revision().publish()

    publish(2, "aardvark")
    publish(40, "pangolin")
    few = queries_of(client, "/en/search/?q=aardvark")
    many = queries_of(client, "/en/search/?q=pangolin")
    assert many == few
    # Each page type and snippet of the results costs a query, whatever their
    # number; with the layout's, a search stays within this.
    assert many <= 30
