"""Public workshop views (owned by the pages/booking work; stub)."""

from django.template.response import TemplateResponse


def workshop_detail(request, page):
    return TemplateResponse(
        request, page.get_template(request), page.get_context(request)
    )


def book(request, page):
    return workshop_detail(request, page)
