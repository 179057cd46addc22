"""iCalendar views (stub, to be written)."""

from django.http import Http404


def index_feed(request, index_page):
    raise Http404


def workshop_file(request, page):
    raise Http404


def personal_feed(request, token):
    raise Http404
