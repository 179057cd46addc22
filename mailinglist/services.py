"""The mailing list's rules: the only code that changes subscribers and campaigns.

Views, the Wagtail admin, tasks and commands call these functions. None of
them tells a caller whether an address was already on the list: the visible
result of ``subscribe`` is the same for every address.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Campaign, Subscriber

CONSENT_VERSION = "2026-11"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds a confirmation link stays valid


class MailingListError(Exception):
    """A refusal with a message for the person using the link or form."""


class InvalidToken(MailingListError):
    """The link was altered, is for something else, or its subscriber is gone."""


class ExpiredToken(MailingListError):
    """The confirmation link is older than seven days."""


def subscribe(
    email: str,
    *,
    language: str,
    interests: Iterable[str],
    residence_country: str = "",
    countries: Iterable[str] = (),
    consent_text: str,
    consent_version: str = CONSENT_VERSION,
) -> None:
    """Record a request to subscribe and email a confirmation link (double opt-in).

    Idempotent and silent about state: a new or pending address gets a (new)
    confirmation link; an already confirmed one gets a message with its
    "manage" link instead; nothing about this reaches the caller. A
    suppressed address may subscribe again: it is lifted on confirmation.
    """
    raise NotImplementedError


def confirm(token: str) -> Subscriber:
    """Confirm the subscription named by a signed, 7-day token.

    :raises InvalidToken: altered, wrong purpose, or no such subscriber.
    :raises ExpiredToken: older than CONFIRM_MAX_AGE.
    """
    raise NotImplementedError


def unsubscribe(token: str) -> None:
    """Leave the list at once: delete the subscriber, keep a suppression hash.

    Idempotent: a second call (or a token of a subscriber already gone) does
    nothing and raises nothing, unless the token itself was altered.

    :raises InvalidToken: altered or wrong purpose.
    """
    raise NotImplementedError


def subscriber_from_manage_token(token: str) -> Subscriber:
    """The confirmed subscriber a signed "manage my subscription" link names.

    :raises InvalidToken:
    """
    raise NotImplementedError


def update_preferences(
    subscriber: Subscriber,
    *,
    language: str,
    interests: Iterable[str],
    residence_country: str = "",
    countries: Iterable[str] = (),
) -> Subscriber:
    """Change a subscriber's language and interests."""
    raise NotImplementedError


def audience(campaign: Campaign) -> QuerySet[Subscriber]:
    """Confirmed, not suppressed subscribers matching the campaign's filters."""
    raise NotImplementedError


def start_campaign(campaign: Campaign) -> Campaign:
    """Queue the sending task for ``campaign`` (after the transaction commits)."""
    raise NotImplementedError
