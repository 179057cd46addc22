from django.db.models import Q
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from home.listings import paginate

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """The visitor's words without control characters or double quotes.

    Wagtail's SQLite full-text backend fails on an unbalanced quote or a NUL
    byte; phrase search is not offered, so quotes carry no meaning here.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.replace('"', " ").split())[:MAX_QUERY_LENGTH]


def searchable_pages(site: Site):
    """Live, public pages of the site as the visitor sees them in the active language.

    That is the pages of the translated tree, plus default-language pages that
    have no live translation yet (they are what the visitor is shown).
    """
    default_root = site.root_page
    root = default_root.localized
    pages = Page.objects.live().public()
    if root.pk == default_root.pk:
        return pages.filter(path__startswith=root.path)
    translated_keys = list(
        pages.filter(path__startswith=root.path).values_list(
            "translation_key", flat=True
        )
    )
    return pages.filter(
        Q(path__startswith=root.path)
        | (
            Q(path__startswith=default_root.path)
            & ~Q(translation_key__in=translated_keys)
        )
    )


def search(request):
    """Full-text search over the pages the visitor can see, in their language."""
    query = clean_query(request.GET.get("q", ""))
    site = Site.find_for_request(request)
    results = Page.objects.none()
    if query and site is not None:
        results = searchable_pages(site).search(query)
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": paginate(request, results, RESULTS_PER_PAGE)},
    )
