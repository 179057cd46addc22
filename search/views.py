from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from home.i18n import localize
from home.listings import paginate
from home.pages import visible

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
    """The site's pages anyone may see, each in the visitor's language where
    translated, else in the default language (what the visitor is shown)."""
    return localize(visible(site=site, for_search=True))


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
