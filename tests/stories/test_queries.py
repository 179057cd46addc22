"""Story listings render in a fixed number of queries, however many stories exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, **params) -> int:
    client.get(url, params)  # warm up: renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_stories(make_story, image, count: int, start: int) -> None:
    for i in range(start, start + count):
        make_story(
            title=f"Extra {i}",
            slug=f"extra-{i}",
            listing_image=image,
            country_of_return_id="BR" if i % 2 else "CL",
            themes=("family", "housing") if i % 3 else ("employment",),
        )


@pytest.mark.parametrize("params", [{}, {"theme": "family"}, {"country": "BR"}])
def test_index_queries_do_not_grow_with_more_stories(
    client, story_index, vb_story, make_story, params
):
    make_stories(make_story, vb_story.listing_image, 5, 0)
    before = count_queries(client, story_index.url, **params)
    make_stories(make_story, vb_story.listing_image, 45, 5)
    after = count_queries(client, story_index.url, **params)
    content = client.get(story_index.url, params).content.decode()
    assert content.count('<article class="card story-card">') == 12
    assert after == before


def test_feed_queries_do_not_grow_with_more_stories(
    client, story_index, vb_story, make_story
):
    make_stories(make_story, vb_story.listing_image, 5, 0)
    before = count_queries(client, story_index.url + "feed/")
    make_stories(make_story, vb_story.listing_image, 45, 5)
    after = count_queries(client, story_index.url + "feed/")
    assert after == before


def test_story_page_queries_do_not_grow_with_more_related_stories(
    client, story_index, vb_story, make_story
):
    make_stories(make_story, vb_story.listing_image, 5, 0)
    before = count_queries(client, vb_story.url)
    make_stories(make_story, vb_story.listing_image, 45, 5)
    after = count_queries(client, vb_story.url)
    assert (
        client.get(vb_story.url).content.decode().count('class="card story-card"') == 3
    )
    assert after == before
