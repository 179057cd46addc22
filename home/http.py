"""HTTP answers every app gives the same way."""

import re
from http import HTTPStatus

from django.conf import settings
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


def site_url(path: str) -> str:
    """``path`` on the public site, from ``settings.SITE_URL``: the one way the
    site writes an absolute address (emails, feeds, calendars, robots.txt),
    never from the request's ``Host``. A URL that is absolute already is
    returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


_SITE_RELATIVE = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


def absolute_links(html: str) -> str:
    """``html`` (rich text as ``expand_db_html`` writes it) with every
    site-relative ``href`` and ``src`` made absolute by ``site_url``: what an
    email needs, read away from the site."""
    return _SITE_RELATIVE.sub(lambda match: f'{match[1]}="{site_url(match[2])}"', html)


def page_site_url(page, request=None) -> str:
    """The page's absolute address on the public site (``site_url``); the home
    page's when the page is on no site."""
    url_parts = page.get_url_parts(request)
    if url_parts is None:
        return site_url("/")
    _site_id, _root_url, page_path = url_parts
    return site_url(page_path)
