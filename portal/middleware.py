"""Response headers Django does not set by itself."""

from django.conf import settings


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
