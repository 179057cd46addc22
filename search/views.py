from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from home.listings import paginate

from . import services


@require_safe
def search(request):
    """Full-text search over what the visitor can see, in their language,
    filtered by kind and country (GET ``q``, ``kind``, ``country``, ``page``)."""
    site = Site.find_for_request(request)
    outcome = services.run_search(
        site,
        request.GET.get("q", ""),
        request.GET.get("kind", ""),
        request.GET.get("country", ""),
    )
    results = paginate(request, outcome.matches, services.RESULTS_PER_PAGE)
    hits = services.hits_for(list(results))
    first_page = results.number == 1
    if outcome.query and first_page and not (outcome.kind or outcome.country):
        services.log_search(outcome.query, outcome.total + len(outcome.promotions))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": outcome.query,
            "outcome": outcome,
            "results": results,
            "hits": hits,
            "promotions": outcome.promotions if first_page else [],
            "next_steps": services.next_steps()
            if outcome.query and not (hits or outcome.promotions)
            else {},
        },
        status=400 if outcome.errors else 200,
    )


@require_safe
def suggest(request):
    """At most eight page titles for what is typed so far, in the visitor's
    language, as JSON: ``{"suggestions": [{"title": ..., "url": ...}]}``."""
    site = Site.find_for_request(request)
    response = JsonResponse(
        {"suggestions": services.suggestions(site, request.GET.get("q", ""))}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response
