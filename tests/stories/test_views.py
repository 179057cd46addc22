"""The story index, its filters and feed, story pages, and the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.html_validation import html_errors
from tests.paging import status_for_page

pytestmark = pytest.mark.django_db

INDEX_URL = "/en/stories/"
FEED_URL = "/en/stories/feed/"


def card_titles(response) -> list[str]:
    """Titles of the story cards on a listing, in order."""
    content = response.content.decode()
    return [
        chunk.split(">", 1)[1].split("</a>", 1)[0]
        for chunk in content.split('class="card__link"')[1:]
    ]


def test_index_lists_every_live_story_sensitive_ones_included(
    client, ec_story, vb_story
):
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    assert set(card_titles(response)) == {ec_story.title, vb_story.title}


def test_index_card_shows_initials_countries_year_themes_and_quote(client, vb_story):
    content = client.get(INDEX_URL).content.decode()
    assert "<dd>V.B.</dd>" in content
    assert "<dd>Spain → Brazil</dd>" in content
    assert "<dd>2015</dd>" in content
    assert "<dd>Entrepreneurship, Family, Employment</dd>" in content
    assert vb_story.pull_quote in content


def test_index_leaves_out_drafts(client, story_index, make_story):
    make_story(publish=False, title="Still a draft")
    assert "Still a draft" not in card_titles(client.get(INDEX_URL))


def test_index_theme_filter_returns_exactly_the_stories_with_that_theme(
    client, story_index, make_story
):
    make_story(title="Housing in Chile", themes=("housing",))
    make_story(title="Training in Chile", themes=("training",))
    titles = card_titles(client.get(INDEX_URL, {"theme": "housing"}))
    assert sorted(titles) == [
        "From Barcelona to Peru: E.C. starts again",
        "Housing in Chile",
    ]


def test_index_country_filter_returns_exactly_the_stories_returning_there(
    client, story_index, make_story
):
    make_story(title="Back to Brazil", country_of_return_id="BR")
    make_story(title="Back to Chile", country_of_return_id="CL")
    titles = card_titles(client.get(INDEX_URL, {"country": "BR"}))
    assert sorted(titles) == [
        "Back to Brazil",
        "From Spain to Brazil: V.B. puts a food business on wheels",
    ]


def test_index_theme_and_country_filters_combine(client, story_index, make_story):
    make_story(title="Family in Brazil", country_of_return_id="BR", themes=("family",))
    make_story(title="Family in Chile", country_of_return_id="CL", themes=("family",))
    make_story(
        title="Jobs in Brazil", country_of_return_id="BR", themes=("employment",)
    )
    titles = card_titles(client.get(INDEX_URL, {"theme": "family", "country": "BR"}))
    assert sorted(titles) == [
        "Family in Brazil",
        "From Spain to Brazil: V.B. puts a food business on wheels",
    ]


def test_index_story_with_a_theme_twice_is_listed_once(client, story_index, make_story):
    make_story(title="Twice", themes=("housing", "housing"))
    titles = card_titles(client.get(INDEX_URL, {"theme": "housing"}))
    assert titles.count("Twice") == 1


@pytest.mark.parametrize(
    "params", [{"theme": "no-such-theme"}, {"country": "ES"}, {"country": "xx"}]
)
def test_index_unknown_filter_value_shows_an_empty_state(client, story_index, params):
    response = client.get(INDEX_URL, params)
    assert response.status_code == 200
    assert card_titles(response) == []
    assert "no story matches them" in response.content.decode()


def test_index_filter_with_no_match_shows_an_empty_state(client, story_index):
    response = client.get(INDEX_URL, {"country": "UY"})
    assert response.status_code == 200
    assert card_titles(response) == []
    assert "No story matches these filters yet." in response.content.decode()


@pytest.mark.parametrize("page", ["0", "99", "abc", "1.5"])
def test_index_page_number_out_of_range_or_not_a_number_is_404(
    client, story_index, page
):
    assert client.get(INDEX_URL, {"page": page}).status_code == 404


def test_index_paginates_twelve_stories_a_page(client, story_index, make_story):
    for i in range(12):
        make_story(title=f"Extra {i}")
    first = client.get(INDEX_URL)
    second = client.get(INDEX_URL, {"page": "2"})
    assert len(card_titles(first)) == 12
    assert len(card_titles(second)) == 2
    assert 'rel="next" href="/en/stories/?page=2"' in first.content.decode()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    theme=st.text(max_size=60),
    country=st.text(max_size=10),
    page=st.one_of(st.text(max_size=12), st.integers().map(str)),
)
def test_index_never_fails_on_any_query_parameters(
    client, story_index, theme, country, page
):
    response = client.get(INDEX_URL, {"theme": theme, "country": country, "page": page})
    assert response.status_code == status_for_page(page)


def test_untranslated_index_is_served_under_another_language_prefix(
    english_only, client, story_index
):
    response = client.get("/es/stories/")
    assert response.status_code == 200
    assert 'href="/es/stories/feed/"' in response.content.decode()
    channel = ET.fromstring(client.get("/es/stories/feed/").content).find("channel")
    assert channel.findtext("language") == "en"


def test_index_links_its_feed_for_autodiscovery(client, story_index):
    content = client.get(INDEX_URL).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Success stories (RSS)" href="/en/stories/feed/">'
    ) in content


def test_feed_is_rss_with_the_stories_that_are_not_sensitive(
    client, ec_story, vb_story, make_story
):
    make_story(title="Another open story")
    make_story(title="A draft", publish=False)
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    titles = sorted(item.findtext("title") for item in items)
    assert titles == ["Another open story", vb_story.title]
    links = {item.findtext("link") for item in items}
    assert vb_story.get_full_url() in links
    assert all(link.startswith("http://") for link in links)
    assert all("/en/stories/" in link for link in links)
    assert ec_story.title not in response.content.decode()


def test_feed_item_carries_the_pull_quote_and_themes(client, vb_story):
    channel = ET.fromstring(client.get(FEED_URL).content).find("channel")
    item = channel.find("item")
    assert item.findtext("description") == vb_story.pull_quote
    assert [c.text for c in item.findall("category")] == [
        "Entrepreneurship",
        "Family",
        "Employment",
    ]


def test_story_page_shows_the_facts_and_credits_the_one_stop_shop(client, vb_story):
    response = client.get(vb_story.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<dd>Brazil</dd>" in content
    assert "The One Stop Shop in Brazil" in content
    assert "gringa lanches" in content
    assert vb_story.country_of_return_code == "BR"


def test_sensitive_story_page_is_marked_noindex(client, ec_story):
    content = client.get(ec_story.url).content.decode()
    assert '<meta name="robots" content="noindex">' in content


def test_story_page_that_is_not_sensitive_may_be_indexed(client, vb_story):
    content = client.get(vb_story.url).content.decode()
    assert 'name="robots"' not in content


def test_story_page_lists_other_stories_with_the_same_country_of_return(
    client, vb_story, make_story
):
    make_story(title="Also Brazil", country_of_return_id="BR")
    make_story(title="Not Brazil", country_of_return_id="CL")
    make_story(title="Brazil draft", country_of_return_id="BR", publish=False)
    response = client.get(vb_story.url)
    assert [s.title for s in response.context["related_stories"]] == ["Also Brazil"]
    assert "More stories of returning to Brazil" in response.content.decode()


def test_story_page_without_related_stories_has_no_related_section(client, ec_story):
    content = client.get(ec_story.url).content.decode()
    assert "More stories of returning to" not in content


def test_sitemap_leaves_out_sensitive_stories(client, ec_story, vb_story):
    content = client.get("/sitemap.xml").content.decode()
    assert "/stories/from-spain-to-brazil-vb-opens-a-food-business/" in content
    assert "/stories/" in content
    assert ec_story.slug not in content


def test_story_pages_are_valid_html(client, ec_story, vb_story, make_story, tmp_path):
    make_story(title="Back to Brazil", country_of_return_id="BR")
    documents = {
        "index": client.get(INDEX_URL).content.decode(),
        "index filtered": client.get(INDEX_URL, {"theme": "family"}).content.decode(),
        "index unknown filter": client.get(INDEX_URL, {"theme": "x"}).content.decode(),
        "sensitive story": client.get(ec_story.url).content.decode(),
        "story with related": client.get(vb_story.url).content.decode(),
    }
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)


def test_country_filter_accepts_lower_case_codes(client, story_index):
    upper = card_titles(client.get(INDEX_URL, {"country": "BR"}))
    assert upper
    assert card_titles(client.get(INDEX_URL, {"country": "br"})) == upper
