from django import template
from django.utils import formats

from home.i18n import localize_one
from home.pages import visible
from impact.models import FiguresPage
from impact.services import programme_figures

register = template.Library()


@register.inclusion_tag("impact/programme_totals.html", takes_context=True)
def programme_totals(context, heading="", link=None):
    """The programme's totals (cached), for the home page's figures block.

    ``link``: the page the block links to; when the editor chose none, the
    site's figures page in the visitor's language (one query), if published.
    """
    if link is not None:
        link = link.localized if link.live else None
    else:
        link = localize_one(visible(FiguresPage.objects.all()), or_any=True)
    return {
        "figures": programme_figures(),
        "heading": heading,
        "link": link,
        "request": context.get("request"),
    }


@register.filter
def figure(value) -> str:
    """A figure in the visitor's language's number format (grouped thousands)."""
    return formats.number_format(value or 0, force_grouping=True)
