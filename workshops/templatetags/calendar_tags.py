"""Calendar links on a workshop page: download the .ics, add to Google or Outlook."""

from django import template

from workshops.calendar_links import google_calendar_url, outlook_calendar_url
from workshops.models import WorkshopPage

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_link_urls(context, page) -> dict[str, str] | None:
    """Google and Outlook addresses for ``page``, or None when it has no live,
    upcoming, not cancelled booking record (an unpublished preview, say)."""
    if not isinstance(page, WorkshopPage) or not page.live or not page.pk:
        return None
    record = page.workshop
    if record is None or not record.is_live or record.is_cancelled or record.is_past:
        return None
    request = context.get("request")
    return {
        "google": google_calendar_url(record, page, request),
        "outlook": outlook_calendar_url(record, page, request),
    }


@register.inclusion_tag("workshops/includes/calendar_links.html", takes_context=True)
def calendar_links(context, page) -> dict:
    """The "add to your calendar" list (``{% calendar_links page %}``)."""
    return {"page": page, "request": context.get("request")}
