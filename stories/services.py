"""Rules for success stories: consent before publishing, and story listings."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from home.choices import LATIN_AMERICAN_COUNTRIES

from .choices import STORY_THEMES

CONSENT_REQUIRED_MESSAGE = _(
    "A story can only be published once written consent is on file: tick the "
    "confirmation and enter the date consent was given."
)


class ConsentMissingError(ValidationError):
    """Raised when a story without recorded consent is about to go live."""


def has_consent(story) -> bool:
    """True when the story records both the consent confirmation and its date."""
    return bool(story.consent_on_file and story.consent_date)


def check_publishable(story) -> None:
    """Refuse to let ``story`` go live without recorded consent.

    :raises ConsentMissingError: when the confirmation or the date is missing.
    """
    if not has_consent(story):
        raise ConsentMissingError(
            {"consent_on_file": [CONSENT_REQUIRED_MESSAGE]}, code="consent_missing"
        )


def filter_stories(
    stories: QuerySet, theme: str | None, country: str | None
) -> tuple[QuerySet, bool]:
    """Stories matching the ``theme`` slug and the ``country`` of return (ISO code).

    Empty values mean "any". Returns the queryset and whether every given value
    was a known one; an unknown value matches no story (never an error).
    """
    valid = True
    country = (country or "").upper()
    if theme:
        if theme in dict(STORY_THEMES):
            stories = stories.filter(theme_links__theme=theme).distinct()
        else:
            valid = False
    if country:
        if country in dict(LATIN_AMERICAN_COUNTRIES):
            stories = stories.filter(country_of_return_id=country)
        else:
            valid = False
    if not valid:
        stories = stories.none()
    return stories, valid


def related_stories(story) -> list:
    """Other live, public, not sensitive stories in the same language and country."""
    from home.related import stories_from

    return stories_from(
        [story.country_of_return_id], locale_id=story.locale_id, exclude_pk=story.pk
    )
