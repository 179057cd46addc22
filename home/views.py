from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .http import inside_site, site_url
from .i18n import with_language_prefix


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawlers may read the public pages, not the admin or search results."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "Disallow: /language/",
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {site_url('/sitemap.xml')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_GET
@never_cache
def choose_language(request, code: str):
    """The language switcher's links: remember ``code`` (Django's language
    cookie) and go on to ``next``, the same page in that language.

    Only a choice sets the cookie; reading pages never does, so anonymous
    pages stay cacheable. ``/`` then sends a returning visitor to the language
    chosen, before ``Accept-Language`` (Django's ``LocaleMiddleware``). A
    ``next`` that leaves the site, or none, goes to the language's home page.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = inside_site(request, request.GET.get("next", ""), f"/{code}/")
    response = HttpResponseRedirect(with_language_prefix(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
