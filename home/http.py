"""HTTP answers every app gives the same way."""

from http import HTTPStatus

from django.http import HttpResponseRedirect


class SeeOther(HttpResponseRedirect):
    """303, the answer to a POST that worked: the browser GETs the next page
    (reloading it does not post again)."""

    status_code = HTTPStatus.SEE_OTHER
