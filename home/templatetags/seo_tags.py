"""Structured data (schema.org JSON-LD) and sharing metadata for pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
