import datetime
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.paging import status_for_page

pytestmark = pytest.mark.django_db

MEETING = "Partners from eleven countries meet in São Paulo"
VISITS = "Field visits to the One Stop Shops in Brazil, Chile and Paraguay"
WORKSHOPS = "Workshops in Europe: Bilbao, Barcelona, Savona and Lisbon"
TRAFFICKING = "A new project for the safe return of trafficking survivors"


def card_titles(response) -> list[str]:
    assert response.status_code == 200
    content = response.content.decode()
    return re.findall(r'<a class="card__link" href="[^"]*">([^<]*)</a>', content)


def test_index_lists_the_articles_newest_first(client, news_index):
    assert card_titles(client.get("/en/news/")) == [
        TRAFFICKING,
        WORKSHOPS,
        VISITS,
        MEETING,
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tag": "workshops"}, [WORKSHOPS]),
        ({"country": "CL"}, [VISITS]),
        ({"country": "py"}, [TRAFFICKING, VISITS]),
        ({"country": "IT"}, [WORKSHOPS, MEETING]),
        ({"year": "2016"}, [TRAFFICKING, WORKSHOPS, VISITS, MEETING]),
        ({"edition": "3"}, [TRAFFICKING, WORKSHOPS, VISITS, MEETING]),
        ({"country": "BR", "tag": "monitoring"}, [VISITS]),
    ],
)
def test_filters_return_exactly_the_matching_articles(
    client, news_index, params, expected
):
    assert card_titles(client.get("/en/news/", params)) == expected


def test_filters_combine_with_newer_articles(client, news_index, make_news):
    make_news(title="Chile in 2017", countries=["CL"], edition=4, tags=["Monitoring"])
    assert card_titles(client.get("/en/news/", {"year": "2017"})) == ["Chile in 2017"]
    assert card_titles(client.get("/en/news/", {"edition": "4"})) == ["Chile in 2017"]
    assert card_titles(client.get("/en/news/", {"country": "CL", "year": "2016"})) == [
        VISITS
    ]
    assert card_titles(client.get("/en/news/", {"tag": "monitoring"})) == [
        "Chile in 2017",
        VISITS,
    ]


def test_filters_leave_out_drafts_and_private_articles(client, news_index, make_news):
    from wagtail.models import PageViewRestriction

    draft = make_news(title="Draft", countries=["CL"])
    draft.unpublish()
    private = make_news(title="Private", countries=["CL"])
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    assert card_titles(client.get("/en/news/", {"country": "CL"})) == [VISITS]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tag": "nope"}, "No news is tagged “nope”."),
        ({"country": "FR"}, "No news is about the country “FR”."),
        ({"year": "1999"}, "There is no news from the year “1999”."),
        ({"year": "twenty"}, "There is no news from the year “twenty”."),
        ({"edition": "9"}, "There is no newsletter edition “9”."),
        ({"edition": "-1"}, "There is no newsletter edition “-1”."),
    ],
)
def test_unknown_filter_value_says_which_filter_matched_nothing(
    client, news_index, params, message
):
    response = client.get("/en/news/", params)
    assert card_titles(response) == []
    content = response.content.decode()
    assert message in content
    assert '<a href="/en/news/">Clear the filters and see all news</a>' in content


def test_known_filters_matching_nothing_together_show_an_empty_state(
    client, news_index
):
    response = client.get("/en/news/", {"tag": "workshops", "country": "CL"})
    assert card_titles(response) == []
    assert "No news matches all of these filters together." in response.content.decode()


def test_filter_form_keeps_the_chosen_values_selected(client, news_index):
    content = client.get("/en/news/", {"country": "CL", "year": "2016"}).content
    content = content.decode()
    assert '<option value="CL" selected>Chile</option>' in content
    assert '<option value="2016" selected>2016</option>' in content
    assert '<option value="BO"' not in content  # no news about Bolivia


def test_index_lists_editions_with_their_article_counts(client, news_index, make_news):
    make_news(edition=4)
    content = client.get("/en/news/").content.decode()
    assert '<a href="/en/news/?edition=4">Edition 4</a> (1 article)' in content
    edition_3 = (  # edition 3 has its page
        '<a href="/en/news/newsletter-3/">Edition 3: Partners meet in São Paulo, '
        "and three One Stop Shops up close</a> (4 articles)"
    )
    assert edition_3 in content
    assert content.index("Edition 4</a>") < content.index("Edition 3:")


def test_index_paginates_and_keeps_the_filters(client, news_index, make_news):
    for i in range(12):
        make_news(
            title=f"Spain {i:02}", countries=["ES"], date=datetime.date(2017, 1, 1 + i)
        )
    first = client.get("/en/news/", {"country": "ES"})
    assert len(card_titles(first)) == 12
    assert 'href="/en/news/?country=ES&amp;page=2"' in first.content.decode()
    second = client.get("/en/news/", {"country": "ES", "page": "2"})
    assert card_titles(second) == [WORKSHOPS, MEETING]
    assert 'href="/en/news/?country=ES&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["2", "0", "abc", "99999999999999999999"])
def test_page_outside_the_listing_is_not_found(client, news_index, page):
    assert client.get("/en/news/", {"page": page}).status_code == 404


def test_index_links_keep_the_language_prefix(client, news_index):
    content = client.get("/es/news/").content.decode()
    assert 'action="/es/news/"' in content
    assert 'href="/es/news/transnational-meeting-sao-paulo/"' in content
    assert 'href="/es/news/newsletter-3/"' in content
    assert 'href="/es/news/feed/rss/"' in content


def test_index_and_articles_advertise_the_feeds(client, news_index):
    for url in ("/en/news/", "/en/news/workshops-in-europe/"):
        content = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="News (RSS)" '
            'href="/en/news/feed/rss/">' in content
        )
        assert (
            '<link rel="alternate" type="application/atom+xml" title="News (Atom)" '
            'href="/en/news/feed/atom/">' in content
        )


def test_article_shows_its_topics_with_filter_links(client, news_index):
    content = client.get("/en/news/monitoring-visits-brazil-chile-paraguay/").content
    content = content.decode()
    assert '<time datetime="2016-03-04" lang="en">' in content
    assert '<a href="/en/news/newsletter-3/">Newsletter edition 3</a>' in content
    assert '<a href="/en/news/?tag=monitoring">Monitoring</a>' in content
    assert '<a href="/en/news/?country=CL">Chile</a>' in content
    partners = content.split('class="news-article__partners"')[1].split("</ul>")[0]
    assert "Organisation of Ibero-American States" in partners
    assert "Istituto per la Cooperazione" not in partners


def test_article_lists_other_news_sharing_a_country(client, news_index):
    content = client.get("/en/news/monitoring-visits-brazil-chile-paraguay/").content
    related = content.decode().split('id="news-related-heading"')[1]
    related = related.split("</section>")[0]
    assert card_titles_in(related) == [TRAFFICKING, MEETING]


def card_titles_in(html: str) -> list[str]:
    return re.findall(r'<a class="card__link" href="[^"]*">([^<]*)</a>', html)


def test_article_without_shared_countries_has_no_related_section(
    client, news_index, make_news
):
    page = make_news(countries=["BO"])
    assert "Related news" not in client.get(page.url).content.decode()


def test_article_carries_news_article_json_ld(client, news_index):
    content = client.get("/en/news/transnational-meeting-sao-paulo/").content.decode()
    payload = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', content, re.S
    ).group(1)
    data = json.loads(payload)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == MEETING
    assert data["datePublished"] == "2016-03-01"
    assert data["inLanguage"] == "en"
    assert (
        data["url"] == "http://127.0.0.1:8000/en/news/transnational-meeting-sao-paulo/"
    )
    assert data["image"][0].startswith("http://127.0.0.1:8000/media/images/")
    assert "Transnational meeting" in data["keywords"]
    assert {"@type": "Country", "name": "Brazil"} in data["contentLocation"]
    assert '<meta property="og:type" content="article">' in content


def test_news_index_is_in_the_main_menu(client, news_index):
    assert (
        'class="main-menu__link" href="/en/news/"'
        in client.get("/en/").content.decode()
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["tag", "country", "year", "edition", "page"]),
        st.one_of(
            st.text(max_size=30),
            st.integers().map(str),
            st.sampled_from(["workshops", "CL", "2016", "3", "1", "\x00", "%", "🇧🇷"]),
        ),
    )
)
def test_index_never_fails_on_any_query_parameters(client, news_index, params):
    response = client.get("/en/news/", params)
    assert response.status_code == status_for_page(params.get("page"))
    if response.status_code == 200 and "page" not in params:
        assert "news-index__results" in response.content.decode()


def test_filter_values_are_quoted_back_without_control_characters(client, news_index):
    response = client.get("/en/news/", {"tag": "ab\x00\x01\x1bcd"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "\x00" not in content and "\x1b" not in content and "\x01" not in content
    assert "abcd" in content
