"""What Django does not do by itself: response headers, request size limits."""

from django.conf import settings
from django.shortcuts import render


def permissions_policy(get_response):
    """``Permissions-Policy`` on every response (``settings.PERMISSIONS_POLICY``):
    the browser features the site never uses are turned off for it and for
    anything it embeds."""
    header = ", ".join(
        f"{feature}=({' '.join(allowed)})"
        for feature, allowed in settings.PERMISSIONS_POLICY.items()
    )

    def middleware(request):
        response = get_response(request)
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware


def preview_frame_options(get_response):
    """Lets the admin's preview panel frame a preview, and nothing else frame it.

    Wagtail renders a preview (pages and snippets, on edit, on create, of a
    revision) by sending a stand-in request for the object's public URL
    through the whole middleware chain, so the public ``frame-ancestors
    'none'`` and ``X-Frame-Options: DENY`` would land on it and the panel's
    frame would stay blank. A preview gets ``frame-ancestors 'self'`` and
    ``SAMEORIGIN`` instead; every real request keeps the public policy.
    Listed after ``CSPMiddleware`` and ``XFrameOptionsMiddleware``, so it
    marks the response before they write their headers.
    """

    def middleware(request):
        response = get_response(request)
        # Wagtail sets ``is_preview`` on its stand-in request only.
        if getattr(request, "is_preview", False):
            # What django-csp's ``csp_replace`` decorator sets on a response.
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                "frame-ancestors": ["'self'"],
            }
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return middleware


def body_limit(request) -> int:
    """The largest request body ``request``'s path may send, in bytes."""
    if request.path_info.startswith("/admin/"):
        return settings.MAX_ADMIN_REQUEST_BODY
    return settings.MAX_REQUEST_BODY


def request_size_limit(get_response):
    """A 413 page, in the visitor's language, for a request whose declared
    body is over its limit (``MAX_REQUEST_BODY``, more for the admin's
    uploads), before anything reads it. The proxy in front should refuse
    them first (docs/deploy.md); Django's own ``DATA_UPLOAD_MAX_*`` settings
    bound the form data of a body sent without a length."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            response = render(
                request,
                "413.html",
                {"limit_mb": body_limit(request) // (1024 * 1024)},
                status=413,
            )
            return response
        return get_response(request)

    return middleware
