"""Related content across sections: news and stories about the same countries.

Each function runs a fixed number of queries, whatever the size of the site.
"""

from collections.abc import Iterable

from .listings import attach_listing_images
from .pages import visible

RELATED_LIMIT = 3


def news_about(
    country_codes: Iterable[str], *, locale_id: int, exclude_pk: int | None = None
) -> list:
    """The latest live news in the locale that concern any of the countries."""
    from news.models import NewsPage

    sharing = NewsPage.countries.through.objects.filter(
        country__in=list(country_codes)
    ).values("newspage_id")
    pages = list(
        visible(NewsPage.objects.all())
        .filter(locale_id=locale_id, pk__in=sharing)
        .exclude(pk=exclude_pk)
        .defer_streamfields()
        .order_by("-date", "-pk")[:RELATED_LIMIT]
    )
    attach_listing_images(pages)
    return pages


def stories_from(
    country_codes: Iterable[str], *, locale_id: int, exclude_pk: int | None = None
) -> list:
    """The latest live success stories in the locale of people who returned there.

    Sensitive stories are left out: the pages that show related content are
    indexed by search engines, and sensitive stories must not be reachable there.
    """
    from stories.models import SuccessStoryPage

    pages = list(
        visible(SuccessStoryPage.objects.all())
        .filter(
            locale_id=locale_id,
            country_of_return__in=list(country_codes),
            is_sensitive=False,
        )
        .exclude(pk=exclude_pk)
        .select_related("country_lived_in", "country_of_return")
        .prefetch_related("theme_links")
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")[:RELATED_LIMIT]
    )
    attach_listing_images(pages)
    return pages
