from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """The visitor's words without control characters or double quotes.

    Wagtail's SQLite full-text backend fails on an unbalanced quote or a NUL
    byte; phrase search is not offered, so quotes carry no meaning here.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.replace('"', " ").split())[:MAX_QUERY_LENGTH]


def search(request):
    """Full-text search over the live, public pages in the language the visitor sees.

    That is the active language when the site has been translated into it, else
    the default language (the same fallback the menus use).
    """
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    site = Site.find_for_request(request)
    if query and site is not None:
        locale_id = site.root_page.localized.locale_id
        results = Page.objects.live().public().filter(locale_id=locale_id).search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": page}
    )
