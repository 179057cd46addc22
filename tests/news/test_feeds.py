import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from news.models import NewsPage

pytestmark = pytest.mark.django_db

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
BASE = "http://127.0.0.1:8000"
NEWEST_FIRST = [
    "safe-return-survivors-of-trafficking",
    "workshops-in-europe",
    "newsletter-3",  # the edition is an entry of its own, on its date
    "monitoring-visits-brazil-chile-paraguay",
    "transnational-meeting-sao-paulo",
]


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_feed_is_rss_2_with_the_articles_newest_first(client, news_index):
    response = client.get("/en/news/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response)
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("language") == "en"
    assert channel.findtext("link") == f"{BASE}/en/news/"
    assert channel.find("atom:link", NS).get("rel") == "self"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        f"{BASE}/en/news/{slug}/" for slug in NEWEST_FIRST
    ]
    meeting = items[-1]
    assert (
        meeting.findtext("title") == "Partners from eleven countries meet in São Paulo"
    )
    assert meeting.findtext("pubDate") == "Tue, 01 Mar 2016 09:00:00 +0000"
    assert meeting.findtext("guid") == f"{BASE}/en/news/{NEWEST_FIRST[-1]}/"
    assert {c.text for c in meeting.findall("category")} == {
        "Coordination",
        "Transnational meeting",
    }


def test_atom_feed_is_atom_with_the_articles_newest_first(client, news_index):
    response = client.get("/en/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{{{ATOM}}}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entries = feed.findall("atom:entry", NS)
    assert [e.find("atom:link", NS).get("href") for e in entries] == [
        f"{BASE}/en/news/{slug}/" for slug in NEWEST_FIRST
    ]
    first = entries[0]
    assert first.findtext("atom:title", namespaces=NS) == (
        "A new project for the safe return of trafficking survivors"
    )
    assert first.findtext("atom:published", namespaces=NS) == (
        "2016-04-20T09:00:00+00:00"
    )
    assert (
        first.findtext("atom:id", namespaces=NS) == f"{BASE}/en/news/{NEWEST_FIRST[0]}/"
    )


def test_feeds_leave_out_drafts(client, news_index, make_news):
    draft = make_news(title="Not yet", date=datetime.date(2030, 1, 1))
    draft.unpublish()
    make_news(title="Newest", date=datetime.date(2029, 1, 1))
    rss = parse(client.get("/en/news/feed/rss/"))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles[0] == "Newest"
    assert "Not yet" not in titles


def test_feed_follows_the_index_language_not_the_prefix(
    english_only, client, news_index
):
    rss = parse(client.get("/es/news/feed/rss/"))
    assert rss.find("channel").findtext("language") == "en"
    assert rss.find("channel/item").findtext("link").startswith(f"{BASE}/en/news/")


def test_translated_index_has_a_feed_in_its_language(english_only, client, news_index):
    spanish = Locale.objects.get(language_code="es")
    article = NewsPage.objects.get(
        locale__language_code="en", slug="workshops-in-europe"
    )
    translated = article.copy_for_translation(spanish, copy_parents=True)
    translated.title = f"{article.title} (es)"
    translated.save_revision().publish()  # the parents are live aliases
    rss = parse(client.get("/es/news/feed/rss/"))
    channel = rss.find("channel")
    assert channel.findtext("language") == "es"
    # Each article (and the edition) once: the translated one in Spanish,
    # the others in the default language until they are translated.
    items = {item.findtext("title"): item for item in channel.findall("item")}
    english = NewsPage.objects.live().filter(locale__language_code="en")
    assert len(items) == english.count() + 1
    assert article.title not in items
    assert items[f"{article.title} (es)"].findtext("link") == (
        f"{BASE}/es/news/workshops-in-europe/"
    )


def test_atom_feed_names_an_author_and_its_own_address_without_query(
    client, news_index
):
    import xml.etree.ElementTree as ET

    response = client.get("/en/news/feed/atom/", {"x": "<y>"})
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.find("a:author/a:name", ns).text == "One Stop Shops"
    self_link = root.find("a:link[@rel='self']", ns).get("href")
    assert self_link == "http://127.0.0.1:8000/en/news/feed/atom/"
