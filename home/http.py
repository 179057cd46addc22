"""HTTP answers every app gives the same way."""

from http import HTTPStatus

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


class SeeOther(HttpResponseRedirect):
    """303, the answer to a POST that worked: the browser GETs the next page
    (reloading it does not post again)."""

    status_code = HTTPStatus.SEE_OTHER


def inside_site(request, url: str, default=None):
    """``url`` when it leads to this site (a ``next`` from a form or a link),
    else ``default``: another host, ``//host``, ``javascript:`` or nothing
    goes to ``default``."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default
