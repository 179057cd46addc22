"""Helpers that load page listings in a fixed number of queries."""

from collections.abc import Iterable, Sequence

from wagtail.images import get_image_model
from wagtail.models import Page

LISTING_RENDITIONS = ("fill-480x300|format-webp", "fill-480x300|format-jpeg")


def attach_listing_images(pages: Iterable[Page]) -> None:
    """Replace each page's ``listing_image`` by one loaded with its card renditions."""
    pages = list(pages)
    ids = {getattr(p, "listing_image_id", None) for p in pages} - {None}
    if not ids:
        return
    images = {
        image.pk: image
        for image in get_image_model()
        .objects.filter(pk__in=ids)
        .prefetch_renditions(*LISTING_RENDITIONS)
    }
    for page in pages:
        image_id = getattr(page, "listing_image_id", None)
        if image_id in images:
            page.listing_image = images[image_id]


def specific_pages_with_images(
    queryset, order: Sequence[int] | None = None
) -> list[Page]:
    """Specific pages of ``queryset`` (one query per page type) with card images.

    When ``order`` lists page ids, the result follows it.
    """
    pages = list(queryset.defer_streamfields().specific())
    if order is not None:
        position = {page_id: i for i, page_id in enumerate(order)}
        pages.sort(key=lambda p: position.get(p.pk, len(position)))
    attach_listing_images(pages)
    return pages


def paginate(request, items, per_page: int = 12):
    """The page of ``items`` asked for by ``?page=``; 404 for a page that is not there.

    A page number that is not a whole number, or past the end, is a 404 (with
    the site's layout), never a 500 and never a silently different page.
    """
    from django.core.paginator import InvalidPage, Paginator
    from django.http import Http404

    paginator = Paginator(items, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except (InvalidPage, ValueError, TypeError) as error:
        raise Http404(str(error)) from error
