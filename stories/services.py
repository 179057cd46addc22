"""Rules for success stories: consent before publishing, and story listings."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.choices import LATIN_AMERICAN_COUNTRIES
from home.i18n import localize
from home.listings import attach_listing_images
from home.pages import visible
from home.related import RELATED_LIMIT

from .choices import STORY_THEMES

CONSENT_REQUIRED_MESSAGE = _(
    "A story can only be published once written consent is on file: tick the "
    "confirmation and enter the date consent was given."
)


CONSENT_CHECK_REQUIRED_MESSAGE = _(
    "A story can only be published once the Consent check team has confirmed "
    "its consent record: submit it for review."
)


class ConsentMissingError(ValidationError):
    """Raised when a story without recorded consent is about to go live."""


def has_consent(story) -> bool:
    """True when the story records both the consent confirmation and its date."""
    return bool(story.consent_on_file and story.consent_date)


def consent_checked(story) -> bool:
    """True when the Consent check team confirmed this story's consent record.

    A check covers every language of the story (one person, one consent) and
    the consent date it saw: a new date needs a new check.
    """
    from .models import ConsentCheck

    return bool(story.consent_date) and (
        ConsentCheck.objects.filter(
            translation_key=story.translation_key, consent_date=story.consent_date
        ).exists()
    )


def record_consent_check(story, user) -> None:
    """Record that ``user`` confirmed the consent record of ``story`` as it
    stands (its consent date), for every language of the story."""
    from .models import ConsentCheck

    if not has_consent(story):
        raise ConsentMissingError(
            {"consent_on_file": [CONSENT_REQUIRED_MESSAGE]}, code="consent_missing"
        )
    ConsentCheck.objects.get_or_create(
        translation_key=story.translation_key,
        consent_date=story.consent_date,
        defaults={"checked_by": user, "checked_at": timezone.now()},
    )


def check_publishable(story) -> None:
    """Refuse to let ``story`` go live without recorded, checked consent.

    :raises ConsentMissingError: when the confirmation or the date is missing,
        or when the Consent check team has not confirmed them.
    """
    if not has_consent(story):
        raise ConsentMissingError(
            {"consent_on_file": [CONSENT_REQUIRED_MESSAGE]}, code="consent_missing"
        )
    if not consent_checked(story):
        raise ConsentMissingError(
            {"consent_on_file": [CONSENT_CHECK_REQUIRED_MESSAGE]},
            code="consent_not_checked",
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


def sensitive_in_some_language() -> Exists:
    """The story, or one of its translations, is marked sensitive: each
    language's copy has its own flag, and marking one hides them all (an
    editor who marks the English story must not leave the Spanish one in
    search engines until it is synced and published)."""
    from .models import SuccessStoryPage

    return Exists(
        SuccessStoryPage.objects.filter(
            translation_key=OuterRef("translation_key"), is_sensitive=True
        )
    )


def stories_from(country_codes: Iterable[str], *, exclude_key=None) -> list:
    """The latest success stories of people who returned there, in the
    visitor's language (for ``home.related``: two queries).

    Sensitive stories are left out: the pages that show related content are
    indexed by search engines, and sensitive stories must not be reachable there.
    """
    from .models import SuccessStoryPage

    pages = list(
        localize(
            visible(SuccessStoryPage.objects.all())
            .filter(country_of_return__in=list(country_codes))
            .exclude(sensitive_in_some_language())
        )
        .exclude(translation_key=exclude_key)
        .select_related("country_lived_in", "country_of_return")
        .prefetch_related("theme_links")
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")[:RELATED_LIMIT]
    )
    attach_listing_images(pages)
    return pages
