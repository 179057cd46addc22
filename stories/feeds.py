"""RSS 2.0 feed of an index's success stories (sensitive stories are left out)."""

from django.http import HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from home.http import page_site_url

from .services import sensitive_in_some_language

FEED_LENGTH = 20


def build_stories_feed(index, request) -> Rss201rev2Feed:
    """The feed of ``index``'s latest live, public stories that are not sensitive."""
    stories = index.live_stories().exclude(sensitive_in_some_language())[:FEED_LENGTH]
    language = index.locale.language_code
    with translation.override(language):
        feed = Rss201rev2Feed(
            title=_("Success stories · One Stop Shops"),
            link=page_site_url(index, request),
            description=_(
                "Stories of people who returned to Latin America with the help of "
                "a One Stop Shop."
            ),
            language=language,
            feed_url=page_site_url(index, request) + index.reverse_subpage("feed"),
        )
        for story in stories:
            feed.add_item(
                title=story.title,
                link=page_site_url(story, request),
                unique_id=page_site_url(story, request),
                description=story.pull_quote or story.summary,
                pubdate=story.first_published_at,
                updateddate=story.last_published_at,
                categories=story.theme_labels,
            )
    return feed


def stories_feed_response(index, request) -> HttpResponse:
    feed = build_stories_feed(index, request)
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
