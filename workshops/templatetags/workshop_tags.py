"""Template helpers for workshop pages: local times with their zone, languages."""

from django import template

from workshops import listing

register = template.Library()


@register.inclusion_tag("workshops/includes/when.html")
def workshop_when(workshop) -> dict:
    """Start and end in the venue's time zone, the zone named.

    Read from the local fields, so an admin preview shows the times being edited
    (a draft's may not be set yet: then ``start`` is None).
    """
    if not workshop.has_schedule:
        return {"start": None}
    start, end = workshop.compute_instants()
    return {
        "start": start,
        "end": end,
        "same_day": start.date() == end.date(),
        "time_zone": workshop.tz.key,
    }


@register.filter
def language_names(codes) -> str:
    """The names of the site languages in ``codes``, comma separated."""
    return ", ".join(listing.language_names(codes or []))
