"""Structured data (schema.org JSON-LD) and sharing metadata for pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home.i18n import OG_LOCALES, alternates, language_of

register = template.Library()

# Characters that could end the <script> element or start markup inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, page=None) -> str:
    """A ``<script type="application/ld+json">`` with ``page.get_json_ld(request)``.

    Pages opt in by defining ``get_json_ld``; nothing is written otherwise.
    """
    page = page or context.get("page")
    builder = getattr(page, "get_json_ld", None)
    if builder is None:
        return ""
    data = builder(context.get("request"))
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context, page) -> dict:
    """``<link rel="alternate" hreflang>`` for exactly the page's live, public
    translations, plus ``x-default`` (the default language's, else the page's
    own), when it has more than one; and its Open Graph locales (the page's
    language, the others as alternates) when it is listed for search engines
    at all (a sensitive story is not)."""
    found = alternates([page], context.get("request")).get(page.translation_key, [])
    by_code = dict(found)
    own = language_of(page)
    several = len(found) > 1
    return {
        "alternates": found if several else [],
        "x_default": (by_code.get(settings.LANGUAGE_CODE) or by_code.get(own))
        if several
        else "",
        "og_locale": OG_LOCALES.get(own, own),
        "og_alternates": [
            OG_LOCALES.get(code, code) for code, _url in found if code != own
        ],
        "listed": own in by_code,
    }
