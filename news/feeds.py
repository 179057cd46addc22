"""RSS 2.0 and Atom feeds of a news index, in the index's language."""

import datetime

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.models import Site

from home.http import page_site_url
from home.pages import children_shown

RSS = Rss201rev2Feed
ATOM = Atom1Feed
FEED_LENGTH = 20


def build_feed(index, request, feed_class):
    """A feed of the index's latest live articles and newsletter editions
    (each edition its own entry) with absolute links.

    Titles, description and ``language`` follow the index page's locale, not
    the prefix the feed was requested under.
    """
    from .models import EditionPage, NewsPageTag

    language = index.locale.language_code
    index_link = page_site_url(index, request)
    with translation.override(language):
        description = strip_tags(index.introduction).strip() or gettext(
            "News from the One Stop Shops programme."
        )
        feed = feed_class(
            title=f"{index.title} · {gettext('One Stop Shops')}",
            link=index_link,
            description=description,
            language=language,
            # The feed's own address: the site's host (not the request's) and
            # no query string.
            feed_url=Site.find_for_request(request).root_url + request.path,
            feed_guid=index_link,
            author_name=gettext("One Stop Shops"),
        )
    articles = list(index.news()[:FEED_LENGTH])
    editions = list(
        children_shown(index, EditionPage).order_by("-date", "-pk")[:FEED_LENGTH]
    )
    entries = sorted(
        [*articles, *editions], key=lambda page: (page.date, page.pk), reverse=True
    )[:FEED_LENGTH]
    categories: dict[int, list[str]] = {}
    for tagged in NewsPageTag.objects.filter(
        content_object__in=[a.pk for a in articles]
    ).select_related("tag"):
        categories.setdefault(tagged.content_object_id, []).append(tagged.tag.name)
    for article in entries:
        link = page_site_url(article, request)
        published = timezone.make_aware(
            datetime.datetime.combine(article.date, datetime.time(9)),
            datetime.UTC,
        )
        feed.add_item(
            title=article.title,
            link=link,
            description=article.summary
            or strip_tags(getattr(article, "introduction", "")).strip(),
            unique_id=link,
            unique_id_is_permalink=True,
            pubdate=published,
            updateddate=article.last_published_at or published,
            categories=sorted(categories.get(article.pk, [])),
        )
    return feed


def feed_response(index, request, feed_class) -> HttpResponse:
    """The feed as an HTTP response with its XML content type."""
    feed = build_feed(index, request, feed_class)
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
